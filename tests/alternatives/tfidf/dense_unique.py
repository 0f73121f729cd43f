# alternative: np.unique vocabulary, dense np.add.at counts, log1p idf, ValueError before fit
"""Dense-matrix style: every step after tokenising is a whole-matrix numpy operation."""

import re

import numpy as np

_PATTERN = re.compile(r"(?u)\b\w\w+\b")


class TfidfVectorizer:
    def __init__(self, *, lowercase=True, smooth_idf=True, sublinear_tf=False, norm="l2"):
        self.lowercase = lowercase
        self.smooth_idf = smooth_idf
        self.sublinear_tf = sublinear_tf
        self.norm = norm

    def _tokens(self, docs):
        if isinstance(docs, str):
            raise ValueError("pass a list of documents, not one string")
        return [_PATTERN.findall(d.lower() if self.lowercase else d) for d in docs]

    def _count_matrix(self, tokens):
        lookup = self.vocabulary_
        rows, cols = [], []
        for i, doc in enumerate(tokens):
            for tok in doc:
                j = lookup.get(tok)
                if j is not None:
                    rows.append(i)
                    cols.append(j)
        C = np.zeros((len(tokens), len(self._names)))
        np.add.at(C, (np.asarray(rows, dtype=int), np.asarray(cols, dtype=int)), 1.0)
        return C

    def fit(self, docs):
        tokens = self._tokens(docs)
        if len(tokens) == 0:
            raise ValueError("no documents")
        flat = [t for doc in tokens for t in doc]
        if not flat:
            raise ValueError("empty vocabulary: no token of 2+ word characters")
        names, inverse = np.unique(np.array(flat), return_inverse=True)
        self._names = names
        self.vocabulary_ = {str(t): int(j) for j, t in enumerate(names)}
        doc_of = np.repeat(np.arange(len(tokens)), [len(d) for d in tokens])
        present = np.zeros((len(tokens), len(names)), dtype=bool)
        present[doc_of, inverse] = True
        n = len(tokens)
        df = present.sum(axis=0)
        if self.smooth_idf:
            self.idf_ = np.log1p(n) - np.log1p(df) + 1.0
        else:
            self.idf_ = np.log(n) - np.log(df) + 1.0
        return self

    def transform(self, docs):
        if not hasattr(self, "idf_"):
            raise ValueError("not fitted")
        C = self._count_matrix(self._tokens(docs))
        if self.sublinear_tf:
            tf = np.zeros_like(C)
            np.log(C, out=tf, where=C > 0)
            tf[C > 0] += 1.0
        else:
            tf = C
        X = tf * self.idf_
        if self.norm == "l2":
            norms = np.linalg.norm(X, axis=1, keepdims=True)
            X = np.divide(X, norms, out=np.zeros_like(X), where=norms > 0)
        return X

    def fit_transform(self, docs):
        return self.fit(docs).transform(docs)

    def get_feature_names_out(self):
        if not hasattr(self, "_names"):
            raise ValueError("not fitted")
        return self._names.copy()
