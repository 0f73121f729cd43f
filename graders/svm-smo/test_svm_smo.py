"""Hidden grader of the svm-smo kata (DESIGN.md section 6, "svm-smo").

An SVM's alphas are not unique for a linear kernel (many alphas give the same w), so the grader
judges what is unique about the result:

- feasibility: 0 <= alpha_ <= C and sum(alpha_ * y) = 0;
- the dual objective W(alpha_) against the optimum W*;
- the KKT conditions with b_, measured by the primal-dual gap of (alpha_, b_): the sum over the
  training points of alpha_t (y_t f(x_t) - 1) where y_t f(x_t) >= 1 and
  (C - alpha_t) (1 - y_t f(x_t)) where it is below 1. It is 0 exactly when (alpha_, b_) is
  optimal, and it weighs the KKT violations by alpha, so leftovers of a simplified SMO's
  update threshold (alphas of 1e-5 that should be 0) cost next to nothing;
- the decision function on held-out points against the exact solution, and against the
  submission's own alpha_ and b_ (sum_i alpha_i y_i K(x_i, x) + b_);
- b_ and the support vectors where they are unique (RBF kernel, a free support vector).

The exact solution is the reference solution run to tol=1e-9 (tests/test_reference_svm_smo.py
checks it against scikit-learn). The tolerances were calibrated on the alternatives in
tests/alternatives/svm-smo/ over 300 to 1,000 random states each. The CS229 simplified SMO
(random second index, tol=1e-3, 10 passes without a change) is the least precise; its worst
cases on the data sets below, against the tolerances:

    relative dual gap                       2.2e-3     (1e-2)
    primal-dual gap / W(alpha_)             2.0e-2     (5e-2; 1e-2 but for one random state
                                                        in 1,000, where b was averaged over
                                                        free alphas that were leftovers)
    decision function, RBF                  0.07       (0.15)
    decision function, linear               0.24       (0.5: its w and b stay loose)
    b_, RBF                                 0.067      (0.15; 0.009 but for the same state)

while every classic mistake misses by far more (a wrong b by 0.6 or more, one pass leaves
the dual 20% to 75% below the optimum). Linear data sets use C <= 1 and overlapping classes
in 5-D: with C >= 10, few support vectors or one feature the simplified SMO stops far from
the optimum (relative dual gaps of 5e-2 measured), and the stub's docstring states the
tolerances.

The answers of classic mistakes are computed here from the submission's own alpha_ and b_
(a decision function without the labels, another kernel, b_ subtracted), so that a failure
names the mistake the output matches. Other evidence names the rest: every RBF alpha at 0 while
the linear kernel works is an RBF kernel with the wrong sign; a fit that takes ten times as
long as with a tenth of max_iter used up its budget (a stalled solver); a decision function off
while the dual is within 1% is a stopping rule too loose. Stopping at the first quiet pass is
not failed on every random stream: its dual gaps on the rings (2.4e-4 to 3e-2 over 300 random
states) overlap the tail of a correct simplified SMO's (up to 1.8e-4), so only its misses are
named.
"""

import functools
import time

import numpy as np
import pytest

from kata_cli import checks

GAP_RTOL = 1e-2  # dual objective within 1% of the optimum
PD_RTOL = 5e-2  # primal-dual gap of (alpha_, b_) within 5% of the dual objective
BOX_TOL = 1e-8  # times C
SUM_TOL = 1e-6  # times max(1, sum(alpha_))
F_ATOL = 0.15  # decision function against the exact one (RBF), in margin units
F_ATOL_LINEAR = 0.5  # linear kernel: a simplified SMO's w and b are only known to ~0.25
B_ATOL = 0.15  # b_ against the exact threshold (RBF, where b is unique)
SV_THRESHOLD = 1e-8  # support_ = indices with alpha_ > 1e-8 (the contract)

NO_CLIP = ("alpha_j not clipped to [L, H] after the unconstrained step (without the clip, the "
           "alphas leave the box [0, C])")
EQUAL_LABELS = ("wrong clipping bounds L/H for equal labels (y_i == y_j: L = max(0, alpha_i + "
                "alpha_j - C), H = min(C, alpha_i + alpha_j); y_i != y_j: L = max(0, alpha_j - "
                "alpha_i), H = min(C, C + alpha_j - alpha_i))")
SUM_BROKEN = ("alpha_i not moved opposite to alpha_j: alpha_i += y_i y_j (alpha_j_old - "
              "alpha_j_new) keeps sum(alpha * y) = 0")
ALPHA_I_CLIPPED = ("alpha_i clipped on its own, which hides wrong bounds L/H for alpha_j (with the "
                   "right L/H, alpha_i + y_i y_j (alpha_j_old - alpha_j_new) is in [0, C] already; "
                   "y_i == y_j: L = max(0, alpha_i + alpha_j - C), H = min(C, alpha_i + alpha_j))")
ALL_ZERO = ("a sign error in eta (CS229: eta = 2 K_ij - K_ii - K_jj <= 0, skip the pair when "
            "eta >= 0 and step alpha_j -= y_j (E_i - E_j) / eta; Platt: eta = K_ii + K_jj - "
            "2 K_ij >= 0 and alpha_j += y_j (E_i - E_j) / eta), or the bounds L/H of the two "
            "label cases swapped (then L == H at alpha = 0 and every pair is skipped)")
DOWNHILL = ("a sign error in eta (or in the step): with eta = K_ii + K_jj - 2 K_ij >= 0 the "
            "step is alpha_j += y_j (E_i - E_j) / eta; with CS229's eta = 2 K_ij - K_ii - "
            "K_jj <= 0 it is alpha_j -= y_j (E_i - E_j) / eta")
ONE_PASS = ("stopping after one pass over the data (SMO repeats passes until 10 in a row change "
            "no alpha, or until the largest KKT violation is below tol)")
EARLY_STOP = ("stopping too early (a simplified SMO stops after 10 passes in a row without a "
              "change of more than 1e-5; a working-set SMO when the largest KKT violation is "
              "below tol = 1e-3)")
LOOSE_STOP = ("a stopping rule too loose, e.g. stopping at the first quiet pass (a simplified "
              "SMO stops after 10 passes in a row without a change of more than 1e-5; a "
              "working-set SMO when the largest KKT violation is below tol = 1e-3)")
MAX_ITER_USED = ("a solver that runs until max_iter instead of converging: it stalls on a pair "
                 "that makes no progress, e.g. an alpha within 1e-16 of 0 or C still counted as "
                 "free (set alphas within ~1e-12 C of a bound to the bound, and compare the "
                 "KKT violation with tol on the box-aware index sets)")
B_NEVER = "a wrong threshold (b) update: b never updated (still 0)"
B_ALL_SV = ("a wrong threshold (b): b averaged over every support vector, including those at "
            "alpha = C (only the free ones, 0 < alpha < C, have y f(x) = 1 exactly)")
B_SIGN = "a wrong threshold (b): b with the wrong sign"
B_WRONG = ("a wrong threshold (b) update (b from a free support vector k, 0 < alpha_k < C: "
           "b = y_k - sum_i alpha_i y_i K(x_i, x_k); CS229's b1/b2 rule after every step)")
NO_LABELS = "decision function without the labels y_i (sum_i alpha_i K(x_i, x) + b)"
B_SUBTRACTED = ("b_ subtracted instead of added (f = sum_i alpha_i y_i K(x_i, x) - rho is "
                "libsvm's convention with rho = -b; here b_ is the intercept)")
