# alternative: np.add.at sums, k-means++ by inverse CDF (cumsum + searchsorted), "random" by a permutation, inertia from the expansion on centred data, empty clusters re-seeded at the point farthest from the NEW centres, n_iter_ counted with an explicit labels test
"""K-means with np.add.at updates and an inverse-CDF k-means++."""

import numpy as np


def _sqdist(X, C):
    d2 = (X**2).sum(1)[:, None] - 2 * X @ C.T + (C**2).sum(1)[None, :]
    return np.clip(d2, 0, None)


class KMeans:
    def __init__(self, n_clusters=8, *, init="k-means++", max_iter=300, tol=1e-4,
                 random_state=None):
        self.n_clusters = n_clusters
        self.init = init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state

    def _check(self, X):
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2:
            raise ValueError(f"expected a 2-D X, got shape {X.shape}")
        if np.isnan(X).any() or np.isinf(X).any():
            raise ValueError("X has NaN or inf")
        return X

    def _init_centres(self, Xc, rng):
        n, d = Xc.shape
        k = self.n_clusters
        if isinstance(self.init, str) and self.init == "random":
            return Xc[rng.permutation(n)[:k]].copy()
        if isinstance(self.init, str) and self.init == "k-means++":
            idx = [rng.integers(n)]
            closest = _sqdist(Xc, Xc[idx])[:, 0]
            for _ in range(k - 1):
                cdf = np.cumsum(closest)
                if cdf[-1] <= 0:
                    nxt = rng.integers(n)
                else:
                    nxt = min(int(np.searchsorted(cdf, rng.random() * cdf[-1], side="right")), n - 1)
                idx.append(nxt)
                closest = np.minimum(closest, _sqdist(Xc, Xc[[nxt]])[:, 0])
            return Xc[idx].copy()
        if isinstance(self.init, str):
            raise ValueError(f"bad init {self.init!r}")
        return None

    def fit(self, X):
        X = self._check(X)
        n, d = X.shape
        k = self.n_clusters
        if k < 1 or k > n:
            raise ValueError("need 1 <= n_clusters <= n_samples")
        shift = X.mean(0)
        Xc = X - shift
        rng = np.random.default_rng(self.random_state)
        C = self._init_centres(Xc, rng)
        if C is None:
            C = np.array(self.init, dtype=np.float64)
            if C.shape != (k, d):
                raise ValueError("init array shape must be (n_clusters, n_features)")
            C = C - shift
        old = None
        for it in range(1, self.max_iter + 1):
            lab = _sqdist(Xc, C).argmin(1)
            sums = np.zeros((k, d))
            np.add.at(sums, lab, Xc)
            cnt = np.bincount(lab, minlength=k)
            newC = C.copy()
            nz = cnt > 0
            newC[nz] = sums[nz] / cnt[nz, None]
            if (~nz).any():
                far = np.argsort(-_sqdist(Xc, newC[nz]).min(1))
                newC[~nz] = Xc[far[: (~nz).sum()]]
            done = old is not None and np.array_equal(lab, old)
            move = np.sqrt(((newC - C) ** 2).sum(1))
            C = newC
            old = lab
            if done or np.all(move <= self.tol):
                break
        self.n_iter_ = it
        d2 = _sqdist(Xc, C)
        self.labels_ = d2.argmin(1)
        self.inertia_ = d2.min(1).sum()
        self.cluster_centers_ = C + shift
        return self

    def predict(self, X):
        if not hasattr(self, "cluster_centers_"):
            raise ValueError("call fit first")
        X = self._check(X)
        if X.shape[1] != self.cluster_centers_.shape[1]:
            raise ValueError("feature mismatch")
        m = self.cluster_centers_.mean(0)
        return _sqdist(X - m, self.cluster_centers_ - m).argmin(1)

    def fit_predict(self, X):
        return self.fit(X).labels_
