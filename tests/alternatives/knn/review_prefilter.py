# alternative: written from the prompt alone: matrix-product prefilter with a rounding margin, exact recomputation, integral-float n_neighbors accepted
"""Style 6: fast BLAS path with an exact correction. Approximate squared distances by
|q|^2 - 2 q.t + |t|^2 (one matmul), keep every training point that could be among the k
nearest given a rigorous rounding-error margin, recompute those exactly as sum((q - t)^2),
then select with (distance, index) order. n_neighbors accepts any integral value (3, np.int64(3),
3.0); weights validated when predicting; RuntimeError before fit; queries in blocks of 256."""
import numpy as np

EPS = np.finfo(np.float64).eps


class _Core:
    def __init__(self, n_neighbors=5, *, weights="uniform"):
        self.n_neighbors = n_neighbors
        self.weights = weights

    # --- validation -------------------------------------------------------------------
    def _k(self):
        k = self.n_neighbors
        try:
            ok = not isinstance(k, (bool, np.bool_, str, bytes)) and float(k) == int(k)
        except (TypeError, ValueError, OverflowError):
            ok = False
        if not ok:
            raise ValueError(f"n_neighbors must be an integer, got {k!r}")
        k = int(k)
        if not 1 <= k <= self._T.shape[0]:
            raise ValueError(f"n_neighbors={k} must lie in [1, n_train={self._T.shape[0]}]")
        return k

    def _fit_common(self, X, n_y):
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2:
            raise ValueError("X must be 2-D")
        if X.shape[0] != n_y:
            raise ValueError(f"X has {X.shape[0]} rows but y has {n_y}")
        self._T = np.ascontiguousarray(X).copy()
        self._Tn = np.einsum("ij,ij->i", self._T, self._T)
        self._k()                                  # also fail early where we can

    # --- search -----------------------------------------------------------------------
    def _search(self, X):
        if not hasattr(self, "_T"):
            raise RuntimeError("fit the model before predicting")
        k = self._k()
        if self.weights not in ("uniform", "distance"):
            raise ValueError(f"weights={self.weights!r}: expected 'uniform' or 'distance'")
        Q = np.asarray(X, dtype=np.float64)
        if Q.ndim != 2 or Q.shape[1] != self._T.shape[1]:
            raise ValueError(f"expected queries of shape (n, {self._T.shape[1]}), got {Q.shape}")
        T, Tn = self._T, self._Tn
        n_t, f = T.shape
        idx_all = np.empty((Q.shape[0], k), dtype=np.intp)
        d_all = np.empty((Q.shape[0], k))
        for s in range(0, Q.shape[0], 256):
            q = Q[s:s + 256]
            qn = np.einsum("ij,ij->i", q, q)
            approx = qn[:, None] - 2.0 * (q @ T.T) + Tn[None, :]
            margin = 4.0 * (f + 4) * EPS * (qn + Tn.max(initial=0.0))[:, None] + 1e-300
            kth = np.partition(approx, k - 1, axis=1)[:, k - 1:k]
            cand = approx <= kth + 2.0 * margin
            r, c = np.nonzero(cand)
            diff = q[r] - T[c]
            exact = np.full(approx.shape, np.inf)
            exact[r, c] = np.einsum("ij,ij->i", diff, diff)
            order = np.argsort(exact, axis=1, kind="stable")[:, :k]
            idx_all[s:s + 256] = order
            d_all[s:s + 256] = np.sqrt(np.take_along_axis(exact, order, axis=1))
        return idx_all, self._weigh(d_all)

    def _weigh(self, d):
        if self.weights == "uniform":
            return np.ones_like(d)
        z = d == 0
        with np.errstate(divide="ignore"):
            w = 1.0 / d
        return np.where(z.any(axis=1)[:, None], z * 1.0, w)


class KNNClassifier(_Core):
    def fit(self, X, y):
        y = np.asarray(y)
        self._fit_common(X, len(y))
        self.classes_, inv = np.unique(y, return_inverse=True)
        self._code = inv.ravel()
        return self

    def predict_proba(self, X):
        idx, w = self._search(X)
        onehot = np.eye(self.classes_.size)[self._code]        # (n_train, n_classes)
        votes = np.einsum("qk,qkc->qc", w, onehot[idx])
        return votes / votes.sum(axis=1, keepdims=True)

    def predict(self, X):
        p = self.predict_proba(X)
        return self.classes_[p.argmax(axis=1)]


class KNNRegressor(_Core):
    def fit(self, X, y):
        y = np.asarray(y, dtype=np.float64)
        self._fit_common(X, len(y))
        self._y = y.copy()
        return self

    def predict(self, X):
        idx, w = self._search(X)
        return (w * self._y[idx]).sum(axis=1) / w.sum(axis=1)
