"""The grader helpers (kata_cli.checks): what a candidate reads when a check fails."""

from __future__ import annotations

import time

import numpy as np
import pytest

from kata_cli import checks


def message(fn, *args, **kwargs) -> str:
    with pytest.raises(AssertionError) as excinfo:
        fn(*args, **kwargs)
    return str(excinfo.value)


def test_array_reports_none_shape_and_nan():
    assert "returned None" in message(checks.array, None, what="f(X)", shape=(3,))
    assert "expected shape (3,), got (3, 1)" in message(checks.array, np.zeros((3, 1)), what="f(X)", shape=(3,))
    assert "(?, 2)" in message(checks.array, np.zeros(4), what="f(X)", shape=(None, 2))
    nan = message(checks.array, np.array([1.0, np.nan, np.inf]), what="f(X)")
    assert "contains NaN at 2 of 3 entries (first at index 1)" in nan
    assert checks.array([[1, 2]], what="f(X)", shape=(1, 2)).shape == (1, 2)


def test_assert_close_says_expected_got_and_where():
    text = message(checks.assert_close, np.array([1.0, 2.5]), np.array([1.0, 2.0]), what="centres")
    assert "centres: expected [1., 2.], got [1. , 2.5]" in text
    assert "largest difference 0.5 at index 1" in text
    checks.assert_close(np.array([1.0, 2.0 + 1e-12]), np.array([1.0, 2.0]), what="centres")


def test_assert_close_names_every_matching_mistake_but_never_the_right_answer():
    expected, wrong = np.array([1.0, 2.0]), np.array([1.0, 4.0])
    text = message(checks.assert_close, wrong, expected, what="x",
                   mistakes=[("squared", wrong), ("doubled", wrong), ("same as expected", expected)])
    assert text.endswith("Classic mistake: squared or doubled.")
    plain = message(checks.assert_close, np.array([0.0, 0.0]), expected, what="x", mistakes=[("squared", wrong)])
    assert "Classic mistake" not in plain


def test_assert_equal_names_a_mistake():
    text = message(checks.assert_equal, np.array(["b", "a"]), np.array(["a", "b"]), what="classes_",
                   mistakes=[("first-seen order", np.array(["b", "a"]))])
    assert "2 of 2 entries differ; first at index 0: expected 'a', got 'b'" in text
    assert text.endswith("Classic mistake: first-seen order.")


def test_raises_never_accepts_not_implemented_error_as_a_runtime_error():
    def unimplemented():
        raise NotImplementedError

    with pytest.raises(NotImplementedError):
        checks.raises(unimplemented, what="predict before fit", errors=(ValueError, RuntimeError))

    def not_fitted():
        raise RuntimeError("not fitted")

    checks.raises(not_fitted, what="predict before fit", errors=(ValueError, RuntimeError))
    assert "expected ValueError, but no error was raised" in message(checks.raises_value_error, lambda: None, what="f")
    assert "expected ValueError, got KeyError" in message(checks.raises_value_error, {}.__getitem__, 1, what="f")


def test_assert_speed_reports_the_ratio_and_stops_early():
    checks.assert_speed(lambda: sum(range(2000)), lambda: sum(range(2000)), factor=5, what="sum")
    start = time.perf_counter()
    text = message(checks.assert_speed, lambda: time.sleep(0.1), lambda: time.sleep(0.001),
                   factor=5, what="fit on 10,000 points", repeats=5)
    assert "fit on 10,000 points took" in text and "slower (allowed: 5x)" in text
    assert time.perf_counter() - start < 0.5  # judged on its first run, not five
