"""The knn reference solution against scikit-learn: predict time and agreement.

    python benchmarks/vs_sklearn_knn.py

Workload: 10,000 training points x 32 features (3 overlapping classes), 2,000 queries, k=5.
Only ``predict`` is timed (both models are fitted once beforehand); each figure is the median
of ``repeats`` interleaved runs after a warm-up. Goal: the reference within 4x of
scikit-learn's KNeighborsClassifier, with identical predictions.
"""

from __future__ import annotations

import importlib.util
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.neighbors import KNeighborsClassifier

ROOT = Path(__file__).resolve().parent.parent
GOAL = 4.0
N_TRAIN, N_FEATURES, N_QUERIES, K = 10_000, 32, 2_000, 5


def _load_reference():
    spec = importlib.util.spec_from_file_location("reference_knn", ROOT / "solutions" / "knn.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["reference_knn"] = module
    spec.loader.exec_module(module)
    return module


def _data(seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=0.5, size=(3, N_FEATURES))
    code = rng.integers(0, 3, size=N_TRAIN)
    X = centres[code] + rng.normal(size=(N_TRAIN, N_FEATURES))
    Q = centres[rng.integers(0, 3, size=N_QUERIES)] + rng.normal(size=(N_QUERIES, N_FEATURES))
    return X, code, Q


def _interleaved(ours, theirs, repeats):
    """Median seconds of ``ours`` and ``theirs`` over interleaved runs, after a warm-up."""
    ours(), theirs()
    t_ours, t_theirs = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        ours()
        t_ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        theirs()
        t_theirs.append(time.perf_counter() - start)
    return statistics.median(t_ours), statistics.median(t_theirs)


def bench(repeats: int = 7) -> list[dict]:
    """One row per comparison: name, ours_s, sklearn_s, ratio, goal, same_answer, detail."""
    knn = _load_reference()
    X, y, Q = _data()
    rows = []
    for weights, algorithm in (("uniform", "brute"), ("uniform", "auto"), ("distance", "brute")):
        ours = knn.KNNClassifier(n_neighbors=K, weights=weights).fit(X, y)
        theirs = KNeighborsClassifier(n_neighbors=K, weights=weights, algorithm=algorithm)
        theirs.fit(X, y)
        t_ours, t_theirs = _interleaved(lambda: ours.predict(Q), lambda: theirs.predict(Q),
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


def main() -> None:
    rows = bench()
    print(f"{'benchmark':44} {'ours':>9} {'sklearn':>9} {'ratio':>6} {'goal':>5}  same")
    for row in rows:
        ok = "yes" if row["same_answer"] else "NO"
        print(f"{row['name']:44} {row['ours_s'] * 1e3:7.1f}ms {row['sklearn_s'] * 1e3:7.1f}ms "
              f"{row['ratio']:6.2f} {row['goal']:5.1f}  {ok}")
        print(f"    {row['detail']}")


if __name__ == "__main__":
    main()
