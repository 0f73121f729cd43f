# alternative: written blind from the prompt: norm checked in __init__, numpy int vocabulary values, <U feature names, no re-tokenising in fit_transform
"""Different valid choices: validation in __init__, Counter, str-dtype names,
ValueError (not RuntimeError) before fit, np.int64 vocabulary values, fit_transform computed
directly without re-tokenising, accepts any non-str sequence."""
from collections import Counter
import re

import numpy as np

TOKEN_PATTERN = r"(?u)\b\w\w+\b"


class NotFittedError(ValueError):
    pass


class TfidfVectorizer:
    def __init__(self, *, lowercase=True, smooth_idf=True, sublinear_tf=False, norm="l2"):
        if norm not in ("l2", None):
            raise ValueError(f"norm must be 'l2' or None, got {norm!r}")
        self.lowercase = bool(lowercase)
        self.smooth_idf = bool(smooth_idf)
        self.sublinear_tf = bool(sublinear_tf)
        self.norm = norm
        self._pattern = re.compile(TOKEN_PATTERN)

    def _validate(self, docs):
        if isinstance(docs, str):
            raise ValueError("Iterable over raw text documents expected, string object received.")
        return list(docs)

    def _analyze(self, doc):
        return self._pattern.findall(doc.lower() if self.lowercase else doc)

    def _count_matrix(self, counters):
        X = np.zeros((len(counters), len(self.vocabulary_)))
        vocab = self.vocabulary_
        for i, c in enumerate(counters):
            known = [(vocab[t], k) for t, k in c.items() if t in vocab]
            if known:
                cols, vals = zip(*known)
                X[i, list(cols)] = vals
        return X

    def _weight(self, X):
        if self.sublinear_tf:
            with np.errstate(divide="ignore"):
                X = np.where(X > 0, 1.0 + np.log(np.where(X > 0, X, 1.0)), 0.0)
        X = X * self.idf_
        if self.norm == "l2":
            norms = np.linalg.norm(X, axis=1, keepdims=True)
            X = np.divide(X, norms, out=np.zeros_like(X), where=norms > 0)
        return X

    def _fit_counters(self, docs):
        docs = self._validate(docs)
        if not docs:
            raise ValueError("empty corpus: fit needs at least one document")
        counters = [Counter(self._analyze(d)) for d in docs]
        df = Counter()
        for c in counters:
            df.update(c.keys())
        if not df:
            raise ValueError("empty vocabulary; perhaps the documents only contain stop words or one-letter words")
        terms = sorted(df)
        self.vocabulary_ = {t: np.int64(j) for j, t in enumerate(terms)}
        dfa = np.array([df[t] for t in terms], dtype=np.float64)
        n = len(docs)
        if self.smooth_idf:
            self.idf_ = np.log((n + 1) / (dfa + 1)) + 1
        else:
            self.idf_ = np.log(n / dfa) + 1
        self._names = np.array(terms)  # unicode dtype
        return counters

    def fit(self, docs):
        self._fit_counters(docs)
        return self

    def fit_transform(self, docs):
        counters = self._fit_counters(docs)
        return self._weight(self._count_matrix(counters))

    def transform(self, docs):
        if getattr(self, "vocabulary_", None) is None:
            raise NotFittedError("Vocabulary not fitted; call fit first.")
        docs = self._validate(docs)
        counters = [Counter(self._analyze(d)) for d in docs]
        return self._weight(self._count_matrix(counters))

    def get_feature_names_out(self):
        if getattr(self, "vocabulary_", None) is None:
            raise NotFittedError("Vocabulary not fitted; call fit first.")
        return self._names
