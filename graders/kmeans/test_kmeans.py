"""Hidden grader of the kmeans kata: Lloyd's algorithm, its seedings and its contract.

The Lloyd iteration is judged exactly through initial centres given as an array: from the same
start every correct implementation walks the same path (the data are chosen so that no cluster
empties and no point is near a tie). The random seedings are judged by properties only: a
Lloyd fixed point, recovery of well-separated blobs over several seeds, reproducibility for one
random_state. Labels are compared up to a permutation wherever the seeding is random, and any
empty-cluster rule is accepted as long as no centre is NaN and no cluster stays empty.

Oracle values come from the small numpy helpers below (distances by plain differences, a
textbook Lloyd loop) or from the reference solution; nothing here imports scikit-learn.
"""

import os
import traceback

import numpy as np
import pytest

from kata_cli import checks

# --------------------------------------------------------------------------- the submission


@pytest.fixture
def submission(submission):
    """KMeans gets a copy of X on every call: a fit that modifies X in place fails only
    test_inputs_are_not_modified (which uses ``submission.raw``)."""
    return checks.copy_inputs(submission, ["KMeans"])


# --------------------------------------------------------------------------- helpers


def _blobs(rng, centres, per_cluster, sd):
    """Gaussian blobs stored cluster by cluster: X of shape (k * per_cluster, d) and its truth."""
    centres = np.asarray(centres, dtype=float)
    X = np.concatenate([c + sd * rng.normal(size=(per_cluster, len(c))) for c in centres])
    return X, np.repeat(np.arange(len(centres)), per_cluster)


def _ring(k, radius=10.0):
    """k centres evenly spaced on a circle in the plane."""
    angles = 2 * np.pi * np.arange(k) / k
    return radius * np.column_stack([np.cos(angles), np.sin(angles)])


def _sq_dists(X, C):
    """Squared Euclidean distances (n, k) by plain differences: exact, for small inputs."""
    return ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)


def _nearest(X, C):
    return _sq_dists(X, C).argmin(axis=1)


def _lloyd(X, init, steps, *, metric="euclidean"):
    """The centres before and after each of ``steps`` textbook Lloyd iterations.

    Returns a list of ``steps + 1`` arrays (the first is ``init``), shorter when the centres
    stop moving, or None when a cluster empties (the caller's data must avoid that).
    """
    trace = [np.asarray(init, dtype=float)]
    for _ in range(steps):
        C = trace[-1]
        if metric == "euclidean":
            labels = _nearest(X, C)
        else:  # the Manhattan distance, to recognise a classic mistake
            labels = np.abs(X[:, None, :] - C[None, :, :]).sum(axis=2).argmin(axis=1)
        if np.bincount(labels, minlength=len(C)).min() == 0:
            return None
        new = np.stack([X[labels == j].mean(axis=0) for j in range(len(C))])
        if np.array_equal(new, C):
            break
        trace.append(new)
    return trace


def _data_ok(condition, what):
    """Guard the grader's own data design (never the candidate's fault)."""
    if not condition:
        raise RuntimeError(f"grader data error: {what}")


def _describe(params):
    """``KMeans(n_clusters=3, init=<array of shape (3, 2)>, max_iter=1)`` for messages."""
    parts = []
    for key, value in params.items():
        if isinstance(value, np.ndarray):
            parts.append(f"{key}=<array of shape {value.shape}>")
        else:
            parts.append(f"{key}={value!r}")
    return f"KMeans({', '.join(parts)})"


def _fit(submission, X, **params):
    """Fit a fresh model and check its fitted attributes; returns (model, attributes)."""
    what = f"{_describe(params)}.fit(X)"
    model = submission.KMeans(**params)
    try:
        out = model.fit(X)
    except ValueError as exc:  # valid input: only rng.choice's complaints are diagnosed here
        text = str(exc).lower()
        if "probabilit" not in text:
            raise
        if "sum to 1" in text:
            checks.fail(
                f"{what} raised ValueError: {exc}{_where(exc, submission)}. The probabilities "
                "of the k-means++ draw must be normalised: p = D2 / D2.sum()."
            )
        checks.mistake(
            "negative squared distances from |x|^2 + |c|^2 - 2 x.c, not clipped at 0",
            f"{what} raised ValueError: {exc}{_where(exc, submission)}. The expansion rounds "
            "some zero distances (a point to itself) to tiny negative numbers, or to NaN after a "
            "square root, and those are not probabilities: clip with np.maximum(d2, 0). Far from "
            "the origin the rounding grows: subtracting the mean of X first helps too.",
        )
    checks.check(out is not None, f"{what} returned None: fit must end with `return self`.")
    checks.check(
        out is model,
        f"{what} returned a {type(out).__name__}, not the model itself: fit must return self.",
    )
    return model, _attributes(model, X, params, what)


def _where(exc, submission):
    """`` (kmeans.py, line 42, in fit)``: the deepest frame of the submission in a traceback."""
    target = getattr(submission, "__file__", None)
    if not target:
        return ""
    frames = [
        f for f in traceback.extract_tb(exc.__traceback__)
        if os.path.realpath(f.filename) == os.path.realpath(target)
    ]
    if not frames:
        return ""
    return f" ({os.path.basename(target)}, line {frames[-1].lineno}, in {frames[-1].name})"


def _attributes(model, X, params, what):
    """The fitted attributes as (centres, labels, inertia, n_iter), each checked."""
    n, d = np.shape(X)
    k = params.get("n_clusters", 8)
    max_iter = params.get("max_iter", 300)
    for name in ("cluster_centers_", "labels_", "inertia_", "n_iter_"):
        checks.check(hasattr(model, name), f"{what} did not set the attribute {name}.")
    centres = checks.array(model.cluster_centers_, what=f"{what}: cluster_centers_", shape=(k, d))
    labels = checks.array(model.labels_, what=f"{what}: labels_", shape=(n,))
    checks.check(
        np.issubdtype(labels.dtype, np.integer),
        f"{what}: labels_ must be an integer array (cluster indices), got dtype {labels.dtype}.",
    )
    checks.check(
        labels.min() >= 0 and labels.max() < k,
        f"{what}: labels_ must lie in [0, {k}), got values from {labels.min()} to {labels.max()}.",
    )
    inertia = checks.array(model.inertia_, what=f"{what}: inertia_")
    checks.check(
        inertia.size == 1, f"{what}: inertia_ must be one number, got shape {inertia.shape}."
    )
    inertia = float(inertia.reshape(()))
    checks.check(inertia >= 0, f"{what}: inertia_ is negative ({inertia!r}).")
    n_iter = model.n_iter_
    checks.check(
        isinstance(n_iter, (int, np.integer)) and not isinstance(n_iter, bool),
        f"{what}: n_iter_ must be an int, got {n_iter!r}.",
    )
    if n_iter == max_iter + 1:
        checks.mistake(
            "off-by-one in max_iter",
            f"{what}: n_iter_ = {n_iter}, one more than max_iter = {max_iter}: the loop runs "
            "max_iter + 1 iterations (or counts one too many).",
        )
    checks.check(
        1 <= n_iter <= max_iter,
        f"{what}: n_iter_ = {n_iter}, but it must lie between 1 and max_iter = {max_iter}.",
    )
    return centres, labels, inertia, int(n_iter)


