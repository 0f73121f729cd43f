# alternative: plain Python loops (Counter per document, math.log, row norms by hand)
"""TF-IDF the way many candidates write it first: dictionaries and loops, numpy only for the
output matrix. Linear in the number of tokens, so it is correct and not slow."""

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

    def _docs(self, docs):
        if isinstance(docs, str) or not isinstance(docs, (list, tuple)):
            raise ValueError("docs must be a list of strings")
        out = []
        for doc in docs:
            if not isinstance(doc, str):
                raise ValueError("every document must be a string")
            if self.lowercase:
                doc = doc.lower()
            out.append(Counter(WORD.findall(doc)))
        return out

    def fit(self, docs):
        bags = self._docs(docs)
        if len(bags) == 0:
            raise ValueError("cannot fit on an empty corpus")
        df = Counter()
        for bag in bags:
            df.update(bag.keys())
        if not df:
            raise ValueError("empty vocabulary")
        terms = sorted(df)
        self.vocabulary_ = {}
        for j, term in enumerate(terms):
            self.vocabulary_[term] = j
        n = len(bags)
        idf = []
        for term in terms:
            if self.smooth_idf:
                idf.append(math.log((n + 1) / (df[term] + 1)) + 1)
            else:
                idf.append(math.log(n / df[term]) + 1)
        self.idf_ = np.array(idf)
        return self

    def transform(self, docs):
        if self.vocabulary_ is None:
            raise RuntimeError("call fit first")
        bags = self._docs(docs)
        X = np.zeros((len(bags), len(self.vocabulary_)))
        for i, bag in enumerate(bags):
            row = {}
            for term, count in bag.items():
                j = self.vocabulary_.get(term)
                if j is None:
                    continue
                tf = 1 + math.log(count) if self.sublinear_tf else count
                row[j] = tf * self.idf_[j]
            if self.norm == "l2":
                length = math.sqrt(sum(v * v for v in row.values()))
                if length > 0:
                    row = {j: v / length for j, v in row.items()}
            for j, v in row.items():
                X[i, j] = v
        return X

    def fit_transform(self, docs):
        return self.fit(docs).transform(docs)

    def get_feature_names_out(self):
        if self.vocabulary_ is None:
            raise RuntimeError("call fit first")
        return np.array(sorted(self.vocabulary_, key=self.vocabulary_.get))
