# alternative: module-level functions with explicit cache lists of pre-activations and activations; derivatives written in terms of z; loss as logsumexp(z) - z[y]; np.split mini-batches; new arrays stored back each step
"""MLP as a thin class over plain functions, lecture-notes style.

``forward_pass`` returns the caches (every pre-activation z and activation a), ``backward_pass``
walks them back. Derivatives are computed from z (relu'(z) = [z > 0], tanh'(z) = 1 - tanh(z)^2,
sigmoid'(z) = s(z)(1 - s(z))).
"""

import math

import numpy as np

ACTIVATIONS = ("relu", "tanh", "sigmoid")


def sigmoid(z):
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


def activate(name, z):
    if name == "relu":
        return np.maximum(0.0, z)
    if name == "tanh":
        return np.tanh(z)
    return sigmoid(z)


def activation_derivative(name, z):
    if name == "relu":
        return (z > 0).astype(float)
    if name == "tanh":
        return 1.0 - np.tanh(z) ** 2
    s = sigmoid(z)
    return s * (1.0 - s)


def logsumexp(z):
    m = np.max(z, axis=1)
    return m + np.log(np.sum(np.exp(z - m[:, None]), axis=1))


def forward_pass(params, X, activation):
    """zs[l] and activations[l] of every layer; activations[0] is X, zs[-1] are the logits."""
    n_layers = len(params) // 2
    activations, zs = [X], []
    for l in range(n_layers):
        z = activations[-1] @ params[2 * l] + params[2 * l + 1]
        zs.append(z)
        if l < n_layers - 1:
            activations.append(activate(activation, z))
    return zs, activations


def backward_pass(params, zs, activations, y, activation):
    n_layers = len(params) // 2
    n = len(y)
    logits = zs[-1]
    proba = np.exp(logits - logsumexp(logits)[:, None])
    one_hot = np.zeros_like(proba)
    one_hot[np.arange(n), y] = 1.0
    dz = (proba - one_hot) / n
    grads = [None] * (2 * n_layers)
    for l in reversed(range(n_layers)):
        grads[2 * l] = activations[l].T @ dz
        grads[2 * l + 1] = np.sum(dz, axis=0)
        if l:
            dz = (dz @ params[2 * l].T) * activation_derivative(activation, zs[l - 1])
    return grads


class MLP:
    def __init__(self, layer_sizes, *, activation="relu", seed=None):
        if len(layer_sizes) < 2:
            raise ValueError("layer_sizes must have at least two entries")
        if any(s != int(s) or s < 1 for s in layer_sizes):
            raise ValueError(f"layer sizes must be integers >= 1, got {list(layer_sizes)}")
        if activation not in ACTIVATIONS:
            raise ValueError("activation must be relu, tanh or sigmoid")
        self.sizes = tuple(int(s) for s in layer_sizes)
        self.activation = activation
        rng = np.random.default_rng(seed)
        gain = 2.0 if activation == "relu" else 1.0
        self.params = []
        for a, b in zip(self.sizes, self.sizes[1:]):
            self.params += [rng.standard_normal((a, b)) * math.sqrt(gain / a), np.zeros(b)]

    def _check(self, y):
        y = np.asarray(y, dtype=np.int64)
        bad = (y < 0) | (y >= self.sizes[-1])
        if bad.any():
            raise ValueError(f"label {y[bad][0]} is outside [0, {self.sizes[-1]})")
        return y

    def forward(self, X):
        zs, _ = forward_pass(self.params, np.asarray(X, float), self.activation)
        return np.exp(zs[-1] - logsumexp(zs[-1])[:, None])

    def loss_and_gradients(self, X, y):
        y = self._check(y)
        X = np.asarray(X, float)
        zs, activations = forward_pass(self.params, X, self.activation)
        logits = zs[-1]
        loss = float(np.mean(logsumexp(logits) - logits[np.arange(len(y)), y]))
        return loss, backward_pass(self.params, zs, activations, y, self.activation)

    def fit(self, X, y, *, epochs=200, lr=0.5, batch_size=None, seed=None):
        X = np.asarray(X, float)
        y = self._check(y)
        if epochs < 0 or lr <= 0 or (batch_size is not None and batch_size < 1):
            raise ValueError("need epochs >= 0, lr > 0 and batch_size >= 1 (or None)")
        n = len(X)
        rng = np.random.default_rng(seed)
        for _ in range(epochs):
            if batch_size is None:
                batches = [np.arange(n)]
            else:
                perm = rng.permutation(n)
                batches = np.split(perm, np.arange(batch_size, n, batch_size))
            for idx in batches:
                _, grads = self.loss_and_gradients(X[idx], y[idx])
                self.params = [p - lr * g for p, g in zip(self.params, grads)]
        return self

    def predict(self, X):
        return np.argmax(self.forward(X), axis=1)
