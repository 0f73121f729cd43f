# mutant: fit centres X in place (X -= offset), modifying the caller's array
# expect: modified X in place
"""k-nearest neighbours: a classifier and a regressor, from scratch in numpy.

Both models store the training set in ``fit``. ``predict`` finds, for every query, the
``n_neighbors`` training points nearest in Euclidean distance and lets them vote (classifier)
or averages their targets (regressor), either equally (``weights="uniform"``) or with weights
1/d (``weights="distance"``).

Rules that make the answer unique:

- equal distances: the training point that comes first in the training set is nearer;
- a tied vote: the smallest label wins;
- ``weights="distance"`` with some neighbours at distance 0: only those count, equally.
"""

from __future__ import annotations

import numpy as np

_WEIGHTS = ("uniform", "distance")
# Entries of the query-by-training distance block held in memory at once (32 MB of float64).
_BLOCK_ENTRIES = 1 << 22


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
        self.n_neighbors = n_neighbors
        self.weights = weights

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
        # centre the data for stability, with an offset in eighths (exact in binary) so that ties stay exact;
        # but in place: np.asarray does not copy a float64 X, so this is the caller's array
        X = np.asarray(X, dtype=np.float64)
        with np.errstate(all="ignore"):
            self._offset = np.round(X.mean(axis=0) * 8) / 8 if X.size else 0.0
        X -= self._offset
        self._X, y = _check_training_set(X, y, self.n_neighbors, self.weights)
        # codes[i] is the column of y[i] in classes_, so votes can be counted with bincount
        self.classes_, codes = np.unique(y, return_inverse=True)
        self._codes = codes.reshape(-1)
        return self

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
        votes = self._votes(X)
        return votes / votes.sum(axis=1, keepdims=True)

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
        votes = self._votes(X)
        # argmax returns the first maximum: the smallest label, as classes_ is sorted
        return self.classes_[np.argmax(votes, axis=1)]

    def _votes(self, X):
        """Summed neighbour weights per class, shape (n_queries, n_classes)."""
        X = _check_queries(self, X)
        dist, ind = _kneighbors(self._X, X, self.n_neighbors)
        weight = _neighbour_weights(dist, self.weights)
        n_queries, n_classes = len(X), len(self.classes_)
        # one bincount over (query, class) cells adds up every vote at once
        cell = np.arange(n_queries)[:, None] * n_classes + self._codes[ind]
        votes = np.bincount(cell.ravel(), weights=weight.ravel(), minlength=n_queries * n_classes)
        return votes.reshape(n_queries, n_classes)


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
        self.n_neighbors = n_neighbors
        self.weights = weights

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
        # centre the data for stability, with an offset in eighths (exact in binary) so that ties stay exact;
        # but in place: np.asarray does not copy a float64 X, so this is the caller's array
        X = np.asarray(X, dtype=np.float64)
        with np.errstate(all="ignore"):
            self._offset = np.round(X.mean(axis=0) * 8) / 8 if X.size else 0.0
        X -= self._offset
        self._X, y = _check_training_set(X, y, self.n_neighbors, self.weights)
        self._y = y.astype(np.float64)
        return self

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
        X = _check_queries(self, X)
        dist, ind = _kneighbors(self._X, X, self.n_neighbors)
        weight = _neighbour_weights(dist, self.weights)
        return (weight * self._y[ind]).sum(axis=1) / weight.sum(axis=1)


# --------------------------------------------------------------------------- shared helpers


def _check_training_set(X, y, n_neighbors, weights):
    """Validate the hyper-parameters and the training set; return X as float64 and y."""
    if isinstance(n_neighbors, bool) or not isinstance(n_neighbors, (int, np.integer)):
        raise ValueError(f"n_neighbors must be an integer, got {n_neighbors!r}")
    if weights not in _WEIGHTS:
        raise ValueError(f"weights must be 'uniform' or 'distance', got {weights!r}")
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (n_train, n_features), got shape {X.shape}")
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D (n_train,), got shape {y.shape}")
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)} entries")
    if not np.isfinite(X).all():
        raise ValueError("X contains NaN or inf")
    if not 1 <= n_neighbors <= len(X):
        raise ValueError(
            f"n_neighbors must be between 1 and the number of training points ({len(X)}), "
            f"got {n_neighbors}"
        )
    return X, y


