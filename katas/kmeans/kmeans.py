"""K-means clustering from scratch in numpy: the kmeans kata.

Implement ``KMeans`` below: k-means++ seeding, then Lloyd's algorithm (assign every point to its
nearest centre, move every centre to the mean of its points, repeat), with the attributes,
stopping rule, empty-cluster rule and errors described in README.md. Use numpy and the standard
library only; ``kata test`` runs the visible examples, ``kata grade`` the hidden grader.
"""

import numpy as np


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
        raise NotImplementedError

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
        raise NotImplementedError

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
        raise NotImplementedError

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
        raise NotImplementedError
