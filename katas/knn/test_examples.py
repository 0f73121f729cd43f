"""Visible examples for the knn kata: run them with `kata test` (plain pytest).

They check the worked example of README.md. Passing them is a start, not a grade: the hidden
grader (`kata grade`) checks much more (ties, weights, edge cases, errors and speed).
"""

import numpy as np
import pytest

from knn import KNNClassifier, KNNRegressor

# Five training points; query [1, 0] is at distance 1 from both (0, 0) and (2, 0).
X_TRAIN = np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 2.0], [5.0, 5.0], [6.0, 5.0]])
LABELS = np.array(["b", "a", "a", "b", "b"])
TARGETS = np.array([1.0, 2.0, 4.0, 10.0, 11.0])


def test_majority_vote_and_probabilities():
    model = KNNClassifier(n_neighbors=3).fit(X_TRAIN, LABELS)
    # neighbours of [1, 0]: "b" (d=1), "a" (d=1), "a" (d=sqrt(5))
    assert list(model.classes_) == ["a", "b"]
    assert list(model.predict(np.array([[1.0, 0.0]]))) == ["a"]
    np.testing.assert_allclose(model.predict_proba(np.array([[1.0, 0.0]])), [[2 / 3, 1 / 3]])


def test_tie_rules():
    query = np.array([[1.0, 0.0]])
    # equal distances: the training point that comes first ((0, 0), label "b") is nearer
    assert list(KNNClassifier(n_neighbors=1).fit(X_TRAIN, LABELS).predict(query)) == ["b"]
    # one vote each for "b" and "a": the smallest label wins
    assert list(KNNClassifier(n_neighbors=2).fit(X_TRAIN, LABELS).predict(query)) == ["a"]


def test_regressor_uniform_and_distance_weights():
    query = np.array([[0.0, 0.5]])
    # neighbours: (0, 0) at d=0.5 (target 1) and (0, 2) at d=1.5 (target 4)
    uniform = KNNRegressor(n_neighbors=2).fit(X_TRAIN, TARGETS).predict(query)
    weighted = KNNRegressor(n_neighbors=2, weights="distance").fit(X_TRAIN, TARGETS).predict(query)
    np.testing.assert_allclose(uniform, [2.5])
    np.testing.assert_allclose(weighted, [1.75])  # (1/0.5 * 1 + 1/1.5 * 4) / (1/0.5 + 1/1.5)


def test_zero_distance_neighbours_decide_alone():
    query = np.array([[0.0, 0.0]])  # on top of the first training point
    regressor = KNNRegressor(n_neighbors=3, weights="distance").fit(X_TRAIN, TARGETS)
    classifier = KNNClassifier(n_neighbors=3, weights="distance").fit(X_TRAIN, LABELS)
    np.testing.assert_allclose(regressor.predict(query), [1.0])
    np.testing.assert_allclose(classifier.predict_proba(query), [[0.0, 1.0]])


def test_too_many_neighbours_is_a_value_error():
    with pytest.raises(ValueError):
        KNNClassifier(n_neighbors=6).fit(X_TRAIN, LABELS)