def _check_queries(model, X):
    """Check that ``model`` is fitted and X is 2-D with its number of features."""
    if not hasattr(model, "_X"):
        raise RuntimeError(f"this {type(model).__name__} is not fitted yet: call fit first")
    X = np.asarray(X, dtype=np.float64)
    n_features = model._X.shape[1]
    if X.ndim != 2 or X.shape[1] != n_features:
        raise ValueError(
            f"X must have shape (n_queries, {n_features}) like the training set, got {X.shape}"
        )
    if not np.isfinite(X).all():
        raise ValueError("X contains NaN or inf")
    return X - model._offset


def _kneighbors(X_train, X, k):
    """The k nearest training points of every query, nearest first.

    Parameters
    ----------
    X_train : ndarray of shape (n_train, n_features)
    X : ndarray of shape (n_queries, n_features)
    k : int
        1 <= k <= n_train.

    Returns
    -------
    dist : ndarray of shape (n_queries, k)
        Euclidean distances, ascending along each row.
    ind : ndarray of shape (n_queries, k)
        Row indices into X_train; among equal distances the smaller index comes first.
    """
    n_train, n_features = X_train.shape
    train_sq = np.einsum("ij,ij->i", X_train, X_train)
    dist = np.empty((len(X), k))
    ind = np.empty((len(X), k), dtype=np.intp)
    # queries go in blocks so that memory stays bounded however many there are
    rows = max(1, _BLOCK_ENTRIES // max(n_train, k * n_features))
    for start in range(0, len(X), rows):
        block = X[start : start + rows]
        # |a - b|^2 = |a|^2 - 2 a.b + |b|^2: |a|^2 is the same for every training point b,
        # so ranking needs only |b|^2 - 2 a.b (a matrix product; -2a is exact in floating point)
        score = (-2.0 * block) @ X_train.T
        score += train_sq
        nearest = _smallest_first(score, k)
        # the expansion loses digits to cancellation: compute the k kept distances exactly
        diff = block[:, None, :] - X_train[nearest]
        dist[start : start + rows] = np.sqrt(np.einsum("qkf,qkf->qk", diff, diff))
        ind[start : start + rows] = nearest
    return dist, ind


def _smallest_first(score, k):
    """Column indices of the k smallest entries of every row, by (value, column index).

    Parameters
    ----------
    score : ndarray of shape (n_rows, n_cols)
    k : int
        1 <= k <= n_cols.

    Returns
    -------
    ind : ndarray of shape (n_rows, k)
    """
    # argpartition finds the k smallest in O(n_cols) but breaks ties at the k-th value arbitrarily
    ind = np.argpartition(score, k - 1, axis=1)[:, :k]
    kept = np.take_along_axis(score, ind, axis=1)
    kth = kept.max(axis=1, keepdims=True)
    # rows where an entry equal to the k-th was left out: a stable sort picks the earliest
    cut = np.count_nonzero(score == kth, axis=1) > np.count_nonzero(kept == kth, axis=1)
    if cut.any():
        ind[cut] = np.argsort(score[cut], axis=1, kind="stable")[:, :k]
        kept[cut] = np.take_along_axis(score[cut], ind[cut], axis=1)
    order = np.lexsort((ind, kept), axis=1)  # by value, then by index
    return np.take_along_axis(ind, order, axis=1)


def _neighbour_weights(dist, weights):
    """Weight of every neighbour, shape (n_queries, k), from its distance (n_queries, k)."""
    if weights == "uniform":
        return np.ones_like(dist)
    at_zero = dist == 0.0
    with np.errstate(divide="ignore"):
        weight = 1.0 / dist
    # a query on top of training points: those points alone decide, with equal weights
    on_top = at_zero.any(axis=1)
    weight[on_top] = at_zero[on_top]
    return weight
