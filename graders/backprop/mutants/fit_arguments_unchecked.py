# mutant: fit validates the labels but not epochs, lr or batch_size
# expect: lr=0.0): expected ValueError
"""A multilayer perceptron for classification, trained by backpropagation, in numpy.

Hidden layers apply ``relu``, ``tanh`` or ``sigmoid``; the output layer is a softmax. The loss
is the mean cross-entropy over the batch. Parameters live in one list,
``params = [W1, b1, W2, b2, ...]``, which every method reads at call time: a caller may
replace its entries or modify them in place, and the model follows.
"""

from __future__ import annotations

import numpy as np

_ACTIVATIONS = ("relu", "tanh", "sigmoid")


class MLP:
    """Fully connected network: hidden layers with one activation, then a softmax.

    Parameters
    ----------
    layer_sizes : sequence of int
        ``[n_in, h1, ..., n_classes]``: the number of input features, the width of every hidden
        layer, and the number of classes. At least two entries (two entries: no hidden layer,
        i.e. softmax regression).
    activation : {"relu", "tanh", "sigmoid"}, default "relu"
        The activation of every hidden layer.
    seed : int or None, default None
        Seed of the random initialisation (``np.random.default_rng(seed)``): the same seed gives
        the same initial parameters.

    Attributes
    ----------
    params : list of ndarray
        ``[W1, b1, W2, b2, ...]`` in float64: ``W_l`` of shape
        ``(layer_sizes[l], layer_sizes[l + 1])`` and ``b_l`` of shape ``(layer_sizes[l + 1],)``.
        Weights start random, with standard deviation ``sqrt(2 / fan_in)`` for relu and
        ``sqrt(1 / fan_in)`` for tanh and sigmoid; biases start at zero. Every method reads
        ``self.params`` when it is called.

    Raises
    ------
    ValueError
        If ``layer_sizes`` has fewer than two entries or an entry that is not an integer of at
        least 1, or ``activation`` is unknown.
    """

    def __init__(self, layer_sizes, *, activation="relu", seed=None):
        sizes = list(layer_sizes)
        if any(isinstance(s, bool) or int(s) != s for s in sizes):
            raise ValueError(f"layer sizes must be integers, got {sizes}")
        sizes = [int(s) for s in sizes]
        if len(sizes) < 2:
            raise ValueError(
                f"layer_sizes needs at least 2 entries [n_in, ..., n_classes], got {sizes}"
            )
        if min(sizes) < 1:
            raise ValueError(f"every layer size must be at least 1, got {sizes}")
        if activation not in _ACTIVATIONS:
            raise ValueError(
                f"activation must be one of {', '.join(_ACTIVATIONS)}, got {activation!r}"
            )
        self.layer_sizes = sizes
        self.activation = activation
        rng = np.random.default_rng(seed)
        gain = 2.0 if activation == "relu" else 1.0  # He for relu, LeCun/Xavier otherwise
        self.params = []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
            self.params.append(rng.normal(0.0, np.sqrt(gain / fan_in), size=(fan_in, fan_out)))
            self.params.append(np.zeros(fan_out))

    def forward(self, X):
        """Class probabilities of every sample.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_in)
            Input samples.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Softmax of the output layer; every row sums to 1. Stable for logits in the
            thousands (no overflow, no NaN).
        """
        logits = self._logits(np.asarray(X, dtype=np.float64))
        return np.exp(_log_softmax(logits))

    def loss_and_gradients(self, X, y):
        """Mean cross-entropy of the batch and its gradient with respect to every parameter.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_in)
            Input samples.
        y : array_like of int, shape (n_samples,)
            Class labels in ``[0, n_classes)``.

        Returns
        -------
        loss : float
            ``-mean_i log p_i[y_i]``, where ``p_i`` is ``forward(X)[i]``; finite even for a
            confident wrong prediction.
        grads : list of ndarray
            The gradient of ``loss`` with respect to each entry of ``params``, in the same order
            and with the same shapes: ``[dW1, db1, dW2, db2, ...]``.

        Raises
        ------
        ValueError
            If a label is outside ``[0, n_classes)``.
        """
        X = np.asarray(X, dtype=np.float64)
        y = self._check_labels(y, len(X))
        return self._loss_and_gradients(X, y)

    def fit(self, X, y, *, epochs=200, lr=0.5, batch_size=None, seed=None):
        """Train by gradient descent on the mean cross-entropy, starting from ``params``.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_in)
            Training samples.
        y : array_like of int, shape (n_samples,)
            Their labels in ``[0, n_classes)``.
        epochs : int, default 200
            Number of passes over the training set.
        lr : float, default 0.5
            Learning rate: every step is ``p -= lr * grad`` for each parameter ``p``.
        batch_size : int or None, default None
            None: one full-batch step per epoch. Otherwise every epoch shuffles the samples and
            takes one step per consecutive batch of ``batch_size`` of them (the last batch may
            be smaller), so that every sample is used once per epoch.
        seed : int or None, default None
            Seed of the shuffling (``np.random.default_rng(seed)``): the same seed and the same
            starting ``params`` give the same result.

        Returns
        -------
        self : MLP

        Raises
        ------
        ValueError
            If a label is outside ``[0, n_classes)``, ``epochs`` is negative, ``lr`` is not
            positive, or ``batch_size`` is below 1.
        """
        X = np.asarray(X, dtype=np.float64)
        y = self._check_labels(y, len(X))
        rng = np.random.default_rng(seed)
        n = len(X)
        for _ in range(epochs):
            if batch_size is None:
                batches = [slice(None)]
            else:
                order = rng.permutation(n)
                batches = [order[start : start + batch_size] for start in range(0, n, batch_size)]
            for batch in batches:
                _, grads = self._loss_and_gradients(X[batch], y[batch])
                self.params = [p - lr * g for p, g in zip(self.params, grads)]
        return self

    def predict(self, X):
        """Most probable class of every sample.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_in)
            Input samples.

        Returns
        -------
        labels : ndarray of int, shape (n_samples,)
            ``argmax`` of ``forward(X)`` over the classes.
        """
        return np.argmax(self._logits(np.asarray(X, dtype=np.float64)), axis=1)

    # ------------------------------------------------------------------ internals

    def _logits(self, X):
        """Output-layer pre-activations, shape (n_samples, n_classes)."""
        a = X
        n_layers = len(self.params) // 2
        for layer in range(n_layers):
            W, b = self.params[2 * layer], self.params[2 * layer + 1]
            z = a @ W + b
            a = _activate(self.activation, z) if layer < n_layers - 1 else z
        return a

    def _loss_and_gradients(self, X, y):
        """``loss_and_gradients`` without the label check (fit checks once)."""
        params = list(self.params)  # one consistent snapshot for this call
        n_layers = len(params) // 2
        # forward pass, keeping every layer's input (the activations) for the backward pass
        inputs = [X]
        for layer in range(n_layers - 1):
            z = inputs[-1] @ params[2 * layer] + params[2 * layer + 1]
            inputs.append(_activate(self.activation, z))
        logits = inputs[-1] @ params[-2] + params[-1]
        log_p = _log_softmax(logits)
        n = len(X)
        rows = np.arange(n)
        loss = -float(np.mean(log_p[rows, y]))
        # d loss / d logits of softmax + cross-entropy: (p - one_hot(y)) / n
        delta = np.exp(log_p)
        delta[rows, y] -= 1.0
        delta /= n
        grads = [None] * len(params)
        for layer in range(n_layers - 1, -1, -1):
            a_prev = inputs[layer]
            grads[2 * layer] = a_prev.T @ delta  # (fan_in, fan_out), the shape of W
            grads[2 * layer + 1] = delta.sum(axis=0)
            if layer > 0:
                # back through W, then through the activation of the layer below
                delta = (delta @ params[2 * layer].T) * _derivative(self.activation, a_prev)
        return loss, grads

    def _check_labels(self, y, n_samples):
        """y as an int array of length n_samples with entries in [0, n_classes)."""
        y = np.asarray(y)
        n_classes = self.layer_sizes[-1]
        if y.shape != (n_samples,):
            raise ValueError(f"y must have shape ({n_samples},), got {y.shape}")
        if y.size and not np.issubdtype(y.dtype, np.integer):
            if not np.all(np.mod(y, 1) == 0):
                raise ValueError("labels must be integers")
        y = y.astype(np.intp)
        if y.size and (y.min() < 0 or y.max() >= n_classes):
            raise ValueError(
                f"labels must be in [0, {n_classes}), got values from {y.min()} to {y.max()}"
            )
        return y


def _log_softmax(logits):
    """Row-wise log-softmax, stable for any finite logits."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def _sigmoid(z):
    """1 / (1 + exp(-z)) without overflow: exp is only taken of -|z|."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _activate(name, z):
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "tanh":
        return np.tanh(z)
    return _sigmoid(z)


def _derivative(name, a):
    """The activation's derivative, written in terms of its output a = f(z)."""
    if name == "relu":
        return (a > 0).astype(np.float64)
    if name == "tanh":
        return 1.0 - a * a
    return a * (1.0 - a)
