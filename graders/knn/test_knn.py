"""Hidden grader of the knn kata (DESIGN.md section 6, "knn").

Expected values come from the reference solution. The answers of classic mistakes are computed
here by a small brute-force k-NN (exact differences, stable sort) with the mistake switched
on, so that a failure can name the mistake its output matches (all of them when several match).

Tie rules only show on exact ties, so the tie tests use small integer (or half-integer)
coordinates: there every correct route (exact differences, or the |a|^2 + |b|^2 - 2ab
expansion) computes distances exactly in float64 and resolves ties the same way. Random float
data is used only where no exact distance tie can occur.
"""

import time

import numpy as np
import pytest

from kata_cli import checks

ZERO_RULE = (
    "1/d without the zero-distance rule (a neighbour at distance 0 gives 1/0; when some "
    "neighbours are at distance 0, only those count, equally)"
)
NAN_ON_TRAINING_POINTS = (
    ZERO_RULE + ", or the square root of a squared distance that rounding made slightly "
    "negative (with the |a|^2 + |b|^2 - 2ab expansion, clip it at 0 before the square root)"
)
CLIP_HINT = (
    "Every training point is its own nearest neighbour, at distance 0. With the "
    "|a|^2 + |b|^2 - 2ab expansion, rounding makes some of these squared distances slightly "
    "negative: clip them at 0 before the square root (NaN sorts last, so the point itself is "
    "never chosen)."
)

# --------------------------------------------------------------------------- brute-force k-NN
# Slow and simple on purpose: they compute the answers of the classic mistakes.


def _distances(X_train, X, metric="euclidean"):
    diff = X[:, None, :] - X_train[None, :, :]
    if metric == "manhattan":
        return np.abs(diff).sum(axis=2)
    return np.sqrt((diff**2).sum(axis=2))


def _neighbours(X_train, X, k, *, metric="euclidean", skip=0):
    """(dist, ind), each (m, k): nearest first, the earlier training point first on ties."""
    d = _distances(X_train, X, metric)
    ind = np.argsort(d, axis=1, kind="stable")[:, skip : skip + k]
    return np.take_along_axis(d, ind, axis=1), ind


def _weights(dist, rule):
    with np.errstate(divide="ignore", invalid="ignore"):
        if rule == "uniform":
            return np.ones_like(dist)
        if rule == "d":
            return dist.copy()
        if rule == "zero-gets-one":
            w = 1.0 / dist
            w[dist == 0] = 1.0
            return w
        w = 1.0 / dist**2 if rule == "1/d^2" else 1.0 / dist
    on_top = (dist == 0).any(axis=1)
    w[on_top] = dist[on_top] == 0
    return w


