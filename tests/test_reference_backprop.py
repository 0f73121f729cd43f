"""The backprop reference solution against independent computations and scikit-learn.

- gradients: central differences of a loss written here with scipy's log_softmax, on several
  architectures and all three activations (relative errors near 1e-9 in float64);
- forward pass and loss: scikit-learn's MLPClassifier with the same weights (its public
  ``coefs_`` / ``intercepts_``, ``predict_proba``) and its log-loss; its gradients too, through
  the private ``_backprop`` when its signature is the one this test knows (skipped otherwise);
- stability against scipy's logsumexp with logits in the thousands;
- fit against plain gradient descent, mini-batches that partition every epoch, and training
  that solves XOR-like data; the initialisation's statistics and the contract's errors.
"""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pytest
from scipy.special import expit, log_softmax, logsumexp
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import log_loss
from sklearn.neural_network import MLPClassifier

from tests.helpers import load_solution

bp = load_solution("backprop")

ARCHITECTURES = [[3, 5, 4], [4, 4, 4, 4], [3, 7, 5, 4], [5, 3], [2, 6, 1, 3], [3, 5, 4, 6, 5, 2]]
ACTIVATIONS = ["relu", "tanh", "sigmoid"]
SKLEARN_ACTIVATION = {"relu": "relu", "tanh": "tanh", "sigmoid": "logistic"}


def _problem(seed, sizes, n=12, activation="relu"):
    """Random params (biases included) and data with every ReLU pre-activation away from 0."""
    rng = np.random.default_rng(seed)
    while True:
        params = []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
            params += [rng.normal(scale=1.5 / np.sqrt(fan_in), size=(fan_in, fan_out)),
                       rng.normal(scale=0.5, size=fan_out)]
        X = rng.normal(size=(n, sizes[0]))
        y = rng.permutation(np.arange(n) % sizes[-1])
        zs = _pre_activations(params, X, activation)
        if activation != "relu" or all(np.min(np.abs(z)) > 1e-3 for z in zs):
            return params, X, y


def _act(name, z):
    return {"relu": lambda v: np.maximum(v, 0), "tanh": np.tanh, "sigmoid": expit}[name](z)