RBF_SIGN = "RBF kernel with the wrong sign: exp(+gamma ||x - z||^2)"
RBF_SIGN_SKIPPED = ("an RBF kernel with the wrong sign (it grows with distance, so eta <= 0 and "
                    "every pair is skipped): K(x, z) = exp(-gamma ||x - z||^2)")
RBF_NO_GAMMA = "RBF kernel without gamma: exp(-||x - z||^2)"
RBF_NOT_SQUARED = "RBF kernel on the distance, not its square: exp(-gamma ||x - z||)"
RBF_DIVIDED = "RBF kernel with the distance divided by gamma: exp(-||x - z||^2 / gamma)"

# --------------------------------------------------------------------------- data

# Two points of different labels: alpha = 2 / ||x+ - x-||^2 = 0.5 each, b = -2, f(x) = x_1 - 2.
TWO_X = np.array([[1.0, 2.0], [3.0, 2.0]])
TWO_Y = np.array([-1, 1])


def _draw_linear(rng, m, d=5, sep=0.5, shift=2.0):
    """Two overlapping Gaussian classes, shifted away from the origin (so that b matters)."""
    y = np.where(rng.random(m) < 0.5, 1, -1)
    X = rng.normal(size=(m, d))
    X[:, 0] += sep * y
    X[:, 1] += 0.5 * sep * y
    return X + shift, y


def _draw_rings(rng, m, noise=0.25, centre=(1.0, -2.0)):
    """Class +1 on a ring of radius 1, class -1 on a ring of radius 2, both noisy."""
    y = np.where(rng.random(m) < 0.5, 1, -1)
    radius = np.where(y > 0, 1.0, 2.0) + rng.normal(scale=noise, size=m)
    angle = rng.uniform(0, 2 * np.pi, size=m)
    return np.c_[radius * np.cos(angle), radius * np.sin(angle)] + centre, y


def _draw_unbalanced(rng, m_pos, m_neg):
    """A small, tight +1 class overlapping a large, wide -1 class."""
    X = np.r_[rng.normal(size=(m_pos, 2)) * 0.7 + [1.5, 1.0], rng.normal(size=(m_neg, 2)) * 1.2]
    y = np.r_[np.ones(m_pos, int), -np.ones(m_neg, int)]
    order = rng.permutation(len(y))
    return X[order] + 1.0, y[order]


class Problem:
    """A training set, held-out queries and the SVM's parameters."""

    def __init__(self, key, X, y, Q, *, C, kernel, gamma=1.0, text):
        self.key, self.X, self.y, self.Q = key, X, y, Q
        self.C, self.kernel, self.gamma = C, kernel, gamma
        params = f"C={C:g}, kernel={kernel!r}" + (f", gamma={gamma:g}" if kernel == "rbf" else "")
        self.params = dict(C=C, kernel=kernel, gamma=gamma)
        self.what = f"SVM({params}) fitted on {text} ({len(y)} points)"


@functools.lru_cache(maxsize=None)
def _problem(key):
    if key == "linear":
        rng = np.random.default_rng(11)
        (X, y), (Q, _) = _draw_linear(rng, 100), _draw_linear(rng, 150)
        return Problem(key, X, y, Q, C=1.0, kernel="linear",
                       text="two overlapping classes in 5-D, centred at (2, ..., 2)")
    if key == "rings":
        rng = np.random.default_rng(12)
        (X, y), (Q, _) = _draw_rings(rng, 120), _draw_rings(rng, 150)
        return Problem(key, X, y, Q, C=1.0, kernel="rbf", gamma=0.5,
                       text="two noisy concentric rings")
    if key == "unbalanced":
        rng = np.random.default_rng(13)
        (X, y), (Q, _) = _draw_unbalanced(rng, 12, 90), _draw_unbalanced(rng, 30, 120)
        return Problem(key, X, y, Q, C=1.0, kernel="rbf", gamma=0.5,
                       text="12 points of class +1 inside 90 of class -1")
    if key == "linear-small-C":
        p = _problem("linear")
        return Problem(key, p.X, p.y, p.Q, C=0.05, kernel="linear",
                       text="two overlapping classes in 5-D")
    if key == "linear-far":
        p = _problem("linear")
        return Problem(key, p.X + 1e3, p.y, p.Q + 1e3, C=1.0, kernel="linear",
                       text="two overlapping classes in 5-D, centred at (1002, ..., 1002)")
    if key == "rings-far":
        p = _problem("rings")
        return Problem(key, p.X + 1e4, p.y, p.Q + 1e4, C=1.0, kernel="rbf", gamma=0.5,
                       text="two noisy concentric rings centred at (10001, 9998)")
    if key == "one-feature":
        rng = np.random.default_rng(14)
        X = rng.uniform(0.0, 6.0, size=(80, 1))
        y = np.where(np.sin(2.0 * X[:, 0]) + rng.normal(scale=0.3, size=80) > 0, 1, -1)
        Q = rng.uniform(-0.5, 6.5, size=(60, 1))
        return Problem(key, X, y, Q, C=1.0, kernel="rbf", gamma=2.0,
                       text="one feature, the label alternating along it")
    if key == "duplicates":
        p = _problem("linear")
        X = np.r_[p.X[:70], p.X[:12], p.X[12:16]]
        y = np.r_[p.y[:70], p.y[:12], -p.y[12:16]]  # 12 exact copies, 4 with the other label
        return Problem(key, X, y, p.Q, C=1.0, kernel="linear",
                       text="70 points, 12 of them twice and 4 twice with both labels")
    if key == "rings-300":
        rng = np.random.default_rng(15)
        X, y = _draw_rings(rng, 300)
        Q = rng.uniform(-2.0, 4.0, size=(2000, 2)) + [0.0, -3.0]
        return Problem(key, X, y, Q, C=1.0, kernel="rbf", gamma=0.5,
                       text="two noisy concentric rings")
    if key.startswith("rings-gamma-"):
        p = _problem("rings")
        return Problem(key, p.X, p.y, p.Q, C=1.0, kernel="rbf", gamma=float(key[12:]),
                       text="two noisy concentric rings")
    if key == "narrow-rbf":
        p = _problem("rings")
        return Problem(key, p.X, p.y, p.Q, C=1.0, kernel="rbf", gamma=200.0,
                       text="two noisy concentric rings")
    raise KeyError(key)


# --------------------------------------------------------------------------- kernels and the dual


def _sq_distances(A, B):
    """Exact squared distances, (len(A), len(B)) (differences, not the expansion)."""
    diff = A[:, None, :] - B[None, :, :]
    return np.einsum("ijk,ijk->ij", diff, diff)


def _kernel(kind, gamma, A, B):
    if kind == "linear":
        return A @ B.T
    return np.exp(-gamma * _sq_distances(A - A.mean(axis=0), B - A.mean(axis=0)))


def _wrong_kernels(p):
    """(name, kernel function) of the classic kernel mistakes for this problem."""
    if p.kernel != "rbf":
        return []
    g = p.gamma

    def make(fn):
        def kernel(A, B):
            c = A.mean(axis=0)
            with np.errstate(over="ignore", invalid="ignore"):
                return fn(_sq_distances(A - c, B - c))
        return kernel

    out = [(RBF_SIGN, make(lambda sq: np.exp(g * sq))),
           (RBF_NOT_SQUARED, make(lambda sq: np.exp(-g * np.sqrt(sq))))]
    if g != 1.0:
        out += [(RBF_NO_GAMMA, make(lambda sq: np.exp(-sq))),
                (RBF_DIVIDED, make(lambda sq: np.exp(-sq / g)))]
    return out


