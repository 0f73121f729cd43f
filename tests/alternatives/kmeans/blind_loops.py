# alternative: written blind from the prompt: Python loops over the points, farthest-point re-seeding
# may-fail: efficiency
"""impl_2: readable, explicit Python loops over the samples (slow but correct)."""

import math

import numpy as np


class KMeans:
    def __init__(self, n_clusters=8, *, init="k-means++", max_iter=300, tol=1e-4,
                 random_state=None):
        self.n_clusters = n_clusters
        self.init = init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state

    @staticmethod
    def _validate(X):
        X = np.array(X, dtype=float)
        if X.ndim != 2:
            raise ValueError("X must be a 2-D array")
        if np.isnan(X).any() or np.isinf(X).any():
            raise ValueError("X must not contain NaN or infinity")
        return X

    @staticmethod
    def _sqdist(a, b):
        total = 0.0
        for u, v in zip(a, b):
            total += (u - v) * (u - v)
        return total

    def _nearest(self, x, centres):
        best, best_d = 0, math.inf
        for j, c in enumerate(centres):
            dist = self._sqdist(x, c)
            if dist < best_d:
                best, best_d = j, dist
        return best, best_d

    def _assign(self, X, centres):
        labels = np.zeros(len(X), dtype=int)
        dists = np.zeros(len(X))
        for i, x in enumerate(X):
            labels[i], dists[i] = self._nearest(x, centres)
        return labels, dists

    def _plus_plus(self, X, rng):
        n = len(X)
        centres = [X[rng.integers(n)]]
        closest = [self._sqdist(x, centres[0]) for x in X]
        while len(centres) < self.n_clusters:
            total = sum(closest)
            if total <= 0:
                i = int(rng.integers(n))
            else:
                r = rng.random() * total
                acc = 0.0
                i = n - 1
                for idx, w in enumerate(closest):
                    acc += w
                    if acc > r:
                        i = idx
                        break
                # never pick a zero-weight point due to rounding at the end
                while closest[i] == 0:
                    i -= 1
            centres.append(X[i])
            for idx, x in enumerate(X):
                closest[idx] = min(closest[idx], self._sqdist(x, X[i]))
        return np.array(centres, dtype=float)

    def fit(self, X):
        X = self._validate(X)
        n, d = X.shape
        k = self.n_clusters
        if k < 1 or k > n:
            raise ValueError(f"n_clusters must be between 1 and n_samples={n}, got {k}")
        rng = np.random.default_rng(self.random_state)

        if isinstance(self.init, str):
            if self.init == "k-means++":
                centres = self._plus_plus(X, rng)
            elif self.init == "random":
                centres = X[rng.choice(n, size=k, replace=False)].astype(float)
            else:
                raise ValueError(f"unknown init method: {self.init}")
        else:
            centres = np.array(self.init, dtype=float)
            if centres.shape != (k, d):
                raise ValueError(f"init must have shape {(k, d)}, got {centres.shape}")

        old_labels = None
        n_iter = 0
        for _ in range(self.max_iter):
            n_iter += 1
            labels, dists = self._assign(X, centres)
            sums = np.zeros((k, d))
            counts = np.zeros(k, dtype=int)
            for i in range(n):
                sums[labels[i]] += X[i]
                counts[labels[i]] += 1
            new_centres = centres.copy()
            taken = set()
            for j in range(k):
                if counts[j] > 0:
                    new_centres[j] = sums[j] / counts[j]
            for j in range(k):
                if counts[j] == 0:
                    # re-seed: the point farthest from its own centre
                    far, far_d = -1, -1.0
                    for i in range(n):
                        if i not in taken and dists[i] > far_d:
                            far, far_d = i, dists[i]
                    taken.add(far)
                    new_centres[j] = X[far]
            largest_move = max(math.sqrt(self._sqdist(a, b))
                               for a, b in zip(centres, new_centres))
            centres = new_centres
            if old_labels is not None and list(labels) == list(old_labels):
                break
            if largest_move <= self.tol:
                break
            old_labels = labels

        labels, dists = self._assign(X, centres)
        self.cluster_centers_ = centres
        self.labels_ = labels
        self.inertia_ = float(sum(dists))
        self.n_iter_ = n_iter
        self._n_features = d
        return self

    def predict(self, X):
        if not hasattr(self, "cluster_centers_"):
            raise RuntimeError("call fit before predict")
        X = self._validate(X)
        if X.shape[1] != self._n_features:
            raise ValueError(f"expected {self._n_features} features, got {X.shape[1]}")
        labels, _ = self._assign(X, self.cluster_centers_)
        return labels

    def fit_predict(self, X):
        self.fit(X)
        return self.labels_
