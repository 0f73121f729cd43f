# alternative: full expansion |a|^2+|b|^2-2ab clipped at 0 and its sqrt used for ranking and weights, k-th value by np.partition and ties resolved by a cumulative count of tied entries, votes by np.add.at, labels via searchsorted
"""k-nearest neighbours ranking by the expanded distances with an explicit tie mask."""

import numpy as np


def _pairwise(A, B):
    d2 = (A**2).sum(1)[:, None] + (B**2).sum(1)[None, :] - 2.0 * A @ B.T
    return np.sqrt(np.maximum(d2, 0.0))


def _knn(Xt, X, k):
    """(dist, idx) of the k nearest, as a set per row (order irrelevant)."""
    D = _pairwise(X, Xt)
    kth = np.partition(D, k - 1, axis=1)[:, k - 1][:, None]
    below = D < kth
    need = k - below.sum(axis=1, keepdims=True)
    tied = D == kth
    take = below | (tied & (np.cumsum(tied, axis=1) <= need))  # earliest tied points first
    idx = np.nonzero(take)[1].reshape(len(X), k)
    return np.take_along_axis(D, idx, axis=1), idx


class _Base:
    def __init__(self, n_neighbors=5, *, weights="uniform"):
        self.n_neighbors = n_neighbors
        self.weights = weights
        self._Xt = None

    def _prepare(self, X, y):
        if self.weights not in {"uniform", "distance"}:
            raise ValueError("bad weights")
        X = np.array(X, dtype=np.float64)
        y = np.asarray(y)
        if X.ndim != 2:
            raise ValueError("X must be 2-D")
        if X.shape[0] != y.shape[0]:
            raise ValueError("length mismatch")
        if not 0 < self.n_neighbors <= X.shape[0]:
            raise ValueError("bad n_neighbors")
        self._Xt = X
        return y

    def _weights_for(self, X):
        if self._Xt is None:
            raise RuntimeError("model not fitted")
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != self._Xt.shape[1]:
            raise ValueError("wrong feature count")
        d, idx = _knn(self._Xt, X, self.n_neighbors)
        if self.weights == "uniform":
            return np.ones(d.shape), idx
        zero = d == 0
        with np.errstate(divide="ignore"):
            w = np.where(zero.any(axis=1, keepdims=True), zero * 1.0, 1.0 / d)
        return w, idx


class KNNClassifier(_Base):
    def fit(self, X, y):
        y = self._prepare(X, y)
        self.classes_ = np.unique(y)
        self._code = np.searchsorted(self.classes_, y)
        return self

    def _tally(self, X):
        w, idx = self._weights_for(X)
        tally = np.zeros((len(idx), len(self.classes_)))
        rows = np.repeat(np.arange(len(idx)), idx.shape[1])
        np.add.at(tally, (rows, self._code[idx].ravel()), w.ravel())
        return tally

    def predict_proba(self, X):
        t = self._tally(X)
        return t / t.sum(axis=1)[:, None]

    def predict(self, X):
        tally = self._tally(X)
        return self.classes_[tally.argmax(axis=1)]


class KNNRegressor(_Base):
    def fit(self, X, y):
        self._y = self._prepare(X, y).astype(float)
        return self

    def predict(self, X):
        w, idx = self._weights_for(X)
        return (w * self._y[idx]).sum(axis=1) / w.sum(axis=1)
