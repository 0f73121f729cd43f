"""TF-IDF from scratch: turn raw documents into a matrix of term weights.

Implement ``TfidfVectorizer`` below with numpy and the standard library only (README.md has the
full statement). Every method, ``__init__`` included, raises NotImplementedError until you
write it. Keep the names and signatures: the grader calls them exactly as they are.

Run ``kata test`` for the visible examples and ``kata grade`` for the hidden grader.
"""

from __future__ import annotations

import re

import numpy as np


class TfidfVectorizer:
    r"""Turn a corpus of raw documents into a matrix of TF-IDF features.

    Tokens are the matches of the regex ``(?u)\b\w\w+\b`` (runs of two or more word
    characters, Unicode letters and digits included) in the text, lower-cased first when
    ``lowercase``. The vocabulary is every token seen by ``fit``, one column per token in sorted
    token order.

    For a document d and a term t of the vocabulary, with n training documents of which df(t)
    contain t::

        tf(t, d)  = number of occurrences of t in d        (1 + ln(tf) when sublinear_tf)
        idf(t)    = ln((1 + n) / (1 + df(t))) + 1          (ln(n / df(t)) + 1 when not smooth_idf)
        x(t, d)   = tf(t, d) * idf(t)

    and each row x(., d) is then divided by its Euclidean norm when ``norm="l2"``.

    Parameters
    ----------
    lowercase : bool, default=True
        Lower-case every document before tokenising it.
    smooth_idf : bool, default=True
        Add one to n and to every df, as if one extra document contained every term once.
    sublinear_tf : bool, default=False
        Replace every non-zero count tf by ``1 + ln(tf)``.
    norm : {"l2", None}, default="l2"
        ``"l2"`` scales every row to unit Euclidean length (a row of zeros stays zeros);
        ``None`` leaves the rows as they are.

    Attributes
    ----------
    vocabulary_ : dict of str to int
        Maps every token seen by ``fit`` to its column; columns are in sorted token order.
    idf_ : ndarray of shape (V,)
        The inverse document frequency of every column, V = ``len(vocabulary_)``.

    Examples
    --------
    >>> vec = TfidfVectorizer(norm=None, smooth_idf=False)
    >>> vec.fit_transform(["the cat sat", "the dog"]).round(4)
    array([[1.6931, 0.    , 1.6931, 1.    ],
           [0.    , 1.6931, 0.    , 1.    ]])
    >>> vec.get_feature_names_out()
    array(['cat', 'dog', 'sat', 'the'], dtype=object)
    """

    def __init__(self, *, lowercase=True, smooth_idf=True, sublinear_tf=False, norm="l2"):
        raise NotImplementedError

    def fit(self, docs):
        """Learn the vocabulary and the idf of every term from a corpus.

        Parameters
        ----------
        docs : list of str of length n_docs
            The training corpus, one string per document. A later ``fit`` replaces everything
            an earlier one learned.

        Returns
        -------
        self : TfidfVectorizer
            The fitted vectorizer.

        Raises
        ------
        ValueError
            If ``docs`` is a single string instead of a list of strings, if it is empty, or if
            it contains no token at all (an empty vocabulary).
        """
        raise NotImplementedError

    def transform(self, docs):
        """Compute the TF-IDF matrix of documents with the fitted vocabulary and idf.

        Parameters
        ----------
        docs : list of str of length n_docs
            Documents to encode. Tokens that ``fit`` never saw are ignored; a document without
            any known token gives a row of zeros.

        Returns
        -------
        X : ndarray of shape (n_docs, V)
            Dense float64 matrix; row i encodes ``docs[i]``, column j the term
            ``get_feature_names_out()[j]``.

        Raises
        ------
        ValueError
            If ``docs`` is a single string instead of a list of strings.
        RuntimeError
            If the vectorizer has not been fitted.
        """
        raise NotImplementedError

    def fit_transform(self, docs):
        """Fit on a corpus and return its TF-IDF matrix, like ``fit(docs).transform(docs)``.

        Parameters
        ----------
        docs : list of str of length n_docs
            The training corpus.

        Returns
        -------
        X : ndarray of shape (n_docs, V)
            The TF-IDF matrix of the training corpus.

        Raises
        ------
        ValueError
            For the same inputs as ``fit``.
        """
        raise NotImplementedError

    def get_feature_names_out(self):
        """The token of every column.

        Returns
        -------
        names : ndarray of str of shape (V,)
            ``names[j]`` is the token of column j, in sorted order.

        Raises
        ------
        RuntimeError
            If the vectorizer has not been fitted.
        """
        raise NotImplementedError