def _pre_activations(params, X, activation):
    zs, a = [], X
    for layer in range(len(params) // 2):
        z = a @ params[2 * layer] + params[2 * layer + 1]
        zs.append(z)
        a = _act(activation, z)
    return zs


def _loss(params, X, y, activation):
    """Mean cross-entropy, computed independently with scipy's log_softmax."""
    logits = _pre_activations(params, X, activation)[-1]
    return -np.mean(log_softmax(logits, axis=1)[np.arange(len(y)), y])


def _central_differences(params, X, y, activation, h=1e-5):
    params = [p.copy() for p in params]
    grads = []
    for p in params:
        g = np.zeros_like(p)
        for index in np.ndindex(p.shape):
            old = p[index]
            p[index] = old + h
            up = _loss(params, X, y, activation)
            p[index] = old - h
            down = _loss(params, X, y, activation)
            p[index] = old
            g[index] = (up - down) / (2 * h)
        grads.append(g)
    return grads


def _model(sizes, activation, params):
    model = bp.MLP(sizes, activation=activation, seed=0)
    model.params = [p.copy() for p in params]
    return model


def _sklearn_model(sizes, activation, params, X, y):
    """An MLPClassifier whose weights are ``params`` (fitted one step first, to set it up)."""
    mlp = MLPClassifier(hidden_layer_sizes=tuple(sizes[1:-1]),
                        activation=SKLEARN_ACTIVATION[activation], alpha=0.0, max_iter=1,
                        random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        mlp.fit(X, y)
    assert mlp.out_activation_ == "softmax"
    mlp.coefs_ = [p.copy() for p in params[0::2]]
    mlp.intercepts_ = [p.copy() for p in params[1::2]]
    return mlp


# --------------------------------------------------------------------------- gradients


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("sizes", ARCHITECTURES, ids=lambda s: "-".join(map(str, s)))
def test_gradients_match_central_differences(sizes, activation):
    params, X, y = _problem(1, sizes, activation=activation)
    loss, grads = _model(sizes, activation, params).loss_and_gradients(X, y)
    assert loss == pytest.approx(_loss(params, X, y, activation), rel=1e-12)
    numeric = _central_differences(params, X, y, activation)
    assert len(grads) == len(params)
    for g, n, p in zip(grads, numeric, params):
        assert g.shape == p.shape
        rel = np.linalg.norm(g - n) / max(np.linalg.norm(g), np.linalg.norm(n))
        assert rel < 1e-7, rel


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("sizes", [[3, 5, 4], [4, 6, 5, 3], [2, 8, 3]],
                         ids=lambda s: "-".join(map(str, s)))
def test_forward_and_loss_match_sklearn(sizes, activation):
    params, X, y = _problem(2, sizes, n=30, activation=activation)
    model = _model(sizes, activation, params)
    mlp = _sklearn_model(sizes, activation, params, X, y)
    np.testing.assert_allclose(model.forward(X), mlp.predict_proba(X), rtol=1e-10, atol=1e-14)
    np.testing.assert_array_equal(model.predict(X), mlp.predict(X))
    loss, _ = model.loss_and_gradients(X, y)
    assert loss == pytest.approx(log_loss(y, mlp.predict_proba(X), labels=np.arange(sizes[-1])),
                                 rel=1e-10)


def _sklearn_backprop_usable():
    params = list(inspect.signature(MLPClassifier._backprop).parameters)
    return params == ["self", "X", "y", "sample_weight", "activations", "deltas", "coef_grads",
                      "intercept_grads"]


@pytest.mark.skipif(not _sklearn_backprop_usable(),
                    reason="MLPClassifier._backprop has another signature in this scikit-learn")
@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("sizes", [[3, 5, 4], [4, 6, 5, 3]], ids=lambda s: "-".join(map(str, s)))
def test_gradients_match_sklearn_backprop(sizes, activation):
    params, X, y = _problem(3, sizes, n=25, activation=activation)
    mlp = _sklearn_model(sizes, activation, params, X, y)
    n_layers = len(sizes)
    activations = [X] + [None] * (n_layers - 1)
    deltas = [None] * (n_layers - 1)
    coef_grads = [np.empty_like(W) for W in mlp.coefs_]
    intercept_grads = [np.empty_like(b) for b in mlp.intercepts_]
    one_hot = mlp._label_binarizer.transform(y).astype(float)
    loss, coef_grads, intercept_grads = mlp._backprop(X, one_hot, None, activations, deltas,
                                                      coef_grads, intercept_grads)
    ours_loss, ours = _model(sizes, activation, params).loss_and_gradients(X, y)
    assert ours_loss == pytest.approx(loss, rel=1e-10)
    for layer in range(n_layers - 1):
        np.testing.assert_allclose(ours[2 * layer], coef_grads[layer], rtol=1e-9, atol=1e-13)
        np.testing.assert_allclose(ours[2 * layer + 1], intercept_grads[layer], rtol=1e-9,
                                   atol=1e-13)


# --------------------------------------------------------------------------- stability


def test_logits_in_the_thousands():
    params, X, _ = _problem(4, [3, 5, 4])
    params[-2] *= 1000.0
    params[-1] *= 1000.0
    model = _model([3, 5, 4], "relu", params)
    logits = _pre_activations(params, X, "relu")[-1]
    assert np.abs(logits).max() > 500
    proba = model.forward(X)
    assert np.isfinite(proba).all()
    np.testing.assert_allclose(proba, np.exp(logits - logsumexp(logits, axis=1, keepdims=True)),
                               rtol=1e-12, atol=1e-300)
    y = np.argmin(logits, axis=1)  # every prediction confidently wrong
    loss, grads = model.loss_and_gradients(X, y)
    expected = np.mean(logsumexp(logits, axis=1) - logits[np.arange(len(y)), y])
    assert expected > 100
    assert loss == pytest.approx(expected, rel=1e-12)
    assert all(np.isfinite(g).all() for g in grads)
    # every logit far below zero: exp underflows for all classes unless the max is subtracted
    params[-1] = params[-1] - 5000.0
    proba = _model([3, 5, 4], "relu", params).forward(X)
    assert np.isfinite(proba).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-12)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_saturated_hidden_units(activation):
    params, X, y = _problem(5, [3, 5, 4], activation=activation)
    params[0] *= 2000.0
    model = _model([3, 5, 4], activation, params)
    with np.errstate(over="raise", invalid="raise"):  # no overflow anywhere on the way
        proba = model.forward(X)
        loss, grads = model.loss_and_gradients(X, y)
    assert np.isfinite(proba).all() and np.isfinite(loss)
    assert all(np.isfinite(g).all() for g in grads)
    assert loss == pytest.approx(_loss(params, X, y, activation), rel=1e-12)


# --------------------------------------------------------------------------- fit


def test_full_batch_fit_is_gradient_descent():
    params, X, y = _problem(6, [3, 6, 4], n=30, activation="tanh")
    model = _model([3, 6, 4], "tanh", params)
    model.fit(X, y, epochs=5, lr=0.3)
    expected = [p.copy() for p in params]
    for _ in range(5):
        grads = _central_differences(expected, X, y, "tanh")
        expected = [p - 0.3 * g for p, g in zip(expected, grads)]
    for got, want in zip(model.params, expected):
        np.testing.assert_allclose(got, want, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("n,batch_size", [(24, 6), (10, 4), (7, 7), (5, 9), (13, 1)])
def test_minibatches_partition_every_epoch(n, batch_size, monkeypatch):
    params, X, y = _problem(7, [2, 3, 2], n=n)
    X[:, 0] = np.arange(n)  # the first feature names the sample
    model = _model([2, 3, 2], "relu", params)
    batches = []
    original = model._loss_and_gradients

    def spy(Xb, yb):
        batches.append(Xb[:, 0].astype(int).tolist())
        return original(Xb, yb)

    monkeypatch.setattr(model, "_loss_and_gradients", spy)
    model.fit(X, y, epochs=3, lr=0.1, batch_size=batch_size, seed=0)
    per_epoch = -(-n // batch_size)
    assert len(batches) == 3 * per_epoch
    orders = []
    for epoch in range(3):
        chunk = batches[epoch * per_epoch:(epoch + 1) * per_epoch]
        last = n - batch_size * (per_epoch - 1)
        assert [len(b) for b in chunk] == [batch_size] * (per_epoch - 1) + [last]
        order = [i for b in chunk for i in b]
        assert sorted(order) == list(range(n))
        orders.append(order)
    if n > 3 and batch_size < n:
        assert len({tuple(o) for o in orders}) > 1  # shuffled anew each epoch


def test_fit_seed_reproducible():
    params, X, y = _problem(8, [3, 6, 3], n=40)
    runs = []
    for seed in (7, 7, 8):
        model = _model([3, 6, 3], "relu", params)
        model.fit(X, y, epochs=3, lr=0.2, batch_size=8, seed=seed)
        runs.append(model.params)
    assert all(np.array_equal(a, b) for a, b in zip(runs[0], runs[1]))
    assert not all(np.allclose(a, b) for a, b in zip(runs[0], runs[2]))


def _xor(rng, n=200):
    corner = rng.integers(0, 4, size=n)
    centres = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])
    return centres[corner] + rng.normal(scale=0.25, size=(n, 2)), (corner >= 2).astype(int)


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_training_solves_xor(activation):
    for seed in range(10):
        X, y = _xor(np.random.default_rng(seed))
        X_test, y_test = _xor(np.random.default_rng(100 + seed))
        model = bp.MLP([2, 16, 2], activation=activation, seed=seed).fit(X, y)
        assert np.mean(model.predict(X_test) == y_test) >= 0.97


def test_params_are_read_at_call_time():
    params, X, y = _problem(9, [3, 5, 4])
    model = bp.MLP([3, 5, 4], seed=0)
    for i, p in enumerate(params):
        model.params[i] = p.copy()
    np.testing.assert_allclose(model.forward(X), np.exp(log_softmax(
        _pre_activations(params, X, "relu")[-1], axis=1)), rtol=1e-12)
    model.params[0] *= -1.0
    params[0] = -params[0]
    loss, _ = model.loss_and_gradients(X, y)
    assert loss == pytest.approx(_loss(params, X, y, "relu"), rel=1e-12)


# --------------------------------------------------------------------------- init and errors


@pytest.mark.parametrize("activation,gain", [("relu", 2.0), ("tanh", 1.0), ("sigmoid", 1.0)])
def test_initialisation_statistics(activation, gain):
    model = bp.MLP([500, 400, 10], activation=activation, seed=3)
    W1, b1, W2, b2 = model.params
    assert W1.std() == pytest.approx(np.sqrt(gain / 500), rel=0.02)
    assert W2.std() == pytest.approx(np.sqrt(gain / 400), rel=0.05)
    assert abs(W1.mean()) < 0.1 * W1.std()
    assert not b1.any() and not b2.any()
    assert all(p.dtype == np.float64 for p in model.params)
    again = bp.MLP([500, 400, 10], activation=activation, seed=3)
    assert all(np.array_equal(a, b) for a, b in zip(model.params, again.params))


def test_worked_example_of_the_prompt():
    model = bp.MLP([2, 2, 2], activation="relu", seed=0)
    model.params = [np.array([[1.0, -1.0], [0.5, 1.0]]), np.array([0.5, -0.5]),
                    np.array([[1.0, -1.0], [-2.0, 1.0]]), np.array([0.0, 0.5])]
    X, y = np.array([[1.0, 2.0], [0.5, -1.0]]), np.array([1, 0])
    np.testing.assert_allclose(model.forward(X), [[expit(3), expit(-3)], [expit(0.5), expit(-0.5)]],
                               rtol=1e-12)
    loss, grads = model.loss_and_gradients(X, y)
    assert loss == pytest.approx((np.log1p(np.exp(3)) + np.log1p(np.exp(-0.5))) / 2, rel=1e-12)
    numeric = _central_differences(model.params, X, y, "relu")
    for g, n in zip(grads, numeric):
        np.testing.assert_allclose(g, n, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("sizes", [[3], [], [3, 0, 2], [3, 2.5, 2]])
def test_invalid_layer_sizes(sizes):
    with pytest.raises(ValueError):
        bp.MLP(sizes)


def test_invalid_activation_and_labels():
    with pytest.raises(ValueError, match="activation"):
        bp.MLP([2, 3, 2], activation="gelu")
    model = bp.MLP([2, 3, 2], seed=0)
    X = np.zeros((3, 2))
    for y in ([0, 1, 2], [0, -1, 1], [0.5, 1, 0]):
        with pytest.raises(ValueError, match="labels"):
            model.loss_and_gradients(X, np.array(y))
        with pytest.raises(ValueError, match="labels"):
            model.fit(X, np.array(y))
    with pytest.raises(ValueError):
        model.fit(X, np.array([0, 1, 0]), batch_size=0)
    with pytest.raises(ValueError):
        model.fit(X, np.array([0, 1, 0]), lr=0.0)