def _gram(p):
    return _kernel(p.kernel, p.gamma, p.X, p.X)


def _dual(alpha, y, K):
    v = alpha * y
    return float(alpha.sum() - 0.5 * v @ K @ v)


def _pd_gap(alpha, b, y, K, C):
    """Primal-dual gap of (alpha, b): sum of alpha_t (g_t - 1) where g_t = y_t f(x_t) >= 1,
    and (C - alpha_t) (1 - g_t) where g_t < 1. Zero exactly at the optimum."""
    g = y * (K @ (alpha * y) + b)
    return float(np.where(g >= 1, alpha * (g - 1), (C - alpha) * (1 - g)).sum())


def _best_b(alpha, y, K, C):
    """The b that minimises the primal-dual gap for these alphas (the gap is convex and piecewise
    linear in b, so it is at a breakpoint b = y_t - sum_i alpha_i y_i K_it), and that gap."""
    F = K @ (alpha * y)
    cands = y - F
    g = y[None, :] * (F[None, :] + cands[:, None])
    gaps = np.where(g >= 1, alpha * (g - 1), (C - alpha) * (1 - g)).sum(axis=1)
    k = int(np.argmin(gaps))
    return float(cands[k]), float(gaps[k])


class Exact:
    """The exact solution of a problem: alpha, b, dual objective, decision values."""

    def __init__(self, reference, p):
        model = reference.SVM(**p.params, tol=1e-9).fit(p.X, p.y)
        self.alpha, self.b = model.alpha_, float(model.b_)
        self.K = _gram(p)
        self.D = _dual(self.alpha, p.y, self.K)
        self.f_Q = model.decision_function(p.Q)
        self.f_X = model.decision_function(p.X)


_EXACT = {}


def _exact(reference, p):
    if p.key not in _EXACT:
        _EXACT[p.key] = Exact(reference, p)
    return _EXACT[p.key]


# --------------------------------------------------------------------------- the submission's fit

_FITS = {}
_FIT_SECONDS = {}


def _fit(submission, p, random_state=0):
    """The submission fitted on problem p (once per problem: several tests judge one fit)."""
    key = (p.key, random_state)
    if key not in _FITS:
        start = time.perf_counter()
        try:
            _FITS[key] = submission.SVM(**p.params, random_state=random_state).fit(p.X, p.y)
        except Exception as exc:
            _FITS[key] = exc
        _FIT_SECONDS[key] = time.perf_counter() - start
    model = _FITS[key]
    if isinstance(model, Exception):
        raise model
    checks.check(model is not None, f"{p.what}: fit returned None; it must return self.")
    return model


def _alpha(model, p, submission):
    """alpha_ as a float array of shape (n,); NaN or inf is explained by small probes."""
    alpha = checks.array(getattr(model, "alpha_", None), what=f"{p.what}: alpha_",
                         shape=(len(p.y),), finite=False).astype(np.float64)
    bad = ~np.isfinite(alpha)
    if bad.any():
        detail = (f"{p.what}: alpha_ contains NaN or inf at {int(bad.sum())} of {len(alpha)} "
                  "entries: the alphas grew without bound.")
        _explain_from_probes(submission, detail)
        checks.fail(detail + " Check that alpha_i moves opposite to alpha_j and that alpha_j "
                    "is clipped to [L, H].")
    return alpha


def _b(model, p):
    """b_ as a finite float."""
    b = getattr(model, "b_", None)
    arr = checks.array(b, what=f"{p.what}: b_")
    checks.check(arr.size == 1, f"{p.what}: b_ must be one number, got an array of shape "
                 f"{arr.shape}")
    return float(arr.reshape(-1)[0])


def _decision(model, Q, what):
    return checks.array(model.decision_function(Q), what=what, shape=(len(Q),)).astype(np.float64)


@pytest.fixture
def submission(submission):
    """Every method gets copies of its arrays: code that modifies X, y or the queries in place
    fails only test_inputs_are_not_modified (which uses ``submission.raw``)."""
    return checks.copy_inputs(submission, ["SVM"])


# --------------------------------------------------------------------------- diagnoses


def _two_point_alphas(submission, C):
    """alpha_ on two points of different labels, [[1, 2], [3, 2]] and [-1, +1]: the exact
    answer is [0.5, 0.5] for C >= 0.5 and [C, C] below. None if the fit fails."""
    try:
        model = submission.SVM(C=C, kernel="linear", random_state=0).fit(TWO_X, TWO_Y)
        alpha = np.asarray(model.alpha_, dtype=np.float64)
        return alpha if alpha.shape == (2,) and np.isfinite(alpha).all() else None
    except Exception:
        return None


def _explain_from_probes(submission, detail):
    """Name the pair-update mistake that two-point fits reveal, if any."""
    probe = _two_point_alphas(submission, 1.0)
    if probe is not None and abs(probe @ TWO_Y) > 1e-6:
        checks.mistake(SUM_BROKEN, detail + f" On two points ([[1, 2], [3, 2]], labels "
                       f"[-1, +1]) alpha_ is {checks.fmt(probe)}: sum(alpha * y) = "
                       f"{probe @ TWO_Y:.3g} instead of 0.")
    probe = _two_point_alphas(submission, 0.1)
    if probe is not None and np.allclose(probe, 0.5, atol=1e-3):
        checks.mistake(NO_CLIP, detail + " On two points with C = 0.1, alpha_ is "
                       f"{checks.fmt(probe)} instead of [0.1, 0.1].")
    return probe


def _assert_feasible(submission, p, alpha):
    """0 <= alpha <= C and sum(alpha * y) = 0, naming the mistake when one is broken."""
    C, n = p.C, len(alpha)
    total = float(alpha @ p.y)
    if abs(total) > SUM_TOL * max(1.0, float(np.abs(alpha).sum())):
        checks.mistake(f"{SUM_BROKEN}, or {ALPHA_I_CLIPPED}",
                       f"{p.what}: sum(alpha_ * y) must be 0 (the dual's equality "
                       f"constraint), got {total:.4g} (sum(alpha_) = {alpha.sum():.4g}).")
    below, above = alpha < -BOX_TOL * C, alpha > C * (1 + BOX_TOL)
    if below.any() or above.any():
        detail = (f"{p.what}: every alpha must lie in [0, C] = [0, {C:g}]; {int(below.sum())} of "
                  f"{n} are below 0 (smallest {alpha.min():.4g}) and {int(above.sum())} above C "
                  f"(largest {alpha.max():.4g}).")
        probe = _explain_from_probes(submission, detail)
        if probe is not None and np.allclose(probe, 0.1, atol=1e-6):
            checks.mistake(EQUAL_LABELS, detail + " Two points of different labels are clipped "
                           "right (C = 0.1 gives [0.1, 0.1]), so the bounds for a pair with "
                           "equal labels are the suspects.")
        checks.mistake(f"{NO_CLIP}, or {EQUAL_LABELS}", detail)


def _kernel_names(p, alpha, b=None):
    """Names of the wrong kernels for which these alphas (and b, if given) are optimal."""
    names = []
    for name, kernel in _wrong_kernels(p):
        K = kernel(p.X, p.X)
        if not np.isfinite(K).all():
            continue
        D = _dual(alpha, p.y, K)
        if D <= 0:
            continue
        gap = _pd_gap(alpha, b, p.y, K, p.C) if b is not None else _best_b(alpha, p.y, K, p.C)[1]
        if gap <= PD_RTOL * D:
            names.append(name)
    return names


