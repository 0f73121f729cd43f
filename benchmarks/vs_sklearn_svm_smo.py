"""The svm-smo reference solution against scikit-learn's SVC (libsvm): fit time and agreement.

    python benchmarks/vs_sklearn_svm_smo.py

Workload: 1,000 training points x 10 features (two overlapping classes), C=1, tol=1e-3 (both
defaults), a linear and an RBF kernel (gamma=0.1); 2,000 held-out queries. Only ``fit`` is
timed; each figure is the median of ``repeats`` interleaved runs after a warm-up. libsvm is
compiled C++ with shrinking; the reference is numpy with one Python iteration per SMO step.
Goal: the reference within 30x of libsvm's fit time, with the same decisions (identical
predictions, decision functions within 2e-2, dual objectives within 1e-4 relative).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from sklearn.svm import SVC

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import interleaved, load_solution, run_module  # noqa: E402

GOAL = 30.0
N_TRAIN, N_FEATURES, N_QUERIES, C, GAMMA = 1_000, 10, 2_000, 1.0, 0.1


def _data(seed=0):
    rng = np.random.default_rng(seed)
    y = np.where(rng.random(N_TRAIN) < 0.5, 1, -1)
    X = rng.normal(size=(N_TRAIN, N_FEATURES))
    X[:, :3] += 0.6 * y[:, None]
    Q = rng.normal(size=(N_QUERIES, N_FEATURES)) * 1.2
    return X, y, Q


def _dual(alpha, y, K):
    v = alpha * y
    return alpha.sum() - 0.5 * v @ K @ v


def _gram(kernel, X):
    if kernel == "linear":
        return X @ X.T
    sq = (X * X).sum(axis=1)
    return np.exp(-GAMMA * np.maximum(sq[:, None] + sq[None, :] - 2 * X @ X.T, 0.0))


def bench(repeats: int = 7) -> list[dict]:
    """One row per comparison: name, ours_s, sklearn_s, ratio, goal, same_answer, detail."""
    svm = load_solution("svm-smo")
    X, y, Q = _data()
    rows = []
    for kernel in ("linear", "rbf"):
        t_ours, t_theirs = interleaved(
            lambda: svm.SVM(C=C, kernel=kernel, gamma=GAMMA).fit(X, y),
            lambda: SVC(C=C, kernel=kernel, gamma=GAMMA).fit(X, y),
            repeats,
        )
        ours = svm.SVM(C=C, kernel=kernel, gamma=GAMMA).fit(X, y)
        theirs = SVC(C=C, kernel=kernel, gamma=GAMMA).fit(X, y)
        agree = int(np.sum(ours.predict(Q) == theirs.predict(Q)))
        f_diff = float(np.max(np.abs(ours.decision_function(Q) - theirs.decision_function(Q))))
        K = _gram(kernel, X)
        alpha_theirs = np.zeros(N_TRAIN)
        alpha_theirs[theirs.support_] = np.abs(theirs.dual_coef_[0])
        d_ours, d_theirs = _dual(ours.alpha_, y, K), _dual(alpha_theirs, y, K)
        d_rel = abs(d_ours - d_theirs) / abs(d_theirs)
        rows.append({
            "name": f"svm-smo fit, {kernel} kernel",
            "ours_s": t_ours,
            "sklearn_s": t_theirs,
            "ratio": t_ours / t_theirs,
            "goal": GOAL,
            "same_answer": agree == N_QUERIES and f_diff <= 2e-2 and d_rel <= 1e-4,
            "detail": (
                f"{N_TRAIN}x{N_FEATURES} training points, C={C:g}"
                + (f", gamma={GAMMA:g}" if kernel == "rbf" else "")
                + f": {agree}/{N_QUERIES} identical predictions, max |decision difference| "
                f"{f_diff:.1e}, dual objectives {d_ours:.6g} and {d_theirs:.6g}, "
                f"{len(ours.support_)} and {len(theirs.support_)} support vectors"
            ),
        })
    return rows


if __name__ == "__main__":
    sys.exit(run_module(bench, sys.argv))
