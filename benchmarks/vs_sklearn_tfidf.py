"""The tfidf reference solution against scikit-learn's TfidfVectorizer: speed and agreement.

Corpus: 5,000 short documents (5 to 30 words each) drawn from a Zipf-like vocabulary of 3,000
made-up words, with capitals and punctuation, from a fixed seed. Our vectorizer returns a dense
matrix, scikit-learn a sparse one; since the contract's output is the dense matrix, scikit-learn's
time includes ``.toarray()`` (its sparse-only time is reported in the detail column).

    python benchmarks/vs_sklearn_tfidf.py [repeats]
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import interleaved, load_solution, run_module  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
N_DOCS = 5_000
VOCAB_SIZE = 3_000
SEED = 2024
GOAL = 1.5  # ours / scikit-learn, medians
SAME_ANSWER_ATOL = 1e-12


def make_corpus(n_docs: int = N_DOCS, vocab_size: int = VOCAB_SIZE, seed: int = SEED) -> list[str]:
    """Short documents of Zipf-distributed words (exponent 1.1), capitals and punctuation."""
    rng = np.random.default_rng(seed)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    words: set[str] = set()
    while len(words) < vocab_size:
        words.add("".join(rng.choice(letters, size=int(rng.integers(2, 10)))))
    pool = sorted(words)
    rng.shuffle(pool)
    weights = 1.0 / np.arange(1, vocab_size + 1) ** 1.1
    weights /= weights.sum()
    docs = []
    for _ in range(n_docs):
        picks = rng.choice(vocab_size, size=int(rng.integers(5, 31)), p=weights)
        text = " ".join(pool[k] for k in picks)
        docs.append(text.capitalize() + rng.choice([".", "!", "?"]))
    return docs


def bench(repeats: int = 7) -> list[dict]:
    """One row per case: name, ours_s, sklearn_s, ratio, goal, same_answer, detail."""
    from sklearn.feature_extraction.text import TfidfVectorizer as SkTfidfVectorizer

    reference = load_solution("tfidf")
    docs = make_corpus()
    new_docs = make_corpus(seed=SEED + 1)
    rows = []

    # fit_transform: the whole pipeline
    ours = lambda: reference.TfidfVectorizer().fit_transform(docs)  # noqa: E731
    theirs = lambda: SkTfidfVectorizer().fit_transform(docs).toarray()  # noqa: E731
    t_ours, t_theirs = interleaved(ours, theirs, repeats)
    _, t_sparse = interleaved(lambda: None, lambda: SkTfidfVectorizer().fit_transform(docs),
                                repeats)
    ours_vec, sk_vec = reference.TfidfVectorizer(), SkTfidfVectorizer()
    X, Y = ours_vec.fit_transform(docs), sk_vec.fit_transform(docs).toarray()
    same_names = list(ours_vec.get_feature_names_out()) == list(sk_vec.get_feature_names_out())
    diff = float(np.abs(X - Y).max())
    rows.append({
        "name": f"fit_transform, {N_DOCS} docs, V={X.shape[1]}",
        "ours_s": t_ours,
        "sklearn_s": t_theirs,
        "ratio": t_ours / t_theirs,
        "goal": GOAL,
        "same_answer": same_names and diff <= SAME_ANSWER_ATOL,
        "detail": (
            f"dense ({X.shape[0]}x{X.shape[1]}) vs sklearn .toarray(), timed with toarray; "
            f"sklearn sparse-only {t_sparse * 1e3:.1f} ms (ratio {t_ours / t_sparse:.2f}); "
            f"same feature names: {same_names}; "
            f"max |diff| {diff:.1e} (allowed {SAME_ANSWER_ATOL:g})"
        ),
    })

    # transform of unseen documents with the fitted vocabulary
    ours_vec.fit(docs)
    sk_vec.fit(docs)
    t_ours, t_theirs = interleaved(lambda: ours_vec.transform(new_docs),
                                     lambda: sk_vec.transform(new_docs).toarray(), repeats)
    X, Y = ours_vec.transform(new_docs), sk_vec.transform(new_docs).toarray()
    diff = float(np.abs(X - Y).max())
    rows.append({
        "name": f"transform, {N_DOCS} new docs",
        "ours_s": t_ours,
        "sklearn_s": t_theirs,
        "ratio": t_ours / t_theirs,
        "goal": GOAL,
        "same_answer": diff <= SAME_ANSWER_ATOL,
        "detail": f"dense vs sklearn .toarray(), timed with toarray; max |diff| {diff:.1e}",
    })
    return rows


if __name__ == "__main__":
    sys.exit(run_module(bench, sys.argv))
