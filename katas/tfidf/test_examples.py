"""Visible examples for the tfidf kata: run them with `kata test` (or `python -m pytest`).

They check the worked example of README.md. Passing them is a start, not a pass: `kata grade`
runs a hidden grader with many more cases (other options, Unicode, edge cases, speed).
"""

import math

import numpy as np
import pytest

from tfidf import TfidfVectorizer

DOCS = ["The cat sat on the mat.", "The dog sat."]
LN_3_OVER_2 = math.log(3 / 2)  # smoothed idf of a term in one of the two documents, minus 1
LN_2 = math.log(2)


def test_vocabulary_is_sorted_lowercase_tokens():
    vec = TfidfVectorizer().fit(DOCS)
    assert list(vec.get_feature_names_out()) == ["cat", "dog", "mat", "on", "sat", "the"]
    assert {t: int(j) for t, j in vec.vocabulary_.items()} == {
        "cat": 0, "dog": 1, "mat": 2, "on": 3, "sat": 4, "the": 5,
    }


def test_smoothed_idf():
    vec = TfidfVectorizer().fit(DOCS)
    # cat, dog, mat, on: in 1 of 2 documents; sat, the: in both
    expected = [1 + LN_3_OVER_2] * 4 + [1.0, 1.0]
    np.testing.assert_allclose(vec.idf_, expected, rtol=1e-9)


def test_raw_counts_times_unsmoothed_idf():
    vec = TfidfVectorizer(norm=None, smooth_idf=False)
    X = vec.fit_transform(DOCS)
    w = 1 + LN_2  # ln(2 / 1) + 1
    expected = [
        [w, 0.0, w, w, 1.0, 2.0],  # "the" occurs twice: tf = 2, idf = ln(2/2) + 1 = 1
        [0.0, w, 0.0, 0.0, 1.0, 1.0],
    ]
    np.testing.assert_allclose(X, expected, rtol=1e-9)


def test_rows_are_l2_normalised_by_default():
    X = TfidfVectorizer().fit_transform(DOCS)
    assert isinstance(X, np.ndarray) and X.shape == (2, 6)
    np.testing.assert_allclose(np.linalg.norm(X, axis=1), [1.0, 1.0], rtol=1e-12)
    np.testing.assert_allclose(
        X[0], [0.42519636159, 0.0, 0.42519636159, 0.42519636159, 0.30253071324, 0.60506142648],
        rtol=1e-9,
    )


def test_unseen_words_empty_documents_and_bad_input():
    vec = TfidfVectorizer().fit(DOCS)
    X = vec.transform(["a dog and a unicorn", ""])
    # only "dog" is known; the empty document is a row of zeros (not NaN)
    np.testing.assert_array_equal(X, [[0, 1, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]])
    with pytest.raises(ValueError):
        TfidfVectorizer().fit("The cat sat on the mat.")  # one string, not a list of strings
