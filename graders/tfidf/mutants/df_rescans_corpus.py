# mutant: fit counts each term's documents by rescanning every document's token list (O(V x tokens))
# expect: slower
"""TF-IDF with loops, correct but quadratic: df is recounted term by term over the corpus."""

import math
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
        self.vocabulary_ = None

    def _tokens(self, docs):
        if isinstance(docs, str) or not isinstance(docs, (list, tuple)):
            raise ValueError("docs must be a list of strings")
        return [WORD.findall(d.lower() if self.lowercase else d) for d in docs]

    def fit(self, docs):
        tokens = self._tokens(docs)
        if not tokens:
            raise ValueError("cannot fit on an empty corpus")
        terms = sorted({t for doc in tokens for t in doc})
        if not terms:
            raise ValueError("empty vocabulary")
        self.vocabulary_ = {t: j for j, t in enumerate(terms)}
        n = len(tokens)
        idf = []
        for term in terms:
            df = sum(1 for doc in tokens if term in doc)
            if self.smooth_idf:
                idf.append(math.log((n + 1) / (df + 1)) + 1)
            else:
                idf.append(math.log(n / df) + 1)
        self.idf_ = np.array(idf)
        return self

    def transform(self, docs):
        if self.vocabulary_ is None:
            raise RuntimeError("call fit first")
        tokens = self._tokens(docs)
        X = np.zeros((len(tokens), len(self.vocabulary_)))
        for i, doc in enumerate(tokens):
            for token, count in Counter(doc).items():
                j = self.vocabulary_.get(token)
                if j is not None:
                    X[i, j] = (1 + math.log(count)) if self.sublinear_tf else count
        X *= self.idf_
        if self.norm == "l2":
            norms = np.linalg.norm(X, axis=1)
            X[norms > 0] /= norms[norms > 0, None]
        return X

    def fit_transform(self, docs):
        return self.fit(docs).transform(docs)

    def get_feature_names_out(self):
        if self.vocabulary_ is None:
            raise RuntimeError("call fit first")
        return np.array(sorted(self.vocabulary_, key=self.vocabulary_.get), dtype=object)
