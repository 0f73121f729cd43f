"""The knn reference solution against scikit-learn, a brute-force oracle and its own contract.

scikit-learn breaks ties between equal distances arbitrarily, so the comparisons with it use
continuous data (no exact distance ties) or integer data whose ties do not matter; the
tie-breaking rule itself is checked against a plain-Python brute force.
"""

from __future__ import annotations

import ast
import math

import numpy as np
import pytest
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor

from tests.helpers import ROOT, load_solution

knn = load_solution("knn")


def _blobs(seed, n=150, n_features=4, n_classes=3, n_queries=60):
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=2.0, size=(n_classes, n_features))
    code = rng.integers(0, n_classes, size=n)
    X = centres[code] + rng.normal(size=(n, n_features))
    Q = centres[rng.integers(0, n_classes, size=n_queries)]
    Q = Q + rng.normal(size=(n_queries, n_features))
    return X, code, Q


LABELINGS = {
    "ints": lambda code: np.array([7, 11, 2, 5, 3])[code],
    "strings": lambda code: np.array(["pear", "fig", "apple", "kiwi", "lime"])[code],
}


@pytest.mark.parametrize("weights", ["uniform", "distance"])
@pytest.mark.parametrize("k", [1, 4, 7])
@pytest.mark.parametrize("labels", sorted(LABELINGS))
@pytest.mark.parametrize("seed,n_features,n_classes", [(0, 4, 3), (1, 1, 2), (2, 10, 5)])
def test_classifier_matches_sklearn(seed, n_features, n_classes, labels, k, weights):
    X, code, Q = _blobs(seed, n_features=n_features, n_classes=n_classes)
    y = LABELINGS[labels](code)
    ours = knn.KNNClassifier(n_neighbors=k, weights=weights).fit(X, y)
    theirs = KNeighborsClassifier(n_neighbors=k, weights=weights, algorithm="brute").fit(X, y)
    np.testing.assert_array_equal(ours.classes_, theirs.classes_)
    np.testing.assert_array_equal(ours.predict(Q), theirs.predict(Q))
    # scikit-learn's distances come from the |a|^2 + |b|^2 - 2ab expansion, whose relative error
    # grows like |a|^2 / d^2 for close points (8e-9 measured on 1-D data); ours are exact
    rtol = 1e-10 if weights == "uniform" else 1e-7
    np.testing.assert_allclose(ours.predict_proba(Q), theirs.predict_proba(Q), rtol=rtol,
                               atol=1e-12)


@pytest.mark.parametrize("weights", ["uniform", "distance"])
@pytest.mark.parametrize("k", [1, 3, 8])
@pytest.mark.parametrize("seed,n_features", [(3, 2), (4, 6), (5, 1)])
def test_regressor_matches_sklearn(seed, n_features, k, weights):
    X, _, Q = _blobs(seed, n_features=n_features)
    y = np.sin(X[:, 0]) + X.sum(axis=1) + np.random.default_rng(seed).normal(size=len(X))
    ours = knn.KNNRegressor(n_neighbors=k, weights=weights).fit(X, y).predict(Q)
    theirs = KNeighborsRegressor(n_neighbors=k, weights=weights, algorithm="brute").fit(X, y)
    rtol = 1e-10 if weights == "uniform" else 1e-7  # see test_classifier_matches_sklearn
    np.testing.assert_allclose(ours, theirs.predict(Q), rtol=rtol, atol=1e-12)


@pytest.mark.parametrize("k", [4, 6])
def test_tied_votes_go_to_the_smallest_label_like_sklearn(k):
    X, _, Q = _blobs(6, n=200, n_queries=200)
    y = np.random.default_rng(6).integers(0, 3, size=len(X)) * 10 + 1  # labels 1, 11, 21
    ours = knn.KNNClassifier(n_neighbors=k).fit(X, y)
    theirs = KNeighborsClassifier(n_neighbors=k, algorithm="brute").fit(X, y)
    proba = ours.predict_proba(Q)
    tied = (proba == proba.max(axis=1, keepdims=True)).sum(axis=1) > 1
    assert tied.sum() >= 10  # the data really exercises the tie rule
    np.testing.assert_array_equal(ours.predict(Q), theirs.predict(Q))


