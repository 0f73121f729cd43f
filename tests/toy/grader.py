import numpy as np
import pytest

from kata_cli import checks


@pytest.mark.kata(points=3, category="correctness", timeout=2)
def test_values(submission, reference, rng):
    """Norms match the reference."""
    X = rng.normal(size=(20, 3))
    got = checks.array(submission.row_norms(X), what="row_norms(X)", shape=(20,))
    checks.assert_close(got, reference.row_norms(X), what="row_norms(X)",
                        mistakes=[("squared norms", (X**2).sum(axis=1))])


@pytest.mark.kata(points=1, category="edge-cases")
def test_zero_rows(submission):
    """A zero row has norm 0."""
    got = checks.array(submission.row_norms(np.zeros((2, 3))), what="row_norms(zeros)", shape=(2,))
    checks.assert_close(got, np.zeros(2), what="row_norms(zeros)")


@pytest.mark.kata(points=1, category="api")
def test_rejects_1d(submission):
    """1-D input raises ValueError."""
    checks.raises_value_error(submission.row_norms, np.ones(3), what="row_norms(1-D array)")


@pytest.mark.kata(points=1, category="efficiency")
def test_speed(submission, reference, rng):
    """Not much slower than the reference."""
    X = rng.normal(size=(20000, 8))
    checks.assert_speed(lambda: submission.row_norms(X), lambda: reference.row_norms(X),
                        factor=20, what="row_norms on 20000 x 8")
