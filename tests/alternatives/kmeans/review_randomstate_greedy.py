# alternative: written from the prompt alone: legacy RandomState, greedy k-means++, scikit-learn's loop and relocation
"""Style 1: mirrors scikit-learn closely.

- legacy np.random.RandomState built from random_state (like sklearn's check_random_state)
- greedy k-means++ (2 + log k local trials, keep the candidate with lowest potential)
- int32 labels (like sklearn), inertia_ as Python float, n_iter_ as Python int
- empty clusters relocated to the points farthest from their centres (sklearn's rule)
- sklearn's loop shape: strict convergence on labels, else tol, final E-step if not strict
"""

import numpy as np


def _row_norms_sq(X):
    return np.einsum("ij,ij->i", X, X)


def _euclidean_sq(X, Y, X_sq=None):
    if X_sq is None:
        X_sq = _row_norms_sq(X)
    Y_sq = _row_norms_sq(Y)
    D = X_sq[:, None] + Y_sq[None, :] - 2.0 * (X @ Y.T)
    np.maximum(D, 0.0, out=D)
    return D


def _check_array(X, name="X"):
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"Expected 2D array for {name}, got {X.ndim}D array instead.")
    if not np.isfinite(X).all():
        raise ValueError(f"Input {name} contains NaN or infinity.")
    return X


class KMeans:
    def __init__(self, n_clusters=8, *, init="k-means++", max_iter=300, tol=1e-4,
                 random_state=None):
        self.n_clusters = n_clusters
        self.init = init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state

    # -- sklearn-ish helpers -------------------------------------------------------------
    def _check_params(self, X):
        n_samples = X.shape[0]
        if not (1 <= self.n_clusters <= n_samples):
            raise ValueError(
                f"n_samples={n_samples} should be >= n_clusters={self.n_clusters} and "
                f"n_clusters should be >= 1.")
        if isinstance(self.init, str):
            if self.init not in ("k-means++", "random"):
                raise ValueError(f"init should be 'k-means++', 'random' or an array, "
                                 f"got {self.init!r}.")
        else:
            init = np.asarray(self.init, dtype=np.float64)
            if init.shape != (self.n_clusters, X.shape[1]):
                raise ValueError(f"The shape of the initial centers {init.shape} does not "
                                 f"match ({self.n_clusters}, {X.shape[1]}).")
            if not np.isfinite(init).all():
                raise ValueError("init contains NaN or infinity.")

    def _kmeans_plusplus(self, X, x_sq, random_state):
        n_samples, n_features = X.shape
        k = self.n_clusters
        centers = np.empty((k, n_features), dtype=X.dtype)
        n_local_trials = 2 + int(np.log(k))
        center_id = random_state.randint(n_samples)
        centers[0] = X[center_id]
        closest = _euclidean_sq(centers[0:1], X, _row_norms_sq(centers[0:1]))[0]
        pot = closest.sum()
        for c in range(1, k):
            if pot <= 0.0:
                # fewer distinct points than clusters: pick any row
                centers[c] = X[random_state.randint(n_samples)]
                continue
            rand_vals = random_state.uniform(size=n_local_trials) * pot
            cand = np.searchsorted(np.cumsum(closest), rand_vals, side="right")
            np.clip(cand, None, n_samples - 1, out=cand)
            d_cand = _euclidean_sq(X[cand], X, x_sq[cand])  # (trials, n)
            np.minimum(closest, d_cand, out=d_cand)
            pots = d_cand.sum(axis=1)
            best = int(np.argmin(pots))
            pot = pots[best]
            closest = d_cand[best]
            centers[c] = X[cand[best]]
        return centers

    def _init_centroids(self, X, x_sq, random_state):
        if isinstance(self.init, str) and self.init == "k-means++":
            return self._kmeans_plusplus(X, x_sq, random_state)
        if isinstance(self.init, str) and self.init == "random":
            seeds = random_state.permutation(X.shape[0])[: self.n_clusters]
            return X[seeds]
        return np.array(self.init, dtype=np.float64) - self._mean  # copy, centred

    # -- public API ------------------------------------------------------------------------
    def fit(self, X):
        X = _check_array(X)
        self._check_params(X)
        random_state = np.random.RandomState(self.random_state)
        self._mean = X.mean(axis=0)
        Xc = X - self._mean
        x_sq = _row_norms_sq(Xc)
        centers = self._init_centroids(Xc, x_sq, random_state)
        k = self.n_clusters

        labels_old = np.full(X.shape[0], -1, dtype=np.int32)
        strict_convergence = False
        i = 0
        for i in range(self.max_iter):
            D = _euclidean_sq(Xc, centers, x_sq)
            labels = D.argmin(axis=1).astype(np.int32)
            counts = np.bincount(labels, minlength=k)
            new_centers = np.zeros_like(centers)
            np.add.at(new_centers, labels, Xc)
            nonempty = counts > 0
            new_centers[nonempty] /= counts[nonempty, None]
            empty = np.flatnonzero(~nonempty)
            if empty.size:
                # relocate to the points farthest from their centres
                dist_own = D[np.arange(X.shape[0]), labels]
                far = np.argsort(dist_own, kind="stable")[::-1][: empty.size]
                new_centers[empty] = Xc[far]
            shift = np.sqrt(((new_centers - centers) ** 2).sum(axis=1))
            centers = new_centers
            if np.array_equal(labels, labels_old):
                strict_convergence = True
                break
            if shift.max() <= self.tol:
                break
            labels_old = labels

        if not strict_convergence:
            D = _euclidean_sq(Xc, centers, x_sq)
            labels = D.argmin(axis=1).astype(np.int32)
        else:
            D = _euclidean_sq(Xc, centers, x_sq)
            labels = D.argmin(axis=1).astype(np.int32)
        self.cluster_centers_ = centers + self._mean
        self.labels_ = labels
        self.inertia_ = float(D[np.arange(X.shape[0]), labels].sum())
        self.n_iter_ = i + 1
        self.n_features_in_ = X.shape[1]
        return self

    def predict(self, X):
        if not hasattr(self, "cluster_centers_"):
            raise RuntimeError("This KMeans instance is not fitted yet. Call 'fit' first.")
        X = _check_array(X)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"X has {X.shape[1]} features, but KMeans is expecting "
                             f"{self.n_features_in_} features as input.")
        Xc = X - self._mean
        centers = self.cluster_centers_ - self._mean
        return _euclidean_sq(Xc, centers).argmin(axis=1).astype(np.int32)

    def fit_predict(self, X):
        return self.fit(X).labels_