def _not_nearest(X, C, labels):
    """Indices of points whose label is not (within rounding) their nearest centre in C."""
    d2 = _sq_dists(X, C)
    own = d2[np.arange(len(X)), labels]
    scale = (X * X).sum(axis=1) + (C * C).sum(axis=1).max()
    return np.flatnonzero(own > d2.min(axis=1) + 1e-9 * (1.0 + scale))


def _check_nearest(X, centres, labels, what, hint=None):
    """labels must be the nearest-centre labels of ``centres`` (ties either way)."""
    bad = _not_nearest(X, centres, labels)
    if bad.size:
        i = int(bad[0])
        d2 = _sq_dists(X[i : i + 1], centres)[0]
        detail = (
            f"{what}: every point must get the label of its nearest centre in cluster_centers_, "
            f"but {bad.size} of {len(X)} points carry another label; point {i} has label "
            f"{int(labels[i])} (squared distance {d2[labels[i]]:.6g}) while centre "
            f"{int(d2.argmin())} is at {d2.min():.6g}."
        )
        checks.fail(detail + (f"\n{hint}" if hint else ""))


def _same_partition(a, b):
    """True when two labelings define the same clusters (up to renaming the clusters)."""
    pairs = set(zip(np.asarray(a).tolist(), np.asarray(b).tolist()))
    return len(pairs) == len(set(np.asarray(a).tolist())) == len(set(np.asarray(b).tolist()))


def _cluster_means(X, labels, k):
    return np.stack([X[labels == j].mean(axis=0) for j in range(k)])


def _sorted_rows(A):
    """Rows of A in lexicographic order, to compare sets of centres whatever their order."""
    A = np.asarray(A)
    return A[np.lexsort(A.T[::-1])]


def _uniform_square(rng):
    """120 points uniform in [0, 10]^2 and 4 initial centres crowded in one corner.

    From there Lloyd's algorithm needs 9 iterations, the largest centre move shrinking
    6.30, 2.62, 1.79, 1.39, 0.95, 0.63, 0.36, 0.25, 0: a good track for max_iter and tol.
    """
    X = rng.uniform(0.0, 10.0, size=(120, 2))
    init = np.array([[0.0, 0.0], [0.5, 0.0], [1.0, 0.0], [1.5, 0.0]])
    return X, init


def _max_shifts(trace):
    return [float(np.sqrt(((b - a) ** 2).sum(axis=1)).max()) for a, b in zip(trace, trace[1:])]


PREVIOUS_LABELS = "labels from the previous centres"
PREVIOUS_LABELS_HINT = (
    "labels_ must be the nearest-centre labels of the FINAL centres: after the last move of the "
    "centres, assign the points once more."
)


# --------------------------------------------------------------------------- correctness


@pytest.mark.kata(points=8, category="correctness")
def test_one_iteration_from_given_centres(submission, rng):
    """One Lloyd iteration from given centres (max_iter=1): centres, labels, inertia, n_iter_."""
    X, _ = _blobs(rng, [[0, 0], [4, 0], [2, 3]], 20, 1.0)
    init = np.array([[-1.0, 1.0], [3.0, -1.0], [3.0, 4.0]])
    trace = _lloyd(X, init, 2)
    _data_ok(trace is not None and len(trace) == 3, "the blobs must take two iterations")
    expected = trace[1]
    labels_before = _nearest(X, init)
    expected_labels = _nearest(X, expected)
    _data_ok(not np.array_equal(labels_before, expected_labels), "labels must change")
    params = dict(n_clusters=3, init=init.copy(), max_iter=1)
    what = f"{_describe(params)}.fit(X)"
    _, (centres, labels, inertia, n_iter) = _fit(submission, X, **params)

    checks.assert_close(
        centres,
        expected,
        what=f"{what}: cluster_centers_ (the means of the points nearest each initial centre)",
        rtol=1e-9,
        atol=1e-9,
        mistakes=[
            ("the centres never moved (max_iter=1 must run one full iteration)", init),
            ("off-by-one in max_iter: two iterations were run for max_iter=1", trace[2]),
        ],
    )
    checks.assert_equal(n_iter, 1, what=f"{what}: n_iter_")
    if np.array_equal(labels, labels_before) and not np.array_equal(labels, expected_labels):
        checks.mistake(
            PREVIOUS_LABELS,
            f"{what}: labels_ are the labels of the INITIAL centres; "
            f"{int((labels != expected_labels).sum())} points are nearer another centre once the "
            f"centres have moved.\n{PREVIOUS_LABELS_HINT}",
        )
    checks.assert_equal(labels, expected_labels, what=f"{what}: labels_", hint=PREVIOUS_LABELS_HINT)
    expected_inertia = _sq_dists(X, expected).min(axis=1).sum()
    checks.assert_close(
        inertia,
        expected_inertia,
        what=f"{what}: inertia_",
        rtol=1e-9,
        mistakes=[
            ("inertia from the previous centres", _sq_dists(X, init).min(axis=1).sum()),
            ("inertia from the previous labels",
             _sq_dists(X, expected)[np.arange(len(X)), labels_before].sum()),
        ],
    )


@pytest.mark.kata(points=8, category="correctness")
def test_converges_like_lloyd(submission, reference, rng):
    """From given centres with tol=0: the converged centres, labels and inertia of Lloyd."""
    X, init = _uniform_square(rng)
    params = dict(n_clusters=4, init=init.copy(), tol=0.0)
    what = f"{_describe(params)}.fit(X)"
    oracle = reference.KMeans(**params).fit(X)
    _, (centres, labels, inertia, _) = _fit(submission, X, **params)

    mistakes = []
    manhattan = _lloyd(X, init, 100, metric="manhattan")
    if manhattan is not None:
        mistakes.append(("Manhattan (L1) distance instead of the Euclidean one", manhattan[-1]))
    mistakes.append(("stopped after the first iteration", _lloyd(X, init, 1)[-1]))
    checks.assert_close(
        centres, oracle.cluster_centers_, what=f"{what}: cluster_centers_", rtol=1e-9,
        atol=1e-9, mistakes=mistakes,
    )
    checks.assert_equal(labels, oracle.labels_, what=f"{what}: labels_")
    checks.assert_close(inertia, oracle.inertia_, what=f"{what}: inertia_", rtol=1e-9)