def test_zero_distance_rule_matches_sklearn():
    rng = np.random.default_rng(7)
    X = rng.integers(0, 1000, size=(80, 3)).astype(float)  # exact distances, no ties near 0
    X[10] = X[3]  # a duplicate: two training points at distance 0 from the queries below
    y = rng.integers(0, 3, size=80)
    targets = rng.normal(size=80)
    Q = np.vstack([X[:20], rng.uniform(0, 1000, size=(10, 3))])
    for k in (1, 3, 6):
        ours = knn.KNNClassifier(n_neighbors=k, weights="distance").fit(X, y)
        theirs = KNeighborsClassifier(n_neighbors=k, weights="distance", algorithm="brute")
        theirs.fit(X, y)
        np.testing.assert_allclose(ours.predict_proba(Q), theirs.predict_proba(Q), rtol=1e-10)
        np.testing.assert_array_equal(ours.predict(Q), theirs.predict(Q))
        pred = knn.KNNRegressor(n_neighbors=k, weights="distance").fit(X, targets).predict(Q)
        expected = KNeighborsRegressor(n_neighbors=k, weights="distance", algorithm="brute")
        np.testing.assert_allclose(pred, expected.fit(X, targets).predict(Q), rtol=1e-10)
    # a query on the duplicated point: the two copies count equally, nothing else does
    pred = knn.KNNRegressor(n_neighbors=5, weights="distance").fit(X, targets).predict(X[3:4])
    assert pred[0] == pytest.approx((targets[3] + targets[10]) / 2, rel=1e-12)


@pytest.mark.parametrize("weights", ["uniform", "distance"])
def test_all_training_points_as_neighbours_matches_sklearn(weights):
    X, code, Q = _blobs(8, n=25)
    ours = knn.KNNClassifier(n_neighbors=25, weights=weights).fit(X, code)
    theirs = KNeighborsClassifier(n_neighbors=25, weights=weights, algorithm="brute").fit(X, code)
    np.testing.assert_allclose(ours.predict_proba(Q), theirs.predict_proba(Q), rtol=1e-10)
    np.testing.assert_array_equal(ours.predict(Q), theirs.predict(Q))


def test_blocks_of_queries_give_the_same_answer(monkeypatch):
    X, code, Q = _blobs(9, n=300, n_queries=250)
    whole = knn.KNNClassifier(n_neighbors=5, weights="distance").fit(X, code).predict_proba(Q)
    monkeypatch.setattr(knn, "_BLOCK_ENTRIES", 300 * 7)  # 7 queries per block
    blocked = knn.KNNClassifier(n_neighbors=5, weights="distance").fit(X, code).predict_proba(Q)
    np.testing.assert_array_equal(blocked, whole)
    theirs = KNeighborsClassifier(n_neighbors=5, weights="distance", algorithm="brute")
    np.testing.assert_allclose(blocked, theirs.fit(X, code).predict_proba(Q), rtol=1e-10)


# --------------------------------------------------------------------------- the tie rules


def _brute_force(X_train, labels, X, k, weights):
    """The contract, in plain Python: sorted by (distance, index), smallest label on a tie."""
    classes = sorted(set(labels))
    predictions, probas = [], []
    for query in X.tolist():
        d = [math.dist(query, point) for point in X_train.tolist()]
        nearest = sorted(range(len(d)), key=lambda i: (d[i], i))[:k]
        dist = [d[i] for i in nearest]
        if weights == "uniform":
            w = [1.0] * k
        elif 0.0 in dist:
            w = [1.0 if v == 0.0 else 0.0 for v in dist]
        else:
            w = [1.0 / v for v in dist]
        votes = {c: 0.0 for c in classes}
        for wi, i in zip(w, nearest):
            votes[labels[i]] += wi
        best = max(votes.values())
        predictions.append(min(c for c in classes if votes[c] == best))
        probas.append([votes[c] / sum(w) for c in classes])
    return predictions, np.array(probas)


