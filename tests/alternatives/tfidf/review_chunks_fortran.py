# alternative: written from the prompt alone: chunks of 3 documents, np.unique counts, Fortran-order output, reciprocal norms, log1p idf
"""Chunked, vectorised: documents processed in chunks of 3; counts via np.unique over token
ids; output assembled from chunk blocks in Fortran order; normalisation multiplies by the
reciprocal norm; idf via log1p differences."""
from __future__ import annotations

import re

import numpy as np

_PAT = re.compile(r"(?u)\b\w\w+\b")
CHUNK = 3


def _chunks(seq, size=CHUNK):
    for start in range(0, len(seq), size):
        yield start, seq[start:start + size]


class TfidfVectorizer:
    def __init__(self, *, lowercase=True, smooth_idf=True, sublinear_tf=False, norm="l2"):
        self.lowercase = lowercase
        self.smooth_idf = smooth_idf
        self.sublinear_tf = sublinear_tf
        self.norm = norm
        self._fitted = False

    def _as_docs(self, docs):
        if isinstance(docs, str):
            raise ValueError("a single string was given; pass a list of strings")
        return list(docs)

    def _tokens(self, doc):
        return _PAT.findall(doc.lower() if self.lowercase else doc)

    def fit(self, docs):
        docs = self._as_docs(docs)
        if not docs:
            raise ValueError("cannot fit on an empty corpus")
        df = {}
        for _, chunk in _chunks(docs):
            for d in chunk:
                for t in set(self._tokens(d)):
                    df[t] = df.get(t, 0) + 1
        if not df:
            raise ValueError("empty vocabulary: no document contains a token")
        terms = sorted(df)
        dfa = np.fromiter((df[t] for t in terms), dtype=np.float64, count=len(terms))
        n = float(len(docs))
        if self.smooth_idf:
            idf = np.log1p(n) - np.log1p(dfa) + 1.0
        else:
            idf = np.log(n) - np.log(dfa) + 1.0
        self._terms = terms
        self.vocabulary_ = {t: j for j, t in enumerate(terms)}
        self.idf_ = idf
        self._fitted = True
        return self

    def _block(self, chunk):
        V = len(self._terms)
        vocab = self.vocabulary_
        B = np.zeros((len(chunk), V), dtype=np.float64)
        for i, d in enumerate(chunk):
            ids = [vocab[t] for t in self._tokens(d) if t in vocab]
            if not ids:
                continue
            cols, counts = np.unique(np.asarray(ids, dtype=np.int64), return_counts=True)
            tf = counts.astype(np.float64)
            if self.sublinear_tf:
                tf = 1.0 + np.log(tf)
            B[i, cols] = tf * self.idf_[cols]
        if self.norm == "l2":
            nrm = np.sqrt(np.einsum("ij,ij->i", B, B))
            inv = np.divide(1.0, nrm, out=np.zeros_like(nrm), where=nrm > 0)
            B *= inv[:, None]
        return B

    def transform(self, docs):
        docs = self._as_docs(docs)
        if not self._fitted:
            raise ValueError("TfidfVectorizer is not fitted; call fit(docs) first")
        V = len(self._terms)
        X = np.zeros((len(docs), V), dtype=np.float64, order="F")
        for start, chunk in _chunks(docs):
            X[start:start + len(chunk)] = self._block(chunk)
        return X

    def fit_transform(self, docs):
        docs = self._as_docs(docs)
        return self.fit(docs).transform(docs)

    def get_feature_names_out(self):
        if not self._fitted:
            raise RuntimeError("TfidfVectorizer is not fitted; call fit(docs) first")
        return np.array(self._terms, dtype=object)
