# alternative: plain Python loops over queries and training points, sorted() with a (distance, index) key, dict votes; checks n_neighbors in __init__
# may-fail: efficiency
"""k-nearest neighbours written with plain Python loops (no vectorization)."""

import math

import numpy as np


def _check_params(n_neighbors, weights):
    if not isinstance(n_neighbors, int) or n_neighbors < 1:
        raise ValueError("n_neighbors must be a positive integer")
    if weights not in ("uniform", "distance"):
        raise ValueError("weights must be 'uniform' or 'distance'")


class _Base:
    def __init__(self, n_neighbors=5, *, weights="uniform"):
        _check_params(n_neighbors, weights)
        self.n_neighbors = n_neighbors
        self.weights = weights
        self._points = None

    def _store(self, X, y):
        X = np.asarray(X, dtype=float)
        if X.ndim != 2:
            raise ValueError("X must be 2-D")
        if len(X) != len(y):
            raise ValueError("X and y have different lengths")
        if self.n_neighbors > len(X):
            raise ValueError("n_neighbors is larger than the training set")
        self._points = [list(map(float, row)) for row in X]

    def _neighbours(self, X):
        """For every query, a list of (distance, training index), nearest first."""
        if self._points is None:
            raise RuntimeError("call fit first")
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[1] != len(self._points[0]):
            raise ValueError("wrong number of features")
        result = []
        for query in X.tolist():
            pairs = []
            for i, point in enumerate(self._points):
                total = 0.0
                for a, b in zip(query, point):
                    total += (a - b) ** 2
                pairs.append((math.sqrt(total), i))
            pairs.sort()  # tuples: by distance, then by index
            result.append(pairs[: self.n_neighbors])
        return result

    def _weighted(self, pairs):
        """(weight, index) for the neighbours of one query."""
        if self.weights == "uniform":
            return [(1.0, i) for _, i in pairs]
        if any(d == 0.0 for d, _ in pairs):
            return [(1.0 if d == 0.0 else 0.0, i) for d, i in pairs]
        return [(1.0 / d, i) for d, i in pairs]


class KNNClassifier(_Base):
    def fit(self, X, y):
        y = list(np.asarray(y))
        self._store(X, y)
        self._labels = y
        self.classes_ = np.array(sorted(set(y)))
        return self

    def _votes(self, X):
        rows = []
        for pairs in self._neighbours(X):
            votes = {label: 0.0 for label in self.classes_.tolist()}
            for w, i in self._weighted(pairs):
                votes[self._labels[i].item()] += w
            rows.append(votes)
        return rows

    def predict_proba(self, X):
        out = []
        for votes in self._votes(X):
            total = sum(votes.values())
            out.append([votes[label] / total for label in self.classes_.tolist()])
        return np.array(out)

    def predict(self, X):
        out = []
        for votes in self._votes(X):
            best = max(votes.values())
            out.append(min(label for label, v in votes.items() if v == best))
        return np.array(out)


class KNNRegressor(_Base):
    def fit(self, X, y):
        y = [float(v) for v in np.asarray(y)]
        self._store(X, y)
        self._targets = y
        return self

    def predict(self, X):
        out = []
        for pairs in self._neighbours(X):
            weighted = self._weighted(pairs)
            total = sum(w for w, _ in weighted)
            out.append(sum(w * self._targets[i] for w, i in weighted) / total)
        return np.array(out)
