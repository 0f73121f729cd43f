# alternative: written from the prompt alone: fit stores Python lists, every check in predict, per-feature distance loop, argpartition with exact tie repair
"""Style 2: lazy everything. __init__ and fit only store (fit stores plain Python lists);
n_neighbors / weights are validated in predict (README: 'before any prediction comes back').
Selection: argpartition on squared distances + exact tie repair at the k-th distance.
predict counts votes itself (no predict_proba), tie -> smallest label explicitly."""
import operator
import numpy as np


class _Base:
    def __init__(self, n_neighbors=5, *, weights="uniform"):
        self.n_neighbors = n_neighbors
        self.weights = weights
        self._X = None

    def _store(self, X, y):
        A = np.asarray(X, dtype=np.float64)
        if A.ndim != 2:
            raise ValueError("X must be 2-D (n_samples, n_features)")
        if len(y) != A.shape[0]:
            raise ValueError("X and y have different lengths")
        self._X = A.tolist()          # plain lists
        self._nf = A.shape[1]
        return A

    def _checked_k(self, n_train):
        try:
            k = operator.index(self.n_neighbors)
        except TypeError:
            raise ValueError(f"n_neighbors must be an integer, got {self.n_neighbors!r}") from None
        if isinstance(self.n_neighbors, bool):
            raise ValueError("n_neighbors must be an integer, not a bool")
        if not 1 <= k <= n_train:
            raise ValueError(f"n_neighbors must be in [1, {n_train}], got {k}")
        if self.weights not in ("uniform", "distance"):
            raise ValueError(f"weights must be 'uniform' or 'distance', got {self.weights!r}")
        return k

    def _neighbours(self, Q):
        if self._X is None:
            raise RuntimeError("call fit before predict")
        T = np.array(self._X, dtype=np.float64).reshape(-1, self._nf)
        k = self._checked_k(T.shape[0])
        Q = np.asarray(Q, dtype=np.float64)
        if Q.ndim != 2 or Q.shape[1] != self._nf:
            raise ValueError(f"queries must be 2-D with {self._nf} features, got shape {Q.shape}")
        n, m = Q.shape[0], T.shape[0]
        d2 = np.zeros((n, m))
        for j in range(self._nf):               # loop over features, not pairs
            d2 += (Q[:, j:j + 1] - T[:, j][None, :]) ** 2
        if k < m:
            part = np.argpartition(d2, k - 1, axis=1)[:, :k]
            kth = np.take_along_axis(d2, part, axis=1).max(axis=1, keepdims=True)
            # repair ties: among candidates with d2 <= kth, order by (d2, index)
            idx = np.empty((n, k), dtype=np.intp)
            for i in range(n):
                cand = np.flatnonzero(d2[i] <= kth[i, 0])
                order = np.lexsort((cand, d2[i, cand]))
                idx[i] = cand[order[:k]]
        else:
            idx = np.tile(np.arange(m), (n, 1))
        dk2 = np.take_along_axis(d2, idx, axis=1)
        if self.weights == "uniform":
            w = np.ones_like(dk2)
        else:
            d = np.sqrt(dk2)
            z = d == 0
            w = np.divide(1.0, d, out=np.zeros_like(d), where=~z)
            rows = z.any(axis=1)
            w[rows] = z[rows].astype(np.float64)
        return idx, w


class KNNClassifier(_Base):
    def fit(self, X, y):
        self._store(X, y)
        labels = list(y.tolist() if isinstance(y, np.ndarray) else y)
        self.classes_ = np.unique(np.asarray(y))
        self._codes = [int(c) for c in np.searchsorted(self.classes_, np.asarray(y))]
        self._labels = labels
        return self

    def _votes(self, X):
        if self._X is None:
            raise RuntimeError("call fit before predict")
        idx, w = self._neighbours(X)
        codes = np.asarray(self._codes)[idx]
        votes = np.zeros((idx.shape[0], len(self.classes_)))
        for c in range(len(self.classes_)):
            votes[:, c] = np.where(codes == c, w, 0.0).sum(axis=1)
        return votes

    def predict_proba(self, X):
        v = self._votes(X)
        return v / v.sum(axis=1, keepdims=True)

    def predict(self, X):
        v = self._votes(X)
        best = v.max(axis=1, keepdims=True)
        winner = np.argmax(v == best, axis=1)   # first (smallest) class among the maxima
        return self.classes_[winner]


class KNNRegressor(_Base):
    def fit(self, X, y):
        self._store(X, y)
        self._y = [float(t) for t in y]
        return self

    def predict(self, X):
        idx, w = self._neighbours(X)
        t = np.asarray(self._y, dtype=np.float64)[idx]
        return np.einsum("ij,ij->i", w, t) / w.sum(axis=1)