def _linear_fit_is_fine(submission, reference):
    """True when the submission solves the linear problem (feasible, dual within 1%)."""
    p = _problem("linear")
    try:
        alpha = np.asarray(_fit(submission, p).alpha_, dtype=np.float64)
    except Exception:
        return False
    if alpha.shape != p.y.shape or not np.isfinite(alpha).all():
        return False
    if np.any(alpha < -BOX_TOL * p.C) or np.any(alpha > p.C * (1 + BOX_TOL)):
        return False
    if abs(float(alpha @ p.y)) > SUM_TOL * max(1.0, float(alpha.sum())):
        return False
    ex = _exact(reference, p)
    return (ex.D - _dual(alpha, p.y, ex.K)) <= GAP_RTOL * ex.D


def _fail_all_zero(submission, reference, p, detail):
    """Every alpha is 0: an RBF kernel with the wrong sign when the linear kernel works, else
    a pair update that never moves (eta's sign, swapped bounds)."""
    if p.kernel == "rbf" and _linear_fit_is_fine(submission, reference):
        checks.mistake(RBF_SIGN_SKIPPED, detail + " Every alpha is still 0, while the same "
                       "solver reaches the optimum with the linear kernel: the pair updates are "
                       "right and the RBF kernel is not.")
    checks.mistake(ALL_ZERO, detail + " Every alpha is still 0: no pair update ever "
                   "changed anything.")


