"""Assertions for hidden graders: every failure is a diagnosis a candidate can act on.

A grader never writes a bare ``assert``: it calls these helpers, whose messages say what was
expected, what came back and, when the output matches a known misconception, its name.
This module runs inside the grading child process only (it imports numpy).

    out = checks.array(model.predict(X), what="KMeans.predict(X)", shape=(len(X),))
    checks.assert_close(out, expected, what="cluster_centers_", rtol=1e-7,
                        mistakes=[("labels from the previous centres", wrong)])
"""

from __future__ import annotations

import copy
import math
import time
from typing import Any, Callable, Iterable, NoReturn, Sequence

import numpy as np

MISTAKE_PREFIX = "Classic mistake"


def fail(message: str) -> NoReturn:
    """Fail the current test with ``message`` as its diagnosis."""
    __tracebackhide__ = True
    raise AssertionError(message)


def mistake(name: str, detail: str) -> NoReturn:
    """Fail naming a known misconception: ``detail``, then ``Classic mistake: <name>.``"""
    __tracebackhide__ = True
    raise AssertionError(f"{detail}\n{MISTAKE_PREFIX}: {name}.")


def check(condition: Any, message: str) -> None:
    """Fail with ``message`` unless ``condition`` is true."""
    __tracebackhide__ = True
    if not condition:
        fail(message)


def fmt(value: Any, limit: int = 160) -> str:
    """A short, readable rendering of a value for a message."""
    if isinstance(value, np.ndarray):
        with np.printoptions(precision=6, threshold=12, edgeitems=3, linewidth=limit):
            text = np.array2string(value, separator=", ")
        text = " ".join(text.split())
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _shape_text(shape: Sequence[int | None]) -> str:
    parts = ["?" if s is None else str(s) for s in shape]
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


def array(
    value: Any,
    *,
    what: str,
    shape: Sequence[int | None] | None = None,
    finite: bool = True,
    numeric: bool = True,
) -> np.ndarray:
    """Turn a submission's return value into an ndarray, checking shape and finiteness.

    ``shape`` may hold ``None`` for a free axis. Fails with ``what: expected shape (n, d), got ...``
    or ``what contains NaN at 3 of 100 entries (first at index (4, 1))``.
    """
    __tracebackhide__ = True
    if value is None:
        expected = f"an array of shape {_shape_text(shape)}" if shape is not None else "an array"
        fail(f"{what} returned None; expected {expected}. Did you forget a return statement?")
    try:
        arr = np.asarray(value)
    except Exception as exc:  # ragged lists and the like
        fail(f"{what} returned {type(value).__name__} that is not an array: {exc}")
    if shape is not None:
        ok = arr.ndim == len(shape) and all(
            want is None or want == got for want, got in zip(shape, arr.shape)
        )
        if not ok:
            fail(f"{what}: expected shape {_shape_text(shape)}, got {_shape_text(arr.shape)}")
    if numeric:
        if arr.dtype == object or not (
            np.issubdtype(arr.dtype, np.number) or arr.dtype == np.bool_
        ):
            fail(f"{what}: expected numbers, got an array of dtype {arr.dtype}")
        if finite and np.issubdtype(arr.dtype, np.inexact):
            bad = ~np.isfinite(arr)
            if bad.any():
                first = tuple(int(i) for i in np.argwhere(bad)[0])
                kind = "NaN" if np.isnan(arr).any() else "inf"
                where = f" (first at index {first[0] if len(first) == 1 else first})"
                fail(f"{what} contains {kind} at {int(bad.sum())} of {arr.size} entries{where}")
    return arr


def max_difference(actual: np.ndarray, expected: np.ndarray) -> tuple[float, tuple[int, ...]]:
    """The largest absolute difference and where it is."""
    diff = np.abs(np.asarray(actual, dtype=float) - np.asarray(expected, dtype=float))
    if diff.size == 0:
        return 0.0, ()
    flat = int(np.nanargmax(diff)) if not np.isnan(diff).all() else 0
    index = np.unravel_index(flat, diff.shape)
    return float(diff[index]), tuple(int(i) for i in index)