def _classify(X_train, y_train, X, k, *, weights="uniform", metric="euclidean", skip=0,
              tie="smallest", standardise=False):
    """(labels, proba) of a k-NN classifier with the given (possibly wrong) rules."""
    if standardise:
        mean, std = X_train.mean(axis=0), X_train.std(axis=0)
        X_train, X = (X_train - mean) / std, (X - mean) / std
    classes, codes = np.unique(y_train, return_inverse=True)
    codes = codes.reshape(-1)
    dist, ind = _neighbours(X_train, X, k, metric=metric, skip=skip)
    votes = np.zeros((len(X), len(classes)))
    np.add.at(votes, (np.arange(len(X))[:, None], codes[ind]), _weights(dist, weights))
    best = votes == votes.max(axis=1, keepdims=True)
    if tie == "smallest":
        winner = np.argmax(votes, axis=1)
    elif tie == "largest":
        winner = len(classes) - 1 - np.argmax(best[:, ::-1], axis=1)
    elif tie == "nearest-first":  # the first neighbour (nearest first) whose class is a winner
        nb = codes[ind]
        winner = nb[np.arange(len(X)), np.argmax(np.take_along_axis(best, nb, axis=1), axis=1)]
    else:  # "training-first": the winner whose label appears first in y_train
        first_seen = np.array([np.flatnonzero(codes == c)[0] for c in range(len(classes))])
        winner = np.argmin(np.where(best, first_seen, len(y_train)), axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        proba = votes / votes.sum(axis=1, keepdims=True)
    return classes[winner], proba


def _regress(X_train, y_train, X, k, *, weights="uniform", metric="euclidean", skip=0,
             reduce="mean"):
    """Predictions of a k-NN regressor with the given (possibly wrong) rules."""
    dist, ind = _neighbours(X_train, X, k, metric=metric, skip=skip)
    if reduce == "median":
        return np.median(y_train[ind], axis=1)
    w = _weights(dist, weights)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (w * y_train[ind]).sum(axis=1) / w.sum(axis=1)


def _first_seen(y):
    """The distinct labels of y in order of first appearance."""
    _, first = np.unique(y, return_index=True)
    return y[np.sort(first)]


# The classic mistakes, as keyword arguments of _classify / _regress.
TIE_MISTAKES = [
    ("tied vote won by the largest label", {"tie": "largest"}),
    ("tied vote won by the label seen first among the neighbours (e.g. Counter.most_common) "
     "instead of the smallest label", {"tie": "nearest-first"}),
    ("tied vote won by the label seen first in the training data instead of the smallest "
     "label", {"tie": "training-first"}),
]
NEIGHBOUR_MISTAKES = [
    ("Manhattan (L1) distance instead of Euclidean", {"metric": "manhattan"}),
    ("the nearest neighbour skipped (as if every query were a training point)", {"skip": 1}),
]
WEIGHT_MISTAKES = [
    ("weights d instead of 1/d", {"weights": "d"}),
    ("weights 1/d² instead of 1/d", {"weights": "1/d^2"}),
    ('distance weights ignored (weights="distance" treated as uniform)', {"weights": "uniform"}),
]


def _label_mistakes(X, y, Q, k, weights="uniform"):
    """(name, labels) of the classic classifier mistakes on this data."""
    right = _classify(X, y, Q, k, weights=weights)[0]
    out = [("class indices returned instead of the labels (predict must return labels taken "
            "from y, e.g. classes_[index])", np.searchsorted(np.unique(y), right))]
    for name, kw in TIE_MISTAKES + NEIGHBOUR_MISTAKES:
        out.append((name, _classify(X, y, Q, k, **{"weights": weights, **kw})[0]))
    if weights == "distance":
        out += [(name, _classify(X, y, Q, k, **kw)[0]) for name, kw in WEIGHT_MISTAKES]
    for k2 in (k - 1, k + 1):
        if 1 <= k2 <= len(X):
            out.append((f"k off by one ({k2} neighbours used instead of {k})",
                        _classify(X, y, Q, k2, weights=weights)[0]))
    return out


def _proba_mistakes(X, y, Q, k, weights="uniform"):
    """(name, proba) of the classic predict_proba mistakes on this data."""
    out = []
    for name, kw in NEIGHBOUR_MISTAKES:
        out.append((name, _classify(X, y, Q, k, **{"weights": weights, **kw})[1]))
    if weights == "distance":
        out += [(name, _classify(X, y, Q, k, **kw)[1]) for name, kw in WEIGHT_MISTAKES]
    for k2 in (k - 1, k + 1):
        if 1 <= k2 <= len(X):
            out.append((f"k off by one ({k2} neighbours used instead of {k})",
                        _classify(X, y, Q, k2, weights=weights)[1]))
    return out


def _regression_mistakes(X, y, Q, k, weights="uniform"):
    """(name, predictions) of the classic regressor mistakes on this data."""
    out = []
    if weights == "uniform":
        out.append(("median of the neighbours' targets instead of the mean",
                    _regress(X, y, Q, k, reduce="median")))
    for name, kw in NEIGHBOUR_MISTAKES:
        out.append((name, _regress(X, y, Q, k, **{"weights": weights, **kw})))
    if weights == "distance":
        out += [(name, _regress(X, y, Q, k, **kw)) for name, kw in WEIGHT_MISTAKES]
        dist, ind = _neighbours(X, Q, k)
        weighted_sum = (_weights(dist, "distance") * y[ind]).sum(axis=1)
        out += [
            ("weighted sum divided by k instead of by the sum of the weights", weighted_sum / k),
            ("weighted sum not divided by the sum of the weights", weighted_sum),
        ]
    for k2 in (k - 1, k + 1):
        if 1 <= k2 <= len(X):
            out.append((f"k off by one ({k2} neighbours used instead of {k})",
                        _regress(X, y, Q, k2, weights=weights)))
    return out


# --------------------------------------------------------------------------- assertions


def _finite(values, *, what, cause):
    """Fail naming ``cause`` when a float result holds NaN or inf."""
    __tracebackhide__ = True
    arr = np.asarray(values)
    if arr.dtype.kind == "f" and not np.isfinite(arr).all():
        bad = np.argwhere(~np.isfinite(arr))
        first = tuple(int(i) for i in bad[0])
        checks.mistake(
            cause,
            f"{what} contains NaN or inf at {len(bad)} of {arr.size} entries "
            f"(first at index {first[0] if len(first) == 1 else first}): {checks.fmt(arr)}",
        )


# --------------------------------------------------------------------------- data


def _blobs(rng, n=90, n_queries=40):
    """Three overlapping classes labelled 7, 11, 2 (first seen in that order: neither the
    smallest nor the largest first), on features of very different scales, and queries."""
    centres = rng.normal(scale=1.5, size=(3, 3))
    code = rng.integers(0, 3, size=n)
    code[:3] = [0, 1, 2]
    scale = np.array([10.0, 1.0, 0.1])
    X = (centres[code] + rng.normal(size=(n, 3))) * scale
    Q = (centres[rng.integers(0, 3, size=n_queries)] + rng.normal(size=(n_queries, 3))) * scale
    return X, np.array([7, 11, 2])[code], Q


def _tie_grid(rng):
    """Integer grid points, each three times, plus one more, in a shuffled order; half-integer
    queries. With 49 points the mean of X is not a dyadic number, so an implementation that
    centres X first rounds the coordinates and breaks the exact ties."""
    grid = np.array([(i, j) for i in range(4) for j in range(4)], dtype=float)
    X = rng.permutation(np.vstack([np.repeat(grid, 3, axis=0), [[3.0, 1.0]]]))
    steps = np.arange(-1.0, 4.5, 0.5)
    Q = np.array([(a, b) for a in steps for b in steps])
    return X, Q


@pytest.fixture
def submission(submission):
    """Every method gets copies of its arrays: code that modifies X, y or the queries in place
    fails only test_inputs_are_not_modified (which uses ``submission.raw``)."""
    return checks.copy_inputs(submission, ["KNNClassifier", "KNNRegressor"])


# --------------------------------------------------------------------------- correctness


@pytest.mark.kata(points=6, category="correctness")
def test_classifier_predict_matches_reference(submission, reference, rng):
    """KNNClassifier.predict matches the reference on overlapping classes (k = 4 and 5)."""
    X, y, Q = _blobs(rng)
    for k in (4, 5):
        got = submission.KNNClassifier(n_neighbors=k).fit(X, y).predict(Q)
        expected = reference.KNNClassifier(n_neighbors=k).fit(X, y).predict(Q)
        mistakes = _label_mistakes(X, y, Q, k) + [
            ("features standardised before measuring distances (the contract's distance is "
             "plain Euclidean on the raw features)", _classify(X, y, Q, k, standardise=True)[0]),
        ]
        checks.assert_equal(got, expected, what=f"KNNClassifier(n_neighbors={k}).predict(X)",
                            mistakes=mistakes)


@pytest.mark.kata(points=6, category="correctness")
def test_classifier_predict_proba_and_classes(submission, reference, rng):
    """predict_proba: shares of the vote, columns in the sorted order of classes_."""
    X, y, Q = _blobs(rng)
    k = 5
    model = submission.KNNClassifier(n_neighbors=k).fit(X, y)
    checks.assert_equal(getattr(model, "classes_", None), np.array([2, 7, 11]),
                        what="classes_ after fit", hint="classes_ holds the distinct labels, sorted.",
                        mistakes=[("classes_ in first-seen order instead of sorted order",
                                   _first_seen(y))])
    expected = reference.KNNClassifier(n_neighbors=k).fit(X, y).predict_proba(Q)
    order = np.searchsorted(np.array([2, 7, 11]), _first_seen(y))
    checks.assert_close(
        model.predict_proba(Q), expected, what=f"KNNClassifier(n_neighbors={k}).predict_proba(X)",
        mistakes=[
            ("predict_proba columns in first-seen order instead of sorted label order",
             expected[:, order]),
            ("vote counts instead of shares (every row must sum to 1)", expected * k),
        ] + _proba_mistakes(X, y, Q, k),
    )


@pytest.mark.kata(points=5, category="correctness")
def test_string_labels(submission, reference, rng):
    """String labels: predict returns the labels themselves, classes_ and columns sorted."""
    X, y_int, Q = _blobs(rng)
    names = {7: "fig", 11: "pear", 2: "apple"}
    y = np.array([names[v] for v in y_int])
    k = 3
    model = submission.KNNClassifier(n_neighbors=k).fit(X, y)
    ref = reference.KNNClassifier(n_neighbors=k).fit(X, y)
    checks.assert_equal(getattr(model, "classes_", None), np.array(["apple", "fig", "pear"]),
                        what="classes_ after fit on string labels",
                        mistakes=[("classes_ in first-seen order instead of sorted order",
                                   _first_seen(y))])
    expected = ref.predict(Q)
    checks.assert_equal(
        model.predict(Q), expected,
        what=f"KNNClassifier(n_neighbors={k}).predict(X), string labels",
        mistakes=_label_mistakes(X, y, Q, k),
    )
    checks.assert_close(model.predict_proba(Q), ref.predict_proba(Q),
                        what="predict_proba(X), string labels", mistakes=_proba_mistakes(X, y, Q, k))


@pytest.mark.kata(points=6, category="correctness")
def test_classifier_distance_weights(submission, reference, rng):
    """weights="distance": every neighbour votes with weight 1/d (predict and predict_proba)."""
    X, y, Q = _blobs(rng)
    k = 7
    model = submission.KNNClassifier(n_neighbors=k, weights="distance").fit(X, y)
    ref = reference.KNNClassifier(n_neighbors=k, weights="distance").fit(X, y)
    what = f'KNNClassifier({k}, weights="distance")'
    proba = checks.array(model.predict_proba(Q), what=f"{what}.predict_proba(X)",
                         shape=(len(Q), 3), finite=False)
    _finite(proba, what=f"{what}.predict_proba(X)", cause="a division by zero in the weights")
    checks.assert_close(proba, ref.predict_proba(Q), what=f"{what}.predict_proba(X)",
                        mistakes=_proba_mistakes(X, y, Q, k, weights="distance"))
    checks.assert_equal(model.predict(Q), ref.predict(Q), what=f"{what}.predict(X)",
                        mistakes=_label_mistakes(X, y, Q, k, weights="distance"))


@pytest.mark.kata(points=6, category="correctness")
def test_regressor_uniform(submission, reference, rng):
    """KNNRegressor: the mean target of the k nearest training points (k = 1 and 4)."""
    X, _, Q = _blobs(rng)
    y = np.sin(X[:, 0] / 5) + X[:, 1] ** 2 + rng.normal(scale=0.3, size=len(X))
    for k in (1, 4):
        got = submission.KNNRegressor(n_neighbors=k).fit(X, y).predict(Q)
        expected = reference.KNNRegressor(n_neighbors=k).fit(X, y).predict(Q)
        checks.assert_close(got, expected, what=f"KNNRegressor(n_neighbors={k}).predict(X)",
                            mistakes=_regression_mistakes(X, y, Q, k))


@pytest.mark.kata(points=6, category="correctness")
def test_regressor_distance_weights(submission, reference, rng):
    """KNNRegressor(weights="distance"): the 1/d-weighted mean of the neighbours' targets."""
    X, _, Q = _blobs(rng)
    y = np.cos(X[:, 0] / 5) - X[:, 2] * 4 + rng.normal(scale=0.3, size=len(X))
    k = 6
    what = f'KNNRegressor({k}, weights="distance").predict(X)'
    got = checks.array(submission.KNNRegressor(n_neighbors=k, weights="distance").fit(X, y)
                       .predict(Q), what=what, shape=(len(Q),), finite=False)
    _finite(got, what=what, cause="a division by zero in the weights")
    expected = reference.KNNRegressor(n_neighbors=k, weights="distance").fit(X, y).predict(Q)
    checks.assert_close(got, expected, what=what,
                        mistakes=_regression_mistakes(X, y, Q, k, weights="distance"))


# --------------------------------------------------------------------------- edge cases


def _tie_choices(X, q, k):
    """(lowest, highest) sum of training indices over every valid choice of the k nearest."""
    d = np.sqrt(((X - q) ** 2).sum(axis=1))
    kth = np.sort(d)[k - 1]
    inside = np.flatnonzero(d < kth)
    tied = np.flatnonzero(d == kth)
    r = k - len(inside)
    return inside.sum() + tied[:r].sum(), inside.sum() + tied[len(tied) - r:].sum()


@pytest.mark.kata(points=6, category="edge-cases")
def test_equal_distances_first_training_point_is_nearer(submission, reference, rng):
    """Equal distances: the training point that comes first is nearer (integer grid, many ties)."""
    X, Q = _tie_grid(rng)
    targets = np.arange(len(X), dtype=float)  # the mean target tells which points were chosen
    for k in (1, 2, 3, 5, 8):
        what = f"KNNRegressor(n_neighbors={k}).predict(X)"
        got = checks.array(submission.KNNRegressor(n_neighbors=k).fit(X, targets).predict(Q),
                           what=what, shape=(len(Q),))
        expected = reference.KNNRegressor(n_neighbors=k).fit(X, targets).predict(Q)
        if checks.is_close(got, expected):
            continue
        wrong = np.flatnonzero(~np.isclose(got, expected))
        i = wrong[0]
        chosen = np.sort(_neighbours(X, Q[i : i + 1], k)[1][0])
        detail = (
            f"Training points on an integer grid (many at exactly the same distance from a "
            f"query), targets 0, 1, 2, ... = their index: {what} differs at {len(wrong)} of "
            f"{len(Q)} queries. First at query {Q[i].tolist()}: expected {expected[i]:g}, the "
            f"mean of training points {chosen.tolist()}, got {got[i]:g}."
        )
        named = [name for name, wrong_pred in _regression_mistakes(X, targets, Q, k)
                 if checks.is_close(got, wrong_pred, rtol=1e-6)]
        # right distances, wrong choice among the tied points: the sum of the chosen indices
        # lies between the lowest and highest sums over every valid choice
        sums = got[wrong] * k
        bounds = np.array([_tie_choices(X, Q[j], k) for j in wrong])
        if not named and ((sums > bounds[:, 0] + 1e-6) & (sums <= bounds[:, 1] + 1e-6)).all():
            checks.mistake(
                "unstable tie-breaking among equal distances (np.argsort's default kind and "
                "np.argpartition do not keep the earlier point first; use "
                'kind="stable"), or distances that are no longer exactly equal (e.g. after '
                "centring X by a mean that float64 cannot hold exactly, which rounds the "
                "coordinates)",
                detail + " Later training points were chosen over earlier ones at the same "
                "distance.",
            )
        checks.fail_naming(detail, named)
    labels = rng.integers(0, 4, size=len(X))
    got = submission.KNNClassifier(n_neighbors=1).fit(X, labels).predict(Q)
    expected = reference.KNNClassifier(n_neighbors=1).fit(X, labels).predict(Q)
    checks.assert_equal(got, expected, what="KNNClassifier(n_neighbors=1).predict(X) on the grid",
                        hint="Among training points at the same distance, the first one is nearer.")


@pytest.mark.kata(points=5, category="edge-cases")
def test_tied_vote_smallest_label_wins(submission, reference):
    """A tied vote goes to the smallest label, whatever the order of neighbours or training."""
    X = np.array([[3, 0], [0, -4], [1, 0], [0, 2], [20, 20], [22, 20], [40, 40], [0, 6]],
                 dtype=float)
    y = np.array([5, 9, 3, 1, 9, 3, 1, 1])
    # [0, 0], k=4: one vote each for 3 (d=1), 1 (d=2), 5 (d=3), 9 (d=4) -> 1
    # [21, 20], k=2: 9 and 3, both at d=1 -> 3
    for Q, k in ((np.array([[0.0, 0.0]]), 4), (np.array([[21.0, 20.0]]), 2)):
        got = submission.KNNClassifier(n_neighbors=k).fit(X, y).predict(Q)
        expected = reference.KNNClassifier(n_neighbors=k).fit(X, y).predict(Q)
        checks.assert_equal(got, expected, what=f"KNNClassifier(n_neighbors={k}).predict({Q.tolist()})",
                            mistakes=_label_mistakes(X, y, Q, k),
                            hint="A tied vote goes to the smallest label.")


@pytest.mark.kata(points=5, category="edge-cases")
def test_tied_weighted_vote_smallest_label_wins(submission, reference):
    """weights="distance": equal weighted votes (1/1 = 1/2 + 1/2) go to the smallest label."""
    X = np.array([[1, 0], [2, 0], [0, 2], [51, 50], [52, 50], [50, 52]], dtype=float)
    y = np.array([4, 2, 2, 2, 4, 4])
    Q = np.array([[0.0, 0.0], [50.0, 50.0]])
    got = submission.KNNClassifier(n_neighbors=3, weights="distance").fit(X, y).predict(Q)
    expected = reference.KNNClassifier(n_neighbors=3, weights="distance").fit(X, y).predict(Q)
    checks.assert_equal(
        got, expected, what=f'KNNClassifier(3, weights="distance").predict({Q.tolist()})',
        mistakes=[(name, _classify(X, y, Q, 3, weights="distance", **kw)[0])
                  for name, kw in TIE_MISTAKES],
        hint="At each query one label gets 1/1 and the other 1/2 + 1/2: a tie, which the "
        "smallest label wins.",
    )


def _epsilon_hint(got, expected, scale=1.0):
    """A hint when the answer is off by a hair: 1/(d + eps) instead of the zero-distance rule."""
    diff = float(np.max(np.abs(np.asarray(got, dtype=float) - expected)))
    if 1e-8 * scale < diff < 1e-3 * scale:
        return (f"Off by only {diff:.1g}: is a small epsilon added to d (1/(d + eps))? The "
                "contract is exact: when some neighbours are at distance 0, only those count, "
                "each with the same weight.")
    return None


@pytest.mark.kata(points=6, category="edge-cases")
def test_query_on_training_points_distance_weights(submission, reference):
    """weights="distance", a query on top of training points: only those count, equally."""
    X = np.array([[0, 0], [0, 0], [2, 0], [0, 2], [5, 5], [9, 9]], dtype=float)
    y = np.array([4, 2, 2, 2, 7, 4])
    targets = np.array([10.0, 20.0, 100.0, 100.0, 3.0, 50.0])
    Q = np.array([[0.0, 0.0], [5.0, 5.0], [1.0, 1.0]])
    k = 3
    zero_one = "zero-distance neighbours given weight 1 while the others keep 1/d"
    what = f'KNNClassifier({k}, weights="distance").predict_proba({Q.tolist()})'
    proba = checks.array(
        submission.KNNClassifier(n_neighbors=k, weights="distance").fit(X, y).predict_proba(Q),
        what=what, shape=(3, 3), finite=False)
    _finite(proba, what=what, cause=ZERO_RULE)
    ref = reference.KNNClassifier(n_neighbors=k, weights="distance").fit(X, y)
    expected = ref.predict_proba(Q)
    checks.assert_close(proba, expected, what=what, atol=1e-8,
                        mistakes=[(zero_one, _classify(X, y, Q, k, weights="zero-gets-one")[1])]
                        + _proba_mistakes(X, y, Q, k, weights="distance"),
                        hint=_epsilon_hint(proba, expected) or "Query [0, 0] sits on two training "
                        "points (labels 4 and 2): they alone vote, one vote each.")
    got = submission.KNNClassifier(n_neighbors=k, weights="distance").fit(X, y).predict(Q)
    checks.assert_equal(got, ref.predict(Q),
                        what=f'KNNClassifier({k}, weights="distance").predict({Q.tolist()})',
                        mistakes=[(zero_one, _classify(X, y, Q, k, weights="zero-gets-one")[0])]
                        + _label_mistakes(X, y, Q, k, weights="distance"))
    what = f'KNNRegressor({k}, weights="distance").predict({Q.tolist()})'
    got = checks.array(
        submission.KNNRegressor(n_neighbors=k, weights="distance").fit(X, targets).predict(Q),
        what=what, shape=(3,), finite=False)
    _finite(got, what=what, cause=ZERO_RULE)
    expected = reference.KNNRegressor(n_neighbors=k, weights="distance").fit(X, targets).predict(Q)
    checks.assert_close(
        got, expected, what=what, atol=1e-8,
        mistakes=[(zero_one, _regress(X, targets, Q, k, weights="zero-gets-one"))]
        + _regression_mistakes(X, targets, Q, k, weights="distance"),
        hint=_epsilon_hint(got, expected, scale=100.0) or "Query [0, 0] sits on two training "
        "points (targets 10 and 20): the prediction is their plain mean, 15.",
    )


@pytest.mark.kata(points=3, category="edge-cases")
def test_zero_distance_rule_within_the_k_neighbours(submission):
    """The zero-distance rule applies to the k neighbours only, and only to exact zeros."""
    X, t = np.array([[0.0], [0.0], [0.0], [1.0]]), np.array([1.0, 2.0, 3.0, 4.0])
    what = 'KNNRegressor(2, weights="distance").fit(X=[[0], [0], [0], [1]], y=[1, 2, 3, 4]).predict([[0]])'
    got = submission.KNNRegressor(n_neighbors=2, weights="distance").fit(X, t).predict([[0.0]])
    checks.assert_close(
        got, [1.5], what=what, rtol=1e-12,
        mistakes=[("the zero-distance rule applied to every training point at distance 0, "
                   "not only to the k neighbours", [2.0])],
        hint="Three training points are at distance 0, but the 2 neighbours are the first two "
             "of them (equal distances: the earlier point is nearer): they count equally.")
    X, t = np.array([[0.0], [3e-9]]), np.array([0.0, 1.0])
    what = 'KNNRegressor(2, weights="distance").fit(X=[[0], [3e-9]], y=[0, 1]).predict([[1e-9]])'
    got = submission.KNNRegressor(n_neighbors=2, weights="distance").fit(X, t).predict([[1e-9]])
    checks.assert_close(
        got, [1.0 / 3.0], what=what, rtol=1e-6,
        mistakes=[("distances near 0 treated as 0 (np.isclose(d, 0) or a threshold): only "
                   "exact zeros are zero, the others weigh 1/d", [0.5])],
        hint="The distances are 1e-9 and 2e-9: weights 1e9 and 5e8.")


@pytest.mark.kata(points=3, category="edge-cases")
def test_integer_inputs_give_float_results(submission):
    """uint8 features are measured without wrap-around; integer targets give float64 means."""
    X8 = np.array([[0], [200]], dtype=np.uint8)
    got = submission.KNNClassifier(n_neighbors=1).fit(X8, [0, 1]).predict(np.array([[190]], dtype=np.uint8))
    checks.assert_equal(
        got, [1], what="KNNClassifier(1) with uint8 X=[[0], [200]], query [[190]]",
        mistakes=[("integer features not converted to float: differences of unsigned integers "
                   "wrap around (190 - 200 is 246 in uint8)", [0])])
    got = checks.array(submission.KNNRegressor(n_neighbors=2).fit([[0], [1]], [1, 2]).predict([[0.5]]),
                       what="KNNRegressor(2).fit([[0], [1]], y=[1, 2]).predict([[0.5]])", shape=(1,))
    checks.assert_close(
        got, [1.5], what="KNNRegressor(2).fit([[0], [1]], y=[1, 2]).predict([[0.5]])",
        mistakes=[("the mean kept in the integer dtype of y (predictions are float64)", [1.0])])


@pytest.mark.kata(points=4, category="edge-cases")
def test_k_equals_number_of_training_points(submission, reference, rng):
    """n_neighbors == n_train: every training point votes (or is averaged) for every query."""
    X, y, Q = _blobs(rng, n=12, n_queries=6)
    targets = rng.normal(size=len(X))
    n = len(X)
    for weights in ("uniform", "distance"):
        model = submission.KNNClassifier(n_neighbors=n, weights=weights).fit(X, y)
        ref = reference.KNNClassifier(n_neighbors=n, weights=weights).fit(X, y)
        what = f'KNNClassifier(n_neighbors=n_train={n}, weights="{weights}")'
        checks.assert_close(model.predict_proba(Q), ref.predict_proba(Q), what=f"{what}.predict_proba(X)",
                            mistakes=_proba_mistakes(X, y, Q, n, weights))
        checks.assert_equal(model.predict(Q), ref.predict(Q), what=f"{what}.predict(X)",
                            mistakes=_label_mistakes(X, y, Q, n, weights))
        got = submission.KNNRegressor(n_neighbors=n, weights=weights).fit(X, targets).predict(Q)
        expected = reference.KNNRegressor(n_neighbors=n, weights=weights).fit(X, targets).predict(Q)
        checks.assert_close(got, expected, mistakes=_regression_mistakes(X, targets, Q, n, weights),
                            what=f'KNNRegressor(n_neighbors=n_train={n}, weights="{weights}").predict(X)')


@pytest.mark.kata(points=3, category="edge-cases")
def test_single_class(submission):
    """A single training class: classes_ has one entry, every probability is 1."""
    X = np.array([[0.0, 1.0], [2.0, 3.0], [4.0, 1.0], [1.0, 1.0]])
    y = np.array(["only"] * 4)
    Q = np.array([[0.0, 0.0], [9.0, 9.0], [2.0, 3.0]])
    for weights in ("uniform", "distance"):
        model = submission.KNNClassifier(n_neighbors=3, weights=weights).fit(X, y)
        what = f'KNNClassifier(3, weights="{weights}") trained on one class'
        checks.assert_equal(getattr(model, "classes_", None), np.array(["only"]),
                            what=f"{what}: classes_")
        checks.assert_equal(model.predict(Q), np.array(["only"] * 3), what=f"{what}: predict(X)")
        proba = checks.array(model.predict_proba(Q), what=f"{what}: predict_proba(X)",
                             shape=(3, 1), finite=False)
        _finite(proba, what=f"{what}: predict_proba(X)", cause=ZERO_RULE)
        checks.assert_close(proba, np.ones((3, 1)), what=f"{what}: predict_proba(X)")


@pytest.mark.kata(points=4, category="edge-cases")
def test_one_feature(submission, reference, rng):
    """1-D features (X of shape (n, 1)) work for both models and both weightings."""
    X = rng.uniform(0, 10, size=(30, 1))
    y = np.where(X[:, 0] + rng.normal(scale=2.0, size=30) > 5, 4, 1)  # two labels, k odd: no tie
    targets = np.sqrt(X[:, 0]) + rng.normal(scale=0.1, size=30)
    Q = rng.uniform(-1, 11, size=(15, 1))
    # a query 3e-3 from a training point: the |a|^2 + |b|^2 - 2ab expansion gets that distance
    # right to ~1e-8 only, hence rtol 1e-6 for the distance weights
    for weights, rtol in (("uniform", 1e-7), ("distance", 1e-6)):
        what = f'weights="{weights}", X of shape (30, 1)'
        model = submission.KNNClassifier(n_neighbors=3, weights=weights).fit(X, y)
        ref = reference.KNNClassifier(n_neighbors=3, weights=weights).fit(X, y)
        checks.assert_equal(model.predict(Q), ref.predict(Q), what=f"KNNClassifier: predict(X), {what}",
                            mistakes=_label_mistakes(X, y, Q, 3, weights))
        checks.assert_close(model.predict_proba(Q), ref.predict_proba(Q), rtol=rtol,
                            what=f"KNNClassifier: predict_proba(X), {what}",
                            mistakes=_proba_mistakes(X, y, Q, 3, weights))
        got = submission.KNNRegressor(n_neighbors=3, weights=weights).fit(X, targets).predict(Q)
        expected = reference.KNNRegressor(n_neighbors=3, weights=weights).fit(X, targets).predict(Q)
        checks.assert_close(got, expected, what=f"KNNRegressor: predict(X), {what}", rtol=rtol,
                            mistakes=_regression_mistakes(X, targets, Q, 3, weights))


@pytest.mark.kata(points=2, category="edge-cases")
def test_refit_replaces_training_set(submission, reference, rng):
    """Calling fit again replaces the training set and the classes."""
    X1, y1, Q = _blobs(rng, n=20, n_queries=8)
    X2 = rng.normal(size=(15, 3)) * 5
    y2 = np.where(rng.integers(0, 2, size=15) == 1, 22, 20)  # two labels, k odd: no tied vote
    model = submission.KNNClassifier(n_neighbors=3).fit(X1, y1)
    model.fit(X2, y2)
    ref = reference.KNNClassifier(n_neighbors=3).fit(X2, y2)
    checks.assert_equal(getattr(model, "classes_", None), ref.classes_,
                        what="classes_ after a second fit")
    checks.assert_equal(model.predict(Q), ref.predict(Q), what="predict(X) after a second fit",
                        mistakes=_label_mistakes(X2, y2, Q, 3))
    checks.assert_close(model.predict_proba(Q), ref.predict_proba(Q),
                        what="predict_proba(X) after a second fit")
    # a second fit with another number of features: the old one must not linger
    X3, t3 = np.array([[0.0], [1.0], [5.0]]), np.array([0.0, 1.0, 5.0])
    regressor = submission.KNNRegressor(n_neighbors=1).fit(rng.normal(size=(6, 2)), np.zeros(6))
    regressor.fit(X3, t3)
    checks.assert_close(regressor.predict(np.array([[0.9], [4.0]])), [1.0, 5.0],
                        what="KNNRegressor(1).predict on 1 feature after refitting from 2 features",
                        hint="The feature count (and n_train) come from the latest fit.")
    # n_neighbors is checked against the latest training set
    small = submission.KNNClassifier(n_neighbors=3).fit(X1, y1)
    checks.raises_value_error(
        lambda: small.fit(X1[:2], y1[:2]).predict(Q),
        what="KNNClassifier(n_neighbors=3) refitted on 2 points, then predict")


# --------------------------------------------------------------------------- numerical stability


@pytest.mark.kata(points=5, category="numerical-stability")
def test_one_neighbour_on_training_points_returns_their_labels(submission, rng):
    """k=1 on the training points themselves returns their own labels and targets."""
    X = rng.normal(loc=20.0, scale=3.0, size=(80, 4))
    y = rng.integers(0, 5, size=80)
    targets = rng.normal(size=80)
    got = submission.KNNClassifier(n_neighbors=1).fit(X, y).predict(X)
    checks.assert_equal(got, y, what="KNNClassifier(n_neighbors=1).predict(X_train)", hint=CLIP_HINT,
                        mistakes=[(name, _classify(X, y, X, 1, **kw)[0])
                                  for name, kw in NEIGHBOUR_MISTAKES])
    got = submission.KNNRegressor(n_neighbors=1).fit(X, targets).predict(X)
    checks.assert_close(got, targets, what="KNNRegressor(n_neighbors=1).predict(X_train)",
                        hint=CLIP_HINT, mistakes=[(name, _regress(X, targets, X, 1, **kw))
                                                  for name, kw in NEIGHBOUR_MISTAKES])


@pytest.mark.kata(points=4, category="numerical-stability")
def test_distance_weights_on_training_points(submission, rng):
    """weights="distance" on the training points: no NaN/inf, each point predicts itself."""
    X = rng.normal(size=(60, 3))
    y = rng.integers(0, 3, size=60)
    targets = rng.normal(size=60)
    # atol 1e-4: with the clipped expansion a point may be ~1e-8 from itself instead of 0; its
    # weight of ~1e8 still decides, within ~1e-6. Every classic mistake is off by far more.
    what = 'KNNClassifier(5, weights="distance").predict_proba(X_train)'
    proba = checks.array(
        submission.KNNClassifier(n_neighbors=5, weights="distance").fit(X, y).predict_proba(X),
        what=what, shape=(60, 3), finite=False)
    _finite(proba, what=what, cause=NAN_ON_TRAINING_POINTS)
    checks.assert_close(proba, np.eye(3)[y], atol=1e-4, rtol=0, what=what,
                        hint="Each training point is at distance 0 from itself: it alone votes.",
                        mistakes=_proba_mistakes(X, y, X, 5, weights="distance"))
    what = 'KNNRegressor(5, weights="distance").predict(X_train)'
    got = checks.array(
        submission.KNNRegressor(n_neighbors=5, weights="distance").fit(X, targets).predict(X),
        what=what, shape=(60,), finite=False)
    _finite(got, what=what, cause=NAN_ON_TRAINING_POINTS)
    checks.assert_close(got, targets, atol=1e-4, rtol=0, what=what,
                        hint="Each training point is at distance 0 from itself: it alone counts.",
                        mistakes=_regression_mistakes(X, targets, X, 5, weights="distance"))


@pytest.mark.kata(points=3, category="numerical-stability")
def test_distance_weights_at_a_tiny_scale(submission, reference, rng):
    """weights="distance" on data at a micrometre scale: the weights are exactly 1/d."""
    X = rng.uniform(0, 3e-6, size=(40, 2))
    Q = rng.uniform(0, 3e-6, size=(25, 2))
    targets = rng.normal(size=40)
    what = 'KNNRegressor(4, weights="distance").predict(X), coordinates ~1e-6'
    got = checks.array(
        submission.KNNRegressor(n_neighbors=4, weights="distance").fit(X, targets).predict(Q),
        what=what, shape=(len(Q),))
    expected = reference.KNNRegressor(n_neighbors=4, weights="distance").fit(X, targets).predict(Q)
    dist, ind = _neighbours(X, Q, 4)
    with_eps = [
        ("an epsilon added to d (1/(d + eps)): at small distances it changes the weights; use "
         "the zero-distance rule instead of an epsilon",
         ((1.0 / (dist + eps)) * targets[ind]).sum(axis=1) / (1.0 / (dist + eps)).sum(axis=1))
        for eps in (1e-15, 1e-12, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5)
    ]
    checks.assert_close(got, expected, what=what, rtol=1e-9, atol=0, mistakes=with_eps,
                        hint="Distances here are about 1e-6, so the weights 1/d are about 1e6.")


@pytest.mark.kata(points=3, category="numerical-stability")
def test_data_far_from_the_origin(submission, reference, rng):
    """Data centred far from the origin (1e3) with unit spread: neighbours found in float64."""
    X0, y, Q0 = _blobs(rng, n=60, n_queries=30)
    y = np.where(y == 2, 2, 7)  # two labels, k odd: no tied vote
    X0, Q0 = X0 / [10.0, 1.0, 0.1], Q0 / [10.0, 1.0, 0.1]
    X, Q = X0 + 1e3, Q0 + 1e3
    targets = X0[:, 0] + X0[:, 1]
    expected = reference.KNNClassifier(n_neighbors=3).fit(X0, y).predict(Q0)
    hint = None
    near = submission.KNNClassifier(n_neighbors=3).fit(X0, y).predict(Q0)
    if np.array_equal(np.asarray(near), expected):  # right near the origin, wrong far from it
        hint = ("The same data shifted back to the origin gives the right answers. Far from "
                "the origin, |a|^2 + |b|^2 - 2ab cancels most of its digits: keep every "
                "computation in float64 (float32 loses them all here).")
    got = submission.KNNClassifier(n_neighbors=3).fit(X, y).predict(Q)
    checks.assert_equal(got, expected, what="KNNClassifier(n_neighbors=3).predict(X), data around 1e3",
                        hint=hint, mistakes=_label_mistakes(X0, y, Q0, 3))
    got = submission.KNNRegressor(n_neighbors=3).fit(X, targets).predict(Q)
    checks.assert_close(got, reference.KNNRegressor(n_neighbors=3).fit(X0, targets).predict(Q0),
                        what="KNNRegressor(n_neighbors=3).predict(X), data around 1e3",
                        mistakes=_regression_mistakes(X0, targets, Q0, 3))


# --------------------------------------------------------------------------- api


def _small_set():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [3.0, 3.0]])
    return X, np.array([0, 0, 1, 1]), np.array([1.0, 2.0, 3.0, 4.0])


