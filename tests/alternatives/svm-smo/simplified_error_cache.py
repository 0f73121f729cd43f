# alternative: simplified SMO with an error vector kept up to date after each step (including the change of b), stdlib random.Random for j, max_iter counted in passes, b recomputed at the end as the mean over the free support vectors, decision_function over all training points, ValueError before fit
"""SVM via a simplified SMO that caches the errors instead of recomputing f(x_i)."""

import random

import numpy as np


class SVM:
    def __init__(self, *, C=1.0, kernel="linear", gamma=1.0, tol=1e-3, max_iter=100_000,
                 random_state=None):
        self.C = C
        self.kernel = kernel
        self.gamma = gamma
        self.tol = tol
        self.max_iter = max_iter
        self.random_state = random_state

    def _kernel_matrix(self, A, B):
        if self.kernel == "linear":
            return A @ B.T
        sq = (A ** 2).sum(1)[:, None] - 2 * A @ B.T + (B ** 2).sum(1)[None, :]
        return np.exp(-self.gamma * np.maximum(sq, 0))

    def fit(self, X, y):
        if not (isinstance(self.C, (int, float)) and self.C > 0):
            raise ValueError(f"C must be > 0, got {self.C}")
        if self.kernel not in ("linear", "rbf"):
            raise ValueError(f"kernel must be 'linear' or 'rbf', got {self.kernel!r}")
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        if X.ndim != 2 or y.ndim != 1 or X.shape[0] != y.shape[0]:
            raise ValueError("X must be (n, d) and y (n,)")
        if set(y.tolist()) != {-1.0, 1.0}:
            raise ValueError("y must contain exactly the labels -1 and +1")
        n, C, tol = len(y), float(self.C), self.tol
        K = self._kernel_matrix(X, X)
        rand = random.Random(self.random_state)
        alpha = np.zeros(n)
        b = 0.0
        E = -y.copy()  # f(x) - y with f = 0
        quiet, sweeps = 0, 0
        while quiet < 10 and sweeps < self.max_iter:
            sweeps += 1
            moved = 0
            for i in range(n):
                r = y[i] * E[i]
                if not ((r < -tol and alpha[i] < C) or (r > tol and alpha[i] > 0)):
                    continue
                j = rand.randrange(n - 1)
                if j >= i:
                    j += 1
                ai, aj = alpha[i], alpha[j]
                if y[i] == y[j]:
                    lo, hi = max(0.0, ai + aj - C), min(C, ai + aj)
                else:
                    lo, hi = max(0.0, aj - ai), min(C, C + aj - ai)
                eta = K[i, i] + K[j, j] - 2.0 * K[i, j]
                if lo >= hi or eta <= 0:
                    continue
                new_j = min(hi, max(lo, aj + y[j] * (E[i] - E[j]) / eta))
                if abs(new_j - aj) < 1e-5:
                    continue
                new_i = ai + y[i] * y[j] * (aj - new_j)
                di, dj = y[i] * (new_i - ai), y[j] * (new_j - aj)
                b1 = b - E[i] - di * K[i, i] - dj * K[i, j]
                b2 = b - E[j] - di * K[i, j] - dj * K[j, j]
                new_b = b1 if 0 < new_i < C else (b2 if 0 < new_j < C else 0.5 * (b1 + b2))
                E += di * K[i] + dj * K[j] + (new_b - b)
                alpha[i], alpha[j], b = new_i, new_j, new_b
                moved += 1
            quiet = quiet + 1 if moved == 0 else 0
        free = (alpha > 1e-8) & (alpha < C - 1e-8)
        if free.any():  # every free support vector is on the margin: average their b
            b = float(np.mean(y[free] - (K[free] @ (alpha * y))))
        self.alpha_, self.b_ = alpha, b
        self.support_ = np.where(alpha > 1e-8)[0]
        self._X, self._y = X, y
        return self

    def decision_function(self, X):
        if not hasattr(self, "_X"):
            raise ValueError("this SVM is not fitted")
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[1] != self._X.shape[1]:
            raise ValueError(f"expected {self._X.shape[1]} features")
        return self._kernel_matrix(X, self._X) @ (self.alpha_ * self._y) + self.b_

    def predict(self, X):
        return np.where(self.decision_function(X) >= 0, 1, -1)