@pytest.mark.kata(points=2, category="correctness")
def test_stops_when_labels_settle(submission, reference, rng):
    """With tol=0 the loop stops once no label changes: n_iter_ as Lloyd's algorithm counts it."""
    X, init = _uniform_square(rng)
    params = dict(n_clusters=4, init=init.copy(), tol=0.0)
    what = f"{_describe(params)}.fit(X)"
    expected = reference.KMeans(**params).fit(X).n_iter_
    _, (_, _, _, n_iter) = _fit(submission, X, **params)
    # Counting the final iteration (the one that changes nothing) or not are both fine.
    if n_iter == 300:
        checks.fail(
            f"{what}: n_iter_ = 300 = max_iter, although the labels stop changing after "
            f"{expected} iterations: the loop must stop as soon as no label changes (or no "
            "centre moves more than tol; with tol=0 a move of exactly 0 counts as no move)."
        )
    checks.check(
        expected - 1 <= n_iter <= expected + 1,
        f"{what}: n_iter_ = {n_iter}, but Lloyd's algorithm converges here in {expected} "
        f"iterations, the last of which changes nothing (whether that one is counted or not, "
        f"{expected - 1} to {expected + 1} are accepted).",
    )


@pytest.mark.kata(points=4, category="correctness")
def test_inertia(submission, rng):
    """inertia_ is the sum of squared distances of the points to their final centres."""
    X, _ = _blobs(rng, [[0, 0], [5, 1], [1, 5]], 15, 1.2)
    init = np.array([[1.0, 1.0], [4.0, 0.0], [0.0, 4.0]])
    for max_iter in (1, 300):
        params = dict(n_clusters=3, init=init.copy(), max_iter=max_iter, tol=0.0)
        what = f"{_describe(params)}.fit(X)"
        _, (centres, labels, inertia, _) = _fit(submission, X, **params)
        trace = _lloyd(X, init, max_iter)
        _data_ok(trace is not None and len(trace) >= 2, "the blobs must take two iterations")
        final = trace[-1]
        d2 = _sq_dists(X, final)[np.arange(len(X)), _nearest(X, final)]
        mistakes = [
            ("inertia as the sum of distances, not of SQUARED distances", np.sqrt(d2).sum()),
            ("inertia as the mean, not the sum, of squared distances", d2.mean()),
        ]
        if max_iter == 1:  # the stale values differ from the final ones only before convergence
            previous = _nearest(X, init)
            mistakes += [
                ("inertia from the previous centres", _sq_dists(X, init).min(axis=1).sum()),
                ("inertia from the previous labels",
                 _sq_dists(X, final)[np.arange(len(X)), previous].sum()),
            ]
        checks.assert_close(
            inertia,
            d2.sum(),
            what=f"{what}: inertia_",
            rtol=1e-9,
            hint="inertia_ = sum over the points of |x - centre of its cluster|^2, with the final "
            "centres and labels.",
            mistakes=mistakes,
        )
        own = ((X - centres[labels]) ** 2).sum()
        checks.assert_close(
            inertia, own, what=f"{what}: inertia_ against the model's own labels_ and centres",
            rtol=1e-9,
        )


@pytest.mark.kata(points=3, category="correctness")
def test_labels_are_nearest_final_centres(submission, rng):
    """labels_ are the nearest-centre labels of cluster_centers_, also when fitting stops early."""
    X, _ = _blobs(rng, _ring(5, 3.0), 20, 1.2)
    for params in (
        dict(n_clusters=5, random_state=0),
        dict(n_clusters=5, random_state=1, max_iter=2),
        dict(n_clusters=5, random_state=2, tol=1e9),
    ):
        what = f"{_describe(params)}.fit(X)"
        _, (centres, labels, _, _) = _fit(submission, X, **params)
        _check_nearest(
            X, centres, labels, what,
            hint=f"(Are they {PREVIOUS_LABELS}? {PREVIOUS_LABELS_HINT})",
        )


@pytest.mark.kata(points=3, category="correctness")
def test_max_iter_is_respected(submission, rng):
    """max_iter=3 with tol=0 runs exactly three iterations (n_iter_ = 3)."""
    X, init = _uniform_square(rng)
    trace = _lloyd(X, init, 4)
    _data_ok(len(trace) == 5, "the data must take more than four iterations")
    params = dict(n_clusters=4, init=init.copy(), max_iter=3, tol=0.0)
    what = f"{_describe(params)}.fit(X)"
    _, (centres, labels, _, n_iter) = _fit(submission, X, **params)
    checks.assert_close(
        centres,
        trace[3],
        what=f"{what}: cluster_centers_ after three iterations",
        rtol=1e-9,
        atol=1e-9,
        mistakes=[
            ("off-by-one in max_iter: one iteration too few", trace[2]),
            ("off-by-one in max_iter: one iteration too many", trace[4]),
        ],
    )
    checks.assert_equal(n_iter, 3, what=f"{what}: n_iter_")
    checks.assert_equal(labels, _nearest(X, trace[3]), what=f"{what}: labels_",
                        hint=PREVIOUS_LABELS_HINT)


@pytest.mark.kata(points=4, category="correctness")
def test_tol_is_the_largest_centre_move(submission, rng):
    """tol: fitting stops after the first iteration in which no centre moves more than tol."""
    X, init = _uniform_square(rng)
    trace = _lloyd(X, init, 100)
    shifts = _max_shifts(trace)  # 6.30, 2.62, 1.79, 1.39, 0.95, 0.63, 0.36, 0.25, ...
    _data_ok(len(shifts) >= 8 and all(a > b for a, b in zip(shifts, shifts[1:])),
             "decreasing moves")
    # each wrong rule looks at D, the (k, d) move of the centres in one iteration
    rules = (
        ("tol compared with the squared move of a centre",
         lambda D, tol: ((D**2).sum(axis=1)).max() <= tol),
        ("tol compared with the total move of all the centres",
         lambda D, tol: np.sqrt((D**2).sum(axis=1)).sum() <= tol),
        ("tol compared with the norm of all the moves together",
         lambda D, tol: np.sqrt((D**2).sum()) <= tol),
        ("tol compared with the sum of the squared moves (scikit-learn's rule, which is also "
         "relative to the variance of X)", lambda D, tol: (D**2).sum() <= tol),
        ("tol compared with the largest move of a single coordinate",
         lambda D, tol: np.abs(D).max() <= tol),
        ("tol ignored: the loop runs until the labels stop changing", lambda D, tol: False),
    )

    def stop(rule, tol):
        """The iteration at which a stopping rule would stop."""
        for i, (a, b) in enumerate(zip(trace, trace[1:]), start=1):
            if rule(b - a, tol):
                return i
        return len(trace) - 1

    # tol values strictly between two consecutive largest moves (so the right rule stops at
    # iteration t with a wide margin), kept while they tell another wrong rule apart
    cases, told_apart = [], set()
    for t in range(2, len(shifts) + 1):
        low, high = shifts[t - 1], shifts[t - 2]
        for fraction in (0.5, 0.95):
            tol = round(low + fraction * (high - low), 4)
            wrong = {name for name, rule in rules if stop(rule, tol) != t}
            if wrong - told_apart:
                cases.append((t, tol))
                told_apart |= wrong
    _data_ok(told_apart == {name for name, _ in rules}, "every wrong stopping rule told apart")
    # fit every case first, then name only the wrong rules that explain all of them
    seen = []
    for t, tol in cases:
        params = dict(n_clusters=4, init=init.copy(), tol=tol)
        _, (centres, _, _, n_iter) = _fit(submission, X, **params)
        seen.append((t, tol, params, centres, n_iter))
    explains = [name for name, rule in rules
                if all(checks.is_close(c, trace[stop(rule, tol)], rtol=1e-9, atol=1e-9)
                       for _, tol, _, c, _ in seen)]
    for t, tol, params, centres, n_iter in seen:
        what = f"{_describe(params)}.fit(X)"
        checks.assert_close(
            centres,
            trace[t],
            what=f"{what}: cluster_centers_ (the largest centre move per iteration is "
            f"{', '.join(f'{s:.3f}' for s in shifts[:t + 1])}, ...: the first move <= tol={tol} "
            f"is in iteration {t})",
            rtol=1e-9,
            atol=1e-9,
            mistakes=[(name, trace[stop(rule, tol)]) for name, rule in rules if name in explains],
        )
        checks.assert_equal(n_iter, t, what=f"{what}: n_iter_")


