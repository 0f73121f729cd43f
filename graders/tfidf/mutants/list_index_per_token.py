# mutant: transform finds every token's column with list.index on the vocabulary list (O(V) per token)
# expect: slower
"""TF-IDF with loops, correct but quadratic: each token is looked up by a linear scan."""

import re
from collections import Counter

import numpy as np

WORD = re.compile(r"(?u)\b\w\w+\b")


class TfidfVectorizer:
    def __init__(self, *, lowercase=True, smooth_idf=True, sublinear_tf=False, norm="l2"):
        self.lowercase = lowercase
        self.smooth_idf = smooth_idf
        self.sublinear_tf = sublinear_tf
        self.norm = norm
        self.terms = None

    def _tokens(self, docs):
        if isinstance(docs, str) or not isinstance(docs, (list, tuple)):
            raise ValueError("docs must be a list of strings")
        return [WORD.findall(d.lower() if self.lowercase else d) for d in docs]

    def fit(self, docs):
        tokens = self._tokens(docs)
        if not tokens:
            raise ValueError("cannot fit on an empty corpus")
        df = Counter()
        for doc in tokens:
            df.update(set(doc))
        if not df:
            raise ValueError("empty vocabulary")
        self.terms = sorted(df)
        self.vocabulary_ = {t: j for j, t in enumerate(self.terms)}
        n = len(tokens)
        dfs = np.array([df[t] for t in self.terms], dtype=float)
        if self.smooth_idf:
            self.idf_ = np.log((n + 1) / (dfs + 1)) + 1
        else:
            self.idf_ = np.log(n / dfs) + 1
        return self

    def transform(self, docs):
        if self.terms is None:
            raise RuntimeError("call fit first")
        tokens = self._tokens(docs)
        X = np.zeros((len(tokens), len(self.terms)))
        for i, doc in enumerate(tokens):
            for token in doc:
                if token in self.terms:
                    X[i, self.terms.index(token)] += 1
        if self.sublinear_tf:
            X[X > 0] = 1 + np.log(X[X > 0])
        X *= self.idf_
        if self.norm == "l2":
            norms = np.sqrt((X**2).sum(axis=1, keepdims=True))
            X = np.where(norms > 0, X / np.where(norms > 0, norms, 1), 0.0)
        return X

    def fit_transform(self, docs):
        return self.fit(docs).transform(docs)

    def get_feature_names_out(self):
        if self.terms is None:
            raise RuntimeError("call fit first")
        return np.array(self.terms, dtype=object)
