# alternative: one sample at a time in Python loops (gradients accumulated per sample, then averaged): correct but slow
# may-fail: efficiency
"""MLP that backpropagates one sample at a time, the way it is often first derived on paper."""

import math

import numpy as np


def _act(name, z):
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "tanh":
        return np.tanh(z)
    return np.array([1.0 / (1.0 + math.exp(-v)) if v >= 0 else math.exp(v) / (1.0 + math.exp(v))
                     for v in z])


def _dact(name, a):
    if name == "relu":
        return (a > 0).astype(float)
    if name == "tanh":
        return 1.0 - a * a
    return a * (1.0 - a)


class MLP:
    def __init__(self, layer_sizes, *, activation="relu", seed=None):
        if len(layer_sizes) < 2:
            raise ValueError("layer_sizes needs at least two entries")
        for size in layer_sizes:
            if int(size) != size or size < 1:
                raise ValueError(f"bad layer size {size}")
        if activation not in ("relu", "tanh", "sigmoid"):
            raise ValueError("unknown activation")
        self.layer_sizes = list(layer_sizes)
        self.activation = activation
        rng = np.random.default_rng(seed)
        self.params = []
        for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
            std = math.sqrt((2.0 if activation == "relu" else 1.0) / fan_in)
            self.params.append(rng.normal(0.0, std, size=(fan_in, fan_out)))
            self.params.append(np.zeros(fan_out))

    def _sample(self, x):
        """Activations of one sample, input first, logits last."""
        outs = [x]
        L = len(self.params) // 2
        for l in range(L):
            z = outs[-1] @ self.params[2 * l] + self.params[2 * l + 1]
            outs.append(_act(self.activation, z) if l < L - 1 else z)
        return outs

    @staticmethod
    def _log_softmax(z):
        m = max(z)
        return z - m - math.log(sum(math.exp(v - m) for v in z))

    def forward(self, X):
        return np.array([np.exp(self._log_softmax(self._sample(x)[-1]))
                         for x in np.asarray(X, dtype=float)])

    def _labels(self, y):
        y = [int(v) for v in y]
        for v in y:
            if not 0 <= v < self.layer_sizes[-1]:
                raise ValueError(f"label {v} out of range")
        return y

    def loss_and_gradients(self, X, y):
        y = self._labels(y)
        X = np.asarray(X, dtype=float)
        grads = [np.zeros_like(p) for p in self.params]
        total = 0.0
        L = len(self.params) // 2
        for x, label in zip(X, y):
            outs = self._sample(x)
            log_p = self._log_softmax(outs[-1])
            total -= log_p[label]
            delta = np.exp(log_p)
            delta[label] -= 1.0
            for l in range(L - 1, -1, -1):
                grads[2 * l] += np.outer(outs[l], delta)
                grads[2 * l + 1] += delta
                if l:
                    delta = (self.params[2 * l] @ delta) * _dact(self.activation, outs[l])
        n = len(y)
        return total / n, [g / n for g in grads]

    def fit(self, X, y, *, epochs=200, lr=0.5, batch_size=None, seed=None):
        X = np.asarray(X, dtype=float)
        y = np.asarray(self._labels(y))
        if epochs < 0:
            raise ValueError("epochs must not be negative")
        if lr <= 0:
            raise ValueError("lr must be positive")
        if batch_size is not None and batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        rng = np.random.default_rng(seed)
        n = len(X)
        for _ in range(epochs):
            if batch_size is None:
                batches = [list(range(n))]
            else:
                order = list(rng.permutation(n))
                batches = [order[i:i + batch_size] for i in range(0, n, batch_size)]
            for batch in batches:
                _, grads = self.loss_and_gradients(X[batch], y[batch])
                for i in range(len(self.params)):
                    self.params[i] = self.params[i] - lr * grads[i]
        return self

    def predict(self, X):
        return np.array([int(np.argmax(self._sample(x)[-1])) for x in np.asarray(X, dtype=float)])