@pytest.mark.kata(points=2, category="correctness")
def test_large_tol_stops_after_one_iteration(submission, rng):
    """A huge tol stops after the first iteration, with the labels of the moved centres."""
    X, _ = _blobs(rng, [[0, 0], [4, 0], [2, 3]], 20, 1.0)
    init = np.array([[-1.0, 1.0], [3.0, -1.0], [3.0, 4.0]])
    expected = _lloyd(X, init, 1)[1]
    params = dict(n_clusters=3, init=init.copy(), tol=1e9)
    what = f"{_describe(params)}.fit(X)"
    _, (centres, labels, _, n_iter) = _fit(submission, X, **params)
    checks.assert_close(
        centres, expected, what=f"{what}: cluster_centers_", rtol=1e-9, atol=1e-9,
        mistakes=[("the last update of the centres was dropped when the loop stopped", init)],
    )
    checks.assert_equal(n_iter, 1, what=f"{what}: n_iter_")
    expected_labels = _nearest(X, expected)
    if not np.array_equal(labels, expected_labels) and np.array_equal(labels, _nearest(X, init)):
        checks.mistake(
            PREVIOUS_LABELS,
            f"{what}: labels_ are the labels of the initial centres, not of the final ones.\n"
            + PREVIOUS_LABELS_HINT,
        )
    checks.assert_equal(labels, expected_labels, what=f"{what}: labels_", hint=PREVIOUS_LABELS_HINT)


@pytest.mark.kata(points=4, category="correctness")
def test_predict_uses_fitted_centres(submission, rng):
    """predict labels new points by their nearest fitted centre and leaves the model unchanged."""
    X, _ = _blobs(rng, [[0, 0], [6, 0], [3, 5]], 20, 1.0)
    X_new = rng.uniform(-2.0, 8.0, size=(40, 2))
    init = np.array([[1.0, 1.0], [5.0, 1.0], [3.0, 4.0]])
    params = dict(n_clusters=3, init=init.copy(), tol=0.0)
    model, (centres, labels, inertia, _) = _fit(submission, X, **params)
    centres, labels = centres.copy(), labels.copy()
    what = f"{_describe(params)}.fit(X).predict(X_new)"
    got = checks.array(model.predict(X_new), what=what, shape=(len(X_new),))
    after = np.asarray(model.cluster_centers_)
    if after.shape != centres.shape or not np.allclose(after, centres, rtol=1e-12, atol=0):
        checks.mistake(
            "predict refits the model",
            f"{what} changed cluster_centers_: predict must label the new points with the "
            "centres learnt by fit, not cluster the new points again.",
        )
    for name, before in (("labels_", labels), ("inertia_", inertia)):
        now = np.asarray(getattr(model, name, None))
        checks.check(
            now.shape == np.shape(before) and np.array_equal(now, before),
            f"{what} changed {name}: predict must leave the fitted model alone ({name} "
            "describes the training data; return the new labels instead of storing them).",
        )
    checks.check(
        np.issubdtype(got.dtype, np.integer),
        f"{what}: labels must be an integer array, got dtype {got.dtype}.",
    )
    _check_nearest(X_new, centres, got, what)
    again = checks.array(model.predict(X), what=f"{_describe(params)}.fit(X).predict(X)",
                         shape=(len(X),))
    checks.assert_equal(
        again, labels, what=f"{_describe(params)}.fit(X).predict(X) against labels_"
    )


@pytest.mark.kata(points=2, category="correctness")
def test_fit_predict_returns_the_fit_labels(submission, rng):
    """fit_predict(X) returns the labels_ that fit(X) sets."""
    X, _ = _blobs(rng, [[0, 0], [6, 0], [3, 5]], 15, 1.0)
    init = np.array([[1.0, 1.0], [5.0, 1.0], [3.0, 4.0]])
    params = dict(n_clusters=3, init=init.copy())
    what = f"{_describe(params)}.fit_predict(X)"
    model = submission.KMeans(**params)
    got = checks.array(model.fit_predict(X), what=what, shape=(len(X),))
    _, (_, labels, _, _) = _fit(submission, X, **params)
    checks.assert_equal(got, labels, what=f"{what} against fit(X).labels_")
    checks.check(
        hasattr(model, "labels_"), f"{what} did not set labels_: fit_predict fits the model."
    )
    checks.assert_equal(got, model.labels_, what=f"{what} against the same model's labels_")


@pytest.mark.kata(points=4, category="correctness")
def test_seeded_fits_end_at_a_lloyd_fixed_point(submission, rng):
    """k-means++ and "random" fits with tol=0 end at a Lloyd fixed point (means, nearest labels)."""
    X, _ = _blobs(rng, _ring(4, 4.0), 25, 1.5)
    for init in ("k-means++", "random"):
        for seed in (0, 1, 2):
            params = dict(n_clusters=4, init=init, tol=0.0, random_state=seed)
            what = f"{_describe(params)}.fit(X)"
            _, (centres, labels, inertia, _) = _fit(submission, X, **params)
            _check_nearest(X, centres, labels, what, hint=PREVIOUS_LABELS_HINT)
            counts = np.bincount(labels, minlength=4)
            checks.check(
                counts.min() > 0,
                f"{what}: cluster {int(counts.argmin())} is empty after fit (cluster sizes "
                f"{counts.tolist()}); an empty cluster must be re-seeded.",
            )
            checks.assert_close(
                centres,
                _cluster_means(X, labels, 4),
                what=f"{what}: cluster_centers_ against the means of their points (with tol=0 "
                "fitting only stops once no label changes)",
                rtol=1e-9,
                atol=1e-9,
            )
            checks.assert_close(
                inertia, ((X - centres[labels]) ** 2).sum(), what=f"{what}: inertia_", rtol=1e-9
            )