@pytest.mark.kata(points=3, category="api")
def test_invalid_n_neighbors_raise_value_error(submission):
    """n_neighbors < 1 or > n_train raises ValueError (at construction, fit or predict)."""
    X, y, t = _small_set()
    for name, target in (("KNNClassifier", y), ("KNNRegressor", t)):
        cls = getattr(submission, name)
        for k in (0, -1, 5):
            checks.raises(lambda: cls(n_neighbors=k).fit(X, target).predict(X),
                          what=f"{name}(n_neighbors={k}) with 4 training points, fit then predict")


@pytest.mark.kata(points=2, category="api")
def test_length_mismatch_raises_value_error(submission):
    """fit(X, y) with len(X) != len(y) raises ValueError."""
    X, y, t = _small_set()
    checks.raises_value_error(lambda: submission.KNNClassifier(n_neighbors=1).fit(X, y[:3]),
                              what="KNNClassifier.fit with 4 rows of X and 3 labels")
    checks.raises_value_error(lambda: submission.KNNRegressor(n_neighbors=1).fit(X[:3], t),
                              what="KNNRegressor.fit with 3 rows of X and 4 targets")


@pytest.mark.kata(points=2, category="api")
def test_wrong_feature_count_raises_value_error(submission):
    """predict / predict_proba with another number of features than fit raises ValueError."""
    X, y, t = _small_set()
    Q = np.zeros((2, 3))
    model = submission.KNNClassifier(n_neighbors=2).fit(X, y)
    checks.raises_value_error(lambda: model.predict(Q),
                              what="KNNClassifier.predict with 3 features after fit on 2")
    checks.raises_value_error(lambda: model.predict_proba(Q),
                              what="KNNClassifier.predict_proba with 3 features after fit on 2")
    regressor = submission.KNNRegressor(n_neighbors=2).fit(X, t)
    checks.raises_value_error(lambda: regressor.predict(Q),
                              what="KNNRegressor.predict with 3 features after fit on 2")
    checks.raises_value_error(lambda: regressor.predict(np.zeros((2, 1))),
                              what="KNNRegressor.predict with 1 feature after fit on 2")


