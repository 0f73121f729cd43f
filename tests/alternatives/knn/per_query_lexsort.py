# alternative: a loop over queries (numpy inside), expansion distances clipped at 0, np.lexsort per query, collections.Counter/defaultdict votes with the smallest winner, RuntimeError before fit
"""k-nearest neighbours looping over queries, with numpy over the training points."""

from collections import defaultdict

import numpy as np


class KNNClassifier:
    def __init__(self, n_neighbors=5, *, weights="uniform"):
        if weights not in ("uniform", "distance"):
            raise ValueError("weights must be 'uniform' or 'distance'")
        if n_neighbors < 1:
            raise ValueError("n_neighbors must be >= 1")
        self.n_neighbors = n_neighbors
        self.weights = weights
        self.fitted = False

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        if len(X) != len(y):
            raise ValueError("len(X) != len(y)")
        if self.n_neighbors > len(X):
            raise ValueError("n_neighbors > number of training points")
        self.X = X
        self.y = list(y)
        self.sq = (X**2).sum(axis=1)
        self.classes_ = np.unique(np.asarray(y))
        self.fitted = True
        return self

    def _query(self, q):
        """Indices and distances of the neighbours of one query."""
        d2 = self.sq + q @ q - 2 * (self.X @ q)
        d = np.sqrt(np.clip(d2, 0, None))
        order = np.lexsort((np.arange(len(d)), d))[: self.n_neighbors]
        return order, d[order]

    def _scores(self, q):
        order, d = self._query(q)
        scores = defaultdict(float)
        if self.weights == "uniform":
            for i in order:
                scores[self.y[i]] += 1.0
        elif (d == 0).any():
            for i, di in zip(order, d):
                if di == 0:
                    scores[self.y[i]] += 1.0
        else:
            for i, di in zip(order, d):
                scores[self.y[i]] += 1.0 / di
        return scores

    def _check(self, X):
        if not self.fitted:
            raise RuntimeError("fit first")
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[1] != self.X.shape[1]:
            raise ValueError("bad number of features")
        return X

    def predict(self, X):
        out = []
        for q in self._check(X):
            scores = self._scores(q)
            top = max(scores.values())
            out.append(min(label for label, s in scores.items() if s == top))
        return np.array(out)

    def predict_proba(self, X):
        X = self._check(X)
        proba = np.zeros((len(X), len(self.classes_)))
        col = {label: j for j, label in enumerate(self.classes_.tolist())}
        for r, q in enumerate(X):
            scores = self._scores(q)
            total = sum(scores.values())
            for label, s in scores.items():
                proba[r, col[label]] = s / total
        return proba


class KNNRegressor(KNNClassifier):
    def fit(self, X, y):
        super().fit(X, np.asarray(y, dtype=float))
        self.y = np.asarray(y, dtype=float)
        return self

    def predict(self, X):
        out = np.empty(len(self._check(X)))
        for r, q in enumerate(np.asarray(X, dtype=float)):
            order, d = self._query(q)
            if self.weights == "uniform":
                out[r] = self.y[order].mean()
            else:
                w = (d == 0).astype(float) if (d == 0).any() else 1.0 / d
                out[r] = np.dot(w, self.y[order]) / w.sum()
        return out