def _max_iter_used(submission, p):
    """(seconds with the default max_iter, seconds with a tenth of it) when the fit's time
    scales with max_iter (the budget was used up), else None."""
    seconds = _FIT_SECONDS.get((p.key, 0), 0.0)
    if seconds < 0.2:  # a fit that runs 10^4 or more pair updates takes longer than this
        return None
    try:
        default = int(submission.SVM().max_iter)
    except Exception:
        default = 100_000
    start = time.perf_counter()
    try:
        submission.SVM(**p.params, random_state=0, max_iter=max(1, default // 10)).fit(p.X, p.y)
    except Exception:
        return None
    tenth = time.perf_counter() - start
    return (seconds, tenth) if seconds > 3.0 * tenth else None


def _fail_if_max_iter_used(submission, p, detail):
    """Name a solver that stalls until max_iter, when the fit's time says so."""
    used = _max_iter_used(submission, p)
    if used is not None:
        checks.mistake(MAX_ITER_USED, detail + f" The fit took {used[0]:.2f} s, and "
                       f"{used[1]:.2f} s with a tenth of max_iter: it used up its max_iter "
                       "budget instead of meeting its stopping rule.")


def _fail_not_optimal(submission, reference, p, alpha, detail, D, D_star):
    """The alphas are feasible but not optimal: name the likeliest cause."""
    names = _kernel_names(p, alpha)
    if names:
        checks.fail_naming(detail + " The alphas solve the dual for another kernel.", names)
    if not alpha.any():
        _fail_all_zero(submission, reference, p, detail)
    if D < 0:
        checks.mistake(DOWNHILL, detail + " W(alpha_) is below W(0) = 0: the pair updates went "
                       "downhill.")
    _fail_if_max_iter_used(submission, p, detail)
    if D < 0.9 * D_star:
        checks.mistake(ONE_PASS, detail)
    checks.mistake(EARLY_STOP, detail)


def _assert_dual_optimal(submission, reference, p):
    model = _fit(submission, p)
    alpha = _alpha(model, p, submission)
    _assert_feasible(submission, p, alpha)
    ex = _exact(reference, p)
    D = _dual(alpha, p.y, ex.K)
    gap = (ex.D - D) / ex.D
    if gap > GAP_RTOL:
        detail = (f"{p.what}: the dual objective W(alpha_) = sum(alpha) - 1/2 sum_ij alpha_i "
                  f"alpha_j y_i y_j K_ij is {D:.6g}, {gap:.2%} below the optimum {ex.D:.6g} "
                  f"(tolerance {GAP_RTOL:.0%}).")
        _fail_not_optimal(submission, reference, p, alpha, detail, D, ex.D)


def _assert_kkt(submission, reference, p):
    model = _fit(submission, p)
    alpha = _alpha(model, p, submission)
    b = _b(model, p)
    _assert_feasible(submission, p, alpha)
    ex = _exact(reference, p)
    D = _dual(alpha, p.y, ex.K)
    gap = _pd_gap(alpha, b, p.y, ex.K, p.C)
    if D > 0 and gap <= PD_RTOL * D:
        return
    g = p.y * (ex.K @ (alpha * p.y) + b)
    inside = alpha > 1e-5 * p.C
    free = inside & (alpha < p.C * (1 - 1e-5))
    worst = max(float(np.max(1 - g[~inside], initial=0.0)),
                float(np.max(g[inside & ~free] - 1, initial=0.0)),
                float(np.max(np.abs(g[free] - 1), initial=0.0)))
    if D > 1e-9 * ex.D:
        relative = f"{gap / D:.2%} of W(alpha_) = {D:.6g} (tolerance {PD_RTOL:.0%})"
    else:  # a percentage of W(alpha_) = 0 means nothing
        relative = (f"while W(alpha_) = {D:.4g} (the tolerance is {PD_RTOL:.0%} of W(alpha_), "
                    f"and W* = {ex.D:.6g})")
    detail = (f"{p.what}: the KKT conditions (y f(x) >= 1 at alpha = 0, = 1 for 0 < alpha < C, "
              f"<= 1 at alpha = C) do not hold with b_ = {b:.6g}: the largest violation of "
              f"y_t f(x_t) is {worst:.3g}, and the primal-dual gap of (alpha_, b_) is "
              f"{gap:.4g}, {relative}.")
    b_best, gap_best = _best_b(alpha, p.y, ex.K, p.C)
    if D > 0 and gap_best <= PD_RTOL * D / 2:
        detail += (f" The alphas are fine: with b = {b_best:.6g} the gap would be "
                   f"{gap_best / D:.2%}.")
        _fail_wrong_b(p, alpha, b, b_best, ex.K, detail)
    names = _kernel_names(p, alpha, b)
    if names:
        checks.fail_naming(detail + " (alpha_, b_) solves the dual for another kernel.", names)
    _fail_not_optimal(submission, reference, p, alpha, detail, D, ex.D)


def _b_mistakes(p, alpha, b_best, K):
    """(name, b) of the classic threshold mistakes for these alphas."""
    F = K @ (alpha * p.y)
    out = [(B_NEVER, 0.0), (B_SIGN, -b_best)]
    sv = alpha > SV_THRESHOLD
    if sv.any():
        out.append((B_ALL_SV, float(np.mean(p.y[sv] - F[sv]))))
    return out


def _fail_wrong_b(p, alpha, b, b_right, K, detail):
    """b is wrong while the alphas are not: name the threshold mistake."""
    names = [name for name, wrong in _b_mistakes(p, alpha, b_right, K)
             if abs(b - wrong) <= max(1e-9, 0.1 * abs(wrong - b_right))]
    checks.fail_naming(detail, names or [B_WRONG])


# --------------------------------------------------------------------------- correctness


@pytest.mark.kata(points=5, category="correctness")
def test_alphas_are_feasible(submission):
    """alpha_ lies in [0, C] and sum(alpha_ * y) = 0 (linear and RBF kernels)."""
    for key in ("linear", "rings"):
        p = _problem(key)
        _assert_feasible(submission, p, _alpha(_fit(submission, p), p, submission))


@pytest.mark.kata(points=8, category="correctness")
def test_dual_objective_linear(submission, reference):
    """Linear kernel: the dual objective of alpha_ is within 1% of the optimum."""
    _assert_dual_optimal(submission, reference, _problem("linear"))


@pytest.mark.kata(points=8, category="correctness")
def test_dual_objective_rbf(submission, reference):
    """RBF kernel: the dual objective of alpha_ is within 1% of the optimum."""
    _assert_dual_optimal(submission, reference, _problem("rings"))


@pytest.mark.kata(points=6, category="correctness")
def test_kkt_conditions_linear(submission, reference):
    """Linear kernel: (alpha_, b_) meets the KKT conditions (primal-dual gap within 5%)."""
    _assert_kkt(submission, reference, _problem("linear"))


@pytest.mark.kata(points=6, category="correctness")
def test_kkt_conditions_rbf(submission, reference):
    """RBF kernel, unbalanced classes: (alpha_, b_) meets the KKT conditions (gap within 5%)."""
    _assert_kkt(submission, reference, _problem("unbalanced"))


@pytest.mark.kata(points=5, category="correctness")
def test_threshold_b_rbf(submission, reference):
    """RBF kernel, unbalanced classes: b_ matches the exact (unique) threshold within 0.15."""
    p = _problem("unbalanced")
    model = _fit(submission, p)
    alpha, b = _alpha(model, p, submission), _b(model, p)
    ex = _exact(reference, p)
    if abs(b - ex.b) <= B_ATOL:
        return
    _assert_feasible(submission, p, alpha)
    detail = (f"{p.what}: b_ = {b:.6g}, expected {ex.b:.6g} (tolerance {B_ATOL:g}). With an RBF "
              "kernel the alphas are unique, and so is b when a support vector is free "
              "(0 < alpha < C): y_k f(x_k) = 1 there.")
    D = _dual(alpha, p.y, ex.K)
    b_best, gap_best = _best_b(alpha, p.y, ex.K, p.C)
    if (ex.D - D) <= GAP_RTOL * ex.D and gap_best <= PD_RTOL * D / 2:
        _fail_wrong_b(p, alpha, b, b_best, ex.K, detail + f" The alphas are fine: they put b "
                      f"at {b_best:.6g}.")
    if not alpha.any():
        _fail_all_zero(submission, reference, p, detail)
    checks.fail(detail + " The alphas are not optimal either (see the dual objective tests).")


def _assert_formula(model, p, Q, alpha, b, what):
    """decision_function(Q) == sum_i alpha_i y_i K(x_i, q) + b_ with the model's own alpha_, b_."""
    got = checks.array(model.decision_function(Q), what=what, shape=(len(Q),),
                       finite=False).astype(np.float64)
    expected, mistakes = _own_mistakes(p, Q, alpha, b)
    if not np.isfinite(got).all():
        names = [n for n, w in mistakes if not np.isfinite(w).all()]
        checks.fail_naming(f"{what} contains NaN or inf: {checks.fmt(got)}", names)
    # 1e-3: alphas of 1e-5 left out of the sum (a larger support threshold) are not a mistake
    checks.assert_close(got, expected, what=what, rtol=1e-5, atol=1e-3,
                        mistakes=[(n, w) for n, w in mistakes if np.isfinite(w).all()],
                        hint="decision_function(X) = sum_i alpha_i y_i K(x_i, x) + b_, with "
                             "the fitted alpha_ and b_.")


@pytest.mark.kata(points=6, category="correctness")
def test_decision_function_is_the_kernel_expansion(submission):
    """decision_function = sum_i alpha_i y_i K(x_i, x) + b_ with the model's own alpha_ and b_."""
    for key in ("rings", "linear"):
        p = _problem(key)
        model = _fit(submission, p)
        alpha, b = _alpha(model, p, submission), _b(model, p)
        _assert_formula(model, p, p.Q, alpha, b, f"{p.what}: decision_function(held-out points)")
        _assert_formula(model, p, p.X, alpha, b, f"{p.what}: decision_function(training points)")


def _own_mistakes(p, Q, alpha, b):
    """(name, scores) of the classic decision-function mistakes, computed with the model's own
    alpha_ and b_; those that coincide with the right formula here are left out."""
    K = _kernel(p.kernel, p.gamma, Q, p.X)
    right = K @ (alpha * p.y) + b
    out = [(NO_LABELS, K @ alpha + b), (B_SUBTRACTED, K @ (alpha * p.y) - b),
           ("decision_function returns the predicted labels instead of the scores",
            np.where(right >= 0, 1.0, -1.0))]
    for name, kernel in _wrong_kernels(p):
        with np.errstate(over="ignore", invalid="ignore"):
            out.append((name, kernel(Q, p.X) @ (alpha * p.y) + b))
    scale = max(1.0, float(np.abs(right).max()))
    return right, [(name, wrong) for name, wrong in out
                   if not np.isfinite(wrong).all() or not np.allclose(wrong, right, rtol=1e-6,
                                                                      atol=1e-6 * scale)]


def _assert_decision_matches(submission, reference, p, *, atol):
    """decision_function on the held-out points within atol of the exact one."""
    model = _fit(submission, p)
    ex = _exact(reference, p)
    what = f"{p.what}: decision_function(held-out points)"
    got = _decision(model, p.Q, what)
    diff = got - ex.f_Q
    if np.all(np.abs(diff) <= atol):
        return
    alpha, b = _alpha(model, p, submission), _b(model, p)
    own, mistakes = _own_mistakes(p, p.Q, alpha, b)
    mistakes = [(n, w) for n, w in mistakes if np.isfinite(w).all()]
    if any(np.allclose(got, wrong, rtol=1e-6, atol=1e-6) for _, wrong in mistakes):
        checks.assert_close(got, ex.f_Q, what=what, rtol=0, atol=atol, mistakes=mistakes)
    offset = float(np.median(diff))
    if abs(offset) > atol and np.all(np.abs(diff - offset) <= atol):
        names = [name for name, wrong_b in ((B_NEVER, 0.0), (B_SIGN, -ex.b))
                 if abs(b - wrong_b) <= 1e-9 + 0.1 * abs(wrong_b - ex.b)]
        checks.fail_naming(
            f"{what}: off by a constant {offset:.4g} (largest difference {np.abs(diff).max():.3g}, "
            f"tolerance {atol:g}): the weights are right and the threshold is not "
            f"(b_ = {b:.6g}, exact b = {ex.b:.6g}).", names or [B_WRONG])
    worst = int(np.argmax(np.abs(diff)))
    detail = (f"{what}: largest difference from the exact solution {abs(diff[worst]):.3g} at "
              f"index {worst} (expected {ex.f_Q[worst]:.6g}, got {got[worst]:.6g}; tolerance "
              f"{atol:g}).")
    if not alpha.any():
        _fail_all_zero(submission, reference, p, detail)
    feasible = (np.all(alpha >= -BOX_TOL * p.C) and np.all(alpha <= p.C * (1 + BOX_TOL))
                and abs(float(alpha @ p.y)) <= SUM_TOL * max(1.0, float(np.abs(alpha).sum())))
    D = _dual(alpha, p.y, ex.K)
    # only where the scores are the model's own expansion, b_ included (other tests name a
    # wrong formula or a wrong threshold)
    consistent = np.allclose(got, own, rtol=1e-5, atol=1e-3)
    if feasible and consistent and 0 < ex.D - D <= GAP_RTOL * ex.D:
        _fail_if_max_iter_used(submission, p, detail)
        checks.mistake(LOOSE_STOP, detail + f" W(alpha_) is {(ex.D - D) / ex.D:.2%} below the "
                       "optimum, within the 1% tolerance, but the solver stopped before the "
                       "decision function settled.")
    checks.assert_close(got, ex.f_Q, what=what, rtol=0, atol=atol)


@pytest.mark.kata(points=6, category="correctness")
def test_decision_function_rbf_matches_exact(submission, reference):
    """RBF kernel: decision_function on held-out points within 0.15 of the exact solution's."""
    _assert_decision_matches(submission, reference, _problem("rings"), atol=F_ATOL)


@pytest.mark.kata(points=5, category="correctness")
def test_decision_function_linear_matches_exact(submission, reference):
    """Linear kernel: decision_function on held-out points within 0.5 of the exact one."""
    _assert_decision_matches(submission, reference, _problem("linear"), atol=F_ATOL_LINEAR)


@pytest.mark.kata(points=4, category="correctness")
def test_predict_matches_exact(submission, reference):
    """predict: +1 where decision_function >= 0, else -1; the exact solution's labels where
    they are clear (|f| >= 0.25)."""
    for key in ("linear", "rings"):
        p = _problem(key)
        model = _fit(submission, p)
        what = f"{p.what}: predict(held-out points)"
        got = checks.array(model.predict(p.Q), what=what, shape=(len(p.Q),))
        f = _decision(model, p.Q, f"{p.what}: decision_function(held-out points)")
        own = np.where(f >= 0, 1, -1)
        checks.assert_equal(got, own, what=f"{what} against the sign of its decision_function",
                            mistakes=[("labels 0/1 instead of -1/+1", (own > 0).astype(int))],
                            hint="predict(X) is +1 where decision_function(X) >= 0, else -1.")
        ex = _exact(reference, p)
        clear = np.abs(ex.f_Q) >= 0.25
        checks.assert_equal(got[clear], np.where(ex.f_Q[clear] >= 0, 1, -1),
                            what=f"{what}, at the {int(clear.sum())} points where the exact "
                            "|decision_function| >= 0.25")


@pytest.mark.kata(points=5, category="correctness")
def test_support_vectors_rbf(submission, reference):
    """RBF kernel: support_ holds the indices with alpha_ > 1e-8, ascending, and the clear
    support vectors of the exact solution (the RBF solution is unique)."""
    p = _problem("rings")
    model = _fit(submission, p)
    alpha = _alpha(model, p, submission)
    support = np.asarray(getattr(model, "support_", None))
    expected = np.flatnonzero(alpha > SV_THRESHOLD)
    if support.dtype == bool:
        checks.mistake("support_ as a boolean mask instead of indices",
                       f"{p.what}: support_ is a boolean array of shape {support.shape}; the "
                       "contract asks for the indices (np.flatnonzero(alpha_ > 1e-8)).")
    checks.assert_equal(support, expected, what=f"{p.what}: support_",
                        mistakes=[("support_ not sorted", np.sort(expected)[::-1]),
                                  ("support_ from alpha_ > 0 instead of alpha_ > 1e-8",
                                   np.flatnonzero(alpha > 0))],
                        hint="support_ = the ascending indices i with alpha_[i] > 1e-8.")
    ex = _exact(reference, p)
    g = p.y * ex.f_X
    must = np.flatnonzero(ex.alpha > 0.02 * p.C)
    # alphas up to 1e-3 C outside the margin are leftovers of a simplified SMO's step threshold
    never = np.flatnonzero((ex.alpha == 0) & (g > 1.1) & (alpha > 1e-3 * p.C))
    missing = np.setdiff1d(must, expected)
    if len(missing) and not alpha.any():
        _fail_all_zero(submission, reference, p, f"{p.what}: support_ is empty; the exact "
                       f"solution has {len(must)} clear support vectors.")
    checks.check(len(missing) == 0,
                 f"{p.what}: points {missing[:8].tolist()} are support vectors of the exact "
                 f"solution (alpha = {checks.fmt(ex.alpha[missing[:8]])}) but have alpha_ = "
                 f"{checks.fmt(alpha[missing[:8]])}.")
    checks.check(len(never) == 0,
                 f"{p.what}: points {never[:8].tolist()} lie outside the margin (y f(x) > 1.1 "
                 f"in the exact solution, alpha = 0) but have alpha_ = "
                 f"{checks.fmt(alpha[never[:8]])}.")


@pytest.mark.kata(points=4, category="correctness")
def test_gamma_sets_the_rbf_width(submission, reference):
    """RBF kernel with gamma = 2 and 5: decision_function within 0.15 of the exact one."""
    for gamma in ("2", "5"):
        _assert_decision_matches(submission, reference, _problem(f"rings-gamma-{gamma}"),
                                 atol=F_ATOL)


# --------------------------------------------------------------------------- edge cases

@pytest.mark.kata(points=4, category="edge-cases")
def test_two_points(submission):
    """Two points: alpha = 2 / ||x+ - x-||^2 = 0.5 each and b = -2 (C = 1); with C = 0.1 both
    alphas are clipped to C and b lies anywhere in [-1.2, 0.4]."""
    model = submission.SVM(C=1.0, kernel="linear", random_state=0).fit(TWO_X, TWO_Y)
    what = "SVM(C=1, kernel='linear').fit([[1, 2], [3, 2]], [-1, 1])"
    checks.assert_close(getattr(model, "alpha_", None), [0.5, 0.5], what=f"{what}: alpha_",
                        atol=1e-6, mistakes=[(SUM_BROKEN, [-0.5, 0.5]), (SUM_BROKEN, [0.5, -0.5])],
                        hint="The maximal margin puts both points on it: w = (1, 0), "
                        "alpha = 2 / ||x+ - x-||^2 = 0.5 each.")
    b = float(np.asarray(model.b_).reshape(-1)[0])
    checks.assert_close(b, -2.0, what=f"{what}: b_", atol=1e-6,
                        mistakes=[(B_NEVER, 0.0), (B_SIGN, 2.0)])
    Q = np.array([[0.0, 5.0], [4.0, -1.0]])
    K = Q @ TWO_X.T
    checks.assert_close(_decision(model, Q, f"{what}: decision_function([[0, 5], [4, -1]])"),
                        [-2.0, 2.0], what=f"{what}: decision_function([[0, 5], [4, -1]])",
                        atol=1e-6, mistakes=[(NO_LABELS, K @ [0.5, 0.5] - 2.0),
                                             (B_SUBTRACTED, K @ [-0.5, 0.5] + 2.0)],
                        hint="f(x) = x_1 - 2.")
    model = submission.SVM(C=0.1, kernel="linear", random_state=0).fit(TWO_X, TWO_Y)
    what = "SVM(C=0.1, kernel='linear').fit([[1, 2], [3, 2]], [-1, 1])"
    checks.assert_close(getattr(model, "alpha_", None), [0.1, 0.1], what=f"{what}: alpha_",
                        atol=1e-6, mistakes=[(NO_CLIP, [0.5, 0.5])],
                        hint="Both alphas are at the bound C = 0.1: clip the step to [L, H].")
    b = float(np.asarray(model.b_).reshape(-1)[0])
    checks.check(-1.2 - 1e-6 <= b <= 0.4 + 1e-6,
                 f"{what}: b_ = {b:.6g}, outside [-1.2, 0.4], the thresholds the KKT conditions "
                 "allow when both alphas are at C (y f(x) <= 1 for both points).")


@pytest.mark.kata(points=3, category="edge-cases")
def test_score_of_zero_predicts_plus_one(submission):
    """A decision value of exactly 0 is predicted +1 (the midpoint of two points)."""
    model = submission.SVM(C=1.0, kernel="linear", random_state=0).fit(TWO_X, TWO_Y)
    Q = np.array([[2.0, 2.0], [2.0, -7.0], [1.0, 2.0], [3.0, 2.0]])
    what = "SVM(C=1).fit([[1, 2], [3, 2]], [-1, 1]).predict([[2, 2], [2, -7], [1, 2], [3, 2]])"
    f = _decision(model, Q, "decision_function at the midpoint (2, 2) and beside it")
    got = checks.array(model.predict(Q), what=what, shape=(4,))
    expected = np.where(f >= 0, 1, -1)
    checks.assert_equal(got, expected, what=what + f" (decision values {checks.fmt(f)})",
                        mistakes=[("np.sign(decision_function) (it gives 0 for a score of "
                                   "exactly 0; the contract says +1)", np.sign(f)),
                                  ("a score of 0 predicted -1 (decision_function > 0 instead "
                                   "of >= 0)", np.where(f > 0, 1, -1))])


@pytest.mark.kata(points=4, category="edge-cases")
def test_duplicate_points(submission, reference):
    """Duplicated training points (eta = 0 for the pair), some with both labels: no NaN, the dual
    objective within 1% of the optimum."""
    p = _problem("duplicates")
    model = _fit(submission, p)
    alpha = checks.array(getattr(model, "alpha_", None), what=f"{p.what}: alpha_",
                         shape=(len(p.y),), finite=False)
    if not np.isfinite(alpha).all():
        checks.mistake("a division by eta = K_ii + K_jj - 2 K_ij = 0 for identical points "
                       "(skip the pair when eta <= 0, or move to the better end of [L, H])",
                       f"{p.what}: alpha_ contains NaN or inf: {checks.fmt(alpha)}")
    _assert_dual_optimal(submission, reference, p)
    _assert_kkt(submission, reference, p)


@pytest.mark.kata(points=4, category="edge-cases")
def test_small_C_bounded_alphas(submission, reference):
    """C = 0.05: most alphas sit at C; the dual objective and the KKT conditions still hold."""
    p = _problem("linear-small-C")
    _assert_dual_optimal(submission, reference, p)
    _assert_kkt(submission, reference, p)


@pytest.mark.kata(points=3, category="edge-cases")
def test_one_feature(submission, reference):
    """One feature (X of shape (n, 1)): dual objective and decision function as expected."""
    p = _problem("one-feature")
    _assert_dual_optimal(submission, reference, p)
    _assert_decision_matches(submission, reference, p, atol=F_ATOL_LINEAR)


@pytest.mark.kata(points=3, category="edge-cases")
def test_labels_as_lists_and_floats(submission, reference):
    """X as a list of lists and y as a list of ints, or y as floats -1.0/+1.0, both work."""
    p = _problem("rings")
    ex = _exact(reference, p)
    for y, kind in ((p.y.tolist(), "a list of ints"), (p.y.astype(float), "floats -1.0/+1.0")):
        model = submission.SVM(**p.params, random_state=0).fit(p.X.tolist(), y)
        what = f"{p.what}, y given as {kind}: decision_function(held-out points)"
        checks.assert_close(_decision(model, p.Q, what), ex.f_Q, what=what, atol=F_ATOL, rtol=0)


@pytest.mark.kata(points=2, category="edge-cases")
def test_refit_replaces_the_model(submission, reference):
    """A second fit replaces the first: alpha_, b_ and the decision function are the new ones."""
    first, second = _problem("rings"), _problem("linear")
    model = submission.SVM(**second.params, random_state=0)
    model.fit(first.X[:50], first.y[:50])
    model.fit(second.X, second.y)
    alpha = checks.array(getattr(model, "alpha_", None), what="alpha_ after a second fit",
                         shape=(len(second.y),))
    ex = _exact(reference, second)
    D = _dual(alpha.astype(float), second.y, ex.K)
    checks.check((ex.D - D) <= GAP_RTOL * ex.D,
                 f"After fit on 50 points then on {second.what}: the dual objective is {D:.6g}, "
                 f"the optimum {ex.D:.6g}. Does the second fit start from the first one's state?")
    what = "decision_function(held-out points) after a second fit"
    got = _decision(model, second.Q, what)
    checks.check(np.all(np.abs(got - ex.f_Q) <= F_ATOL_LINEAR),
                 f"{what}: largest difference from the exact one "
                 f"{np.max(np.abs(got - ex.f_Q)):.3g}. The second fit must replace the model.")


@pytest.mark.kata(points=2, category="edge-cases")
def test_inputs_are_not_modified(submission):
    """fit, decision_function and predict modify neither X, y nor the queries."""
    p = _problem("rings")
    X, y, Q = p.X.copy(), p.y.copy(), p.Q.copy()
    model = submission.raw.SVM(**p.params, random_state=0).fit(X, y)
    model.decision_function(Q)
    model.predict(Q)
    for name, arr, before in (("X", X, p.X), ("y", y, p.y), ("the queries", Q, p.Q)):
        checks.check(np.array_equal(arr, before),
                     f"fit, decision_function or predict modified {name} in place: work on a copy.")


# --------------------------------------------------------------------------- numerical stability


@pytest.mark.kata(points=4, category="numerical-stability")
def test_linear_far_from_the_origin(submission, reference):
    """Linear kernel on data centred at 1e3 (kernel values ~3e6): the dual objective within 1%,
    the decision function as the exact one's."""
    p = _problem("linear-far")
    _assert_dual_optimal(submission, reference, p)
    _assert_decision_matches(submission, reference, p, atol=F_ATOL_LINEAR)


@pytest.mark.kata(points=3, category="numerical-stability")
def test_rbf_far_from_the_origin(submission, reference):
    """RBF kernel on data centred at 1e4: distances computed without losing their digits."""
    p = _problem("rings-far")
    _assert_dual_optimal(submission, reference, p)
    _assert_decision_matches(submission, reference, p, atol=F_ATOL)


@pytest.mark.kata(points=3, category="numerical-stability")
def test_rbf_far_queries_give_b(submission):
    """RBF kernel, queries 100 units away from every training point: K = 0, so the score is
    exactly b_ (no overflow, no NaN)."""
    p = _problem("rings")
    model = _fit(submission, p)
    b = _b(model, p)
    Q = np.array([[100.0, 100.0], [-100.0, 50.0], [1.0, 98.0]])
    what = f"{p.what}: decision_function(points 100 away)"
    got = checks.array(model.decision_function(Q), what=what, shape=(3,), finite=False)
    if not np.isfinite(got).all():
        checks.mistake(RBF_SIGN, f"{what} = {checks.fmt(got)}: not finite. exp(-gamma d^2) "
                       "underflows to 0 far away; exp(+gamma d^2) overflows.")
    checks.assert_close(got, np.full(3, b), what=what, atol=1e-9,
                        hint="Far from every training point K(x_i, x) = 0, so f(x) = b_.")


@pytest.mark.kata(points=3, category="numerical-stability")
def test_narrow_rbf_kernel(submission, reference):
    """RBF kernel with gamma = 200 (a nearly diagonal kernel matrix, every training point a
    support vector): the dual objective and the decision function as the exact ones."""
    p = _problem("narrow-rbf")
    _assert_dual_optimal(submission, reference, p)
    _assert_decision_matches(submission, reference, p, atol=F_ATOL)


# --------------------------------------------------------------------------- api

SMALL_X = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0], [3.0, 1.0]])