@pytest.mark.parametrize("seed", range(12))
def test_tie_rules_on_integer_grids(seed):
    rng = np.random.default_rng(100 + seed)
    n = int(rng.integers(2, 40))
    d = int(rng.integers(1, 4))
    X = rng.integers(-2, 3, size=(n, d)).astype(float)  # many exact ties and duplicates
    labels = (rng.integers(0, 4, size=n) * 3 + 1).tolist()
    Q = rng.integers(-4, 5, size=(25, d)) / 2
    for k in sorted({1, 2, int(rng.integers(1, n + 1)), n}):
        for weights in ("uniform", "distance"):
            model = knn.KNNClassifier(n_neighbors=k, weights=weights).fit(X, labels)
            expected, proba = _brute_force(X, labels, Q, k, weights)
            assert model.predict(Q).tolist() == expected
            np.testing.assert_allclose(model.predict_proba(Q), proba, rtol=1e-12)
        targets = np.arange(n, dtype=float)  # the mean of the indices tells which were chosen
        pred = knn.KNNRegressor(n_neighbors=k).fit(X, targets).predict(Q)
        chosen = [sorted(range(n), key=lambda i: (math.dist(q, X[i]), i))[:k] for q in Q]
        np.testing.assert_allclose(pred, [np.mean(c) for c in chosen], rtol=1e-12)


def test_worked_example_of_the_prompt():
    X = np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 2.0], [5.0, 5.0], [6.0, 5.0]])
    labels = np.array(["b", "a", "a", "b", "b"])
    q = np.array([[1.0, 0.0]])
    assert knn.KNNClassifier(n_neighbors=1).fit(X, labels).predict(q).tolist() == ["b"]
    assert knn.KNNClassifier(n_neighbors=2).fit(X, labels).predict(q).tolist() == ["a"]
    assert knn.KNNClassifier(n_neighbors=3).fit(X, labels).predict(q).tolist() == ["a"]


# --------------------------------------------------------------------------- errors


def _train():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [3.0, 3.0]])
    return X, np.array([0, 0, 1, 1])


@pytest.mark.parametrize("cls", ["KNNClassifier", "KNNRegressor"])
@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"n_neighbors": 0}, "n_neighbors"),
        ({"n_neighbors": -2}, "n_neighbors"),
        ({"n_neighbors": 5}, "n_neighbors"),
        ({"n_neighbors": 2.0}, "integer"),
        ({"n_neighbors": True}, "integer"),
        ({"weights": "gaussian"}, "weights"),
    ],
)
def test_invalid_parameters_raise_value_error(cls, kwargs, match):
    X, y = _train()
    with pytest.raises(ValueError, match=match):
        getattr(knn, cls)(**kwargs).fit(X, y)


@pytest.mark.parametrize("cls", ["KNNClassifier", "KNNRegressor"])
def test_invalid_data_raises_value_error(cls):
    X, y = _train()
    model = getattr(knn, cls)(n_neighbors=2)
    with pytest.raises(ValueError, match="rows"):
        model.fit(X, y[:3])
    with pytest.raises(ValueError, match="2-D"):
        model.fit(X[:, 0], y)
    with pytest.raises(ValueError, match="NaN"):
        model.fit(np.where(X == 3.0, np.nan, X), y)
    model.fit(X, y)
    with pytest.raises(ValueError, match="shape"):
        model.predict(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="shape"):
        model.predict(np.zeros(2))


def test_predict_before_fit_raises_runtime_error():
    with pytest.raises(RuntimeError, match="fit"):
        knn.KNNClassifier().predict(np.zeros((1, 2)))
    with pytest.raises(RuntimeError, match="fit"):
        knn.KNNClassifier().predict_proba(np.zeros((1, 2)))
    with pytest.raises(RuntimeError, match="fit"):
        knn.KNNRegressor().predict(np.zeros((1, 2)))


# --------------------------------------------------------------------------- the stub


def _public_docstrings(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            docs[node.name] = ast.get_docstring(node, clean=False)
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and not item.name.startswith("_"):
                    docs[f"{node.name}.{item.name}"] = ast.get_docstring(item, clean=False)
    return docs


def test_stub_has_the_reference_names_and_docstrings():
    stub = _public_docstrings(ROOT / "katas" / "knn" / "knn.py")
    reference = _public_docstrings(ROOT / "solutions" / "knn.py")
    assert stub == reference
    assert {"KNNClassifier", "KNNRegressor"} <= set(stub)
