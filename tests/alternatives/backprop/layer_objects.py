# alternative: layer objects with forward/backward methods that look their arrays up in the model's params by index; uniform init with the contract's variance; in-place updates; sigmoid via tanh
"""MLP built from layer objects, framework style.

Each ``Dense`` layer knows the index of its weight in ``model.params`` and fetches W and b from
there on every forward call, so the list stays the single source of truth. Activation layers
cache their output for the backward pass. Training updates the arrays in place.
"""

import numbers

import numpy as np


class Dense:
    def __init__(self, model, index):
        self.model = model
        self.index = index  # W is model.params[index], b is model.params[index + 1]

    def forward(self, x):
        self.x = x
        W, b = self.model.params[self.index], self.model.params[self.index + 1]
        self.W = W
        return x @ W + b

    def backward(self, grad_out):
        self.dW = self.x.T @ grad_out
        self.db = grad_out.sum(axis=0)
        return grad_out @ self.W.T


class ReLU:
    def forward(self, z):
        self.mask = z > 0
        return np.where(self.mask, z, 0.0)

    def backward(self, grad_out):
        return grad_out * self.mask


class Tanh:
    def forward(self, z):
        self.out = np.tanh(z)
        return self.out

    def backward(self, grad_out):
        return grad_out * (1.0 - self.out**2)


class Sigmoid:
    def forward(self, z):
        self.out = 0.5 * (1.0 + np.tanh(0.5 * z))  # the logistic function, never overflows
        return self.out

    def backward(self, grad_out):
        return grad_out * self.out * (1.0 - self.out)


class SoftmaxCrossEntropy:
    """Mean cross-entropy of softmax(logits) against integer labels."""

    def forward(self, logits, y):
        m = logits.max(axis=1, keepdims=True)
        lse = m[:, 0] + np.log(np.sum(np.exp(logits - m), axis=1))
        self.proba = np.exp(logits - lse[:, None])
        self.y = y
        return float(np.mean(lse - logits[np.arange(len(y)), y]))

    def backward(self):
        grad = self.proba.copy()
        grad[np.arange(len(self.y)), self.y] -= 1.0
        return grad / len(self.y)


_ACTIVATIONS = {"relu": ReLU, "tanh": Tanh, "sigmoid": Sigmoid}


class MLP:
    def __init__(self, layer_sizes, *, activation="relu", seed=None):
        layer_sizes = list(layer_sizes)
        if len(layer_sizes) < 2:
            raise ValueError("need at least an input size and a number of classes")
        for size in layer_sizes:
            if isinstance(size, bool) or not isinstance(size, numbers.Integral) or size < 1:
                raise ValueError(f"layer size {size!r} is not a positive integer")
        if activation not in _ACTIVATIONS:
            raise ValueError(f"unknown activation {activation!r}")
        self.layer_sizes = layer_sizes
        self.activation = activation
        rng = np.random.default_rng(seed)
        self.params = []
        for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
            std = np.sqrt((2.0 if activation == "relu" else 1.0) / fan_in)
            limit = np.sqrt(3.0) * std  # uniform(-l, l) has variance l^2 / 3
            self.params.append(rng.uniform(-limit, limit, size=(fan_in, fan_out)))
            self.params.append(np.zeros(fan_out))
        self.layers = []
        n_dense = len(layer_sizes) - 1
        for k in range(n_dense):
            self.layers.append(Dense(self, 2 * k))
            if k < n_dense - 1:
                self.layers.append(_ACTIVATIONS[activation]())
        self.head = SoftmaxCrossEntropy()

    def _run(self, X):
        out = np.asarray(X, dtype=float)
        for layer in self.layers:
            out = layer.forward(out)
        return out

    def forward(self, X):
        logits = self._run(X)
        shifted = logits - logits.max(axis=1, keepdims=True)
        e = np.exp(shifted)
        return e / e.sum(axis=1, keepdims=True)

    def _labels(self, y):
        y = np.asarray(y)
        if np.any(y < 0) or np.any(y >= self.layer_sizes[-1]):
            raise ValueError("labels must lie in [0, n_classes)")
        return y.astype(int)

    def loss_and_gradients(self, X, y):
        y = self._labels(y)
        loss = self.head.forward(self._run(X), y)
        grad = self.head.backward()
        for layer in reversed(self.layers):
            grad = layer.backward(grad)
        grads = []
        for layer in self.layers:
            if isinstance(layer, Dense):
                grads += [layer.dW, layer.db]
        return loss, grads

    def fit(self, X, y, *, epochs=200, lr=0.5, batch_size=None, seed=None):
        X = np.asarray(X, dtype=float)
        y = self._labels(y)
        if epochs < 0:
            raise ValueError(f"epochs must be >= 0, got {epochs}")
        if not lr > 0:
            raise ValueError(f"lr must be > 0, got {lr}")
        if batch_size is not None and batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        rng = np.random.default_rng(seed)
        n = X.shape[0]
        step = n if batch_size is None else batch_size
        for _ in range(epochs):
            order = np.arange(n) if batch_size is None else rng.permutation(n)
            for start in range(0, n, step):
                idx = order[start:start + step]
                _, grads = self.loss_and_gradients(X[idx], y[idx])
                for p, g in zip(self.params, grads):
                    p -= lr * g
        return self

    def predict(self, X):
        return self._run(X).argmax(axis=1)