@pytest.mark.kata(points=6, category="correctness")
def test_kmeans_plus_plus_finds_separated_blobs(submission, reference, rng):
    """k-means++ recovers 6 well-separated blobs for most seeds (data stored blob by blob)."""
    X, truth = _blobs(rng, _ring(6, 10.0), 20, 0.2)
    seeds = range(10)
    found = []
    for seed in seeds:
        params = dict(n_clusters=6, random_state=seed)
        _, (_, labels, _, _) = _fit(submission, X, **params)
        found.append(_same_partition(labels, truth))
    # Plain k-means++ (one candidate per draw) recovers these blobs for 99% of the seeds.
    if sum(found) >= 8:
        return
    first_rows = reference.KMeans(6, init=X[:6].copy()).fit(X)
    _, (centres, _, _, _) = _fit(submission, X, n_clusters=6, random_state=0)
    detail = (
        f"KMeans(n_clusters=6, random_state=s).fit(X) found the 6 blobs for only {sum(found)} of "
        f"10 seeds (found for seeds {[s for s, ok in zip(seeds, found) if ok]}); k-means++ "
        "finds them for about 10 of 10: neighbouring blobs are 50 standard deviations apart."
    )
    if np.allclose(centres, first_rows.cluster_centers_, rtol=1e-9, atol=1e-9):
        checks.mistake(
            "the first k rows as initial centres",
            detail + " The result is the one started from the first 6 rows of X, which here all "
            "lie in the same blob: k-means++ draws the centres at random.",
        )
    checks.fail(
        detail + "\nk-means++: the first centre is a uniformly random point; each next one is a "
        "point drawn with probability proportional to D(x)^2, its squared distance to the "
        "nearest centre chosen so far."
    )


@pytest.mark.kata(points=2, category="correctness")
def test_random_init_takes_distinct_rows(submission, rng):
    """init="random" starts from n_clusters distinct rows of X (one point per cluster if k = n)."""
    X = rng.normal(size=(12, 3))
    for seed in (0, 1):
        params = dict(n_clusters=12, init="random", max_iter=1, random_state=seed)
        what = f"{_describe(params)}.fit(X)"
        _, (centres, labels, inertia, _) = _fit(submission, X, **params)
        checks.check(
            np.array_equal(np.sort(labels), np.arange(12)),
            f"{what}: with as many clusters as points, every point must be alone in its cluster "
            f"after one iteration; got cluster sizes {np.bincount(labels, minlength=12).tolist()}. "
            '"random" takes n_clusters DISTINCT rows of X as the initial centres.',
        )
        checks.assert_close(
            _sorted_rows(centres), _sorted_rows(X), what=f"{what}: cluster_centers_ (in any order)",
            rtol=1e-9, atol=1e-12,
        )
        checks.assert_close(inertia, 0.0, what=f"{what}: inertia_", atol=1e-12)


@pytest.mark.kata(points=3, category="correctness")
def test_same_random_state_same_result(submission, rng):
    """Two models with the same random_state give the same result, for both random inits."""
    X = rng.uniform(0.0, 10.0, size=(150, 2))
    for init in ("k-means++", "random"):
        params = dict(n_clusters=6, init=init, random_state=7)
        what = f"{_describe(params)}.fit(X)"
        global_state = np.random.get_state()
        _, (c1, l1, i1, _) = _fit(submission, X, **params)
        now = np.random.get_state()  # the key, the position in it and the Gaussian cache
        if not (np.array_equal(now[1], global_state[1]) and now[2:] == global_state[2:]):
            checks.mistake(
                "random_state ignored: numpy's global random state used (np.random.seed, "
                "np.random.rand, ...)",
                f"{what} changed numpy's global random state. Draw from a generator of your "
                "own: rng = np.random.default_rng(random_state).",
            )
        _, (c2, l2, i2, _) = _fit(submission, X, **params)
        if not (np.allclose(c1, c2, rtol=1e-12, atol=1e-12) and np.array_equal(l1, l2)):
            checks.mistake(
                "random_state ignored (a global or unseeded generator)",
                f"two fits of {what} gave different centres (inertia {i1:.6g} and {i2:.6g}). "
                "Build the generator from random_state, e.g. rng = np.random.default_rng("
                "random_state), and draw every random number from it.",
            )


@pytest.mark.kata(points=2, category="correctness")
def test_refit_gives_the_same_result(submission, rng):
    """Fitting the same model twice on the same data gives the same result."""
    X = rng.uniform(0.0, 10.0, size=(150, 2))
    params = dict(n_clusters=6, random_state=3)
    what = f"{_describe(params)}"
    model = submission.KMeans(**params)
    model.fit(X)
    c1 = np.array(model.cluster_centers_, dtype=float, copy=True)
    model.fit(X)
    c2 = np.asarray(model.cluster_centers_, dtype=float)
    if not np.allclose(c1, c2, rtol=1e-12, atol=1e-12):
        checks.mistake(
            "the generator is created once in __init__ and consumed across fits",
            f"model = {what}; model.fit(X) twice gave different centres. The same random_state "
            "must give the same result: create the generator from random_state inside fit.",
        )
    init = X[[0, 30, 60, 90, 120, 149]].copy()
    model = submission.KMeans(n_clusters=6, init=init, max_iter=1)
    model.fit(X)
    c1 = np.array(model.cluster_centers_, dtype=float, copy=True)
    model.fit(X)
    checks.check(
        np.allclose(model.cluster_centers_, c1, rtol=1e-12, atol=1e-12),
        "KMeans(n_clusters=6, init=<array>, max_iter=1): a second fit(X) gave other centres. "
        "Every fit starts from init; the previous fit's centres must not be reused (no warm "
        "start: do not overwrite self.init).",
    )


