# alternative: einsum for every product, one-hot label matrix, loss as -sum(one_hot * log_softmax) / n, weights and biases kept in two views of params, batches from a sort of random keys, recursive backward pass
"""MLP written with np.einsum and one-hot labels.

The backward pass is a recursive function over the layers. Mini-batches come from an argsort
of uniform random keys (a random permutation by another route).
"""

import numpy as np

_DERIVATIVE_FROM_OUTPUT = {
    "relu": lambda a: np.heaviside(a, 0.0),
    "tanh": lambda a: 1.0 - np.square(a),
    "sigmoid": lambda a: a - np.square(a),
}


def _nonlinearity(name, z):
    if name == "relu":
        return z * (z > 0)
    if name == "tanh":
        return np.tanh(z)
    # logistic: exp(-logaddexp(0, -z)) = 1 / (1 + exp(-z)), computed without overflow
    return np.exp(-np.logaddexp(0.0, -z))


class MLP:
    def __init__(self, layer_sizes, *, activation="relu", seed=None):
        sizes = list(layer_sizes)
        if len(sizes) < 2:
            raise ValueError(f"at least 2 layer sizes are needed, got {sizes}")
        if not all(float(s).is_integer() and s >= 1 for s in sizes):
            raise ValueError(f"every layer size must be a positive integer, got {sizes}")
        sizes = [int(s) for s in sizes]
        if activation not in _DERIVATIVE_FROM_OUTPUT:
            raise ValueError(f"unsupported activation: {activation!r}")
        self.n_classes = sizes[-1]
        self.activation = activation
        rng = np.random.default_rng(seed)
        scale = {"relu": 2.0}.get(activation, 1.0)
        params = []
        for i in range(len(sizes) - 1):
            params.append(rng.normal(size=(sizes[i], sizes[i + 1])) * np.sqrt(scale / sizes[i]))
            params.append(np.zeros((sizes[i + 1],)))
        self.params = params

    def _layers(self):
        p = self.params
        return list(zip(p[0::2], p[1::2]))

    def _activations(self, X):
        outs = [np.asarray(X, dtype=np.float64)]
        layers = self._layers()
        for k, (W, b) in enumerate(layers):
            z = np.einsum("ni,io->no", outs[-1], W) + b
            outs.append(z if k == len(layers) - 1 else _nonlinearity(self.activation, z))
        return outs  # outs[-1] are the logits

    @staticmethod
    def _log_softmax(logits):
        top = np.max(logits, axis=-1, keepdims=True)
        return logits - top - np.log(np.einsum("nc->n", np.exp(logits - top)))[:, None]

    def forward(self, X):
        return np.exp(self._log_softmax(self._activations(X)[-1]))

    def _one_hot(self, y):
        y = np.asarray(y)
        if y.size and (y.min() < 0 or y.max() > self.n_classes - 1):
            raise ValueError("every label must be in [0, n_classes)")
        return np.eye(self.n_classes)[y]

    def loss_and_gradients(self, X, y):
        T = self._one_hot(y)
        outs = self._activations(X)
        n = T.shape[0]
        log_p = self._log_softmax(outs[-1])
        loss = -np.einsum("nc,nc->", T, log_p) / n
        layers = self._layers()
        grads = [None] * (2 * len(layers))

        def back(k, delta):
            W, _ = layers[k]
            grads[2 * k] = np.einsum("ni,no->io", outs[k], delta)
            grads[2 * k + 1] = np.einsum("no->o", delta)
            if k > 0:
                upstream = np.einsum("no,io->ni", delta, W)
                back(k - 1, upstream * _DERIVATIVE_FROM_OUTPUT[self.activation](outs[k]))

        back(len(layers) - 1, (np.exp(log_p) - T) / n)
        return float(loss), grads

    def fit(self, X, y, *, epochs=200, lr=0.5, batch_size=None, seed=None):
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y)
        self._one_hot(y)  # validates the labels once
        rules = {"epochs": epochs >= 0, "lr": lr > 0,
                 "batch_size": batch_size is None or batch_size >= 1}
        broken = [name for name, ok in rules.items() if not ok]
        if broken:
            raise ValueError(f"invalid {', '.join(broken)}")
        rng = np.random.default_rng(seed)
        n = X.shape[0]
        size = n if batch_size is None else int(batch_size)
        for _ in range(epochs):
            order = np.arange(n) if batch_size is None else np.argsort(rng.random(n))
            for lo in range(0, n, size):
                rows = order[lo:lo + size]
                _, grads = self.loss_and_gradients(X[rows], y[rows])
                for i, g in enumerate(grads):
                    self.params[i] = self.params[i] - lr * g
        return self

    def predict(self, X):
        return np.argmax(self._activations(X)[-1], axis=-1)
