"""The tfidf reference solution against scikit-learn's TfidfVectorizer (a test-only dependency).

Every combination of the four options, on hand-written, Unicode and random corpora: the same
vocabulary, the same idf and the same matrices (fit_transform and transform of unseen
documents) to within rounding. Also the ValueError contract of DESIGN.md section 6.
"""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer as SkTfidfVectorizer

from tests.helpers import ROOT, load_solution

tfidf = load_solution("tfidf")

RTOL = 1e-12
ATOL = 1e-14

HANDWRITTEN = [
    "The cat sat on the mat.",
    "The dog sat on the log, and the dog barked!",
    "Cats and dogs: friends or foes?",
    "A mat, a log, a cat... it's the cat's mat.",
    "",
    "Dogs bark; cats purr. THE END",
]
UNICODE = [
    "Café au lait à Zürich, 2024.",
    "Naïve café: R2D2 and C3PO, snake_case x_y.",
    "東京 tokyo 東京 Tokyo",
    "ελληνικά και αγγλικά ١٢٣ and 123",
    "!!! ?? a b c",
]
NEW_DOCS = ["the zebra and the cat", "", "Tokyo café café 2024", "unknown words only", "THE"]


def random_corpus(seed: int, n_docs: int, vocab_size: int) -> list[str]:
    """Zipf-distributed words with random capitals and punctuation."""
    rng = np.random.default_rng(seed)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyzéü"))
    words: set[str] = set()
    while len(words) < vocab_size:
        words.add("".join(rng.choice(letters, size=int(rng.integers(1, 9)))))
    pool = sorted(words)
    rng.shuffle(pool)
    weights = 1.0 / np.arange(1, len(pool) + 1) ** 1.2
    weights /= weights.sum()
    separators = [" ", " ", ", ", ". ", "! ", " - ", "'"]
    docs = []
    for _ in range(n_docs):
        picks = rng.choice(len(pool), size=int(rng.integers(0, 40)), p=weights)
        parts = []
        for k in picks:
            word = pool[k].upper() if rng.random() < 0.1 else pool[k]
            parts.append(word + separators[int(rng.integers(len(separators)))])
        docs.append("".join(parts))
    return docs


CORPORA = {
    "handwritten": HANDWRITTEN,
    "unicode": UNICODE,
    "random-small": random_corpus(1, 30, 25),
    "random-large": random_corpus(2, 400, 600),
}
OPTIONS = [
    dict(lowercase=lc, smooth_idf=sm, sublinear_tf=sl, norm=nm)
    for lc, sm, sl, nm in itertools.product([True, False], [True, False], [False, True],
                                             ["l2", None])
]


def option_id(options: dict) -> str:
    return "-".join(f"{k}={v}" for k, v in options.items())


@pytest.mark.parametrize("options", OPTIONS, ids=option_id)
@pytest.mark.parametrize("name", list(CORPORA))
def test_matches_sklearn(name: str, options: dict) -> None:
    docs = CORPORA[name]
    ours = tfidf.TfidfVectorizer(**options)
    theirs = SkTfidfVectorizer(**options)
    X = ours.fit_transform(docs)
    Y = theirs.fit_transform(docs).toarray()

    assert list(ours.get_feature_names_out()) == list(theirs.get_feature_names_out())
    assert ours.vocabulary_ == {t: int(j) for t, j in theirs.vocabulary_.items()}
    np.testing.assert_allclose(ours.idf_, theirs.idf_, rtol=RTOL, atol=ATOL)
    assert isinstance(X, np.ndarray) and X.dtype == np.float64
    np.testing.assert_allclose(X, Y, rtol=RTOL, atol=ATOL)

    new = NEW_DOCS + docs[:3]
    np.testing.assert_allclose(
        ours.transform(new), theirs.transform(new).toarray(), rtol=RTOL, atol=ATOL
    )
    refit = tfidf.TfidfVectorizer(**options).fit(docs)
    np.testing.assert_allclose(refit.transform(docs), X, rtol=RTOL, atol=ATOL)


def test_second_fit_replaces_the_first() -> None:
    ours = tfidf.TfidfVectorizer().fit(CORPORA["random-small"]).fit(HANDWRITTEN)
    theirs = SkTfidfVectorizer().fit(HANDWRITTEN)
    assert list(ours.get_feature_names_out()) == list(theirs.get_feature_names_out())
    np.testing.assert_allclose(ours.idf_, theirs.idf_, rtol=RTOL, atol=ATOL)


def test_zero_rows_stay_zero() -> None:
    vec = tfidf.TfidfVectorizer(sublinear_tf=True).fit(HANDWRITTEN)
    with np.errstate(all="raise"):  # no 0/0 anywhere
        X = vec.transform(["", "zebra quokka", "a b c", "..."])
    assert np.array_equal(X, np.zeros((4, len(vec.idf_))))


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: tfidf.TfidfVectorizer().fit("the cat sat"), "single string"),
        (lambda: tfidf.TfidfVectorizer().fit_transform("the cat sat"), "single string"),
        (lambda: tfidf.TfidfVectorizer().fit(HANDWRITTEN).transform("the cat"), "single string"),
        (lambda: tfidf.TfidfVectorizer().fit([]), "empty corpus"),
        (lambda: tfidf.TfidfVectorizer().fit(["a b c", "I x"]), "empty vocabulary"),
        (lambda: tfidf.TfidfVectorizer().fit([""]), "empty vocabulary"),
        (lambda: tfidf.TfidfVectorizer().fit_transform(["", "!?", "1 2 3"]), "empty vocabulary"),
        (lambda: tfidf.TfidfVectorizer().fit(["fine text", 42]), "must be a str"),
        (lambda: tfidf.TfidfVectorizer(norm="l1"), "norm"),
    ],
    ids=["fit-str", "fit_transform-str", "transform-str", "empty-corpus", "one-letter-only",
         "empty-string", "no-token", "non-str-document", "unknown-norm"],
)
def test_value_errors(call, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()


def test_sklearn_agrees_on_the_errors() -> None:
    """The cases the contract calls invalid are invalid for scikit-learn too."""
    for docs in ("the cat sat", [], ["a b c", "I x"], [""]):
        with pytest.raises(ValueError):
            SkTfidfVectorizer().fit(docs)


def test_not_fitted() -> None:
    vec = tfidf.TfidfVectorizer()
    with pytest.raises(RuntimeError, match="not fitted"):
        vec.transform(["the cat"])
    with pytest.raises(RuntimeError, match="not fitted"):
        vec.get_feature_names_out()


def test_fit_returns_self() -> None:
    vec = tfidf.TfidfVectorizer()
    assert vec.fit(HANDWRITTEN) is vec


def _docstrings(path: Path) -> dict[str, str | None]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "TfidfVectorizer")
    docs = {"class": ast.get_docstring(cls)}
    for node in cls.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            docs[node.name] = ast.get_docstring(node)
    return docs


def test_stub_and_reference_share_their_docstrings() -> None:
    stub = _docstrings(ROOT / "katas" / "tfidf" / "tfidf.py")
    reference = _docstrings(ROOT / "solutions" / "tfidf.py")
    assert stub == reference
