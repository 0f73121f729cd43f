# mutant: returns squared norms
# expect: squared norms
import numpy as np


def row_norms(X):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError("X must be 2-D")
    return (X**2).sum(axis=1)
