# alternative: written from the prompt alone: helper classes, random init among distinct values, re-seeding splits the cluster with the largest error
"""Style 5: OOP with helper classes (a distance engine, seeders, a Lloyd runner).

Unusual-but-legal choices:
- "no label changed in this iteration" read as: the labels w.r.t. the moved centres equal the
  labels the iteration started from (one assignment per iteration; n_iter_=2 on the README
  example, which the README says is accepted);
- labels are int32, inertia_ is np.float64, n_iter_ is np.int64 (numpy scalar ints);
- "random": n_clusters distinct rows, drawn uniformly among the *distinct values* of X when
  there are enough of them (distinct rows in the strongest sense), else distinct indices;
- k-means++ with all D^2 = 0 picks the lowest-index row not yet used as a centre;
- empty cluster: re-seeded to the point of the cluster with the largest SSE that is farthest
  from that cluster's centre (it splits the worst cluster).
"""

from dataclasses import dataclass

import numpy as np


class _Distances:
    """Squared Euclidean distances to a set of centres, with the data centred for accuracy."""

    def __init__(self, X, origin):
        self.origin = origin
        self.X = X - origin
        self.sq = np.einsum("ij,ij->i", self.X, self.X)

    def to(self, C):
        Cc = C - self.origin
        D = self.sq[:, None] + np.einsum("ij,ij->i", Cc, Cc)[None, :] - 2.0 * self.X @ Cc.T
        return np.maximum(D, 0.0)

    def assign(self, C):
        D = self.to(C)
        lab = np.argmin(D, axis=1).astype(np.int32)
        return lab, np.take_along_axis(D, lab[:, None].astype(np.intp), axis=1)[:, 0]


class _PlusPlusSeeder:
    def __call__(self, X, dist, k, rng):
        n = X.shape[0]
        used = np.zeros(n, dtype=bool)
        first = int(rng.integers(n))
        used[first] = True
        idx = [first]
        d2 = dist.to(X[first:first + 1])[:, 0]
        for _ in range(1, k):
            total = d2.sum()
            if total > 0:
                i = int(rng.choice(n, p=d2 / total))
            else:
                i = int(np.flatnonzero(~used)[0])
            used[i] = True
            idx.append(i)
            d2 = np.minimum(d2, dist.to(X[i:i + 1])[:, 0])
        return X[idx].copy()


class _RandomSeeder:
    def __call__(self, X, dist, k, rng):
        uniq = np.unique(X, axis=0)
        if len(uniq) >= k:
            return uniq[rng.choice(len(uniq), size=k, replace=False)].copy()
        return X[rng.choice(X.shape[0], size=k, replace=False)].copy()


@dataclass
class _LloydResult:
    centres: np.ndarray
    labels: np.ndarray
    d2: np.ndarray
    n_iter: int


class _Lloyd:
    def __init__(self, max_iter, tol):
        self.max_iter = max_iter
        self.tol = tol

    @staticmethod
    def _means(X, lab, k, C, d2):
        counts = np.bincount(lab, minlength=k)
        S = np.zeros((k, X.shape[1]))
        np.add.at(S, lab, X)
        new = C.copy()
        full = counts > 0
        new[full] = S[full] / counts[full, None]
        taken = np.zeros(X.shape[0], dtype=bool)
        for j in np.flatnonzero(~full):
            sse = np.bincount(lab, weights=d2, minlength=k)
            worst = int(np.argmax(sse))
            cand = np.where((lab == worst) & ~taken, d2, -1.0)
            i = int(np.argmax(cand))
            if cand[i] < 0:  # nothing left in the worst cluster: farthest point overall
                i = int(np.argmax(np.where(taken, -1.0, d2)))
            taken[i] = True
            new[j] = X[i]
        return new

    def run(self, X, dist, C):
        k = C.shape[0]
        lab, d2 = dist.assign(C)
        it = 0
        while it < self.max_iter:
            it += 1
            new = self._means(X, lab, k, C, d2)
            move = np.sqrt(np.sum((new - C) ** 2, axis=1)).max()
            C = new
            new_lab, d2 = dist.assign(C)
            settled = np.array_equal(new_lab, lab)
            lab = new_lab
            if settled or move <= self.tol:
                break
        return _LloydResult(C, lab, d2, it)


class _Validator:
    @staticmethod
    def points(X, what="X"):
        A = np.asarray(X, dtype=np.float64)
        if A.ndim != 2:
            raise ValueError(f"{what} must be 2-D, got {A.ndim}-D")
        if not np.isfinite(A).all():
            raise ValueError(f"{what} has NaN or infinite values")
        return A


class KMeans:
    _SEEDERS = {"k-means++": _PlusPlusSeeder, "random": _RandomSeeder}

    def __init__(self, n_clusters=8, *, init="k-means++", max_iter=300, tol=1e-4,
                 random_state=None):
        self.n_clusters = n_clusters
        self.init = init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state

    def fit(self, X):
        X = _Validator.points(X)
        n, p = X.shape
        k = self.n_clusters
        if k < 1 or k > n:
            raise ValueError(f"n_clusters={k} is not in [1, n_samples={n}]")
        dist = _Distances(X, X.mean(axis=0))
        rng = np.random.default_rng(self.random_state)
        if isinstance(self.init, str):
            if self.init not in self._SEEDERS:
                raise ValueError(f"unknown init {self.init!r}")
            C = self._SEEDERS[self.init]()(X, dist, k, rng)
        else:
            C = np.array(_Validator.points(self.init, "init"), copy=True)
            if C.shape != (k, p):
                raise ValueError(f"init has shape {C.shape}; expected ({k}, {p})")
        res = _Lloyd(self.max_iter, self.tol).run(X, dist, C)
        self._dist_origin = dist.origin
        self.cluster_centers_ = res.centres
        self.labels_ = res.labels
        self.inertia_ = np.float64(res.d2.sum())
        self.n_iter_ = np.int64(res.n_iter)
        return self

    def predict(self, X):
        if not hasattr(self, "cluster_centers_"):
            raise RuntimeError("KMeans instance is not fitted yet")
        X = _Validator.points(X)
        if X.shape[1] != self.cluster_centers_.shape[1]:
            raise ValueError(f"expected {self.cluster_centers_.shape[1]} features, "
                             f"got {X.shape[1]}")
        return _Distances(X, self._dist_origin).assign(self.cluster_centers_)[0]

    def fit_predict(self, X):
        return self.fit(X).labels_
