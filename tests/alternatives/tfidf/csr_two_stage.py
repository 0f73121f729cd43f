# alternative: count stage + tf-idf stage over hand-made CSR arrays, np.add.reduceat norms
"""Two stages, like a count vectorizer feeding a tf-idf transformer, over CSR arrays."""

import math
import re

import numpy as np


def _analyzer(lowercase):
    find = re.compile(r"(?u)\b\w\w+\b").findall
    if lowercase:
        return lambda doc: find(doc.lower())
    return find


class TfidfVectorizer:
    def __init__(self, *, lowercase=True, smooth_idf=True, sublinear_tf=False, norm="l2"):
        self.lowercase = lowercase
        self.smooth_idf = smooth_idf
        self.sublinear_tf = sublinear_tf
        self.norm = norm

    # ---- count stage
    def _csr(self, docs, vocabulary, grow):
        if isinstance(docs, str):
            raise ValueError("Iterable over raw text documents expected, string object received")
        analyze = _analyzer(self.lowercase)
        indptr, indices, data = [0], [], []
        for doc in docs:
            row = {}
            for token in analyze(doc):
                j = vocabulary.get(token)
                if j is None:
                    if not grow:
                        continue
                    j = vocabulary[token] = len(vocabulary)
                row[j] = row.get(j, 0) + 1
            indices.extend(row.keys())
            data.extend(row.values())
            indptr.append(len(indices))
        return (np.array(indptr, dtype=np.int64), np.array(indices, dtype=np.int64),
                np.array(data, dtype=np.float64))

    def _learn(self, docs):
        vocabulary = {}
        indptr, indices, data = self._csr(docs, vocabulary, grow=True)
        n = len(indptr) - 1
        if n == 0:
            raise ValueError("fit needs at least one document")
        if not vocabulary:
            raise ValueError("empty vocabulary; the documents hold no token")
        # renumber the columns in sorted token order
        order = sorted(vocabulary)
        remap = np.empty(len(order), dtype=np.int64)
        for new, token in enumerate(order):
            remap[vocabulary[token]] = new
        indices = remap[indices]
        self.vocabulary_ = {token: new for new, token in enumerate(order)}
        df = np.bincount(indices, minlength=len(order))
        extra = 1 if self.smooth_idf else 0
        self.idf_ = np.array(
            [math.log((n + extra) / (d + extra)) + 1.0 for d in df.tolist()]
        )
        return indptr, indices, data

    # ---- tf-idf stage
    def _weigh(self, indptr, indices, data):
        n = len(indptr) - 1
        if self.sublinear_tf:
            data = np.log(data) + 1.0
        data = data * self.idf_[indices]
        if self.norm == "l2" and data.size:
            sq = data * data
            starts = indptr[:-1]
            nonempty = indptr[1:] > starts
            sums = np.zeros(n)
            sums[nonempty] = np.add.reduceat(sq, starts[nonempty])
            row_of = np.repeat(np.arange(n), np.diff(indptr))
            data = data / np.sqrt(sums)[row_of]
        X = np.zeros((n, len(self.vocabulary_)))
        X[np.repeat(np.arange(n), np.diff(indptr)), indices] = data
        return X

    def fit(self, docs):
        self._learn(docs)
        return self

    def fit_transform(self, docs):
        return self._weigh(*self._learn(docs))

    def transform(self, docs):
        if getattr(self, "vocabulary_", None) is None:
            raise RuntimeError("not fitted yet")
        return self._weigh(*self._csr(docs, self.vocabulary_, grow=False))

    def get_feature_names_out(self):
        if getattr(self, "vocabulary_", None) is None:
            raise RuntimeError("not fitted yet")
        return np.array(list(self.vocabulary_), dtype=object)
