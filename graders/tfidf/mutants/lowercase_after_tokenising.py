# mutant: tokens are lower-cased after tokenising instead of the text before ('İ' differs)
# expect: lower-casing the tokens after tokenising
"""TF-IDF features from raw text, in numpy: the reference solution of the tfidf kata.

A document becomes a row of term weights: how often each term occurs in it (tf), scaled by how
rare the term is across the training corpus (idf), then scaled to unit Euclidean length.

Python does the part that is string work (one regex pass per document, one dict look-up per
token); numpy does the rest on the sparse (document, term, count) triplets, so the dense matrix
is written once, at the end.
"""

from __future__ import annotations

import re
from itertools import chain, repeat

import numpy as np

TOKEN_PATTERN = re.compile(r"(?u)\b\w\w+\b")


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
        if norm not in ("l2", None):
            raise ValueError(f'norm must be "l2" or None, got {norm!r}')
        self.lowercase = lowercase
        self.smooth_idf = smooth_idf
        self.sublinear_tf = sublinear_tf
        self.norm = norm

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
        self._fit(self._tokenize(docs, fitting=True))
        return self

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
        self._check_fitted()
        tokens = self._tokenize(docs)
        return self._weigh(len(tokens), *self._counts(tokens))

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
        tokens = self._tokenize(docs, fitting=True)
        return self._weigh(len(tokens), *self._fit(tokens))

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
        self._check_fitted()
        return np.array(list(self.vocabulary_), dtype=object)  # built in column order

    # ------------------------------------------------------------------ helpers

    def _tokenize(self, docs, *, fitting=False):
        """Validate ``docs`` and return the token list of every document."""
        if isinstance(docs, (str, bytes)):
            raise ValueError(
                "expected a list of strings (one per document), got a single string; "
                "wrap it in a list: [text]"
            )
        try:
            docs = list(docs)
        except TypeError:
            raise ValueError(f"expected a list of strings, got {type(docs).__name__}") from None
        for i, doc in enumerate(docs):
            if not isinstance(doc, str):
                raise ValueError(
                    f"every document must be a str; document {i} is of type {type(doc).__name__}"
                )
        if fitting and not docs:
            raise ValueError("empty corpus: fit needs at least one document")
        tokens = [TOKEN_PATTERN.findall(doc) for doc in docs]
        if self.lowercase:
            tokens = [[token.lower() for token in doc] for doc in tokens]
        return tokens

    def _fit(self, tokens):
        """Learn vocabulary_ and idf_; return the (rows, cols, counts) of the training corpus."""
        vocabulary = sorted(set(chain.from_iterable(tokens)))
        if not vocabulary:
            raise ValueError(
                "empty vocabulary: the documents contain no token of two or more word characters"
            )
        self.vocabulary_ = {token: j for j, token in enumerate(vocabulary)}
        n_docs = len(tokens)
        rows, cols, counts = self._counts(tokens)
        # each (document, term) pair appears once in the counts: df counts documents, not tokens
        df = np.bincount(cols, minlength=len(vocabulary)).astype(np.float64)
        if self.smooth_idf:
            self.idf_ = np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
        else:
            self.idf_ = np.log(n_docs / df) + 1.0
        return rows, cols, counts

    def _counts(self, tokens):
        """The non-zero entries of the count matrix, as arrays (rows, cols, counts).

        Tokens outside the vocabulary are dropped. Every (row, col) pair occurs once.
        """
        n_docs, n_terms = len(tokens), len(self.vocabulary_)
        lengths = np.fromiter(map(len, tokens), dtype=np.intp, count=n_docs)
        rows = np.repeat(np.arange(n_docs), lengths)
        # column of every token, -1 for a token unseen in fit (dict.get(token, -1), in C)
        flat = chain.from_iterable(tokens)
        cols = np.fromiter(
            map(self.vocabulary_.get, flat, repeat(-1)), dtype=np.intp, count=rows.size
        )
        known = cols >= 0
        # one key per (document, term) pair: sorting them groups equal pairs to be counted
        keys, counts = np.unique(rows[known] * n_terms + cols[known], return_counts=True)
        return keys // n_terms, keys % n_terms, counts.astype(np.float64)

    def _weigh(self, n_docs, rows, cols, tf):
        """The dense (n_docs, V) TF-IDF matrix of the non-zero counts from ``_counts``."""
        if self.sublinear_tf:
            tf = 1.0 + np.log(tf)
        values = tf * self.idf_[cols]
        if self.norm == "l2":
            norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=n_docs))
            # only rows with an entry are divided, and their norm is positive: empty rows stay 0
            values /= norms[rows]
        X = np.zeros((n_docs, len(self.vocabulary_)))
        X[rows, cols] = values
        return X

    def _check_fitted(self):
        if not hasattr(self, "vocabulary_"):
            raise RuntimeError("this TfidfVectorizer is not fitted yet: call fit(docs) first")
