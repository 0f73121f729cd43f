# alternative: written blind from the prompt: checks in __init__, greedy k-means++, per-cluster exact distances, D2-weighted re-seeding, int32 labels, squared tol comparison
"""impl_3: other valid choices.

- parameter validation that does not need X happens in __init__;
- greedy k-means++ (several candidates per draw, keep the one with the lowest potential);
- distances by exact differences, a loop over the k clusters (O(n*k) memory);
- centre update by a loop over the k clusters;
- empty clusters re-seeded by a D^2-weighted draw (k-means++ style) from the generator;
- labels as int32 (like scikit-learn), unfitted predict raises ValueError;
- random_state may also be a numpy Generator.
"""

import math

import numpy as np


class KMeans:
    def __init__(self, n_clusters=8, *, init="k-means++", max_iter=300, tol=1e-4,
                 random_state=None):
        if int(n_clusters) != n_clusters or n_clusters < 1:
            raise ValueError(f"n_clusters must be a positive integer, got {n_clusters!r}")
        if isinstance(init, str) and init not in ("k-means++", "random"):
            raise ValueError(f"init must be 'k-means++', 'random' or an array, got {init!r}")
        if max_iter < 1:
            raise ValueError("max_iter must be >= 1")
        if tol < 0:
            raise ValueError("tol must be >= 0")
        self.n_clusters = int(n_clusters)
        self.init = init
        self.max_iter = int(max_iter)
        self.tol = float(tol)
        self.random_state = random_state

    # -------------------------------------------------------------- internals
    @staticmethod
    def _as_2d_finite(X):
        X = np.asarray(X)
        if X.ndim != 2:
            raise ValueError(f"expected a 2-D array, got shape {X.shape}")
        X = X.astype(np.float64)  # always a new array
        if not np.isfinite(X).all():
            raise ValueError("input contains NaN or infinity")
        return X

    @staticmethod
    def _dist2(X, C):
        D = np.empty((X.shape[0], C.shape[0]))
        for j in range(C.shape[0]):
            diff = X - C[j]
            D[:, j] = np.einsum("ij,ij->i", diff, diff)
        return D

    def _rng(self):
        if isinstance(self.random_state, np.random.Generator):
            # copy so that fitting twice gives the same result
            bitgen = type(self.random_state.bit_generator)()
            bitgen.state = self.random_state.bit_generator.state
            return np.random.Generator(bitgen)
        return np.random.default_rng(self.random_state)

    def _greedy_kmeanspp(self, X, rng):
        n = X.shape[0]
        k = self.n_clusters
        n_trials = 2 + int(math.log(k))
        centres = np.empty((k, X.shape[1]))
        first = rng.integers(n)
        centres[0] = X[first]
        closest = self._dist2(X, X[first:first + 1])[:, 0]
        for c in range(1, k):
            pot = closest.sum()
            if pot <= 0:
                i = int(rng.integers(n))
                centres[c] = X[i]
                continue
            cand = rng.choice(n, size=n_trials, p=closest / pot)
            cand_d = np.minimum(closest[:, None], self._dist2(X, X[cand]))  # (n, trials)
            best = int(np.argmin(cand_d.sum(axis=0)))
            centres[c] = X[cand[best]]
            closest = cand_d[:, best]
        return centres

    # -------------------------------------------------------------- API
    def fit(self, X):
        X = self._as_2d_finite(X)
        n, d = X.shape
        k = self.n_clusters
        if k > n:
            raise ValueError(f"n_clusters={k} is larger than n_samples={n}")
        rng = self._rng()

        if isinstance(self.init, str):
            if self.init == "k-means++":
                C = self._greedy_kmeanspp(X, rng)
            else:
                C = X[rng.permutation(n)[:k]]
        else:
            C = np.array(self.init, dtype=np.float64, copy=True)
            if C.shape != (k, d):
                raise ValueError(f"init has shape {C.shape}, expected {(k, d)}")

        prev = None
        it = 0
        while it < self.max_iter:
            it += 1
            D = self._dist2(X, C)
            labels = D.argmin(axis=1)
            unchanged = prev is not None and np.array_equal(labels, prev)
            newC = C.copy()
            empty = []
            for j in range(k):
                mask = labels == j
                if mask.any():
                    newC[j] = X[mask].mean(axis=0)
                else:
                    empty.append(j)
            if empty:
                kept = [j for j in range(k) if j not in empty]
                closest = self._dist2(X, newC[kept]).min(axis=1)
                for j in empty:
                    pot = closest.sum()
                    i = int(rng.choice(n, p=closest / pot)) if pot > 0 else int(rng.integers(n))
                    newC[j] = X[i]
                    closest = np.minimum(closest, self._dist2(X, X[i:i + 1])[:, 0])
            shift2 = ((newC - C) ** 2).sum(axis=1).max()
            C = newC
            if unchanged or shift2 <= self.tol ** 2:
                break
            prev = labels

        D = self._dist2(X, C)
        labels = D.argmin(axis=1).astype(np.int32)
        self.cluster_centers_ = C
        self.labels_ = labels
        self.inertia_ = np.float64(D[np.arange(n), labels].sum())
        self.n_iter_ = it
        self.n_features_in_ = d
        return self

    def predict(self, X):
        if getattr(self, "cluster_centers_", None) is None:
            raise ValueError("KMeans is not fitted yet")
        X = self._as_2d_finite(X)
        if X.shape[1] != self.cluster_centers_.shape[1]:
            raise ValueError(f"X has {X.shape[1]} features, the model was fitted on "
                             f"{self.cluster_centers_.shape[1]}")
        return self._dist2(X, self.cluster_centers_).argmin(axis=1).astype(np.int32)

    def fit_predict(self, X):
        return self.fit(X).labels_
