# mutant: simplified SMO with the RBF kernel exp(+gamma ||x - z||^2) (the minus sign lost): K grows with distance, eta = K_ii + K_jj - 2 K_ij < 0 for every pair, so every pair is skipped and every alpha stays 0
# expect: grows with distance
"""A support vector machine trained with the simplified SMO of the CS229 handout."""

import numpy as np

MAX_PASSES = 10


class SVM:
    def __init__(self, *, C=1.0, kernel="linear", gamma=1.0, tol=1e-3, max_iter=100_000,
                 random_state=None):
        if not C > 0:
            raise ValueError("C must be > 0")
        if kernel not in ("linear", "rbf"):
            raise ValueError(f"unknown kernel {kernel!r}")
        self.C, self.kernel, self.gamma = float(C), kernel, float(gamma)
        self.tol, self.max_iter, self.random_state = tol, max_iter, random_state

    def _gram(self, A, B):
        if self.kernel == "linear":
            return A @ B.T
        diff = A[:, None, :] - B[None, :, :]
        return np.exp(self.gamma * np.einsum("ijk,ijk->ij", diff, diff))

    def fit(self, X, y):
        X = np.array(X, dtype=float)
        y = np.array(y)
        if X.ndim != 2 or y.shape != (len(X),):
            raise ValueError("X must be (n, d) and y (n,)")
        if not set(np.unique(y).tolist()) <= {-1, 1}:
            raise ValueError("labels must be -1 or +1")
        if len(np.unique(y)) < 2:
            raise ValueError("need both classes")
        y = y.astype(float)
        n = len(X)
        K = self._gram(X, X)
        rng = np.random.default_rng(self.random_state)
        C, tol = self.C, self.tol
        alpha = np.zeros(n)
        b = 0.0
        passes = 0
        attempts = 0  # max_iter bounds the pair updates attempted
        while passes < MAX_PASSES and attempts < self.max_iter:
            changed = 0
            for i in range(n):
                E_i = (alpha * y) @ K[:, i] + b - y[i]
                if (y[i] * E_i < -tol and alpha[i] < C) or (y[i] * E_i > tol and alpha[i] > 0):
                    attempts += 1
                    j = int(rng.integers(n - 1))
                    j += j >= i  # any index but i
                    E_j = (alpha * y) @ K[:, j] + b - y[j]
                    a_i, a_j = alpha[i], alpha[j]
                    if y[i] != y[j]:
                        L, H = max(0.0, a_j - a_i), min(C, C + a_j - a_i)
                    else:
                        L, H = max(0.0, a_i + a_j - C), min(C, a_i + a_j)
                    if L == H:
                        continue
                    eta = K[i, i] + K[j, j] - 2 * K[i, j]
                    if eta <= 0:
                        continue
                    alpha[j] = np.clip(a_j + y[j] * (E_i - E_j) / eta, L, H)
                    if abs(alpha[j] - a_j) < 1e-5:
                        alpha[j] = a_j
                        continue
                    alpha[i] = a_i + y[i] * y[j] * (a_j - alpha[j])
                    b1 = (b - E_i - y[i] * (alpha[i] - a_i) * K[i, i]
                          - y[j] * (alpha[j] - a_j) * K[i, j])
                    b2 = (b - E_j - y[i] * (alpha[i] - a_i) * K[i, j]
                          - y[j] * (alpha[j] - a_j) * K[j, j])
                    if 0 < alpha[i] < C:
                        b = b1
                    elif 0 < alpha[j] < C:
                        b = b2
                    else:
                        b = (b1 + b2) / 2
                    changed += 1
            passes = passes + 1 if changed == 0 else 0
        self.alpha_ = alpha
        self.b_ = float(b)
        self.support_ = np.flatnonzero(alpha > 1e-8)
        self._X, self._y = X, y
        return self

    def decision_function(self, X):
        if not hasattr(self, "alpha_"):
            raise RuntimeError("call fit first")
        X = np.array(X, dtype=float)
        if X.ndim != 2 or X.shape[1] != self._X.shape[1]:
            raise ValueError("wrong shape")
        sv = self.support_
        return self._gram(X, self._X[sv]) @ (self.alpha_[sv] * self._y[sv]) + self.b_

    def predict(self, X):
        return np.where(self.decision_function(X) >= 0, 1, -1)
