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
    raise NotImplementedError
