"""Visible examples for the backprop kata: run them with `kata test` (plain pytest).

They check the worked example of README.md. Passing them is a start, not a grade: the hidden
grader (`kata grade`) checks much more (gradients of every architecture and activation against
central differences, training, stability, errors and speed).
"""

import numpy as np
import pytest

from backprop import MLP

X = np.array([[1.0, 2.0], [0.5, -1.0]])
Y = np.array([1, 0])


def example_model():
    model = MLP([2, 2, 2], activation="relu", seed=0)
    model.params = [np.array([[1.0, -1.0], [0.5, 1.0]]), np.array([0.5, -0.5]),
                    np.array([[1.0, -1.0], [-2.0, 1.0]]), np.array([0.0, 0.5])]
    return model


def test_forward_predict_and_loss():
    model = example_model()
    np.testing.assert_allclose(model.forward(X), [[0.952574, 0.047426], [0.622459, 0.377541]],
                               atol=1e-6)
    assert model.predict(X).tolist() == [0, 0]
    loss, _ = model.loss_and_gradients(X, Y)
    assert loss == pytest.approx(1.761332, abs=1e-6)  # (-log 0.047426 - log 0.622459) / 2


def test_gradients_of_the_worked_example():
    _, grads = example_model().loss_and_gradients(X, Y)
    expected = [
        [[0.763804, -1.428861], [2.282689, -2.857722]],  # dW1
        [0.575033, -1.428861],                           # db1
        [[1.096332, -1.096332], [0.238144, -0.238144]],  # dW2
        [0.287517, -0.287517],                           # db2
    ]
    assert len(grads) == 4
    for got, want in zip(grads, expected):
        np.testing.assert_allclose(got, want, atol=1e-6)


def test_init_shapes_and_seed():
    model = MLP([3, 5, 4], activation="tanh", seed=1)
    assert [p.shape for p in model.params] == [(3, 5), (5,), (5, 4), (4,)]
    again = MLP([3, 5, 4], activation="tanh", seed=1)
    assert all(np.array_equal(a, b) for a, b in zip(model.params, again.params))


def test_logits_in_the_thousands_stay_finite():
    model = MLP([1, 2], seed=0)
    model.params = [np.array([[1000.0, -1000.0]]), np.array([0.0, 0.0])]
    x = np.array([[1.0]])
    np.testing.assert_allclose(model.forward(x), [[1.0, 0.0]])
    loss, grads = model.loss_and_gradients(x, np.array([1]))
    assert loss == pytest.approx(2000.0)
    np.testing.assert_allclose(grads[0], [[1.0, -1.0]])
    np.testing.assert_allclose(grads[1], [1.0, -1.0])


def test_labels_outside_the_classes_are_a_value_error():
    with pytest.raises(ValueError):
        example_model().loss_and_gradients(X, np.array([0, 2]))