@pytest.mark.kata(points=2, category="correctness")
def test_random_state_changes_the_seeding(submission, reference, rng):
    """Different random_state values give different starting centres, for both random inits."""
    X = rng.uniform(0.0, 10.0, size=(150, 2))
    first_rows = reference.KMeans(6, init=X[:6].copy(), max_iter=1).fit(X).cluster_centers_
    for init in ("k-means++", "random"):
        results = []
        for seed in range(6):
            params = dict(n_clusters=6, init=init, max_iter=1, random_state=seed)
            _, (centres, _, _, _) = _fit(submission, X, **params)
            results.append(_sorted_rows(centres))
        distinct = []
        for c in results:
            if not any(np.allclose(c, other, rtol=1e-9, atol=1e-9) for other in distinct):
                distinct.append(c)
        if len(distinct) >= 3:
            continue
        detail = (
            f"KMeans(n_clusters=6, init={init!r}, max_iter=1, random_state=s).fit(X) for "
            f"s = 0..5 gave only {len(distinct)} different result(s) on uniform random data: "
            "the seeding does not depend on random_state."
        )
        if np.allclose(results[0], _sorted_rows(first_rows), rtol=1e-9, atol=1e-9):
            checks.mistake("the first k rows as initial centres (e.g. X[rng.permutation(k)] "
                           "permutes only the first k rows)", detail)
        checks.mistake("random_state ignored (a fixed seed or a deterministic seeding)", detail)


# --------------------------------------------------------------------------- edge cases


@pytest.mark.kata(points=2, category="edge-cases")
def test_single_cluster(submission, rng):
    """n_clusters=1: the centre is the mean of X, every label 0, inertia the total squares."""
    X = rng.normal(size=(30, 3)) * [1.0, 2.0, 3.0] + [1.0, -2.0, 5.0]
    for init in ("k-means++", "random"):
        params = dict(n_clusters=1, init=init, random_state=0)
        what = f"{_describe(params)}.fit(X)"
        _, (centres, labels, inertia, _) = _fit(submission, X, **params)
        checks.assert_close(centres, X.mean(axis=0, keepdims=True),
                            what=f"{what}: cluster_centers_", rtol=1e-9, atol=1e-12)
        checks.assert_equal(labels, np.zeros(len(X), dtype=int), what=f"{what}: labels_")
        checks.assert_close(inertia, ((X - X.mean(axis=0)) ** 2).sum(), what=f"{what}: inertia_",
                            rtol=1e-9)


@pytest.mark.kata(points=2, category="edge-cases")
def test_one_cluster_per_sample(submission, rng):
    """n_clusters = n_samples: every point is its own centre and the inertia is 0."""
    X = rng.normal(size=(10, 2))
    for init in ("k-means++", "random"):
        params = dict(n_clusters=10, init=init, random_state=0)
        what = f"{_describe(params)}.fit(X)"
        _, (centres, labels, inertia, _) = _fit(submission, X, **params)
        checks.check(
            np.array_equal(np.sort(labels), np.arange(10)),
            f"{what}: every point must be alone in its cluster; got cluster sizes "
            f"{np.bincount(labels, minlength=10).tolist()}.",
        )
        checks.assert_close(_sorted_rows(centres), _sorted_rows(X),
                            what=f"{what}: cluster_centers_ (in any order)", rtol=1e-9, atol=1e-12)
        checks.assert_close(inertia, 0.0, what=f"{what}: inertia_", atol=1e-12)


@pytest.mark.kata(points=6, category="edge-cases")
def test_empty_cluster_is_reseeded(submission, rng):
    """A cluster that gets no points is re-seeded: no NaN centre and no empty cluster after fit."""
    X, _ = _blobs(rng, [[0, 0], [6, 0], [3, 5]], 20, 1.0)
    starts = {
        "a centre far from every point": np.array([[1.0, 1.0], [5.0, 1.0], [100.0, 100.0]]),
        "two identical centres": np.array([[1.0, 1.0], [1.0, 1.0], [5.0, 2.0]]),
    }
    for how, init in starts.items():
        _data_ok(np.bincount(_nearest(X, init), minlength=3).min() == 0, "an empty cluster")
        for max_iter in (1, 300):
            params = dict(n_clusters=3, init=init.copy(), max_iter=max_iter, tol=0.0)
            what = f"{_describe(params)}.fit(X), starting from {how}"
            model = submission.KMeans(**params)
            checks.check(model.fit(X) is model, f"{what}: fit must return self.")
            raw = np.asarray(getattr(model, "cluster_centers_", np.zeros((3, 2))), dtype=float)
            if raw.shape == (3, 2) and np.isnan(raw).any():
                bad = np.flatnonzero(np.isnan(raw).any(axis=1)).tolist()
                checks.mistake(
                    "empty cluster left with a NaN centre",
                    f"{what}: cluster_centers_ rows {bad} are NaN. The starting centre gets no "
                    "point, and the mean of no points is NaN: re-seed an empty cluster, e.g. at "
                    "the point farthest from its centre.",
                )
            centres, labels, inertia, _ = _attributes(model, X, params, what)
            _check_nearest(X, centres, labels, what, hint=PREVIOUS_LABELS_HINT)
            counts = np.bincount(labels, minlength=3)
            if counts.min() == 0:
                checks.mistake(
                    "empty cluster never re-seeded",
                    f"{what}: cluster {int(counts.argmin())} is still empty after fit (cluster "
                    f"sizes {counts.tolist()}, centres {checks.fmt(centres)}). Move the centre "
                    "of an empty cluster to a data point, e.g. the one farthest from its centre.",
                )
            checks.assert_close(inertia, ((X - centres[labels]) ** 2).sum(),
                                what=f"{what}: inertia_", rtol=1e-9)
            if max_iter == 300:
                checks.assert_close(centres, _cluster_means(X, labels, 3),
                                    what=f"{what}: cluster_centers_ against the means of their "
                                    "points", rtol=1e-9, atol=1e-9)


@pytest.mark.kata(points=2, category="edge-cases")
def test_more_clusters_than_distinct_points(submission, rng):
    """More clusters than distinct points: no error, no NaN; inertia 0 with k-means++.

    k-means++ makes every distinct point a centre before D(x)^2 is 0 everywhere."""
    base = rng.normal(size=(4, 2)) * 3.0
    X = np.repeat(base, 3, axis=0)  # 4 distinct points, each three times
    for init in ("k-means++", "random"):
        for seed in (0, 1, 2):
            params = dict(n_clusters=6, init=init, random_state=seed)
            what = f"{_describe(params)}.fit(X) with 4 distinct points"
            model = submission.KMeans(**params)
            checks.check(model.fit(X) is model, f"{what}: fit must return self.")
            raw = np.asarray(getattr(model, "cluster_centers_", np.zeros((6, 2))), dtype=float)
            if raw.shape == (6, 2) and np.isnan(raw).any():
                checks.mistake(
                    "empty cluster left with a NaN centre",
                    f"{what}: cluster_centers_ contains NaN ({checks.fmt(raw)}). With more "
                    "clusters than distinct points some clusters must stay empty, but their "
                    "centres must still be real points.",
                )
            centres, labels, inertia, _ = _attributes(model, X, params, what)
            if init == "k-means++":
                # D(x)^2 sampling picks every distinct point before D(x)^2 is 0 everywhere;
                # "random" may pick duplicates, and the contract leaves the re-seeding rule open
                checks.assert_close(
                    inertia, 0.0,
                    what=f"{what}: inertia_ (k-means++ makes every distinct point a centre)",
                    atol=1e-9,
                    hint="With 4 distinct points and 6 clusters, k-means++ chooses each distinct "
                    "point before D(x)^2 is 0 everywhere; then it must cope with D(x)^2 = 0 for "
                    "every point (pick any point).",
                )
            _check_nearest(X, centres, labels, what)


