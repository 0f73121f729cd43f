# alternative: a loop over the k clusters with np.linalg.norm (not squared) distances, np.eye one-hot means, k-means++ with rng.choice over D^2, empty clusters re-seeded at a random point not yet a centre, validation helpers as functions
"""K-means with small pure functions: assign, update, seed."""

import numpy as np


def _validate(X):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError("X must be two-dimensional")
    if not np.isfinite(X).all():
        raise ValueError("X must not contain NaN or inf")
    return X


def distances(X, C):
    """Euclidean (not squared) distances, one column per centre: a loop over the k centres."""
    return np.stack([np.linalg.norm(X - c, axis=1) for c in C], axis=1)


def assign(X, C):
    return distances(X, C).argmin(axis=1)


def update(X, labels, k, rng):
    one_hot = np.eye(k)[labels]
    counts = one_hot.sum(axis=0)
    C = (one_hot.T @ X) / np.where(counts > 0, counts, 1)[:, None]
    empty = np.flatnonzero(counts == 0)
    for j in empty:
        taken = C[counts > 0]
        free = np.flatnonzero(distances(X, taken).min(axis=1) > 0) if len(taken) else np.arange(len(X))
        pick = rng.choice(free) if len(free) else rng.integers(len(X))
        C[j] = X[pick]
        counts[j] = 1
    return C


def seed_kmeans_pp(X, k, rng):
    n = len(X)
    chosen = [rng.integers(n)]
    d2 = distances(X, X[chosen]).min(axis=1) ** 2
    while len(chosen) < k:
        s = d2.sum()
        i = rng.choice(n, p=d2 / s) if s > 0 else rng.integers(n)
        chosen.append(i)
        d2 = np.minimum(d2, np.linalg.norm(X - X[i], axis=1) ** 2)
    return X[chosen].copy()


class KMeans:
    def __init__(self, n_clusters=8, *, init="k-means++", max_iter=300, tol=1e-4,
                 random_state=None):
        self.n_clusters = n_clusters
        self.init = init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state

    def fit(self, X):
        X = _validate(X)
        n, d = X.shape
        k = self.n_clusters
        if not (1 <= k <= n):
            raise ValueError("n_clusters out of range")
        rng = np.random.default_rng(self.random_state)
        if isinstance(self.init, str):
            if self.init == "k-means++":
                C = seed_kmeans_pp(X, k, rng)
            elif self.init == "random":
                C = X[rng.choice(n, size=k, replace=False)].copy()
            else:
                raise ValueError("unknown init")
        else:
            C = np.array(self.init, dtype=float)
            if C.shape != (k, d):
                raise ValueError("init shape mismatch")
        self.n_iter_ = 0
        while self.n_iter_ < self.max_iter:
            self.n_iter_ += 1
            new_C = update(X, assign(X, C), k, rng)
            delta = np.linalg.norm(new_C - C, axis=1).max()
            C = new_C
            if delta <= self.tol:
                break
        self.cluster_centers_ = C
        self.labels_ = assign(X, C)
        self.inertia_ = float(((X - C[self.labels_]) ** 2).sum())
        return self

    def predict(self, X):
        if not hasattr(self, "cluster_centers_"):
            raise RuntimeError("KMeans is not fitted")
        X = _validate(X)
        if X.shape[1] != self.cluster_centers_.shape[1]:
            raise ValueError("wrong number of features")
        return assign(X, self.cluster_centers_)

    def fit_predict(self, X):
        return self.fit(X).labels_
