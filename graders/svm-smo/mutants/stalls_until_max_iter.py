# mutant: working-set SMO (maximal violating pair) that never sets an alpha within rounding of a bound to the bound: an alpha at 1e-17 still counts as free, the same pair is picked again and again without progress, and the fit runs until max_iter
# expect: runs until max_iter
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

    def _kernel(self, A, B):
        if self.kernel == "linear":
            return A @ B.T
        sq = (A * A).sum(1)[:, None] + (B * B).sum(1)[None, :] - 2.0 * (A @ B.T)
        return np.exp(-self.gamma * np.maximum(sq, 0.0))

    def fit(self, X, y):
        if not (self.C > 0):
            raise ValueError(f"C must be > 0, got {self.C}")
        if self.kernel not in ("linear", "rbf"):
            raise ValueError(f"unknown kernel {self.kernel!r}: use 'linear' or 'rbf'")
        if self.kernel == "rbf" and not (self.gamma > 0):
            raise ValueError(f"gamma must be > 0, got {self.gamma}")
        X = np.array(X, dtype=np.float64)
        y = np.array(y, dtype=np.float64).ravel()
        if X.ndim != 2:
            raise ValueError(f"X must be 2-D, got shape {X.shape}")
        if not np.all(np.isfinite(X)):
            raise ValueError("X contains NaN or infinity")
        if len(X) != len(y):
            raise ValueError(f"len(X) = {len(X)} but len(y) = {len(y)}")
        if not np.all((y == 1) | (y == -1)):
            raise ValueError("labels must be -1 or +1")
        if np.all(y == 1) or np.all(y == -1):
            raise ValueError("both classes -1 and +1 must be present")
        self._center = X.mean(axis=0)
        Xc = X - self._center
        K = self._kernel(Xc, Xc)
        alpha, b = self._solve(K, y)
        alpha = np.clip(alpha, 0.0, self.C)
        self.alpha_ = alpha
        self.support_ = np.flatnonzero(alpha > 1e-8)
        sv = self.support_
        self._sv_X = Xc[sv]
        self._sv_coef = alpha[sv] * y[sv]
        self._b_c = float(b)
        self.n_features_in_ = X.shape[1]
        if self.kernel == "linear":
            self._w = self._sv_coef @ self._sv_X
            self.b_ = float(b - self._w @ self._center)
        else:
            self.b_ = float(b)
        return self

    def decision_function(self, X):
        if not hasattr(self, "alpha_"):
            raise RuntimeError("model is not fitted: call fit first")
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != self.n_features_in_:
            raise ValueError(f"X must be 2-D with {self.n_features_in_} features, got shape {X.shape}")
        Xc = X - self._center
        if self.kernel == "linear":
            return Xc @ self._w + self._b_c
        return self._kernel(Xc, self._sv_X) @ self._sv_coef + self._b_c

    def predict(self, X):
        return np.where(self.decision_function(X) >= 0, 1, -1)

    def _solve(self, K, y):
        # libsvm WSS1: maximal violating pair with gradient G = Q alpha - 1
        n = len(y); C = float(self.C); tol = self.tol
        Q = (y[:, None] * y[None, :]) * K
        alpha = np.zeros(n)
        G = -np.ones(n)
        tau = 1e-12
        for _ in range(self.max_iter):
            minus_yG = -y * G
            up = ((y > 0) & (alpha < C)) | ((y < 0) & (alpha > 0))
            low = ((y > 0) & (alpha > 0)) | ((y < 0) & (alpha < C))
            if not up.any() or not low.any():
                break
            vu = np.where(up, minus_yG, -np.inf)
            vl = np.where(low, minus_yG, np.inf)
            i = int(np.argmax(vu)); j = int(np.argmin(vl))
            if vu[i] - vl[j] < tol:
                break
            # step on alpha_j in the README's terms, E' = y * G (f without b minus y)
            Ei, Ej = y[i] * G[i], y[j] * G[j]
            ai, aj = alpha[i], alpha[j]
            if y[i] != y[j]:
                L = max(0.0, aj - ai); H = min(C, C + aj - ai)
            else:
                L = max(0.0, ai + aj - C); H = min(C, ai + aj)
            eta = K[i, i] + K[j, j] - 2 * K[i, j]
            if eta <= 0:
                eta = tau
            ajn = min(H, max(L, aj + y[j] * (Ei - Ej) / eta))
            ain = ai + y[i] * y[j] * (aj - ajn)
            ain = min(C, max(0.0, ain))
            dai, daj = ain - ai, ajn - aj
            alpha[i], alpha[j] = ain, ajn
            G += Q[:, i] * dai + Q[:, j] * daj
        yG = y * G
        free = (alpha > 0) & (alpha < C)
        if free.any():
            rho = yG[free].mean()
        else:
            ub = np.inf; lb = -np.inf
            for t in range(n):
                if (alpha[t] >= C and y[t] < 0) or (alpha[t] <= 0 and y[t] > 0):
                    ub = min(ub, yG[t])
                else:
                    lb = max(lb, yG[t])
            rho = (ub + lb) / 2
        return alpha, -rho