@pytest.mark.kata(points=2, category="api")
def test_invalid_labels_raise_value_error(submission):
    """Labels other than -1/+1 ({0, 1}, {1, 2}, {-1, 0, 1}) raise ValueError."""
    for y in ([0, 0, 1, 1], [1, 1, 2, 2], [-1, 0, 1, 1]):
        checks.raises_value_error(lambda: submission.SVM().fit(SMALL_X, np.array(y)),
                                  what=f"SVM().fit(X, y={y})")


@pytest.mark.kata(points=2, category="api")
def test_single_class_raises_value_error(submission):
    """A single class (all +1 or all -1) raises ValueError."""
    for y in ([1, 1, 1, 1], [-1, -1, -1, -1]):
        checks.raises_value_error(lambda: submission.SVM().fit(SMALL_X, np.array(y)),
                                  what=f"SVM().fit(X, y={y})")


@pytest.mark.kata(points=2, category="api")
def test_invalid_parameters_raise_value_error(submission):
    """C <= 0 and an unknown kernel raise ValueError (at construction or at fit)."""
    y = np.array([-1, -1, 1, 1])
    for kwargs in ({"C": 0.0}, {"C": -1.0}, {"kernel": "poly"}, {"kernel": "sigmoid"}):
        checks.raises_value_error(lambda: submission.SVM(**kwargs).fit(SMALL_X, y),
                                  what=f"SVM({', '.join(f'{k}={v!r}' for k, v in kwargs.items())})"
                                  ".fit(X, y)")


