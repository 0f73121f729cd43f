# alternative: Keerthi's maximal violating pair (first-order working set) in y*alpha space, gradient kept up to date from kernel rows computed on demand (no cache), box clipping of the pair's step instead of L/H, b as the middle of [b_up, b_low], label validation by set
"""SVM by SMO with the maximal violating pair (Keerthi et al. 2001), fully vectorised."""

import numpy as np


def _kernel_rows(kind, gamma, X, idx):
    rows = X[idx]
    if kind == "linear":
        return rows @ X.T
    d2 = ((rows[:, None, :] - X[None, :, :]) ** 2).sum(-1)
    return np.exp(-gamma * d2)


class SVM:
    def __init__(self, *, C=1.0, kernel="linear", gamma=1.0, tol=1e-3, max_iter=100_000,
                 random_state=None):
        if kernel not in {"linear", "rbf"}:
            raise ValueError(f"unknown kernel: {kernel}")
        if C <= 0:
            raise ValueError("C must be > 0")
        self.C, self.kernel, self.gamma = C, kernel, gamma
        self.tol, self.max_iter, self.random_state = tol, max_iter, random_state

    def fit(self, X, y):
        X = np.asarray(X, float)
        y = np.asarray(y)
        if X.ndim != 2 or y.shape != (X.shape[0],):
            raise ValueError("shapes of X and y do not match")
        if set(np.unique(y)) != {-1, 1}:
            raise ValueError("y must contain both -1 and +1 and nothing else")
        y = y.astype(float)
        n, C = len(y), float(self.C)
        if self.kernel == "linear":
            diag = (X * X).sum(1)
        else:
            diag = np.ones(n)
        # beta = y * alpha lives in [min(0, y C), max(0, y C)]; sum(beta) = 0
        beta = np.zeros(n)
        lo, hi = np.minimum(0, y * C), np.maximum(0, y * C)
        F = -y.copy()  # F_i = sum_j beta_j K_ij - y_i
        for _ in range(self.max_iter):
            can_up = beta < hi   # beta_i may grow
            can_down = beta > lo  # beta_i may shrink
            i = np.flatnonzero(can_up)[np.argmin(F[can_up])]
            j = np.flatnonzero(can_down)[np.argmax(F[can_down])]
            if F[j] - F[i] <= self.tol:
                break
            Ki, Kj = _kernel_rows(self.kernel, self.gamma, X, [i, j])
            eta = max(diag[i] + diag[j] - 2 * Ki[j], 1e-12)
            step = (F[j] - F[i]) / eta
            step = min(step, hi[i] - beta[i], beta[j] - lo[j])
            beta[i] += step
            beta[j] -= step
            F += step * (Ki - Kj)
        free = (beta > lo + 1e-12) & (beta < hi - 1e-12)
        if free.any():
            b = -F[free].mean()
        else:
            b_up = (-F[beta < hi]).min() if (beta < hi).any() else 0.0
            b_low = (-F[beta > lo]).max() if (beta > lo).any() else 0.0
            b = (b_up + b_low) / 2
        self.alpha_ = np.clip(beta * y, 0, C)
        self.b_ = float(b)
        self.support_ = np.flatnonzero(self.alpha_ > 1e-8)
        self._sv, self._coef = X[self.support_], beta[self.support_]
        return self

    def decision_function(self, X):
        if not hasattr(self, "_sv"):
            raise RuntimeError("fit first")
        X = np.asarray(X, float)
        if X.ndim != 2 or X.shape[1] != self._sv.shape[1]:
            raise ValueError("wrong number of features")
        if self.kernel == "linear":
            K = X @ self._sv.T
        else:
            K = np.exp(-self.gamma * ((X[:, None, :] - self._sv[None]) ** 2).sum(-1))
        return K @ self._coef + self.b_

    def predict(self, X):
        return np.where(self.decision_function(X) < 0, -1, 1)
