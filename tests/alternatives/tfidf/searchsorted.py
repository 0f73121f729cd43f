# alternative: sorted token array + np.searchsorted columns, bincount counts, numpy-int vocab
"""Vocabulary as a sorted numpy array; a token's column is found by binary search."""

import re

import numpy as np


class TfidfVectorizer:
    token_re = re.compile(r"(?u)\b\w\w+\b")

    def __init__(self, *, lowercase=True, smooth_idf=True, sublinear_tf=False, norm="l2"):
        self.lowercase = lowercase
        self.smooth_idf = smooth_idf
        self.sublinear_tf = sublinear_tf
        self.norm = norm
        self._terms = None

    def _analyze(self, docs):
        if isinstance(docs, (str, bytes)) or not hasattr(docs, "__iter__"):
            raise ValueError("expected an iterable of str documents")
        docs = list(docs)
        if self.lowercase:
            docs = [d.lower() for d in docs]
        return [self.token_re.findall(d) for d in docs]

    def _columns(self, tokens):
        """Flat (row, col) of every known token."""
        lengths = [len(t) for t in tokens]
        flat = np.array([tok for doc in tokens for tok in doc] or [""], dtype=object)[
            : sum(lengths)
        ]
        rows = np.repeat(np.arange(len(tokens)), lengths)
        pos = np.searchsorted(self._terms, flat)
        pos = np.minimum(pos, len(self._terms) - 1)
        hit = self._terms[pos] == flat
        return rows[hit], pos[hit]

    def fit(self, docs):
        tokens = self._analyze(docs)
        if not tokens:
            raise ValueError("empty corpus")
        terms = sorted({tok for doc in tokens for tok in doc})
        if not terms:
            raise ValueError("empty vocabulary")
        self._terms = np.array(terms, dtype=object)
        self.vocabulary_ = dict(zip(terms, np.arange(len(terms))))
        rows, cols = self._columns(tokens)
        V, n = len(terms), len(tokens)
        occurs = np.bincount(rows * V + cols, minlength=n * V).reshape(n, V) > 0
        df = occurs.sum(axis=0)
        if self.smooth_idf:
            n, df = n + 1, df + 1
        self.idf_ = 1.0 + np.log(n / df)
        return self

    def transform(self, docs):
        if self._terms is None:
            raise RuntimeError("TfidfVectorizer is not fitted")
        tokens = self._analyze(docs)
        rows, cols = self._columns(tokens)
        V, n = len(self._terms), len(tokens)
        tf = np.bincount(rows * V + cols, minlength=n * V).reshape(n, V).astype(float)
        if self.sublinear_tf:
            nz = tf > 0
            tf[nz] = 1.0 + np.log(tf[nz])
        X = tf * self.idf_[None, :]
        if self.norm == "l2":
            sq = np.einsum("ij,ij->i", X, X)
            scale = np.ones_like(sq)
            scale[sq > 0] = 1.0 / np.sqrt(sq[sq > 0])
            X *= scale[:, None]
        return X

    def fit_transform(self, docs):
        return self.fit(docs).transform(docs)

    def get_feature_names_out(self):
        if self._terms is None:
            raise RuntimeError("TfidfVectorizer is not fitted")
        return self._terms.copy()
