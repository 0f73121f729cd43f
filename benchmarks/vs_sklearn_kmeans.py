"""The kmeans reference solution against scikit-learn: speed and agreement.

Both run Lloyd's algorithm from the same initial centres to convergence (scikit-learn with
``n_init=1, algorithm="lloyd", tol=0``: it stops, like the reference, when no label changes), so
they walk the same iterations and must end on the same inertia. Times are medians of
interleaved runs after one warm-up run of each.

    python benchmarks/vs_sklearn_kmeans.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import interleaved, load_solution, run_module  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _data(n=10_000, d=16, k=8, seed=0):
    """k overlapping Gaussian blobs (so Lloyd needs a few dozen iterations) and k start rows."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(k, d)) * 3.0
    X = centres[rng.integers(k, size=n)] + rng.normal(size=(n, d)) * 1.5
    init = X[rng.choice(n, size=k, replace=False)].copy()
    return X, init


def _compare(ours_fn, theirs_fn, repeats):
    """Interleaved medians of both, and one output of each for the comparison."""
    ours_out, theirs_out = ours_fn(), theirs_fn()
    ours_t, theirs_t = interleaved(ours_fn, theirs_fn, repeats)
    return ours_t, theirs_t, ours_out, theirs_out


def bench(repeats: int = 7) -> list[dict]:
    """Time the reference against scikit-learn; one dict per case.

    Keys: name, ours_s, sklearn_s, ratio (ours / sklearn), goal (the largest ratio allowed),
    same_answer (bool) and detail (what was compared, and how closely).
    """
    from sklearn.cluster import KMeans as SkKMeans  # imported here: it takes over a second

    ref = load_solution("kmeans")
    X, init = _data()
    n, d = X.shape
    k = len(init)
    rows = []

    def ours_fit():
        return ref.KMeans(n_clusters=k, init=init, tol=0.0).fit(X)

    def sklearn_fit():
        return SkKMeans(n_clusters=k, init=init, n_init=1, algorithm="lloyd", tol=0.0).fit(X)

    ours_s, sk_s, ours, theirs = _compare(ours_fit, sklearn_fit, repeats)
    rel = abs(ours.inertia_ - theirs.inertia_) / theirs.inertia_
    same_labels = bool(np.array_equal(ours.labels_, theirs.labels_))
    rows.append(
        {
            "name": f"fit: Lloyd from the same {k} centres, n={n:,}, d={d}",
            "ours_s": ours_s,
            "sklearn_s": sk_s,
            "ratio": ours_s / sk_s,
            "goal": 3.0,
            "same_answer": bool(rel <= 1e-9 and same_labels and ours.n_iter_ == theirs.n_iter_),
            "detail": (
                f"inertia relative difference {rel:.1e} (allowed 1e-9); labels "
                f"{'identical' if same_labels else 'DIFFERENT'}; iterations {ours.n_iter_} and "
                f"{theirs.n_iter_}; largest centre difference "
                f"{np.abs(ours.cluster_centers_ - theirs.cluster_centers_).max():.1e}"
            ),
        }
    )

    X_new = X + np.random.default_rng(1).normal(scale=0.5, size=X.shape)
    ours_s, sk_s, ours_labels, sk_labels = _compare(
        lambda: ours.predict(X_new), lambda: theirs.predict(X_new), repeats
    )
    agree = float(np.mean(ours_labels == sk_labels))
    rows.append(
        {
            "name": f"predict: {n:,} new points, {k} fitted centres",
            "ours_s": ours_s,
            "sklearn_s": sk_s,
            "ratio": ours_s / sk_s,
            "goal": 3.0,
            "same_answer": agree == 1.0,
            "detail": f"labels agree on {agree:.2%} of the points",
        }
    )
    return rows


if __name__ == "__main__":
    sys.exit(run_module(bench, sys.argv))