@pytest.mark.kata(points=2, category="edge-cases")
def test_one_feature(submission, rng):
    """One feature (X of shape (n, 1)): Lloyd's algorithm from given centres."""
    X = np.concatenate([rng.normal(mu, 1.0, 15) for mu in (0.0, 5.0, 9.0)])[:, None]
    init = np.array([[-1.0], [1.5], [3.0]])
    trace = _lloyd(X, init, 100)
    _data_ok(trace is not None and len(trace) > 3, "no empty cluster, several iterations")
    expected = trace[-1]
    params = dict(n_clusters=3, init=init.copy(), tol=0.0)
    what = f"{_describe(params)}.fit(X) with X of shape {X.shape}"
    _, (centres, labels, inertia, _) = _fit(submission, X, **params)
    checks.assert_close(centres, expected, what=f"{what}: cluster_centers_", rtol=1e-9, atol=1e-9)
    checks.assert_equal(labels, _nearest(X, expected), what=f"{what}: labels_")
    checks.assert_close(inertia, _sq_dists(X, expected).min(axis=1).sum(), what=f"{what}: inertia_",
                        rtol=1e-9)
    params = dict(n_clusters=3, random_state=0)
    _fit(submission, X, **params)


@pytest.mark.kata(points=1, category="edge-cases")
def test_a_move_equal_to_tol_stops(submission):
    """A largest move exactly equal to tol stops fitting ("<= tol", not "< tol")."""
    # a move exactly equal to tol stops the loop: "<= tol", not "< tol"
    X5 = np.array([[0.0], [1.0], [2.0], [3.0], [4.0]])
    params = dict(n_clusters=2, init=np.array([[0.0], [1.0]]), tol=1.5)
    _, (centres, _, _, _) = _fit(submission, X5, **params)
    checks.assert_close(
        _sorted_rows(centres), [[0.0], [2.5]],
        what=f"{_describe(params)}.fit([[0], [1], [2], [3], [4]]): cluster_centers_ (the first "
        "iteration moves the second centre from 1 to 2.5, exactly tol)",
        mistakes=[("tol compared with < instead of <= (a move equal to tol stops the loop)",
                   [[0.5], [3.0]])],
    )


@pytest.mark.kata(points=2, category="edge-cases")
def test_integer_and_list_input(submission):
    """Integer arrays and nested lists are accepted; the centres are float means, not truncated."""
    X = np.array([[0, 0], [0, 1], [10, 0], [10, 1], [10, 2]])
    init = np.array([[0, 0], [10, 0]])
    expected = np.array([[0.0, 0.5], [10.0, 1.0]])
    for data, start, kind in ((X, init, "an integer array"), (X.tolist(), init.tolist(), "lists")):
        params = dict(n_clusters=2, init=start)
        what = f"KMeans(n_clusters=2, init=<{kind}>).fit(X) with X given as {kind}"
        model = submission.KMeans(**params)
        checks.check(model.fit(data) is model, f"{what}: fit must return self.")
        centres, labels, inertia, _ = _attributes(model, X, params, what)
        checks.assert_close(
            centres, expected, what=f"{what}: cluster_centers_", rtol=1e-12,
            mistakes=[("integer centres: the means were truncated to the integer dtype of X",
                       np.floor(expected))],
            hint="Convert X (and an init array) with np.asarray(X, dtype=float) first.",
        )
        checks.assert_equal(labels, [0, 0, 1, 1, 1], what=f"{what}: labels_")
        checks.assert_close(inertia, 2.5, what=f"{what}: inertia_", rtol=1e-12)
    for init_name in ("k-means++", "random"):  # no float init array to hide an integer X
        params = dict(n_clusters=2, init=init_name, random_state=0)
        what = f"{_describe(params)}.fit(X) with X an integer array"
        model = submission.KMeans(**params)
        model.fit(X)
        centres, _, inertia, _ = _attributes(model, X, params, what)
        checks.assert_close(
            _sorted_rows(centres), expected, what=f"{what}: cluster_centers_ (rows sorted)",
            rtol=1e-12,
            mistakes=[("integer centres: the means were truncated to the integer dtype of X",
                       np.floor(expected))],
            hint="Convert X with np.asarray(X, dtype=float) first: the mean of integers is not "
                 "an integer.",
        )
        checks.assert_close(inertia, 2.5, what=f"{what}: inertia_", rtol=1e-12)


@pytest.mark.kata(points=2, category="api")
def test_inputs_are_not_modified(submission, rng):
    """fit modifies neither X nor the init array it was given."""
    X, _ = _blobs(rng, [[0, 0], [6, 0], [3, 5]], 15, 1.0)
    init = np.array([[1.0, 1.0], [5.0, 1.0], [3.0, 4.0]])
    X_copy, init_copy = X.copy(), init.copy()
    model = submission.raw.KMeans(n_clusters=3, init=init, tol=0.0)
    model.fit(X)
    checks.check(
        np.array_equal(X, X_copy),
        "KMeans(...).fit(X) modified X in place: work on a copy (e.g. X - mean creates one).",
    )
    if not np.array_equal(init, init_copy):
        checks.mistake(
            "the init array is updated in place",
            f"KMeans(n_clusters=3, init=init).fit(X) changed the caller's init array from "
            f"{checks.fmt(init_copy)} to {checks.fmt(init)}: copy it before moving the centres "
            "(np.array(init, dtype=float) copies; np.asarray does not).",
        )


# --------------------------------------------------------------------------- numerical stability


