# alternative: plain Python loops over points and centres, the stdlib random.Random generator, labels-unchanged test before the update, empty clusters re-seeded at a random uncovered point
# may-fail: efficiency
"""K-means written the way many candidates first write it: lists and loops, no vectorization."""

import math
import numbers
import random

import numpy as np


def _sq(a, b):
    return sum((x - y) ** 2 for x, y in zip(a, b))


def _rows(X):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError("X must be 2-D")
    if not np.all(np.isfinite(X)):
        raise ValueError("X must be finite")
    return [list(map(float, row)) for row in X]


class KMeans:
    def __init__(self, n_clusters=8, *, init="k-means++", max_iter=300, tol=1e-4,
                 random_state=None):
        self.n_clusters = n_clusters
        self.init = init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state

    def _nearest(self, point, centres):
        best, best_d = 0, math.inf
        for j, c in enumerate(centres):
            d = _sq(point, c)
            if d < best_d:
                best, best_d = j, d
        return best, best_d

    def _seed(self, rows, rnd):
        k, n = self.n_clusters, len(rows)
        if isinstance(self.init, str):
            if self.init == "random":
                return [list(rows[i]) for i in rnd.sample(range(n), k)]
            if self.init != "k-means++":
                raise ValueError(f"unknown init {self.init!r}")
            centres = [list(rows[rnd.randrange(n)])]
            while len(centres) < k:
                weights = [self._nearest(p, centres)[1] for p in rows]
                if sum(weights) > 0:
                    i = rnd.choices(range(n), weights=weights)[0]
                else:
                    i = rnd.randrange(n)
                centres.append(list(rows[i]))
            return centres
        init = np.asarray(self.init, dtype=float)
        if init.shape != (k, len(rows[0])):
            raise ValueError("init has the wrong shape")
        return [list(map(float, row)) for row in init]

    def fit(self, X):
        rows = _rows(X)
        n = len(rows)
        k = self.n_clusters
        if not isinstance(k, numbers.Integral) or k < 1 or k > n:
            raise ValueError("n_clusters must be in [1, n_samples]")
        rnd = random.Random(self.random_state)
        centres = self._seed(rows, rnd)
        previous = None
        n_iter = 0
        for it in range(1, self.max_iter + 1):
            labels = [self._nearest(p, centres)[0] for p in rows]
            if labels == previous:
                break  # nothing would move: this iteration is not counted
            n_iter = it
            previous = labels
            new_centres = []
            for j in range(k):
                members = [p for p, lab in zip(rows, labels) if lab == j]
                if members:
                    new_centres.append([sum(col) / len(members) for col in zip(*members)])
                else:
                    new_centres.append(None)
            for j in range(k):
                if new_centres[j] is None:
                    taken = [c for c in new_centres if c is not None]
                    free = [p for p in rows if all(_sq(p, c) > 0 for c in taken)]
                    new_centres[j] = list(rnd.choice(free or rows))
            move = max(math.sqrt(_sq(a, b)) for a, b in zip(centres, new_centres))
            centres = new_centres
            if move <= self.tol:
                break
        labels = [self._nearest(p, centres)[0] for p in rows]
        self.cluster_centers_ = np.array(centres, dtype=float)
        self.labels_ = np.array(labels, dtype=int)
        self.inertia_ = float(sum(_sq(p, centres[lab]) for p, lab in zip(rows, labels)))
        self.n_iter_ = max(n_iter, 1)
        return self

    def predict(self, X):
        if not hasattr(self, "cluster_centers_"):
            raise RuntimeError("fit first")
        rows = _rows(X)
        if len(rows[0]) != self.cluster_centers_.shape[1]:
            raise ValueError("wrong number of features")
        centres = self.cluster_centers_.tolist()
        return np.array([self._nearest(p, centres)[0] for p in rows], dtype=int)

    def fit_predict(self, X):
        return self.fit(X).labels_