@pytest.mark.kata(points=2, category="api")
def test_predict_before_fit_raises(submission):
    """predict / predict_proba before fit raise ValueError or RuntimeError."""
    Q = np.zeros((2, 2))
    errors = (ValueError, RuntimeError)
    checks.raises(lambda: submission.KNNClassifier().predict(Q), errors=errors,
                  what="KNNClassifier().predict before fit")
    checks.raises(lambda: submission.KNNClassifier().predict_proba(Q), errors=errors,
                  what="KNNClassifier().predict_proba before fit")
    checks.raises(lambda: submission.KNNRegressor().predict(Q), errors=errors,
                  what="KNNRegressor().predict before fit")


@pytest.mark.kata(points=2, category="api")
def test_unknown_weights_raise_value_error(submission):
    """weights other than "uniform" or "distance" raises ValueError."""
    X, y, t = _small_set()
    classifier, regressor = submission.KNNClassifier, submission.KNNRegressor
    checks.raises(lambda: classifier(n_neighbors=2, weights="gaussian").fit(X, y).predict(X),
                  what='KNNClassifier(weights="gaussian"), fit then predict')
    checks.raises(lambda: regressor(n_neighbors=2, weights="Distance").fit(X, t).predict(X),
                  what='KNNRegressor(weights="Distance"), fit then predict')


