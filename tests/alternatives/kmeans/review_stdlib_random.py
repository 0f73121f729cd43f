# alternative: written from the prompt alone: random.Random as generator, chunked exact distances, inverse-CDF k-means++, D2-weighted re-seeding
"""Style 3: chunked, exact distances, the standard library's random.Random as the generator.

Unusual-but-legal choices:
- "All randomness comes from a generator built from random_state, e.g. default_rng": here the
  generator is random.Random(random_state) (stdlib), built afresh in each fit;
- distances are exact differences (x - c)^2 computed in blocks of rows (a loop over chunks
  of 1024 points, never over single points): O(chunk * k * d) extra memory, no cancellation;
- k-means++ draws by inverse CDF (np.searchsorted on the cumulative D^2);
- empty clusters are re-seeded *randomly*: a point drawn with probability proportional to its
  squared distance to its own centre (a k-means++-style re-seed);
- tol is compared as squared move <= tol**2;
- labels dtype np.intp, inertia_ accumulated with math.fsum.
"""

import math
import random

import numpy as np

CHUNK = 1024


def _validate(X, name="X"):
    A = np.array(X, dtype=np.float64)  # always a private copy
    if A.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array, got shape {A.shape}")
    if not np.all(np.isfinite(A)):
        raise ValueError(f"{name} must not contain NaN or infinity")
    return A


def _assign(A, C):
    """Nearest centre and squared distance to it, block by block."""
    n = A.shape[0]
    lab = np.empty(n, dtype=np.intp)
    dist = np.empty(n, dtype=np.float64)
    for s in range(0, n, CHUNK):
        blk = A[s:s + CHUNK]
        diff = blk[:, None, :] - C[None, :, :]
        D = np.einsum("ijk,ijk->ij", diff, diff)
        l = D.argmin(axis=1)
        lab[s:s + CHUNK] = l
        dist[s:s + CHUNK] = D[np.arange(blk.shape[0]), l]
    return lab, dist


def _sq_to_one(A, c):
    out = np.empty(A.shape[0])
    for s in range(0, A.shape[0], CHUNK):
        diff = A[s:s + CHUNK] - c
        out[s:s + CHUNK] = np.einsum("ij,ij->i", diff, diff)
    return out


def _draw(weights, rng):
    cum = np.cumsum(weights)
    total = cum[-1]
    if not total > 0:
        return rng.randrange(len(weights))
    i = int(np.searchsorted(cum, rng.random() * total, side="right"))
    return min(i, len(weights) - 1)


class KMeans:
    def __init__(self, n_clusters=8, *, init="k-means++", max_iter=300, tol=1e-4,
                 random_state=None):
        self.n_clusters = n_clusters
        self.init = init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state

    def _initial(self, A, rng):
        n, p = A.shape
        k = self.n_clusters
        if isinstance(self.init, str):
            if self.init == "random":
                return A[rng.sample(range(n), k)].copy()
            if self.init == "k-means++":
                C = np.empty((k, p))
                C[0] = A[rng.randrange(n)]
                d2 = _sq_to_one(A, C[0])
                for j in range(1, k):
                    C[j] = A[_draw(d2, rng)]
                    np.minimum(d2, _sq_to_one(A, C[j]), out=d2)
                return C
            raise ValueError(f"init must be 'k-means++', 'random' or an array, got {self.init!r}")
        C = _validate(self.init, "init")
        if C.shape != (k, p):
            raise ValueError(f"init must have shape ({k}, {p}), got {C.shape}")
        return C

    def fit(self, X):
        A = _validate(X)
        n, p = A.shape
        k = self.n_clusters
        if k < 1 or k > n:
            raise ValueError(f"n_clusters must satisfy 1 <= n_clusters <= n_samples={n}; "
                             f"got {k}")
        rng = random.Random(self.random_state)
        C = self._initial(A, rng)
        tol2 = float(self.tol) ** 2
        prev = None
        it = 0
        while it < self.max_iter:
            it += 1
            lab, dist = _assign(A, C)
            counts = np.bincount(lab, minlength=k)
            onehot_sums = np.zeros((k, p))
            np.add.at(onehot_sums, lab, A)
            newC = C.copy()
            nz = counts > 0
            newC[nz] = onehot_sums[nz] / counts[nz][:, None]
            for j in np.flatnonzero(~nz):
                newC[j] = A[_draw(dist, rng)]
            moved2 = ((newC - C) ** 2).sum(axis=1).max()
            C = newC
            if prev is not None and np.array_equal(prev, lab) and nz.all():
                break
            if moved2 <= tol2:
                break
            prev = lab
        lab, dist = _assign(A, C)
        self.cluster_centers_ = C
        self.labels_ = lab
        self.inertia_ = math.fsum(dist)
        self.n_iter_ = it
        return self

    def predict(self, X):
        if getattr(self, "cluster_centers_", None) is None:
            raise RuntimeError("KMeans is not fitted")
        A = _validate(X)
        if A.shape[1] != self.cluster_centers_.shape[1]:
            raise ValueError("X has a different number of features than the fitted data")
        return _assign(A, self.cluster_centers_)[0]

    def fit_predict(self, X):
        return self.fit(X).labels_
