# alternative: written blind from the prompt: lenient input handling (1-D X as one feature)
"""KNN, clean vectorised numpy: Gram-matrix distances, stable argsort.

(An earlier version centred X on its mean first; that rounds coordinates and breaks exact
distance ties, so the tie rule failed on integer data. Centring removed.)"""

import numpy as np

_WEIGHTS = ("uniform", "distance")


def _check_params(n_neighbors, weights):
    if isinstance(n_neighbors, bool) or not isinstance(n_neighbors, (int, np.integer)):
        raise TypeError(f"n_neighbors must be an integer, got {n_neighbors!r}")
    if n_neighbors < 1:
        raise ValueError(f"n_neighbors must be >= 1, got {n_neighbors}")
    if weights not in _WEIGHTS:
        raise ValueError(f"weights must be 'uniform' or 'distance', got {weights!r}")


class _KNNBase:
    def __init__(self, n_neighbors=5, *, weights="uniform"):
        _check_params(n_neighbors, weights)
        self.n_neighbors = n_neighbors
        self.weights = weights

    def _fit_X(self, X, y):
        _check_params(self.n_neighbors, self.weights)
        X = np.asarray(X, dtype=np.float64)
        if X.ndim == 1:
            X = X[:, None]
        if X.ndim != 2:
            raise ValueError(f"X must be 2-D, got shape {X.shape}")
        y = np.asarray(y)
        if y.ndim != 1:
            raise ValueError(f"y must be 1-D, got shape {y.shape}")
        if len(X) != len(y):
            raise ValueError(f"X has {len(X)} rows but y has {len(y)} entries")
        if self.n_neighbors > len(X):
            raise ValueError(
                f"n_neighbors={self.n_neighbors} is larger than the number of training points ({len(X)})"
            )
        self._X = X
        self._sq = np.einsum("ij,ij->i", self._X, self._X)
        return y

    def _neighbors(self, Q):
        """Indices (n_q, k) of the k nearest training points and their distances."""
        if not hasattr(self, "_X"):
            raise RuntimeError("this model is not fitted yet: call fit first")
        Q = np.asarray(Q, dtype=np.float64)
        if Q.ndim == 1:
            Q = Q[None, :]
        if Q.ndim != 2 or Q.shape[1] != self._X.shape[1]:
            raise ValueError(
                f"X must be 2-D with {self._X.shape[1]} features, got shape {Q.shape}"
            )
        d2 = np.einsum("ij,ij->i", Q, Q)[:, None] + self._sq[None, :] - 2.0 * Q @ self._X.T
        np.maximum(d2, 0.0, out=d2)
        k = self.n_neighbors
        idx = np.argsort(d2, axis=1, kind="stable")[:, :k]
        dist = np.sqrt(np.take_along_axis(d2, idx, axis=1))
        return idx, dist

    def _weights(self, dist):
        if self.weights == "uniform":
            return np.ones_like(dist)
        zero = dist == 0
        has_zero = zero.any(axis=1, keepdims=True)
        with np.errstate(divide="ignore"):
            w = np.where(has_zero, zero.astype(np.float64), 1.0 / np.where(zero, 1.0, dist))
        return w


class KNNClassifier(_KNNBase):
    def fit(self, X, y):
        y = self._fit_X(X, y)
        self.classes_, self._codes = np.unique(y, return_inverse=True)
        self._codes = self._codes.ravel()
        return self

    def predict_proba(self, X):
        idx, dist = self._neighbors(X)
        w = self._weights(dist)
        codes = self._codes[idx]
        n_q = len(idx)
        votes = np.zeros((n_q, len(self.classes_)))
        rows = np.repeat(np.arange(n_q), idx.shape[1])
        np.add.at(votes, (rows, codes.ravel()), w.ravel())
        return votes / votes.sum(axis=1, keepdims=True)

    def predict(self, X):
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]


class KNNRegressor(_KNNBase):
    def fit(self, X, y):
        y = self._fit_X(X, y)
        self._y = y.astype(np.float64)
        return self

    def predict(self, X):
        idx, dist = self._neighbors(X)
        w = self._weights(dist)
        return (w * self._y[idx]).sum(axis=1) / w.sum(axis=1)