def is_close(actual: Any, expected: Any, *, rtol: float = 1e-7, atol: float = 1e-9) -> bool:
    """True when both have the same shape and agree within the tolerances."""
    a, e = np.asarray(actual), np.asarray(expected)
    if a.shape != e.shape:
        return False
    try:
        return bool(np.allclose(a, e, rtol=rtol, atol=atol, equal_nan=False))
    except TypeError:
        return bool(np.array_equal(a, e))


def assert_close(
    actual: Any,
    expected: Any,
    *,
    what: str,
    rtol: float = 1e-7,
    atol: float = 1e-9,
    mistakes: Iterable[tuple[str, Any]] = (),
    hint: str | None = None,
) -> None:
    """Fail unless ``actual`` matches ``expected`` within tolerance.

    ``mistakes`` lists ``(name, wrong_value)`` pairs: the values a known misconception would
    produce. When ``actual`` matches one of them, the message names it.
    """
    __tracebackhide__ = True
    expected = np.asarray(expected)
    actual = array(actual, what=what, shape=expected.shape)
    if is_close(actual, expected, rtol=rtol, atol=atol):
        return
    diff, index = max_difference(actual, expected)
    where = ""
    if index:  # the values there, which the abbreviated arrays may not show
        at = index[0] if len(index) == 1 else index
        where = (f" at index {at}: expected {actual_item(expected, index)!r}, "
                 f"got {actual_item(actual, index)!r}")
    detail = (
        f"{what}: expected {fmt(expected)}, got {fmt(actual)} "
        f"(largest difference {diff:.3g}{where}; tolerance rtol={rtol:g}, atol={atol:g})"
    )
    if hint:
        detail += f"\n{hint}"
    fail_naming(detail, [
        name for name, wrong in mistakes
        if is_close(actual, wrong, rtol=max(rtol, 1e-6), atol=max(atol, 1e-9))
        and not is_close(wrong, expected, rtol=rtol, atol=atol)
    ])


def fail_naming(detail: str, names: Sequence[str]) -> NoReturn:
    """Fail with ``detail``, naming every matching mistake (deduplicated, in order)."""
    __tracebackhide__ = True
    names = list(dict.fromkeys(names))
    if names:
        mistake(" or ".join(names), detail)
    fail(detail)


def assert_equal(
    actual: Any,
    expected: Any,
    *,
    what: str,
    hint: str | None = None,
    mistakes: Iterable[tuple[str, Any]] = (),
) -> None:
    """Fail unless two arrays (labels, indices, strings) are equal entry for entry.

    ``mistakes`` lists ``(name, wrong_value)`` pairs, as for :func:`assert_close`.
    """
    __tracebackhide__ = True
    expected = np.asarray(expected)
    actual = array(actual, what=what, shape=expected.shape, numeric=False)
    if np.array_equal(actual, expected):
        return
    wrong = np.argwhere(actual != expected)
    first = tuple(int(i) for i in wrong[0]) if len(wrong) else ()
    at = first[0] if len(first) == 1 else first
    detail = (
        f"{what}: {len(wrong)} of {expected.size} entries differ; first at index {at}: "
        f"expected {actual_item(expected, first)!r}, got {actual_item(actual, first)!r}"
    )
    detail += f"\n{hint}" if hint else ""
    fail_naming(detail, [
        name for name, wrong in mistakes
        if np.array_equal(actual, np.asarray(wrong)) and not np.array_equal(np.asarray(wrong), expected)
    ])


def actual_item(arr: np.ndarray, index: tuple[int, ...]) -> Any:
    item = arr[index] if index else arr
    return item.item() if hasattr(item, "item") else item


