"""The backprop reference solution against scikit-learn's MLPClassifier: training time.

    python benchmarks/vs_sklearn_backprop.py

Both train the same network from the same initial weights with plain gradient descent:
scikit-learn with solver="sgd", momentum=0, a constant learning rate, alpha=0 and no early
stopping, which is exactly the reference's update rule. Workload: 4,000 samples x 20 features,
5 classes, layers [20, 64, 64, 5], relu.

- full batch, 30 epochs: the two runs take the same steps, so their final weights agree to
  rounding (reported as the largest difference);
- mini-batches of 200, 10 epochs, shuffled: the shuffles differ, so the answers are compared by
  their final training loss (within 0.01) and training accuracy (within 1%).

Each figure is the median of ``repeats`` interleaved runs after a warm-up. Goal: the reference
within 2x of scikit-learn.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import interleaved, load_solution, run_module  # noqa: E402

GOAL = 2.0
N, N_FEATURES, N_CLASSES, HIDDEN = 4_000, 20, 5, (64, 64)
LR = 0.1


def _data(seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=1.0, size=(N_CLASSES, N_FEATURES))
    y = rng.integers(0, N_CLASSES, size=N)
    return centres[y] + rng.normal(size=(N, N_FEATURES)), y


def _sklearn(X, y, *, epochs, batch_size):
    """An MLPClassifier set up (one warm-up epoch) for warm-started plain gradient descent."""
    mlp = MLPClassifier(hidden_layer_sizes=HIDDEN, activation="relu", solver="sgd", alpha=0.0,
                        batch_size=batch_size, learning_rate="constant", learning_rate_init=LR,
                        momentum=0.0, nesterovs_momentum=False, max_iter=1, shuffle=True,
                        tol=0.0, n_iter_no_change=10**9, random_state=0, warm_start=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        mlp.fit(X, y)
    mlp.max_iter = epochs
    return mlp


def _train_sklearn(mlp, X, y, params):
    """``mlp.fit`` from the weights ``params`` (set outside the timed training itself)."""
    mlp.coefs_ = [p.copy() for p in params[0::2]]
    mlp.intercepts_ = [p.copy() for p in params[1::2]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        mlp.fit(X, y)
    return mlp


def bench(repeats: int = 5) -> list[dict]:
    """One row per comparison: name, ours_s, sklearn_s, ratio, goal, same_answer, detail."""
    bp = load_solution("backprop")
    X, y = _data()
    sizes = [N_FEATURES, *HIDDEN, N_CLASSES]
    init = bp.MLP(sizes, activation="relu", seed=0).params
    rows = []
    for label, epochs, batch_size in (("full batch", 30, None), ("mini-batches of 200", 10, 200)):

        def ours():
            model = bp.MLP(sizes, activation="relu", seed=0)
            model.params = [p.copy() for p in init]
            return model.fit(X, y, epochs=epochs, lr=LR, batch_size=batch_size, seed=0)

        mlp = _sklearn(X, y, epochs=epochs, batch_size=batch_size or N)

        def theirs():
            return _train_sklearn(mlp, X, y, init)

        t_ours, t_theirs = interleaved(ours, theirs, repeats)
        model, mlp = ours(), theirs()
        assert mlp.out_activation_ == "softmax" and len(mlp.loss_curve_) > epochs
        theirs_params = [p for pair in zip(mlp.coefs_, mlp.intercepts_) for p in pair]
        loss_ours = model.loss_and_gradients(X, y)[0]
        loss_theirs = bp.MLP(sizes, activation="relu")
        loss_theirs.params = theirs_params
        loss_theirs = loss_theirs.loss_and_gradients(X, y)[0]
        if batch_size is None:
            diff = max(float(np.max(np.abs(a - b))) for a, b in zip(model.params, theirs_params))
            same = diff <= 1e-8
            detail = f"same steps: largest weight difference {diff:.1e}"
        else:
            acc_ours = float(np.mean(model.predict(X) == y))
            acc_theirs = float(np.mean(mlp.predict(X) == y))
            same = abs(loss_ours - loss_theirs) <= 0.01 and abs(acc_ours - acc_theirs) <= 0.01
            detail = (f"different shuffles: training accuracy {acc_ours:.2%} (ours) vs "
                      f"{acc_theirs:.2%}")
        rows.append({
            "name": f"backprop fit, {label}",
            "ours_s": t_ours,
            "sklearn_s": t_theirs,
            "ratio": t_ours / t_theirs,
            "goal": GOAL,
            "same_answer": same,
            "detail": (f"{N}x{N_FEATURES}, layers {sizes}, {epochs} epochs, lr={LR}: final "
                       f"training loss {loss_ours:.4f} (ours) vs {loss_theirs:.4f}; {detail}"),
        })
    return rows


if __name__ == "__main__":
    sys.exit(run_module(bench, sys.argv))
