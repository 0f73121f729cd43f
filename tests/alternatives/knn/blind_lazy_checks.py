# alternative: written blind from the prompt: every check in predict, uncentred expansion, per-row lexsort, dict votes
"""KNN: uncentred Gram-matrix distances (the |a|^2 + |b|^2 - 2ab trick), every check done
lazily in predict (sklearn-style: __init__ only stores parameters), np.lexsort on
(index, distance) for the tie rule, and a plain-python vote count with a dict."""

import numpy as np


class _Base:
    def __init__(self, n_neighbors=5, *, weights="uniform"):
        # sklearn convention: __init__ stores parameters untouched, validation happens later
        self.n_neighbors = n_neighbors
        self.weights = weights

    def fit(self, X, y):
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y)
        if X.ndim != 2:
            raise ValueError("X must be 2-D")
        if X.shape[0] != y.shape[0]:
            raise ValueError(f"X has {X.shape[0]} samples, y has {y.shape[0]}")
        self._X, self._y_raw = X, y
        self._Xsq = (X ** 2).sum(axis=1)
        return self

    def _check(self, Q):
        if getattr(self, "_X", None) is None:
            raise RuntimeError("model not fitted")
        if self.weights not in ("uniform", "distance"):
            raise ValueError(f"weights={self.weights!r}: expected 'uniform' or 'distance'")
        n = self._X.shape[0]
        if not (1 <= self.n_neighbors <= n):
            raise ValueError(f"n_neighbors={self.n_neighbors} must be between 1 and n_train={n}")
        Q = np.asarray(Q, dtype=np.float64)
        if Q.ndim != 2 or Q.shape[1] != self._X.shape[1]:
            raise ValueError(f"expected queries with {self._X.shape[1]} features, got shape {Q.shape}")
        return Q

    def _kneighbors(self, X):
        Q = self._check(X)
        d2 = (Q ** 2).sum(axis=1)[:, None] - 2 * Q @ self._X.T + self._Xsq[None, :]
        d2 = np.clip(d2, 0, None)
        n_q, n = d2.shape
        order = np.empty((n_q, self.n_neighbors), dtype=int)
        ar = np.arange(n)
        for i in range(n_q):
            order[i] = np.lexsort((ar, d2[i]))[: self.n_neighbors]
        d = np.sqrt(np.take_along_axis(d2, order, axis=1))
        if self.weights == "uniform":
            w = np.ones_like(d)
        else:
            zero = d == 0
            w = np.zeros_like(d)
            for i in range(n_q):
                w[i] = zero[i] if zero[i].any() else 1 / d[i]
        return order, w


class KNNClassifier(_Base):
    def fit(self, X, y):
        super().fit(X, y)
        self.classes_ = np.unique(self._y_raw)
        self._pos = {lab: j for j, lab in enumerate(self.classes_.tolist())}
        self._ylist = self._y_raw.tolist()
        return self

    def predict_proba(self, X):
        idx, w = self._kneighbors(X)
        P = np.zeros((len(idx), len(self.classes_)))
        for i in range(len(idx)):
            for j, wij in zip(idx[i], w[i]):
                P[i, self._pos[self._ylist[j]]] += wij
        return P / P.sum(axis=1, keepdims=True)

    def predict(self, X):
        P = self.predict_proba(X)
        return self.classes_[np.argmax(P, axis=1)]


class KNNRegressor(_Base):
    def fit(self, X, y):
        super().fit(X, y)
        self._t = self._y_raw.astype(np.float64)
        return self

    def predict(self, X):
        idx, w = self._kneighbors(X)
        return (w * self._t[idx]).sum(axis=1) / w.sum(axis=1)
