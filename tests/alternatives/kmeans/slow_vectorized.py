# alternative: vectorized but unhurried: np.linalg.norm over an (n, k, d) array, cluster means by a loop over boolean masks, k-means++ recomputing the distances to every chosen centre at each draw (O(n k^2 d)), n_clusters not type-checked
# may-fail: efficiency
"""K-means in the style of a first vectorized attempt: correct, simple, not the fastest."""

import numpy as np


class KMeans:
    def __init__(self, n_clusters=8, *, init="k-means++", max_iter=300, tol=1e-4, random_state=None):
        self.n_clusters, self.init, self.max_iter, self.tol, self.random_state = n_clusters, init, max_iter, tol, random_state

    def _dist(self, X, C):
        return np.linalg.norm(X[:, None, :] - C[None, :, :], axis=2)

    def fit(self, X):
        X = np.array(X, dtype=float)
        if X.ndim != 2 or not np.isfinite(X).all():
            raise ValueError("bad X")
        n, d = X.shape
        k = self.n_clusters
        if k < 1 or k > n:
            raise ValueError("bad k")
        rng = np.random.default_rng(self.random_state)
        if isinstance(self.init, str):
            if self.init == "k-means++":
                C = X[[rng.integers(n)]]
                while len(C) < k:
                    D2 = self._dist(X, C).min(axis=1) ** 2   # all chosen centres, every draw
                    i = rng.choice(n, p=D2 / D2.sum()) if D2.sum() > 0 else rng.integers(n)
                    C = np.vstack([C, X[i]])
            elif self.init == "random":
                C = X[rng.choice(n, k, replace=False)]
            else:
                raise ValueError("bad init")
        else:
            C = np.array(self.init, dtype=float)
            if C.shape != (k, d):
                raise ValueError("bad init shape")
        for it in range(1, self.max_iter + 1):
            labels = self._dist(X, C).argmin(axis=1)
            new = C.copy()
            for j in range(k):
                pts = X[labels == j]
                if len(pts):
                    new[j] = pts.mean(axis=0)
                else:
                    far = self._dist(X, C).min(axis=1).argmax()
                    new[j] = X[far]
            shift = np.linalg.norm(new - C, axis=1).max()
            C = new
            if shift <= self.tol:
                break
        self.cluster_centers_ = C
        self.labels_ = self._dist(X, C).argmin(axis=1)
        self.inertia_ = float((self._dist(X, C).min(axis=1) ** 2).sum())
        self.n_iter_ = it
        return self

    def predict(self, X):
        if not hasattr(self, "cluster_centers_"):
            raise RuntimeError("not fitted")
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[1] != self.cluster_centers_.shape[1]:
            raise ValueError("features")
        return self._dist(X, self.cluster_centers_).argmin(axis=1)

    def fit_predict(self, X):
        return self.fit(X).labels_