@pytest.mark.kata(points=4, category="numerical-stability")
def test_data_far_from_the_origin(submission, rng):
    """Data offset by 1e6: the same clustering as near the origin, with an accurate inertia_."""
    offset = 1e6
    Y, _ = _blobs(rng, [[0, 0], [5, 0], [0, 5]], 20, 0.1)
    X = Y + offset
    Y = X - offset  # exact: what the offset data really are, relative to the offset
    init_y = np.array([[0.5, 0.5], [4.5, 0.5], [0.5, 4.5]])
    trace = _lloyd(Y, init_y, 50)
    _data_ok(trace is not None, "no empty cluster")
    expected = trace[-1]
    expected_labels = _nearest(Y, expected)
    expected_inertia = float(_sq_dists(Y, expected).min(axis=1).sum())
    params = dict(n_clusters=3, init=init_y + offset, tol=0.0)
    what = f"{_describe(params)}.fit(X) with X = blobs + 1e6"
    _, (centres, labels, inertia, _) = _fit(submission, X, **params)
    checks.assert_equal(labels, expected_labels, what=f"{what}: labels_")
    checks.assert_close(centres - offset, expected, what=f"{what}: cluster_centers_ - 1e6",
                        rtol=0, atol=1e-6)
    relative = abs(inertia - expected_inertia) / expected_inertia
    if relative > 1e-6:
        detail = (
            f"{what}: inertia_ = {inertia!r}, expected {expected_inertia!r} (relative error "
            f"{relative:.2g}; tolerance 1e-6) although labels_ and cluster_centers_ are right."
        )
        checks.mistake(
            "catastrophic cancellation in |x|^2 + |c|^2 - 2 x.c",
            detail + " Here |x|^2 is about 2e12 while the squared distances are about 0.02, so "
            "the expansion keeps almost no correct digits. Compute the inertia from the "
            "differences x - c, or subtract the mean of X before expanding (distances do not "
            "change under a shift).",
        )


@pytest.mark.kata(points=3, category="numerical-stability")
def test_kmeans_plus_plus_far_from_the_origin(submission, rng):
    """k-means++ on data offset by 1e6 runs without error and finds well-separated blobs."""
    X, truth = _blobs(rng, _ring(4, 10.0), 15, 0.2)
    X = X + 1e6
    found = 0
    for seed in range(5):
        _, (_, labels, _, _) = _fit(submission, X, n_clusters=4, random_state=seed)
        found += _same_partition(labels, truth)
    checks.check(
        found >= 4,
        f"KMeans(n_clusters=4, random_state=s).fit(X) with X = blobs + 1e6 found the 4 blobs for "
        f"only {found} of 5 seeds; near the origin k-means++ finds them nearly always.",
    )


# --------------------------------------------------------------------------- api


@pytest.mark.kata(points=4, category="api")
def test_invalid_input_raises_value_error(submission, rng):
    """ValueError for a bad n_clusters, X not 2-D or not finite, a bad init array or string."""
    X = rng.normal(size=(10, 2))
    KMeans = submission.KMeans
    nan_X = X.copy()
    nan_X[3, 1] = np.nan
    inf_X = X.copy()
    inf_X[0, 0] = np.inf
    cases = [
        ("KMeans(n_clusters=0).fit(X)", lambda: KMeans(n_clusters=0).fit(X)),
        ("KMeans(n_clusters=-2).fit(X)", lambda: KMeans(n_clusters=-2).fit(X)),
        ("KMeans(n_clusters=11).fit(X) with 10 samples", lambda: KMeans(n_clusters=11).fit(X)),
        ("KMeans(n_clusters=2).fit(x) with x 1-D", lambda: KMeans(n_clusters=2).fit(X[:, 0])),
        ("KMeans(n_clusters=2).fit(x) with x 3-D",
         lambda: KMeans(n_clusters=2).fit(X.reshape(5, 2, 2))),
        ("KMeans(n_clusters=2).fit(X) with a NaN in X", lambda: KMeans(n_clusters=2).fit(nan_X)),
        ("KMeans(n_clusters=2).fit(X) with an inf in X", lambda: KMeans(n_clusters=2).fit(inf_X)),
        ("KMeans(n_clusters=2, init=<array of shape (3, 2)>).fit(X)",
         lambda: KMeans(n_clusters=2, init=X[:3].copy()).fit(X)),
        ("KMeans(n_clusters=2, init=<array of shape (2, 3)>).fit(X) with 2 features",
         lambda: KMeans(n_clusters=2, init=np.zeros((2, 3))).fit(X)),
        ("KMeans(n_clusters=2, init=\"kmeans++\").fit(X) (an unknown init)",
         lambda: KMeans(n_clusters=2, init="kmeans++").fit(X)),
    ]
    for what, call in cases:
        checks.raises_value_error(call, what=what)


@pytest.mark.kata(points=2, category="api")
def test_predict_errors(submission, rng):
    """predict before fit raises ValueError or RuntimeError; wrong feature count: ValueError."""
    X = rng.normal(size=(20, 3))
    model = submission.KMeans(n_clusters=2, random_state=0)
    checks.raises(model.predict, X, errors=(ValueError, RuntimeError),
                  what='KMeans(n_clusters=2).predict(X) before fit ("not fitted yet")')
    model.fit(X)
    checks.raises_value_error(model.predict, X[:, :2],
                              what="predict(X) with 2 features after fitting on 3")


# --------------------------------------------------------------------------- efficiency


def _speed_data():
    """8,000 points around 8 centres in the plane (few features and clusters, so that the cost of
    the work itself is small and the cost of a Python loop over the points stands out)."""
    gen = np.random.default_rng(7)
    centres = gen.normal(size=(8, 2)) * 2.0
    return centres[gen.integers(8, size=8000)] + gen.normal(size=(8000, 2))


@pytest.mark.kata(points=6, category="efficiency", timeout=30)
def test_fit_speed(submission, reference):
    """fit on 8,000 points with 4 clusters, ten iterations: within 12x of the reference."""
    X = _speed_data()
    init = X[:4].copy()  # from these centres Lloyd needs far more than ten iterations
    checks.assert_speed(
        lambda: submission.KMeans(n_clusters=4, init=init.copy(), max_iter=10, tol=0.0).fit(X),
        lambda: reference.KMeans(n_clusters=4, init=init.copy(), max_iter=10, tol=0.0).fit(X),
        factor=12.0,
        repeats=7,
        what="KMeans(n_clusters=4, max_iter=10).fit(X) on 8,000 points",
        hint="Compute all point-to-centre distances at once (an (n, k) array, e.g. by "
        "|x|^2 + |c|^2 - 2 x.c with one matrix product) and the new centres without a Python "
        "loop over the points; loop only over the iterations.",
    )


@pytest.mark.kata(points=4, category="efficiency", timeout=30)
def test_kmeans_plus_plus_speed(submission, reference):
    """k-means++ of 16 centres in 8,000 points, then one iteration: within 30x of the reference."""
    X = _speed_data()
    params = dict(n_clusters=16, max_iter=1, random_state=0)
    checks.assert_speed(
        lambda: submission.KMeans(**params).fit(X),
        lambda: reference.KMeans(**params).fit(X),
        factor=30.0,  # an O(n k^2 d) seeding measures about 15x, a loop over the points 45x+
        repeats=7,
        what="KMeans(n_clusters=16, max_iter=1).fit(X) on 8,000 points (the seeding and one "
        "iteration)",
        hint="Keep, for every point, its squared distance to the nearest centre chosen so far "
        "and update it with one vectorized np.minimum per new centre: O(n k d) in all.",
    )
