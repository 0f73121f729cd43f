"""Visible examples for the svm-smo kata: run them with `kata test` (plain pytest).

They check the worked example of README.md and one small RBF problem. Passing them is a
start, not a grade: the hidden grader (`kata grade`) checks much more (the dual objective and
the KKT conditions on overlapping classes, both kernels, edge cases, errors and speed).
"""

import numpy as np
import pytest

from svm_smo import SVM

# Two points: the maximal margin is f(x) = x_1 - 2, with alpha = 2 / ||x+ - x-||^2 = 0.5 each.
TWO_X = np.array([[1.0, 2.0], [3.0, 2.0]])
TWO_Y = np.array([-1, 1])

# Eight points on a small grid, separable by an RBF kernel.
GRID_X = np.array([[0.0, 0.0], [1.0, 2.0], [2.0, 0.0], [3.0, 3.0],
                   [4.0, 1.0], [4.0, 4.0], [1.0, 1.0], [3.0, 1.0]])
GRID_Y = np.array([-1, -1, -1, 1, 1, 1, -1, 1])
GRID_OPTIMUM = 3.0156718431940206  # max W(alpha) for C=10, kernel="rbf", gamma=0.5


def dual_objective(alpha, y, K):
    v = alpha * y
    return alpha.sum() - 0.5 * v @ K @ v


def test_two_points():
    model = SVM(C=1.0, kernel="linear", random_state=0).fit(TWO_X, TWO_Y)
    np.testing.assert_allclose(model.alpha_, [0.5, 0.5], atol=1e-6)
    assert abs(model.b_ - (-2.0)) < 1e-6
    np.testing.assert_allclose(model.decision_function(np.array([[0.0, 5.0], [4.0, -1.0]])),
                               [-2.0, 2.0], atol=1e-6)  # f(x) = x_1 - 2
    assert list(model.support_) == [0, 1]


def test_a_score_of_zero_predicts_plus_one():
    model = SVM(C=1.0, kernel="linear", random_state=0).fit(TWO_X, TWO_Y)
    assert list(model.predict(np.array([[2.0, 2.0], [0.0, 0.0], [5.0, 0.0]]))) == [1, -1, 1]


def test_small_C_clips_both_alphas():
    model = SVM(C=0.1, kernel="linear", random_state=0).fit(TWO_X, TWO_Y)
    np.testing.assert_allclose(model.alpha_, [0.1, 0.1], atol=1e-6)
    assert -1.2 - 1e-6 <= model.b_ <= 0.4 + 1e-6  # both points at C: y f(x) <= 1 for both


def test_rbf_dual_objective_and_constraints():
    model = SVM(C=10.0, kernel="rbf", gamma=0.5, random_state=0).fit(GRID_X, GRID_Y)
    alpha = np.asarray(model.alpha_)
    assert alpha.shape == (8,)
    assert np.all(alpha >= -1e-8) and np.all(alpha <= 10.0 + 1e-7)
    assert abs(alpha @ GRID_Y) < 1e-6
    sq = ((GRID_X[:, None, :] - GRID_X[None, :, :]) ** 2).sum(axis=2)
    W = dual_objective(alpha, GRID_Y, np.exp(-0.5 * sq))
    assert W >= 0.99 * GRID_OPTIMUM, f"W(alpha_) = {W:.6f}, optimum {GRID_OPTIMUM:.6f}"
    assert list(model.predict(GRID_X)) == list(GRID_Y)


def test_labels_must_be_minus_one_and_plus_one():
    with pytest.raises(ValueError):
        SVM().fit(TWO_X, np.array([0, 1]))