@pytest.mark.kata(points=2, category="api")
def test_inputs_are_not_modified(submission, rng):
    """fit and predict modify neither X, y nor the queries they are given."""
    X, y, Q = _blobs(rng, n=30, n_queries=10)
    t = X[:, 0].copy()
    arrays = {"X": X, "y": y, "the queries": Q, "the targets": t}
    before = {name: a.copy() for name, a in arrays.items()}
    for weights in ("uniform", "distance"):
        model = submission.raw.KNNClassifier(n_neighbors=3, weights=weights).fit(X, y)
        model.predict(Q)
        model.predict_proba(Q)
        submission.raw.KNNRegressor(n_neighbors=3, weights=weights).fit(X, t).predict(Q)
    for name, a in arrays.items():
        checks.check(np.array_equal(a, before[name]),
                     f"fit or predict modified {name} in place: work on a copy (X - mean, "
                     "X.astype(float) and np.array(X, dtype=float) make one; X -= ... does not).")


@pytest.mark.kata(points=1, category="api")
def test_fit_returns_self(submission):
    """fit returns the model itself, so that fit(X, y).predict(Q) chains."""
    X, y, t = _small_set()
    for model, target in ((submission.KNNClassifier(n_neighbors=1), y),
                          (submission.KNNRegressor(n_neighbors=1), t)):
        returned = model.fit(X, target)
        checks.check(returned is model,
                     f"{type(model).__name__}.fit returned {type(returned).__name__}, expected "
                     "the model itself (return self)")


