# mutant: predict stores the new labels in labels_, changing the fitted model
# expect: changed labels_
"""K-means clustering in numpy: the reference solution of the kmeans kata.

Lloyd's algorithm alternates two vectorized steps until nothing changes: give every point the
label of its nearest centre, then move every centre to the mean of its points. The starting
centres come from k-means++ (each new centre drawn with probability proportional to the squared
distance to the nearest centre already chosen), from k random rows of X, or from the caller.

Python loops only over iterations and over the k seeding draws; everything over the samples is
one array operation.
"""

from __future__ import annotations

import numbers

import numpy as np


def _squared_distances(X, centres, x_sq=None):
    """Squared Euclidean distances between every row of X and every centre.

    Parameters
    ----------
    X : ndarray of shape (n, d)
    centres : ndarray of shape (k, d)
    x_sq : ndarray of shape (n,), optional
        The squared norms of the rows of X, when the caller already has them.

    Returns
    -------
    ndarray of shape (n, k)
    """
    if x_sq is None:
        x_sq = np.einsum("ij,ij->i", X, X)
    # |x - c|^2 = |x|^2 + |c|^2 - 2 x.c: one matrix product instead of an (n, k, d) array,
    # summed in place (this is the largest array of every iteration).
    d2 = X @ (-2.0 * centres.T)
    d2 += np.einsum("ij,ij->i", centres, centres)
    d2 += x_sq[:, None]
    # Rounding can leave tiny negative values where the true distance is 0.
    return np.maximum(d2, 0.0, out=d2)


def _as_samples(X):
    """X as a finite float64 array of shape (n, d), or ValueError."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(
            f"X must be a 2-D array of shape (n_samples, n_features), got {X.ndim} dimension(s)"
        )
    if not np.isfinite(X).all():
        raise ValueError("X contains NaN or infinity")
    return X


class KMeans:
    """K-means clustering by Lloyd's algorithm.

    One iteration assigns every point to its nearest centre (Euclidean distance), then moves
    every centre to the mean of the points assigned to it. Fitting stops when no label changes
    or no centre moves more than ``tol``, or after ``max_iter`` iterations. A cluster that loses
    all its points is re-seeded, so no centre is ever NaN.

    Parameters
    ----------
    n_clusters : int, default=8
        The number of clusters k, with 1 <= k <= n_samples.
    init : {"k-means++", "random"} or array_like of shape (n_clusters, n_features), \
