"""k-nearest neighbours: a classifier and a regressor, from scratch in numpy.

Implement ``KNNClassifier`` and ``KNNRegressor`` below (README.md has the full statement).
``fit`` stores the training set; ``predict`` finds, for every query, the ``n_neighbors``
training points nearest in Euclidean distance and lets them vote (classifier) or averages
their targets (regressor), either equally (``weights="uniform"``) or with weights 1/d
(``weights="distance"``).

Rules that make the answer unique:

- equal distances: the training point that comes first in the training set is nearer;
- a tied vote: the smallest label wins;
- ``weights="distance"`` with some neighbours at distance 0: only those count, equally.

Use numpy and the standard library only.
"""

import numpy as np


class KNNClassifier:
    """k-nearest-neighbours classifier (Euclidean distance).

    Parameters
    ----------
    n_neighbors : int, default 5
        Number of neighbours that vote, between 1 and the number of training points.
    weights : {"uniform", "distance"}, default "uniform"
        "uniform": every neighbour has one vote. "distance": a neighbour at distance d has
        weight 1/d; when some neighbours are at distance 0, only those count, equally.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The distinct training labels in sorted order: the columns of ``predict_proba``.

    Notes
    -----
    Equal distances: the training point that comes first is nearer. A tied vote: the smallest
    label wins.
    """

    def __init__(self, n_neighbors=5, *, weights="uniform"):
        raise NotImplementedError

    def fit(self, X, y):
        """Store the training set.

        Parameters
        ----------
        X : array_like of shape (n_train, n_features)
            Training points.
        y : array_like of shape (n_train,)
            Their labels (ints or strings).

        Returns
        -------
        self : KNNClassifier

        Raises
        ------
        ValueError
            If ``n_neighbors`` is not an integer in [1, n_train], ``weights`` is not
            "uniform" or "distance", X is not 2-D, or ``len(X) != len(y)``.
        """
        raise NotImplementedError

    def predict_proba(self, X):
        """Share of the (weighted) vote each class gets from the neighbours of every query.

        Parameters
        ----------
        X : array_like of shape (n_queries, n_features)
            Query points.

        Returns
        -------
        proba : ndarray of shape (n_queries, n_classes)
            Rows sum to 1; column j belongs to ``classes_[j]``.

        Raises
        ------
        ValueError
            If X is not 2-D with the training set's number of features.
        RuntimeError
            If the model has not been fitted.
        """
        raise NotImplementedError

    def predict(self, X):
        """Most voted label among the neighbours of every query (ties: the smallest label).

        Parameters
        ----------
        X : array_like of shape (n_queries, n_features)
            Query points.

        Returns
        -------
        labels : ndarray of shape (n_queries,)
            Predicted labels, taken from the training labels.

        Raises
        ------
        ValueError
            If X is not 2-D with the training set's number of features.
        RuntimeError
            If the model has not been fitted.
        """
        raise NotImplementedError


class KNNRegressor:
    """k-nearest-neighbours regressor (Euclidean distance).

    Parameters
    ----------
    n_neighbors : int, default 5
        Number of neighbours averaged, between 1 and the number of training points.
    weights : {"uniform", "distance"}, default "uniform"
        "uniform": the plain mean of the neighbours' targets. "distance": the mean weighted
        by 1/d; when some neighbours are at distance 0, only those count, equally.

    Notes
    -----
    Equal distances: the training point that comes first is nearer.
    """

    def __init__(self, n_neighbors=5, *, weights="uniform"):
        raise NotImplementedError

    def fit(self, X, y):
        """Store the training set.

        Parameters
        ----------
        X : array_like of shape (n_train, n_features)
            Training points.
        y : array_like of shape (n_train,)
            Their targets (numbers).

        Returns
        -------
        self : KNNRegressor

        Raises
        ------
        ValueError
            If ``n_neighbors`` is not an integer in [1, n_train], ``weights`` is not
            "uniform" or "distance", X is not 2-D, or ``len(X) != len(y)``.
        """
        raise NotImplementedError

    def predict(self, X):
        """Mean target of the neighbours of every query (weighted by 1/d for "distance").

        Parameters
        ----------
        X : array_like of shape (n_queries, n_features)
            Query points.

        Returns
        -------
        y_pred : ndarray of shape (n_queries,)
            Predicted targets, float64.

        Raises
        ------
        ValueError
            If X is not 2-D with the training set's number of features.
        RuntimeError
            If the model has not been fitted.
        """
        raise NotImplementedError
