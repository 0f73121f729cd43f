# alternative: written from the prompt alone: overflow-safe scaled L2 norm, sublinear as 1 + log1p(tf - 1), transform([]) raises
"""Probe: overflow-safe scaled L2 norm (divide by row max first), sublinear via log1p(tf-1),
transform([]) raises ValueError (README is silent on it)."""
from __future__ import annotations
import re
import numpy as np

_RX = re.compile(r"(?u)\b\w\w+\b")


class TfidfVectorizer:
    def __init__(self, *, lowercase=True, smooth_idf=True, sublinear_tf=False, norm="l2"):
        self.lowercase = lowercase
        self.smooth_idf = smooth_idf
        self.sublinear_tf = sublinear_tf
        self.norm = norm

    def _check(self, docs, name):
        if isinstance(docs, str):
            raise ValueError(f"{name}: pass a list of strings, not one string")
        if len(docs) == 0:
            raise ValueError(f"{name}: no documents given")

    def _toks(self, d):
        return _RX.findall(d.lower() if self.lowercase else d)

    def fit(self, docs):
        self._check(docs, "fit")
        df = {}
        for d in docs:
            for t in set(self._toks(d)):
                df[t] = df.get(t, 0) + 1
        if not df:
            raise ValueError("empty vocabulary")
        terms = sorted(df)
        n = len(docs)
        d = np.array([df[t] for t in terms], dtype=np.float64)
        self.idf_ = (np.log((n + 1) / (d + 1)) if self.smooth_idf else np.log(n / d)) + 1.0
        self.vocabulary_ = {t: j for j, t in enumerate(terms)}
        self._terms = terms
        return self

    def transform(self, docs):
        if not hasattr(self, "_terms"):
            raise RuntimeError("fit first")
        self._check(docs, "transform")
        voc = self.vocabulary_
        X = np.zeros((len(docs), len(self._terms)), dtype=np.float64)
        for i, d in enumerate(docs):
            for t in self._toks(d):
                j = voc.get(t)
                if j is not None:
                    X[i, j] += 1
        if self.sublinear_tf:
            np.add(np.log1p(X - 1, where=X > 0, out=np.zeros_like(X)), 1.0, where=X > 0, out=X)
        X *= self.idf_
        if self.norm == "l2":
            m = np.abs(X).max(axis=1)
            m[m == 0] = 1.0
            S = X / m[:, None]
            nrm = m * np.sqrt((S * S).sum(axis=1))
            nrm[nrm == 0] = 1.0
            X /= nrm[:, None]
        return X

    def fit_transform(self, docs):
        return self.fit(docs).transform(docs)

    def get_feature_names_out(self):
        if not hasattr(self, "_terms"):
            raise RuntimeError("fit first")
        return np.array(self._terms, dtype=object)
