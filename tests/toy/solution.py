"""Row norms."""

import numpy as np


def row_norms(X):
    """Euclidean norm of every row.

    Parameters
    ----------
    X : ndarray of shape (n, d)

    Returns
    -------
    norms : ndarray of shape (n,)
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError("X must be 2-D")
    return np.sqrt((X**2).sum(axis=1))