@pytest.mark.kata(points=2, category="api")
def test_shape_errors_raise_value_error(submission):
    """len(X) != len(y) at fit, and queries with another number of features, raise ValueError."""
    checks.raises_value_error(lambda: submission.SVM().fit(SMALL_X, np.array([-1, 1, 1])),
                              what="SVM().fit(X with 4 rows, y with 3 labels)")
    model = submission.SVM().fit(SMALL_X, np.array([-1, -1, 1, 1]))
    checks.raises_value_error(lambda: model.decision_function(np.zeros((2, 3))),
                              what="decision_function with 3 features after fit on 2")
    checks.raises_value_error(lambda: model.predict(np.zeros((2, 1))),
                              what="predict with 1 feature after fit on 2")


@pytest.mark.kata(points=2, category="api")
def test_before_fit_raises(submission):
    """decision_function and predict before fit raise ValueError or RuntimeError."""
    errors = (ValueError, RuntimeError)
    checks.raises(lambda: submission.SVM().decision_function(SMALL_X), errors=errors,
                  what="SVM().decision_function(X) before fit")
    checks.raises(lambda: submission.SVM().predict(SMALL_X), errors=errors,
                  what="SVM().predict(X) before fit")


@pytest.mark.kata(points=1, category="api")
def test_fit_returns_self(submission):
    """fit returns the model itself, so that fit(X, y).predict(Q) chains."""
    model = submission.SVM()
    returned = model.fit(SMALL_X, np.array([-1, -1, 1, 1]))
    checks.check(returned is model, f"SVM.fit returned {type(returned).__name__}, expected the "
                 "model itself (return self)")