def raises(
    fn: Callable[..., Any],
    *args: Any,
    what: str,
    errors: tuple[type[BaseException], ...] = (ValueError,),
    **kwargs: Any,
) -> None:
    """Fail unless ``fn(*args, **kwargs)`` raises one of ``errors``.

    NotImplementedError is never accepted, although it is a RuntimeError: it propagates, so
    an unimplemented method fails as "not implemented yet" instead of earning the points of
    a "raises RuntimeError before fit" test.
    """
    __tracebackhide__ = True
    names = " or ".join(e.__name__ for e in errors)
    try:
        fn(*args, **kwargs)
    except NotImplementedError:
        raise
    except errors:
        return
    except Exception as exc:
        fail(f"{what}: expected {names}, got {type(exc).__name__}: {exc}")
    fail(f"{what}: expected {names}, but no error was raised")


def raises_value_error(fn: Callable[..., Any], *args: Any, what: str, **kwargs: Any) -> None:
    """Fail unless ``fn(*args, **kwargs)`` raises ValueError (the contract for invalid input)."""
    __tracebackhide__ = True
    raises(fn, *args, what=what, errors=(ValueError,), **kwargs)


def assert_speed(
    candidate: Callable[[], Any],
    reference: Callable[[], Any],
    *,
    factor: float,
    what: str,
    repeats: int = 5,
    hint: str | None = None,
) -> float:
    """Fail when ``candidate`` is more than ``factor`` times slower than ``reference``.

    Both run in this process on the same input; each is warmed up once, then timed in
    interleaved runs and compared by medians. A candidate far slower than allowed is judged on
    its first run, so a quadratic loop does not eat the time budget. Returns the ratio.
    """
    __tracebackhide__ = True
    reference()
    ref_times: list[float] = []
    cand_times: list[float] = []
    start = time.perf_counter()
    candidate()
    first = time.perf_counter() - start
    for _ in range(repeats):
        start = time.perf_counter()
        reference()
        ref_times.append(time.perf_counter() - start)
        if first > 4 * factor * ref_times[0] and first > 0.05:
            break
        start = time.perf_counter()
        candidate()
        cand_times.append(time.perf_counter() - start)
    t_ref = max(float(np.median(ref_times)), 1e-6)
    t_cand = float(np.median(cand_times)) if cand_times else first
    ratio = t_cand / t_ref
    if not math.isfinite(ratio) or ratio > factor:
        detail = (
            f"{what} took {t_cand * 1e3:.1f} ms against the reference's {t_ref * 1e3:.1f} ms: "
            f"{ratio:.1f}x slower (allowed: {factor:g}x)."
        )
        fail(detail + (f"\n{hint}" if hint else ""))
    return ratio


class CopyingModule:
    """A submission module whose named classes give every public method copies of its array
    and list arguments (see :func:`copy_inputs`); ``.raw`` is the module itself."""

    def __init__(self, module: Any, classes: Sequence[str]) -> None:
        self.raw = module
        self._classes = tuple(classes)
        self._cache: dict[str, type] = {}

    def __getattr__(self, name: str) -> Any:
        value = getattr(self.raw, name)
        if name in self._classes and isinstance(value, type):
            if name not in self._cache:
                self._cache[name] = _copying_class(value)
            return self._cache[name]
        return value


def _copy_argument(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, list):
        return copy.deepcopy(value)
    return value


def _copying_class(cls: type) -> type:
    methods: dict[str, Any] = {}
    for name in dir(cls):
        if name.startswith("_") or not callable(getattr(cls, name, None)):
            continue

        def call(self: Any, *args: Any, _name: str = name, **kwargs: Any) -> Any:
            args = tuple(_copy_argument(a) for a in args)
            kwargs = {k: _copy_argument(v) for k, v in kwargs.items()}
            return getattr(super(guarded, self), _name)(*args, **kwargs)

        call.__name__ = name
        methods[name] = call
    guarded = type(cls.__name__, (cls,), methods)
    guarded.__qualname__ = cls.__qualname__
    guarded.__module__ = cls.__module__
    return guarded


def copy_inputs(module: Any, classes: Sequence[str]) -> CopyingModule:
    """Wrap a submission so that a method which modifies its arguments in place cannot change
    the data a test judges it with: such a bug then fails only the test that checks for it
    (which uses ``.raw``), with the right diagnosis, instead of a dozen tests with wrong ones."""
    return CopyingModule(module, classes)