default="k-means++"
        How the first centres are chosen: "k-means++" draws each new centre with probability
        proportional to the squared distance to the nearest centre already chosen (the first
        uniformly); "random" takes k distinct rows of X uniformly at random; an array gives the
        initial centres themselves.
    max_iter : int, default=300
        The largest number of iterations.
    tol : float, default=1e-4
        Stop once no centre moves more than ``tol`` (Euclidean distance) in an iteration.
    random_state : int or None, default=None
        Seed of the random generator used for the initialisation; the same value gives the
        same result.

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
        The final centres.
    labels_ : ndarray of shape (n_samples,), dtype int
        The index of the nearest final centre of every training point.
    inertia_ : float
        The sum of squared distances of the training points to their nearest final centre.
    n_iter_ : int
        The number of iterations run, between 1 and ``max_iter``.

    Examples
    --------
    >>> X = [[0.0, 0.0], [0.0, 2.0], [10.0, 0.0], [10.0, 2.0]]
    >>> km = KMeans(n_clusters=2, init=[[1.0, 1.0], [9.0, 1.0]]).fit(X)
    >>> km.cluster_centers_
    array([[ 0.,  1.],
           [10.,  1.]])
    >>> km.labels_
    array([0, 0, 1, 1])
    >>> float(km.inertia_)
    4.0
    """

    def __init__(self, n_clusters=8, *, init="k-means++", max_iter=300, tol=1e-4,
                 random_state=None):
        self.n_clusters = n_clusters
        self.init = init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state

    def fit(self, X):
        """Compute the clustering of X.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)
            The training points. Neither X nor an ``init`` array is modified.

        Returns
        -------
        self : KMeans
            The fitted model, with ``cluster_centers_``, ``labels_``, ``inertia_`` and
            ``n_iter_`` set.

        Raises
        ------
        ValueError
            If X is not 2-D or not finite, if ``n_clusters`` is not in [1, n_samples], if
            ``init`` is an unknown string or an array of the wrong shape.
        """
        X = _as_samples(X)
        n, d = X.shape
        k = self.n_clusters
        if not isinstance(k, numbers.Integral) or not 1 <= k <= n:
            raise ValueError(f"n_clusters must be between 1 and n_samples={n}, got {k}")
        if self.max_iter < 1:
            raise ValueError(f"max_iter must be at least 1, got {self.max_iter}")
        if self.tol < 0:
            raise ValueError(f"tol must be non-negative, got {self.tol}")

        # Distances do not change under a shift; near the origin the expansion keeps its digits.
        mean = X.mean(axis=0)
        X = X - mean
        x_sq = np.einsum("ij,ij->i", X, X)
        centres = self._initial_centres(X, x_sq, mean, np.random.default_rng(self.random_state))

        for n_iter in range(1, self.max_iter + 1):
            d2 = _squared_distances(X, centres, x_sq)
            labels = d2.argmin(axis=1)
            new_centres = _cluster_means(X, labels, d2)
            shift = np.sqrt(((new_centres - centres) ** 2).sum(axis=1)).max()
            centres = new_centres
            # Unchanged labels give unchanged means: shift == 0 also covers "no label changed".
            if shift <= self.tol:
                break

        # The labels above belong to the centres before the last move: assign once more.
        labels = _squared_distances(X, centres, x_sq).argmin(axis=1)
        self.cluster_centers_ = centres + mean
        self.labels_ = labels
        self.inertia_ = float(((X - centres[labels]) ** 2).sum())
        self.n_iter_ = n_iter
        return self

    def predict(self, X):
        """Label new points with the index of their nearest fitted centre.

        Parameters
        ----------
        X : array_like of shape (m, n_features)
            The points to label.

        Returns
        -------
        labels : ndarray of shape (m,), dtype int
            The index of the nearest centre in ``cluster_centers_`` of every point.

        Raises
        ------
        RuntimeError
            If the model is not fitted yet.
        ValueError
            If X is not 2-D or not finite, or has another number of features than in ``fit``.
        """
        if not hasattr(self, "cluster_centers_"):
            raise RuntimeError("this KMeans is not fitted yet: call fit(X) first")
        X = _as_samples(X)
        centres = self.cluster_centers_
        if X.shape[1] != centres.shape[1]:
            raise ValueError(
                f"X has {X.shape[1]} features, but KMeans was fitted with {centres.shape[1]}"
            )
        origin = centres.mean(axis=0)
        self.labels_ = _squared_distances(X - origin, centres - origin).argmin(axis=1)
        return self.labels_

    def fit_predict(self, X):
        """Fit the model to X and return the labels of its points.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)
            The training points.

        Returns
        -------
        labels : ndarray of shape (n_samples,), dtype int
            The same as ``fit(X).labels_``.
        """
        return self.fit(X).labels_

    def _initial_centres(self, X, x_sq, mean, rng):
        """The starting centres, shape (k, d), in the coordinates of the centred X."""
        n, d = X.shape
        k = self.n_clusters
        if isinstance(self.init, str):
            if self.init == "k-means++":
                return _kmeans_plus_plus(X, x_sq, k, rng)
            if self.init == "random":
                return X[rng.choice(n, size=k, replace=False)]
            raise ValueError(
                f'init must be "k-means++", "random" or an array of shape (n_clusters, '
                f"n_features), got {self.init!r}"
            )
        centres = np.asarray(self.init, dtype=np.float64)
        if centres.shape != (k, d):
            raise ValueError(
                f"init array must have shape (n_clusters, n_features) = ({k}, {d}), "
                f"got {centres.shape}"
            )
        if not np.isfinite(centres).all():
            raise ValueError("init array contains NaN or infinity")
        return centres - mean


def _kmeans_plus_plus(X, x_sq, k, rng):
    """k-means++ seeding: k rows of X, each drawn with probability proportional to D(x)^2.

    Parameters
    ----------
    X : ndarray of shape (n, d)
    x_sq : ndarray of shape (n,)
        The squared norms of the rows of X.
    k : int
    rng : numpy.random.Generator

    Returns
    -------
    ndarray of shape (k, d)
    """
    n = len(X)
    chosen = [int(rng.integers(n))]
    closest = _squared_distances(X, X[chosen], x_sq)[:, 0]
    for _ in range(1, k):
        total = closest.sum()
        # total == 0: every point already sits on a centre (fewer distinct points than k).
        i = int(rng.choice(n, p=closest / total)) if total > 0 else int(rng.integers(n))
        chosen.append(i)
        closest = np.minimum(closest, _squared_distances(X, X[[i]], x_sq)[:, 0])
    return X[chosen]


def _cluster_means(X, labels, d2):
    """The mean of every cluster; an empty cluster is re-seeded at a far point.

    Parameters
    ----------
    X : ndarray of shape (n, d)
    labels : ndarray of shape (n,)
        The cluster of every point.
    d2 : ndarray of shape (n, k)
        The squared distances from which ``labels`` were taken.

    Returns
    -------
    ndarray of shape (k, d)
    """
    n, k = d2.shape
    one_hot = np.zeros((k, n))
    one_hot[labels, np.arange(n)] = 1.0
    counts = np.bincount(labels, minlength=k)
    # Summing through a one-hot matrix is one matrix product, faster than np.add.at.
    new_centres = (one_hot @ X) / np.maximum(counts, 1)[:, None]
    empty = np.flatnonzero(counts == 0)
    if empty.size:
        # Each empty cluster takes one of the points farthest from their own centre.
        farthest = np.argsort(d2[np.arange(n), labels])[::-1][: empty.size]
        new_centres[empty] = X[farthest]
    return new_centres