# --------------------------------------------------------------------------- efficiency

FIT_FACTOR = 200.0  # a simplified SMO (random j) is up to 50x slower than the reference here
DECISION_FACTOR = 30.0


@pytest.mark.kata(points=4, category="efficiency", timeout=30)
def test_fit_speed(submission, reference):
    """fit on 250 points (linear kernel) within 200x of the reference's time."""
    rng = np.random.default_rng(21)
    X, y = _draw_linear(rng, 250, d=2, sep=0.3)
    what = "SVM(C=1, kernel='linear').fit on 250 points"
    hint = ("Compute the kernel matrix once with array operations and the errors E = f(x) - y "
            "with vector operations (or keep them up to date after each step); a Python loop "
            "over the training points inside every step is far slower.")
    start = time.perf_counter()
    model = submission.SVM(C=1.0, kernel="linear", random_state=0).fit(X, y)
    t_sub = time.perf_counter() - start
    start = time.perf_counter()
    reference.SVM(C=1.0, kernel="linear").fit(X, y)
    t_ref = time.perf_counter() - start
    alpha = checks.array(getattr(model, "alpha_", None), what=f"{what}: alpha_", shape=(250,))
    K = X @ X.T
    D_star = _dual(reference.SVM(C=1.0, kernel="linear", tol=1e-9).fit(X, y).alpha_, y, K)
    D = _dual(alpha.astype(float), y, K)
    # the speed of a meaningless answer is not judged; the other tests judge the answer
    checks.check(D >= 0.5 * D_star, f"{what}: the dual objective {D:.4g} is far from the "
                 f"optimum {D_star:.4g}, so the speed is not judged.")
    if t_sub > 1.0 and t_sub > 3 * FIT_FACTOR * t_ref:  # far too slow: no need to repeat it
        checks.fail(f"{what} took {t_sub * 1e3:.0f} ms against the reference's "
                    f"{t_ref * 1e3:.1f} ms: {t_sub / t_ref:.0f}x slower (allowed: "
                    f"{FIT_FACTOR:g}x).\n{hint}")
    checks.assert_speed(
        lambda: submission.SVM(C=1.0, kernel="linear", random_state=0).fit(X, y),
        lambda: reference.SVM(C=1.0, kernel="linear").fit(X, y),
        factor=FIT_FACTOR, what=what, hint=hint, repeats=3,
    )


@pytest.mark.kata(points=4, category="efficiency", timeout=30)
def test_decision_function_speed(submission, reference):
    """decision_function on 2,000 queries (RBF kernel, 300 training points) within 30x of the
    reference's time."""
    p = _problem("rings-300")
    model = _fit(submission, p)
    ref_model = reference.SVM(**p.params).fit(p.X, p.y)
    what = "decision_function on 2,000 queries (RBF kernel, 300 training points)"
    hint = ("Compute the whole query-by-training kernel block with array operations (one "
            "matrix product or broadcasting); a Python loop over pairs of points is far slower.")
    start = time.perf_counter()
    got = _decision(model, p.Q, what)
    t_sub = time.perf_counter() - start
    start = time.perf_counter()
    expected = ref_model.decision_function(p.Q)
    t_ref = time.perf_counter() - start
    checks.check(np.max(np.abs(got - expected)) <= 0.5,
                 f"{what}: the scores differ from the reference's by up to "
                 f"{np.max(np.abs(got - expected)):.3g}, so the speed is not judged.")
    if t_sub > 0.5 and t_sub > 3 * DECISION_FACTOR * t_ref:
        checks.fail(f"{what} took {t_sub * 1e3:.0f} ms against the reference's "
                    f"{t_ref * 1e3:.1f} ms: {t_sub / t_ref:.0f}x slower (allowed: "
                    f"{DECISION_FACTOR:g}x).\n{hint}")
    checks.assert_speed(lambda: model.decision_function(p.Q),
                        lambda: ref_model.decision_function(p.Q),
                        factor=DECISION_FACTOR, what=what, hint=hint)
