"""Hidden grader of the tfidf kata (DESIGN.md section 6, "tfidf").

Expected values come from the reference solution. The values a classic mistake would produce
come from ``_oracle`` below, a small loop implementation of the contract with one switch per
mistake, so that a wrong answer is named when it matches one. Several mistakes vanish under the
default options (a tf divided by the document length cancels in the L2 norm; idf smoothing and
sublinear tf are off the default path), so the matrix is also judged with norm=None,
smooth_idf=False and sublinear_tf=True.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import chain

import numpy as np
import pytest

from kata_cli import checks

RTOL = 1e-9  # a different summation order or log1p in place of log moves values by ~1e-16
ATOL = 1e-12
TOKEN = re.compile(r"(?u)\b\w\w+\b")

CORPUS = [
    "The cat sat on the mat.",
    "The dog sat on the log, and the dog barked!",
    "Cats and dogs: friends or foes?",
    "A mat, a log, a cat... it's the cat's mat.",
    "Dogs bark; cats purr.",
]
UNICODE_CORPUS = [
    "Café au lait à Zürich, 2024.",
    "Naïve café: R2D2 and C3PO.",
    "東京 tokyo snake_case x_y",
    "ελληνικά και αγγλικά ١٢٣",
]


# --------------------------------------------------------------------------- oracle of mistakes


def _tokens(doc, lowercase=True):
    return TOKEN.findall(doc.lower() if lowercase else doc)


def _oracle(train, test=None, *, lowercase=True, smooth_idf=True, sublinear_tf=False,
            norm="l2", bug=None):
    """(feature names, idf, matrix) of the contract, or of the mistake named by ``bug``."""
    train_tokens = [_tokens(doc, lowercase) for doc in train]
    test_tokens = train_tokens if test is None else [_tokens(doc, lowercase) for doc in test]
    if bug == "first-seen":
        names = list(dict.fromkeys(chain.from_iterable(train_tokens)))
    else:
        names = sorted(set(chain.from_iterable(train_tokens)))
    column = {token: j for j, token in enumerate(names)}

    def counts(tokens):
        C = np.zeros((len(tokens), len(names)))
        for i, doc in enumerate(tokens):
            for token, count in Counter(doc).items():
                if token in column:
                    C[i, column[token]] = count
        return C

    C_train = counts(train_tokens)
    idf_tokens = C_train if bug != "idf-from-transform" else counts(test_tokens)
    n = float(len(idf_tokens))
    df = (idf_tokens > 0).sum(axis=0).astype(float)
    if bug == "df-occurrences":
        df = idf_tokens.sum(axis=0)
    if bug == "n-nonempty":
        n = float((idf_tokens.sum(axis=1) > 0).sum())
    smooth = {"no-smooth": False, "always-smooth": True}.get(bug, smooth_idf)
    log = {"log10": np.log10, "log2": np.log2}.get(bug, np.log)
    with np.errstate(divide="ignore", invalid="ignore"):
        idf = log((1 + n) / (1 + df)) if smooth else log(n / df)
    if bug != "no-plus-one":
        idf = idf + 1
    if bug == "no-idf":
        idf = np.ones_like(idf)

    C = counts(test_tokens)
    tf = C
    if bug == "tf-length":
        lengths = np.array([max(len(doc), 1) for doc in test_tokens], dtype=float)
        tf = C / lengths[:, None]
    if sublinear_tf and bug != "sublinear-ignored":
        with np.errstate(divide="ignore"):
            logs = np.log(np.where(C > 0, C, 1.0))
        tf = np.where(C > 0, logs if bug == "sublinear-no-one" else 1 + logs, 0.0)
    with np.errstate(invalid="ignore"):  # 0 * inf of an idf recomputed on new documents
        X = tf * idf
    kind = "l2" if bug == "norm-ignored" else norm
    if bug == "l1" and norm == "l2":
        X = X / _safe(np.abs(X).sum(axis=1, keepdims=True))
    elif bug == "columns" and norm == "l2":
        X = X / _safe(np.sqrt((X**2).sum(axis=0, keepdims=True)))
    elif bug == "normalise-before-idf" and norm == "l2":
        X = tf / _safe(np.sqrt((tf**2).sum(axis=1, keepdims=True))) * idf
    elif kind == "l2":
        X = X / _safe(np.sqrt((X**2).sum(axis=1, keepdims=True)))
    return names, idf, X


def _safe(norms):
    return np.where(norms > 0, norms, 1.0)


MISTAKES = {
    "no-smooth": "idf without smoothing (smooth_idf=True means ln((1+n)/(1+df)) + 1)",
    "always-smooth": "smooth_idf=False ignored (without smoothing idf = ln(n/df) + 1)",
    "log10": "idf with log10 instead of the natural log",
    "log2": "idf with log2 instead of the natural log",
    "no-plus-one": "idf without the +1 (a term in every document gets weight 0)",
    "df-occurrences": (
        "document frequency counted as occurrences of the term instead of documents "
        "containing it"
    ),
    "n-nonempty": "n counting only the documents that have tokens (every document counts)",
    "no-idf": "tf without the idf factor",
    "idf-from-transform": (
        "idf recomputed from the documents being transformed (idf comes from fit only)"
    ),
    "tf-length": (
        "tf divided by the document length (tf is the raw count; the L2 norm hides this "
        "with the default options)"
    ),
    "sublinear-no-one": "sublinear tf as ln(tf) without the 1 + (a term seen once gets 0)",
    "sublinear-ignored": "sublinear_tf=True ignored (tf must become 1 + ln(tf))",
    "l1": "L1 row normalisation instead of L2",
    "columns": "normalising the columns instead of the rows",
    "normalise-before-idf": (
        "normalising tf before multiplying by idf (normalise the tf-idf row, last)"
    ),
    "norm-ignored": "norm=None ignored (rows must stay raw, not L2-normalised)",
    "first-seen": "vocabulary in first-seen order instead of sorted",
}


def _mistakes(train, test=None, bugs=(), **options):
    """[(name, matrix)] of the mistakes ``bugs``, for assert_close."""
    found = []
    for bug in bugs:
        _, _, X = _oracle(train, test, bug=bug, **options)  # first-seen: columns reordered
        found.append((MISTAKES[bug], X))
    return found


def _idf_mistakes(train, bugs, **options):
    return [(MISTAKES[bug], _oracle(train, bug=bug, **options)[1]) for bug in bugs]


# --------------------------------------------------------------------------- private checks


def _matrix(got, expected, *, what, mistakes=(), ref=None, docs=None):
    """Compare a TF-IDF matrix; name a NaN in a row that should be zeros, and the worst entry.

    ``ref`` (the fitted reference) and ``docs`` (the documents of the rows) let the message
    say which document and which term the largest difference is at.
    """
    __tracebackhide__ = True
    expected = np.asarray(expected, dtype=float)
    if got is not None and not isinstance(got, np.ndarray):
        checks.fail(
            f"{what} returned {type(got).__name__}; expected a dense numpy ndarray of shape "
            f"{expected.shape}"
        )
    arr = checks.array(got, what=what, shape=expected.shape, finite=False)
    if np.issubdtype(arr.dtype, np.floating):
        bad = ~np.isfinite(arr)
        zero_rows = ~expected.any(axis=1)
        if bad.any():
            rows = np.flatnonzero(bad.any(axis=1))
            if zero_rows[rows].all():
                checks.mistake(
                    "dividing by a zero norm",
                    f"{what}: rows {rows.tolist()} contain NaN or inf; they have no known "
                    "token, so they must stay all zeros. Normalise only rows whose norm is "
                    "positive.",
                )
    hint = None
    if not checks.is_close(arr, expected, rtol=RTOL, atol=ATOL) and np.isfinite(arr).all():
        _, (i, j) = checks.max_difference(arr, expected)
        term = f"term {str(ref.get_feature_names_out()[j])!r}" if ref is not None else "term"
        doc = f" {docs[i][:50]!r}" if docs is not None else ""
        hint = (
            f"Largest difference at row {i} (document{doc}), column {j} ({term}): "
            f"expected {expected[i, j]:.6g}, got {arr[i, j]:.6g}."
        )
    checks.assert_close(arr, expected, what=what, rtol=RTOL, atol=ATOL, mistakes=mistakes,
                        hint=hint)


def _names(vectorizer, *, what):
    """get_feature_names_out() as a list of str (an ndarray or a list are both accepted)."""
    __tracebackhide__ = True
    names = vectorizer.get_feature_names_out()
    if names is None:
        checks.fail(f"{what} returned None; expected an array of the tokens in column order")
    return [str(token) for token in list(names)]


def _vocabulary(vectorizer):
    __tracebackhide__ = True
    vocab = getattr(vectorizer, "vocabulary_", None)
    if vocab is None:
        checks.fail("vocabulary_ is missing after fit; it must map every token to its column")
    try:
        return {str(token): int(j) for token, j in dict(vocab).items()}
    except (TypeError, ValueError) as exc:
        checks.fail(
            f"vocabulary_ must be a dict of token -> column index, got {vocab!r:.80}: {exc}"
        )


def _check_tokens(got, expected, *, what, first_seen=None, lowercase=True):
    """Compare token lists (in column order) and name the tokenising mistake they show."""
    __tracebackhide__ = True
    if got == expected:
        return
    if first_seen is not None and got == first_seen and got != expected:
        checks.mistake(
            MISTAKES["first-seen"],
            f"{what}: expected the sorted tokens {expected}, got them in the order they first "
            f"appear: {got}",
        )
    if set(got) == set(expected):
        checks.fail(
            f"{what}: the right tokens in the wrong order; columns must follow sorted token "
            f"order (Python's sorted()). Expected {expected}, got {got}"
        )
    missing = [t for t in expected if t not in set(got)]
    extra = [t for t in got if t not in set(expected)]
    detail = (
        f"{what}: expected {len(expected)} tokens {expected}, got {len(got)}; "
        f"missing {missing[:8]}, unexpected {extra[:8]}"
    )
    if any(re.search(r"\W", token) for token in extra):
        checks.mistake(
            "tokenising with str.split (punctuation stays attached to the words)", detail
        )
    if any(len(token) == 1 for token in extra):
        checks.mistake(
            "one-letter tokens kept (a token is two or more word characters: \\w\\w+)", detail
        )
    if lowercase and any(token != token.lower() for token in got):
        checks.mistake("not lower-casing the text before tokenising", detail)
    if not lowercase and any(t != t.lower() for t in expected) and all(
        t == t.lower() for t in got
    ):
        checks.mistake(
            "lowercase=False ignored (the text must keep its case, so 'The' and 'the' differ)",
            detail,
        )
    if any(not t.isascii() for t in expected) and all(t.isascii() for t in got):
        checks.mistake(
            "ASCII-only word characters (\\w must match Unicode letters and digits: the (?u) "
            "flag, not re.ASCII or [a-z])",
            detail,
        )
    checks.fail(detail)


def _first_seen(docs, lowercase=True):
    return list(dict.fromkeys(chain.from_iterable(_tokens(d, lowercase) for d in docs)))


def _word_pool(rng, size=40):
    """Random words with accents, one-letter words, a number and three cases of 'the'."""
    letters = np.array(list("abcdefghijklmnopqrstuvwxyzé"))
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(letters, size=int(rng.integers(2, 8)))))
    words = sorted(words)
    rng.shuffle(words)
    return words + ["a", "I", "x", "42", "Naïve", "THE", "The", "the"]


def _random_corpus(rng, words, n_docs, *, low=3, high=25):
    """Documents of Zipf-distributed ``words`` with capitals and punctuation."""
    weights = 1.0 / np.arange(1, len(words) + 1) ** 1.1
    weights /= weights.sum()
    separators = [" ", " ", " ", ", ", ". ", "; ", " - ", "! "]
    docs = []
    for _ in range(n_docs):
        picks = rng.choice(len(words), size=int(rng.integers(low, high)), p=weights)
        parts = []
        for k in picks:
            word = words[k]
            if rng.random() < 0.15:
                word = word.capitalize()
            parts.append(word + separators[int(rng.integers(len(separators)))])
        docs.append("".join(parts).strip())
    return docs


def _pair(submission, reference, **options):
    return submission.TfidfVectorizer(**options), reference.TfidfVectorizer(**options)


# --------------------------------------------------------------------------- correctness


@pytest.mark.kata(points=5, category="correctness")
def test_vocabulary_sorted(submission, reference):
    """vocabulary_ and get_feature_names_out() hold the sorted tokens of the corpus."""
    sub, ref = _pair(submission, reference)
    sub.fit(CORPUS)
    ref.fit(CORPUS)
    expected = [str(t) for t in ref.get_feature_names_out()]
    got = _names(sub, what="get_feature_names_out()")
    _check_tokens(got, expected, what="get_feature_names_out()", first_seen=_first_seen(CORPUS))
    vocab = _vocabulary(sub)
    want = {token: j for j, token in enumerate(expected)}
    if vocab != want:
        wrong = [t for t in want if vocab.get(t) != want[t]][:5]
        checks.fail(
            f"vocabulary_ must map every token to its column: expected {want}, got {vocab}; "
            f"first wrong tokens: {wrong}"
        )


@pytest.mark.kata(points=5, category="correctness")
def test_idf_smooth(submission, reference):
    """idf_ with smooth_idf=True is ln((1+n)/(1+df)) + 1, df counting documents."""
    sub, ref = _pair(submission, reference)
    sub.fit(CORPUS)
    ref.fit(CORPUS)
    V = len(ref.idf_)
    got = checks.array(getattr(sub, "idf_", None), what="idf_", shape=(V,))
    bugs = ["no-smooth", "log10", "log2", "no-plus-one", "df-occurrences"]
    checks.assert_close(got, ref.idf_, what="idf_ (smooth_idf=True)", rtol=RTOL, atol=ATOL,
                        mistakes=_idf_mistakes(CORPUS, bugs))


@pytest.mark.kata(points=4, category="correctness")
def test_idf_not_smooth(submission, reference):
    """idf_ with smooth_idf=False is ln(n/df) + 1."""
    sub, ref = _pair(submission, reference, smooth_idf=False)
    sub.fit(CORPUS)
    ref.fit(CORPUS)
    V = len(ref.idf_)
    got = checks.array(getattr(sub, "idf_", None), what="idf_", shape=(V,))
    bugs = ["always-smooth", "log10", "log2", "no-plus-one", "df-occurrences"]
    checks.assert_close(got, ref.idf_, what="idf_ (smooth_idf=False)", rtol=RTOL, atol=ATOL,
                        mistakes=_idf_mistakes(CORPUS, bugs, smooth_idf=False))


@pytest.mark.kata(points=5, category="correctness")
def test_default_matrix(submission, reference):
    """fit_transform with the default options: tf * idf, rows L2-normalised."""
    sub, ref = _pair(submission, reference)
    bugs = ["no-smooth", "log10", "no-plus-one", "df-occurrences", "no-idf", "l1", "columns",
            "normalise-before-idf", "first-seen"]
    _matrix(sub.fit_transform(CORPUS), ref.fit_transform(CORPUS),
            what="fit_transform(corpus)", mistakes=_mistakes(CORPUS, bugs=bugs),
            ref=ref, docs=CORPUS)


@pytest.mark.kata(points=5, category="correctness")
def test_raw_matrix(submission, reference):
    """norm=None leaves the rows raw: every entry is count * idf."""
    sub, ref = _pair(submission, reference, norm=None)
    bugs = ["tf-length", "norm-ignored", "no-smooth", "log10", "no-plus-one", "df-occurrences",
            "no-idf", "first-seen"]
    _matrix(sub.fit_transform(CORPUS), ref.fit_transform(CORPUS),
            what="fit_transform(corpus) with norm=None",
            mistakes=_mistakes(CORPUS, bugs=bugs, norm=None), ref=ref, docs=CORPUS)


@pytest.mark.kata(points=4, category="correctness")
def test_raw_matrix_not_smooth(submission, reference):
    """norm=None, smooth_idf=False: count * (ln(n/df) + 1)."""
    options = dict(norm=None, smooth_idf=False)
    sub, ref = _pair(submission, reference, **options)
    bugs = ["tf-length", "always-smooth", "log10", "no-plus-one", "df-occurrences"]
    _matrix(sub.fit_transform(CORPUS), ref.fit_transform(CORPUS),
            what="fit_transform(corpus) with norm=None, smooth_idf=False",
            mistakes=_mistakes(CORPUS, bugs=bugs, **options), ref=ref, docs=CORPUS)


@pytest.mark.kata(points=4, category="correctness")
def test_sublinear_raw(submission, reference):
    """sublinear_tf=True with norm=None: (1 + ln(count)) * idf where count > 0."""
    options = dict(sublinear_tf=True, norm=None)
    sub, ref = _pair(submission, reference, **options)
    bugs = ["sublinear-no-one", "sublinear-ignored", "tf-length", "no-plus-one"]
    _matrix(sub.fit_transform(CORPUS), ref.fit_transform(CORPUS),
            what="fit_transform(corpus) with sublinear_tf=True, norm=None",
            mistakes=_mistakes(CORPUS, bugs=bugs, **options), ref=ref, docs=CORPUS)


@pytest.mark.kata(points=4, category="correctness")
def test_sublinear_l2(submission, reference):
    """sublinear_tf=True with the L2 norm."""
    options = dict(sublinear_tf=True)
    sub, ref = _pair(submission, reference, **options)
    bugs = ["sublinear-no-one", "sublinear-ignored", "l1", "normalise-before-idf"]
    _matrix(sub.fit_transform(CORPUS), ref.fit_transform(CORPUS),
            what="fit_transform(corpus) with sublinear_tf=True",
            mistakes=_mistakes(CORPUS, bugs=bugs, **options), ref=ref, docs=CORPUS)


@pytest.mark.kata(points=5, category="correctness")
def test_transform_new_documents(submission, reference):
    """transform of new documents uses the fitted idf and ignores unseen tokens."""
    new = ["The zebra sat on a cat.", "dogs and more dogs, dogs everywhere", "the the the"]
    for options in ({}, {"norm": None}):
        sub, ref = _pair(submission, reference, **options)
        sub.fit(CORPUS)
        ref.fit(CORPUS)
        expected = ref.transform(new)
        got = sub.transform(new)
        label = "transform(new documents)" + (" with norm=None" if options else "")
        if isinstance(got, np.ndarray) and got.ndim == 2 and got.shape[1] > expected.shape[1]:
            checks.mistake(
                "adding unseen tokens to the vocabulary in transform",
                f"{label}: expected shape {expected.shape} (the vocabulary of fit), got "
                f"{got.shape}; tokens never seen in fit must be ignored",
            )
        bugs = ["idf-from-transform", "tf-length", "no-smooth"]
        _matrix(got, expected, what=label, ref=ref, docs=new,
                mistakes=_mistakes(CORPUS, new, bugs=bugs, **options))


@pytest.mark.kata(points=3, category="correctness")
def test_fit_transform_equals_fit_then_transform(submission):
    """fit_transform(docs) equals fit(docs).transform(docs)."""
    for options in ({}, {"norm": None, "sublinear_tf": True, "smooth_idf": False}):
        a = submission.TfidfVectorizer(**options).fit_transform(CORPUS)
        vec = submission.TfidfVectorizer(**options)
        vec.fit(CORPUS)
        b = checks.array(vec.transform(CORPUS), shape=(len(CORPUS), None),
                         what=f"fit(corpus) then transform(corpus) with {options or 'defaults'}")
        _matrix(a, b, what=f"fit_transform(corpus) against fit(corpus).transform(corpus) "
                           f"with {options or 'defaults'}", docs=CORPUS)


@pytest.mark.kata(points=6, category="correctness")
def test_random_corpora(submission, reference, rng):
    """Random corpora under every combination of the options match the reference."""
    words = _word_pool(rng)
    docs = _random_corpus(rng, words, 40)
    new = _random_corpus(rng, words[:5] + ["unseen", "novel"] + words[5:], 15)
    combos = [
        {},
        {"norm": None, "smooth_idf": False},
        {"norm": None, "sublinear_tf": True},
        {"lowercase": False, "sublinear_tf": True, "smooth_idf": False},
        {"lowercase": False, "norm": None},
    ]
    for options in combos:
        label = ", ".join(f"{k}={v!r}" for k, v in options.items()) or "default options"
        sub, ref = _pair(submission, reference, **options)
        got = sub.fit_transform(docs)
        expected = ref.fit_transform(docs)
        bugs = ["tf-length", "df-occurrences", "no-smooth", "always-smooth", "no-plus-one",
                "sublinear-no-one", "l1", "first-seen"]
        _matrix(got, expected, what=f"fit_transform(40 random documents) with {label}",
                mistakes=_mistakes(docs, bugs=bugs, **options), ref=ref, docs=docs)
        _matrix(sub.transform(new), ref.transform(new), ref=ref, docs=new,
                what=f"transform(15 new random documents) with {label}")


# --------------------------------------------------------------------------- edge cases


@pytest.mark.kata(points=4, category="edge-cases")
def test_punctuation_and_one_letter_tokens(submission):
    """Punctuation splits tokens, one-letter tokens are dropped, text is lower-cased."""
    docs = ["It's a state-of-the-art NLP model, isn't it?", "I saw a U.S. map: 3 x 42 = 126!"]
    expected = ["126", "42", "art", "isn", "it", "map", "model", "nlp", "of", "saw", "state",
                "the"]
    vec = submission.TfidfVectorizer()
    vec.fit(docs)
    _check_tokens(_names(vec, what="get_feature_names_out()"), expected,
                  what="tokens of punctuated text", first_seen=_first_seen(docs))


@pytest.mark.kata(points=4, category="edge-cases")
def test_unicode_tokens(submission, reference):
    """Accented letters, non-Latin scripts, digits and '_' are word characters."""
    sub, ref = _pair(submission, reference)
    sub.fit(UNICODE_CORPUS)
    ref.fit(UNICODE_CORPUS)
    expected = [str(t) for t in ref.get_feature_names_out()]
    _check_tokens(_names(sub, what="get_feature_names_out()"), expected,
                  what="tokens of Unicode text", first_seen=_first_seen(UNICODE_CORPUS))
    _matrix(sub.transform(UNICODE_CORPUS), ref.transform(UNICODE_CORPUS),
            what="transform(Unicode corpus)", ref=ref, docs=UNICODE_CORPUS)


@pytest.mark.kata(points=4, category="edge-cases")
def test_lowercase_false_keeps_case(submission, reference):
    """lowercase=False keeps 'The', 'THE' and 'the' as three tokens."""
    docs = ["The the THE", "Apple apple pie", "the end"]
    sub, ref = _pair(submission, reference, lowercase=False)
    sub.fit(docs)
    ref.fit(docs)
    expected = [str(t) for t in ref.get_feature_names_out()]
    _check_tokens(_names(sub, what="get_feature_names_out() with lowercase=False"), expected,
                  what="tokens with lowercase=False", lowercase=False,
                  first_seen=_first_seen(docs, lowercase=False))
    _matrix(sub.transform(docs), ref.transform(docs), what="transform with lowercase=False",
            ref=ref, docs=docs)


@pytest.mark.kata(points=2, category="edge-cases")
def test_lowercase_is_str_lower_before_tokenising(submission, reference):
    """lowercase=True applies str.lower() to the text, then tokenises ('Straße', 'İstanbul')."""
    import re

    docs = ["Straße und STRASSE", "İstanbul ist groß"]
    ref = reference.TfidfVectorizer().fit(docs)
    expected = [str(t) for t in ref.get_feature_names_out()]
    got = _names(submission.TfidfVectorizer().fit(docs), what="get_feature_names_out()")
    if got == expected:
        return
    pattern = re.compile(r"(?u)\b\w\w+\b")
    casefolded = sorted({t for d in docs for t in pattern.findall(d.casefold())})
    after = sorted({t.lower() for d in docs for t in pattern.findall(d)})
    detail = (f"vocabulary of {docs!r}: expected {expected}, got {got}. The contract lower-cases "
              "the text with str.lower() and then applies the token pattern to it.")
    if got == casefolded:
        checks.mistake("str.casefold() in place of str.lower() ('ß' becomes 'ss')", detail)
    if got == after:
        checks.mistake("lower-casing the tokens after tokenising instead of the text before "
                       "('İ'.lower() is 'i' plus a combining dot, which is not a word character)",
                       detail)
    checks.fail(detail)


@pytest.mark.kata(points=4, category="edge-cases")
def test_refit_replaces_vocabulary(submission, reference):
    """A second fit replaces the vocabulary and the idf of the first."""
    first = ["alpha beta", "beta gamma", "gamma gamma delta"]
    second = ["delta epsilon", "epsilon zeta zeta"]
    sub, ref = _pair(submission, reference)
    sub.fit(first)
    sub.fit(second)
    ref.fit(second)
    expected = [str(t) for t in ref.get_feature_names_out()]
    got = _names(sub, what="get_feature_names_out() after a second fit")
    if set(got) > set(expected):
        checks.mistake(
            "vocabulary kept from a previous fit",
            f"after fit(first) then fit(second), expected the tokens of the second corpus "
            f"{expected}, got {got}: fit must start from an empty vocabulary",
        )
    _check_tokens(got, expected, what="tokens after a second fit",
                  first_seen=_first_seen(second))
    V = len(expected)
    checks.assert_close(checks.array(getattr(sub, "idf_", None), what="idf_", shape=(V,)),
                        ref.idf_, what="idf_ after a second fit", rtol=RTOL, atol=ATOL)
    probe = ["alpha delta zeta"]
    _matrix(sub.transform(probe), ref.transform(probe), ref=ref, docs=probe,
            what="transform(['alpha delta zeta']) after a second fit")


@pytest.mark.kata(points=3, category="edge-cases")
def test_term_in_every_document(submission, reference):
    """A term in every document keeps weight: idf = 1 without smoothing, never 0."""
    docs = ["common words here", "common ground", "more common sense here"]
    options = dict(smooth_idf=False, norm=None)
    sub, ref = _pair(submission, reference, **options)
    _matrix(sub.fit_transform(docs), ref.fit_transform(docs),
            what="fit_transform with a term in every document (smooth_idf=False, norm=None)",
            mistakes=_mistakes(docs, bugs=["no-plus-one", "always-smooth"], **options),
            ref=ref, docs=docs)
    single = ["one single document document"]
    sub, ref = _pair(submission, reference)
    _matrix(sub.fit_transform(single), ref.fit_transform(single), ref=ref, docs=single,
            what="fit_transform of a one-document corpus")


@pytest.mark.kata(points=3, category="edge-cases")
def test_empty_documents_count_in_n(submission, reference):
    """Documents without tokens still count in n and get a row of zeros."""
    docs = ["apple banana", "", "banana cherry cherry", "?! a b", "apple"]
    options = dict(norm=None)
    sub, ref = _pair(submission, reference, **options)
    _matrix(sub.fit_transform(docs), ref.fit_transform(docs),
            what="fit_transform of a corpus with empty documents (norm=None)",
            mistakes=_mistakes(docs, bugs=["n-nonempty", "tf-length"], **options),
            ref=ref, docs=docs)


# --------------------------------------------------------------------------- numerical stability


@pytest.mark.kata(points=5, category="numerical-stability")
def test_zero_rows_stay_zero(submission, reference):
    """Documents with no known token give rows of zeros, not NaN."""
    # rows 0-3 have no token of the vocabulary; row 4 is ordinary, and only its finiteness and
    # unit norm are judged here (its values are judged by the correctness tests)
    new = ["", "zebra quokka", "!!! ... ???", "a b c", "the cat"]
    cases = [(CORPUS, new, [0, 1, 2, 3], {}), (CORPUS, new, [0, 1, 2, 3], {"sublinear_tf": True}),
             (["", "cat dog", "..."], None, [0, 2], {})]
    for train, docs, zero_rows, options in cases:
        vec = submission.TfidfVectorizer(**options)
        if docs is None:
            what, docs = f"fit_transform({train!r})", train
            got = vec.fit_transform(train)
        else:
            what = f"transform({docs!r}) after fit(corpus)"
            got = vec.fit(train).transform(docs)
        what += f" with {options}" if options else ""
        got = checks.array(got, what=what, shape=(len(docs), None), finite=False)
        zeros = got[zero_rows]
        if not np.isfinite(zeros).all():
            checks.mistake(
                "dividing by a zero norm",
                f"{what}: the rows of documents without a known token contain NaN or inf "
                f"(rows {zero_rows}: {checks.fmt(zeros)}). Normalise only the rows whose norm "
                "is positive; the others stay zero.",
            )
        checks.assert_close(zeros, np.zeros_like(zeros), what=f"{what}, rows {zero_rows}",
                            hint="A document without a token of the vocabulary has a row of zeros.")
        others = [i for i in range(len(docs)) if i not in zero_rows]
        norms = np.linalg.norm(got[others], axis=1)
        checks.assert_close(norms, np.ones(len(others)), what=f"{what}: L2 norms of rows {others}",
                            rtol=1e-9, atol=1e-12)


@pytest.mark.kata(points=3, category="numerical-stability")
def test_long_documents(submission, reference):
    """Huge counts (70,000, past a 16-bit integer) stay exact and rows keep unit L2 norm."""
    docs = ["spam " * 70000 + "eggs", "eggs ham " * 1000, "ham"]  # counts past 2**16
    for options in ({}, {"sublinear_tf": True}, {"norm": None}):
        sub, ref = _pair(submission, reference, **options)
        got = sub.fit_transform(docs)
        label = "fit_transform(documents with counts up to 70,000)"
        label += f" with {options}" if options else ""
        _matrix(got, ref.fit_transform(docs), what=label, ref=ref, docs=docs)
        if options.get("norm", "l2") == "l2":
            norms = np.linalg.norm(np.asarray(got, dtype=float), axis=1)
            checks.assert_close(norms, np.ones(len(docs)), what=f"row norms of {label}",
                                rtol=1e-12, atol=1e-12)


@pytest.mark.kata(points=4, category="correctness")
def test_large_corpus(submission, reference, rng):
    """A corpus of 150 documents and about 1,500 terms matches the reference (no chunking bug)."""
    words = _word_list(rng, 1500)
    docs = _documents(rng, words, 150, 30)
    for options in ({}, {"norm": None, "sublinear_tf": True}):
        sub, ref = _pair(submission, reference, **options)
        label = "fit_transform(150 documents of 30 words)" + (f" with {options}" if options else "")
        _matrix(sub.fit_transform(docs), ref.fit_transform(docs), what=label, ref=ref, docs=docs)


# --------------------------------------------------------------------------- api


@pytest.mark.kata(points=3, category="api")
def test_fitted_attributes_and_types(submission, reference):
    """fit returns self; transform returns a float64 ndarray; idf_ is a float64 ndarray (V,)."""
    vec = submission.TfidfVectorizer()
    returned = vec.fit(CORPUS)
    checks.check(returned is vec, f"fit(docs) must return self, got {returned!r:.80}")
    V = len(reference.TfidfVectorizer().fit(CORPUS).idf_)
    idf = getattr(vec, "idf_", None)
    checks.check(isinstance(idf, np.ndarray),
                 f"idf_ must be a numpy ndarray of shape ({V},), got {type(idf).__name__}")
    checks.array(idf, what="idf_", shape=(V,))
    checks.check(idf.dtype == np.float64, f"idf_ must be float64, got dtype {idf.dtype}")
    X = vec.transform(CORPUS[:2])
    checks.check(isinstance(X, np.ndarray),
                 f"transform must return a dense numpy ndarray, got {type(X).__name__}")
    checks.array(X, what="transform(2 documents)", shape=(2, V))
    checks.check(X.dtype == np.float64, f"transform must return float64, got dtype {X.dtype}")
    checks.check(len(_names(vec, what="get_feature_names_out()")) == V,
                 f"get_feature_names_out() must have one token per column ({V})")


@pytest.mark.kata(points=3, category="api")
def test_state_is_not_shared_or_changed(submission, reference):
    """fit leaves its list alone, transform leaves the model alone, two models stay apart."""
    docs = ["The Cat sat", "A DOG barked", "the cat and the dog"]
    copy = list(docs)
    first = submission.TfidfVectorizer().fit(docs)
    checks.check(docs == copy, f"fit(docs) changed the caller's list: {copy!r} became {docs!r}. "
                 "Work on new strings (lower() returns one), never assign into docs.")
    vocabulary = dict(_vocabulary(first))
    idf = np.array(first.idf_, dtype=float, copy=True)
    first.transform(["a cat and a unicorn", "zebras everywhere"])
    checks.check(_vocabulary(first) == vocabulary,
                 "transform(new documents) changed vocabulary_: tokens unseen in fit must be "
                 f"ignored, not added (vocabulary_ became {_vocabulary(first)!r:.200})")
    checks.assert_close(first.idf_, idf, what="idf_ after transform(new documents)",
                        hint="transform never changes the idf learned by fit.")
    second = submission.TfidfVectorizer().fit(["xylophone zebra", "zebra quagga"])
    checks.check(_vocabulary(first) == vocabulary,
                 "fitting a second TfidfVectorizer changed the first one's vocabulary_: is the "
                 "vocabulary a class attribute (vocabulary_ = {} in the class body) shared by "
                 "every instance? Create it in fit.")
    ref = reference.TfidfVectorizer().fit(docs)
    _matrix(first.transform(docs), ref.transform(docs), ref=ref, docs=docs,
            what="transform(docs) of the first model after a second model was fitted")
    del second


@pytest.mark.kata(points=3, category="api")
def test_single_string_rejected(submission):
    """A single string instead of a list of strings raises ValueError."""
    text = "the cat sat on the mat"
    checks.raises_value_error(submission.TfidfVectorizer().fit, text,
                              what="fit('the cat sat on the mat') (a str, not a list)")
    checks.raises_value_error(submission.TfidfVectorizer().fit_transform, text,
                              what="fit_transform('the cat sat on the mat')")
    vec = submission.TfidfVectorizer()
    vec.fit(CORPUS)
    checks.raises_value_error(
        vec.transform, text,
        what="transform('the cat sat on the mat') after fit (a str is iterable: without a "
             "check it becomes one document per character)",
    )


@pytest.mark.kata(points=2, category="api")
def test_empty_corpus_and_vocabulary_rejected(submission):
    """An empty corpus or an empty vocabulary raises ValueError."""
    checks.raises_value_error(submission.TfidfVectorizer().fit, [], what="fit([])")
    for docs in (["a b c", "I x"], [""], ["", "!?", "1 2 3"]):
        checks.raises_value_error(submission.TfidfVectorizer().fit, docs,
                                  what=f"fit({docs!r}) (no token of two or more characters)")
    checks.raises_value_error(submission.TfidfVectorizer(norm=None).fit_transform, ["a b"],
                              what="fit_transform(['a b']) (empty vocabulary)")


@pytest.mark.kata(points=2, category="api")
def test_transform_before_fit(submission):
    """transform before fit raises ValueError or RuntimeError."""
    vec = submission.TfidfVectorizer()
    checks.raises(lambda: vec.transform(["the cat"]), errors=(ValueError, RuntimeError),
                        what="transform before fit (the vectorizer is not fitted)")


# --------------------------------------------------------------------------- efficiency


def _word_list(rng, size):
    """``size`` distinct random lower-case words of 3 to 8 letters, in random order."""
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    words = set()
    while len(words) < size:
        codes = rng.integers(26, size=(size, 8)).tolist()
        lengths = rng.integers(3, 9, size=size).tolist()
        words.update("".join(alphabet[c] for c in row[:n]) for row, n in zip(codes, lengths))
    words = sorted(words)[:size]
    rng.shuffle(words)
    return words


def _documents(rng, words, n_docs, length):
    picks = rng.integers(len(words), size=(n_docs, length))
    return [" ".join(words[k] for k in row) for row in picks]


# A few long documents, so that the time goes to the 10,000 tokens, not to the small dense
# n x V output. Measured: honest styles (dict loops, dense numpy, searchsorted, CSR, even a
# Python loop over every (document, term) pair or a per-term set lookup per document) at
# 1-2.7x the reference; list.index per token or a rescan of the corpus per term (O(V) per
# token) at 60-120x.
FACTOR = 10
SLOW_HINT = (
    "The work should grow with the number of tokens: map each token to its column with a "
    "dict (O(1) per token). list.index or `token in a_list` per token, or a rescan of the "
    "corpus for every term, costs O(V) per token."
)


@pytest.mark.kata(points=5, category="efficiency", timeout=20)
def test_transform_speed(submission, reference, rng):
    """transform of 10,000 tokens over a 4,000-term vocabulary keeps up with the reference."""
    words = _word_list(rng, 4000)
    train = [" ".join(words[i:i + 40]) for i in range(0, len(words), 40)]
    docs = _documents(rng, words + ["unseen", "words"], 5, 2000)
    sub, ref = _pair(submission, reference)
    sub.fit(train)
    ref.fit(train)
    checks.assert_speed(lambda: sub.transform(docs), lambda: ref.transform(docs), factor=FACTOR,
                        repeats=9, what="transform(5 documents of 2000 words, vocabulary of 4000)",
                        hint=SLOW_HINT)


@pytest.mark.kata(points=5, category="efficiency", timeout=20)
def test_fit_speed(submission, reference, rng):
    """fit on 10,000 tokens with about 3,700 distinct terms keeps up with the reference."""
    words = _word_list(rng, 4000)
    docs = _documents(rng, words, 5, 2000)
    checks.assert_speed(lambda: submission.TfidfVectorizer().fit(docs),
                        lambda: reference.TfidfVectorizer().fit(docs), factor=FACTOR, repeats=9,
                        what="fit(5 documents of 2000 words, about 3700 distinct terms)",
                        hint=SLOW_HINT)