# --------------------------------------------------------------------------- efficiency

SPEED_SHAPE = (2000, 150, 8)  # training points, queries, features
SPEED_FACTOR = 30.0


@pytest.mark.kata(points=6, category="efficiency", timeout=30)
def test_predict_speed(submission, reference, rng):
    """fit + predict, 2,000 training points x 150 queries, within 30x of the reference's time."""
    n, m, d = SPEED_SHAPE
    X = rng.normal(size=(n, d))
    y = (X[:, 0] + rng.normal(scale=0.5, size=n) > 0).astype(int)  # two classes, k odd: no tie
    Q = rng.normal(size=(m, d))
    what = f"KNNClassifier fit + predict ({n} training points, {m} queries)"
    hint = ("Compute all query-to-training distances at once (|a|^2 + |b|^2 - 2ab is one "
            "matrix product, or broadcasting); a Python loop over pairs of points is far slower.")
    start = time.perf_counter()
    got = checks.array(submission.KNNClassifier(n_neighbors=5).fit(X, y).predict(Q),
                       what=f"{what}: predict(X)", shape=(m,), numeric=False)
    t_sub = time.perf_counter() - start
    start = time.perf_counter()
    expected = reference.KNNClassifier(n_neighbors=5).fit(X, y).predict(Q)
    t_ref = time.perf_counter() - start
    agree = float(np.mean(got == expected))
    # the speed of a meaningless answer is not judged (a constant label agrees about half the
    # time); a bug that only moves a few predictions is left to the other tests
    checks.check(agree >= 0.75, f"{what}: only {agree:.0%} of the predictions match the "
                 "reference's, so its speed is not judged.")
    if t_sub > 0.3 and t_sub > 3 * SPEED_FACTOR * t_ref:  # far too slow: no need to repeat it
        checks.fail(f"{what} took {t_sub * 1e3:.0f} ms against the reference's "
                    f"{t_ref * 1e3:.1f} ms: {t_sub / t_ref:.0f}x slower (allowed: "
                    f"{SPEED_FACTOR:g}x).\n{hint}")
    checks.assert_speed(
        lambda: submission.KNNClassifier(n_neighbors=5).fit(X, y).predict(Q),
        lambda: reference.KNNClassifier(n_neighbors=5).fit(X, y).predict(Q),
        factor=SPEED_FACTOR, what=what, hint=hint,
    )
