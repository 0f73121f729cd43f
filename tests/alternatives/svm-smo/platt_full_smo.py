# alternative: Platt's full SMO (1998): examineExample / takeStep, second choice by max |E1 - E2| over an error cache, loops over the non-bound examples then all, endpoint objective when eta <= 0, Platt's sign convention u = w.x - b inside, lazy validation
"""SVM trained with John Platt's original SMO pseudo-code (with the error cache)."""

import numpy as np

EPS = 1e-3  # Platt's minimum relative change of alpha2


class SVM:
    def __init__(self, *, C=1.0, kernel="linear", gamma=1.0, tol=1e-3, max_iter=100_000,
                 random_state=None):
        self.C = C
        self.kernel = kernel
        self.gamma = gamma
        self.tol = tol
        self.max_iter = max_iter
        self.random_state = random_state

    # ------------------------------------------------------------------ kernel
    def _k(self, A, B):
        if self.kernel == "linear":
            return np.dot(A, B.T)
        AA = np.sum(A ** 2, axis=1)
        BB = np.sum(B ** 2, axis=1)
        d2 = np.clip(AA[:, None] + BB[None, :] - 2 * np.dot(A, B.T), 0, None)
        return np.exp(-self.gamma * d2)

    # ------------------------------------------------------------------ fit
    def fit(self, X, y):
        if self.C <= 0:
            raise ValueError("C must be positive")
        if self.kernel not in ("linear", "rbf"):
            raise ValueError("kernel must be 'linear' or 'rbf'")
        X = np.asarray(X, dtype=np.float64)
        target = np.asarray(y)
        if X.ndim != 2 or target.ndim != 1 or len(target) != len(X):
            raise ValueError("bad shapes")
        labels = set(target.tolist())
        if not labels <= {1, -1}:
            raise ValueError(f"labels must be +1/-1, got {sorted(labels)}")
        if len(labels) != 2:
            raise ValueError("need both classes")
        self.X = X
        self.target = target.astype(np.float64)
        self.n = len(X)
        self.K = self._k(X, X)
        self.alph = np.zeros(self.n)
        self.b = 0.0  # Platt: u = sum alpha y K - b
        self.E = -self.target.copy()  # u - y with u = 0
        self.rng = np.random.default_rng(self.random_state)
        num_changed, examine_all, loops = 0, True, 0
        while (num_changed > 0 or examine_all) and loops < self.max_iter:
            loops += 1
            num_changed = 0
            if examine_all:
                for i in range(self.n):
                    num_changed += self._examine(i)
            else:
                for i in np.flatnonzero((self.alph > 0) & (self.alph < self.C)):
                    num_changed += self._examine(i)
            if examine_all:
                examine_all = False
            elif num_changed == 0:
                examine_all = True
        self.alpha_ = self.alph.copy()
        self.b_ = -self.b
        self.support_ = np.nonzero(self.alpha_ > 1e-8)[0]
        return self

    def _examine(self, i2):
        y2, alph2, E2 = self.target[i2], self.alph[i2], self.E[i2]
        r2 = E2 * y2
        if (r2 < -self.tol and alph2 < self.C) or (r2 > self.tol and alph2 > 0):
            non_bound = np.flatnonzero((self.alph > 0) & (self.alph < self.C))
            if len(non_bound) > 1:
                i1 = int(non_bound[np.argmax(np.abs(self.E[non_bound] - E2))])
                if self._take_step(i1, i2):
                    return 1
            start = int(self.rng.integers(self.n))
            for i1 in np.roll(non_bound, -start % max(len(non_bound), 1)):
                if self._take_step(int(i1), i2):
                    return 1
            for i1 in np.roll(np.arange(self.n), -start):
                if self._take_step(int(i1), i2):
                    return 1
        return 0

    def _objective_at(self, i1, i2, a2):
        """Dual objective (to maximise) along the constraint line, alpha2 = a2."""
        y1, y2 = self.target[i1], self.target[i2]
        s = y1 * y2
        a1 = self.alph[i1] + s * (self.alph[i2] - a2)
        alph = self.alph.copy()
        alph[i1], alph[i2] = a1, a2
        v = alph * self.target
        return alph.sum() - 0.5 * v @ self.K @ v

    def _take_step(self, i1, i2):
        if i1 == i2:
            return False
        C = self.C
        alph1, alph2 = self.alph[i1], self.alph[i2]
        y1, y2 = self.target[i1], self.target[i2]
        E1, E2 = self.E[i1], self.E[i2]
        s = y1 * y2
        if y1 != y2:
            L, H = max(0.0, alph2 - alph1), min(C, C + alph2 - alph1)
        else:
            L, H = max(0.0, alph2 + alph1 - C), min(C, alph2 + alph1)
        if L == H:
            return False
        k11, k12, k22 = self.K[i1, i1], self.K[i1, i2], self.K[i2, i2]
        eta = k11 + k22 - 2 * k12
        if eta > 0:
            a2 = alph2 + y2 * (E1 - E2) / eta
            a2 = L if a2 < L else (H if a2 > H else a2)
        else:
            Lobj = self._objective_at(i1, i2, L)
            Hobj = self._objective_at(i1, i2, H)
            if Lobj > Hobj + EPS:
                a2 = L
            elif Lobj < Hobj - EPS:
                a2 = H
            else:
                a2 = alph2
        if abs(a2 - alph2) < EPS * (a2 + alph2 + EPS):
            return False
        a1 = alph1 + s * (alph2 - a2)
        if a1 < 1e-12:
            a1 = 0.0
        elif a1 > C - 1e-12:
            a1 = C
        b1 = E1 + y1 * (a1 - alph1) * k11 + y2 * (a2 - alph2) * k12 + self.b
        b2 = E2 + y1 * (a1 - alph1) * k12 + y2 * (a2 - alph2) * k22 + self.b
        if 0 < a1 < C:
            b_new = b1
        elif 0 < a2 < C:
            b_new = b2
        else:
            b_new = (b1 + b2) / 2
        # error cache: u changes by the two alphas and by the threshold
        self.E += (y1 * (a1 - alph1) * self.K[i1] + y2 * (a2 - alph2) * self.K[i2]
                   - (b_new - self.b))
        self.b = b_new
        self.alph[i1], self.alph[i2] = a1, a2
        return True

    # ------------------------------------------------------------------ predict
    def decision_function(self, X):
        if not hasattr(self, "alpha_"):
            raise RuntimeError("not fitted")
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != self.X.shape[1]:
            raise ValueError("X has the wrong shape")
        return self._k(X, self.X) @ (self.alpha_ * self.target) + self.b_

    def predict(self, X):
        f = self.decision_function(X)
        out = np.ones(len(f), dtype=int)
        out[f < 0] = -1
        return out
