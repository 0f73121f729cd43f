"""The knn reference solution against scikit-learn: predict time and agreement.

    python benchmarks/vs_sklearn_knn.py

Workload: 10,000 training points x 32 features (3 overlapping classes), 2,000 queries, k=5.
Only ``predict`` is timed (both models are fitted once beforehand); each figure is the median
of ``repeats`` interleaved runs after a warm-up. Goal: the reference within 4x of
scikit-learn's KNeighborsClassifier, with identical predictions.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from sklearn.neighbors import KNeighborsClassifier

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import interleaved, load_solution, run_module  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
GOAL = 4.0
N_TRAIN, N_FEATURES, N_QUERIES, K = 10_000, 32, 2_000, 5


def _data(seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=0.5, size=(3, N_FEATURES))
    code = rng.integers(0, 3, size=N_TRAIN)
    X = centres[code] + rng.normal(size=(N_TRAIN, N_FEATURES))
    Q = centres[rng.integers(0, 3, size=N_QUERIES)] + rng.normal(size=(N_QUERIES, N_FEATURES))
    return X, code, Q


def bench(repeats: int = 7) -> list[dict]:
    """One row per comparison: name, ours_s, sklearn_s, ratio, goal, same_answer, detail."""
    knn = load_solution("knn")
    X, y, Q = _data()
    rows = []
    for weights, algorithm in (("uniform", "brute"), ("uniform", "auto"), ("distance", "brute")):
        ours = knn.KNNClassifier(n_neighbors=K, weights=weights).fit(X, y)
        theirs = KNeighborsClassifier(n_neighbors=K, weights=weights, algorithm=algorithm)
        theirs.fit(X, y)
        t_ours, t_theirs = interleaved(lambda: ours.predict(Q), lambda: theirs.predict(Q),
                                        repeats)
        labels_ours, labels_theirs = ours.predict(Q), theirs.predict(Q)
        agree = int(np.sum(labels_ours == labels_theirs))
        proba_diff = float(np.max(np.abs(ours.predict_proba(Q) - theirs.predict_proba(Q))))
        rows.append({
            "name": f"knn predict, {weights} weights, sklearn {algorithm}",
            "ours_s": t_ours,
            "sklearn_s": t_theirs,
            "ratio": t_ours / t_theirs,
            "goal": GOAL,
            "same_answer": agree == N_QUERIES and proba_diff <= 1e-9,
            "detail": (
                f"{N_TRAIN}x{N_FEATURES} training points, {N_QUERIES} queries, k={K}: "
                f"{agree}/{N_QUERIES} identical labels, max |predict_proba difference| "
                f"{proba_diff:.1e}"
            ),
        })
    return rows


if __name__ == "__main__":
    sys.exit(run_module(bench, sys.argv))
