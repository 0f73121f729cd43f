# alternative: written blind from the prompt: lists only, bincount on flat indices, columns by argsort of first-seen order
"""Strict list-only input, bincount on flat indices, Python-int vocabulary, names via argsort."""
import math
import re

import numpy as np

WORD = re.compile(r"(?u)\b\w\w+\b")


class TfidfVectorizer:
    def __init__(self, *, lowercase=True, smooth_idf=True, sublinear_tf=False, norm="l2"):
        self.lowercase = lowercase
        self.smooth_idf = smooth_idf
        self.sublinear_tf = sublinear_tf
        self.norm = norm

    def _check(self, docs):
        if not isinstance(docs, list):
            raise ValueError(f"docs must be a list of str, got {type(docs).__name__}")
        if not all(isinstance(d, str) for d in docs):
            raise ValueError("docs must contain only str")

    def _tok(self, text):
        return WORD.findall(text.lower() if self.lowercase else text)

    def fit(self, docs):
        self._check(docs)
        if not docs:
            raise ValueError("fit: empty corpus")
        first_seen = {}
        df_list = []
        for d in docs:
            for t in set(self._tok(d)):
                k = first_seen.setdefault(t, len(first_seen))
                if k == len(df_list):
                    df_list.append(0)
                df_list[k] += 1
        if not first_seen:
            raise ValueError("fit: empty vocabulary (no token of 2+ word characters)")
        tokens = list(first_seen)
        order = sorted(range(len(tokens)), key=tokens.__getitem__)
        n = len(docs)
        idf = np.empty(len(tokens), dtype=np.float64)
        vocab = {}
        for col, k in enumerate(order):
            vocab[tokens[k]] = col
            df = df_list[k]
            idf[col] = (math.log((1 + n) / (1 + df)) if self.smooth_idf else math.log(n / df)) + 1.0
        self.vocabulary_ = vocab
        self.idf_ = idf
        return self

    def transform(self, docs):
        if "vocabulary_" not in self.__dict__:
            raise ValueError("transform called before fit")
        self._check(docs)
        V = len(self.vocabulary_)
        flat = []
        for i, d in enumerate(docs):
            base = i * V
            get = self.vocabulary_.get
            flat.extend(base + j for j in (get(t) for t in self._tok(d)) if j is not None)
        counts = np.bincount(np.asarray(flat, dtype=np.int64), minlength=len(docs) * V)
        X = counts.reshape(len(docs), V).astype(np.float64)
        if self.sublinear_tf:
            mask = X > 0
            X[mask] = np.log(X[mask]) + 1.0
        X = X * self.idf_
        if self.norm == "l2":
            nrm = np.sqrt((X * X).sum(axis=1))
            safe = np.where(nrm > 0, nrm, 1.0)
            X = X / safe[:, np.newaxis]
        return X

    def fit_transform(self, docs):
        return self.fit(docs).transform(docs)

    def get_feature_names_out(self):
        if "vocabulary_" not in self.__dict__:
            raise RuntimeError("not fitted")
        names = np.empty(len(self.vocabulary_), dtype=object)
        for t, j in self.vocabulary_.items():
            names[j] = t
        return names
