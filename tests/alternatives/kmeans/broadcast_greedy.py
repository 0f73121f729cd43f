# alternative: (n, k, d) broadcasting for distances, greedy k-means++ (several candidates per draw, as scikit-learn), a seeded RandomState, checks in __init__, empty clusters split off the biggest cluster
"""K-means with broadcasting and scikit-learn's greedy k-means++ seeding."""

import numpy as np


class KMeans:
    def __init__(self, n_clusters=8, *, init="k-means++", max_iter=300, tol=1e-4,
                 random_state=None):
        if int(n_clusters) != n_clusters or n_clusters < 1:
            raise ValueError(f"n_clusters must be a positive integer, got {n_clusters}")
        if isinstance(init, str) and init not in ("k-means++", "random"):
            raise ValueError(f"init must be 'k-means++', 'random' or an array, got {init!r}")
        self.n_clusters = int(n_clusters)
        self.init = init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state

    @staticmethod
    def _d2(X, C):
        diff = X[:, None, :] - C[None, :, :]
        return np.einsum("nkd,nkd->nk", diff, diff)

    def _greedy_kmeans_pp(self, X, rs):
        n, k = len(X), self.n_clusters
        trials = 2 + int(np.log(k))
        centres = [X[rs.randint(n)]]
        closest = self._d2(X, centres[0][None])[:, 0]
        for _ in range(1, k):
            total = closest.sum()
            if total == 0:
                idx = rs.randint(n)
                centres.append(X[idx])
                continue
            # Draw several candidates by D^2 and keep the one that lowers the potential most.
            cand = np.searchsorted(np.cumsum(closest), rs.uniform(size=trials) * total)
            cand = np.minimum(cand, n - 1)
            pots = np.minimum(closest[None, :], self._d2(X, X[cand]).T)
            best = int(pots.sum(axis=1).argmin())
            centres.append(X[cand[best]])
            closest = pots[best]
        return np.array(centres)

    def fit(self, X):
        X = np.array(X, dtype=np.float64)
        if X.ndim != 2 or not np.isfinite(X).all():
            raise ValueError("X must be a finite 2-D array")
        n, d = X.shape
        k = self.n_clusters
        if k > n:
            raise ValueError(f"n_clusters={k} > n_samples={n}")
        rs = np.random.RandomState(self.random_state)
        if isinstance(self.init, str):
            C = (self._greedy_kmeans_pp(X, rs) if self.init == "k-means++"
                 else X[rs.permutation(n)[:k]].copy())
        else:
            C = np.array(self.init, dtype=np.float64)
            if C.shape != (k, d):
                raise ValueError(f"init must have shape {(k, d)}, got {C.shape}")
        labels = None
        n_iter = 0
        for it in range(self.max_iter):
            new_labels = self._d2(X, C).argmin(axis=1)
            if labels is not None and np.array_equal(new_labels, labels):
                break
            labels = new_labels
            n_iter = it + 1
            counts = np.bincount(labels, minlength=k)
            new_C = np.zeros_like(C)
            for j in range(k):
                if counts[j]:
                    new_C[j] = X[labels == j].mean(axis=0)
            for j in np.flatnonzero(counts == 0):
                # Split the biggest cluster: its point farthest from its centre starts a cluster.
                big = int(counts.argmax())
                members = np.flatnonzero(labels == big)
                far = members[np.argmax(((X[members] - new_C[big]) ** 2).sum(axis=1))]
                new_C[j] = X[far]
                labels = labels.copy()
                labels[far] = j
                counts[big] -= 1
                counts[j] += 1
            moved = np.linalg.norm(new_C - C, axis=1).max()
            C = new_C
            if moved <= self.tol:
                break
        d2 = self._d2(X, C)
        self.labels_ = d2.argmin(axis=1)
        self.cluster_centers_ = C
        self.inertia_ = d2[np.arange(n), self.labels_].sum()
        self.n_iter_ = max(n_iter, 1)
        return self

    def predict(self, X):
        if getattr(self, "cluster_centers_", None) is None:
            raise ValueError("not fitted")
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[1] != self.cluster_centers_.shape[1]:
            raise ValueError("X has the wrong number of features")
        return self._d2(X, self.cluster_centers_).argmin(axis=1)

    def fit_predict(self, X):
        self.fit(X)
        return self.labels_.copy()
