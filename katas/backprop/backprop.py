"""Your implementation of the backprop kata: an MLP classifier trained by backpropagation.

numpy and the standard library only. Replace every ``raise NotImplementedError`` with your code;
the signatures and the docstrings are the contract the grader checks (see README.md).
"""

import numpy as np


class MLP:
    """Fully connected network: hidden layers with one activation, then a softmax.

    Parameters
    ----------
    layer_sizes : sequence of int
        ``[n_in, h1, ..., n_classes]``: the number of input features, the width of every hidden
        layer, and the number of classes. At least two entries (two entries: no hidden layer,
        i.e. softmax regression).
    activation : {"relu", "tanh", "sigmoid"}, default "relu"
        The activation of every hidden layer.
    seed : int or None, default None
        Seed of the random initialisation (``np.random.default_rng(seed)``): the same seed gives
        the same initial parameters.

    Attributes
    ----------
    params : list of ndarray
        ``[W1, b1, W2, b2, ...]`` in float64: ``W_l`` of shape
        ``(layer_sizes[l], layer_sizes[l + 1])`` and ``b_l`` of shape ``(layer_sizes[l + 1],)``.
        Weights start random, with standard deviation ``sqrt(2 / fan_in)`` for relu and
        ``sqrt(1 / fan_in)`` for tanh and sigmoid; biases start at zero. Every method reads
        ``self.params`` when it is called.

    Raises
    ------
    ValueError
        If ``layer_sizes`` has fewer than two entries or an entry that is not an integer of at
        least 1, or ``activation`` is unknown.
    """

    def __init__(self, layer_sizes, *, activation="relu", seed=None):
        raise NotImplementedError

    def forward(self, X):
        """Class probabilities of every sample.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_in)
            Input samples.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Softmax of the output layer; every row sums to 1. Stable for logits in the
            thousands (no overflow, no NaN).
        """
        raise NotImplementedError

    def loss_and_gradients(self, X, y):
        """Mean cross-entropy of the batch and its gradient with respect to every parameter.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_in)
            Input samples.
        y : array_like of int, shape (n_samples,)
            Class labels in ``[0, n_classes)``.

        Returns
        -------
        loss : float
            ``-mean_i log p_i[y_i]``, where ``p_i`` is ``forward(X)[i]``; finite even for a
            confident wrong prediction.
        grads : list of ndarray
            The gradient of ``loss`` with respect to each entry of ``params``, in the same order
            and with the same shapes: ``[dW1, db1, dW2, db2, ...]``.

        Raises
        ------
        ValueError
            If a label is outside ``[0, n_classes)``.
        """
        raise NotImplementedError

    def fit(self, X, y, *, epochs=200, lr=0.5, batch_size=None, seed=None):
        """Train by gradient descent on the mean cross-entropy, starting from ``params``.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_in)
            Training samples.
        y : array_like of int, shape (n_samples,)
            Their labels in ``[0, n_classes)``.
        epochs : int, default 200
            Number of passes over the training set.
        lr : float, default 0.5
            Learning rate: every step is ``p -= lr * grad`` for each parameter ``p``.
        batch_size : int or None, default None
            None: one full-batch step per epoch. Otherwise every epoch shuffles the samples and
            takes one step per consecutive batch of ``batch_size`` of them (the last batch may
            be smaller), so that every sample is used once per epoch.
        seed : int or None, default None
            Seed of the shuffling (``np.random.default_rng(seed)``): the same seed and the same
            starting ``params`` give the same result.

        Returns
        -------
        self : MLP

        Raises
        ------
        ValueError
            If a label is outside ``[0, n_classes)``, ``epochs`` is negative, ``lr`` is not
            positive, or ``batch_size`` is below 1.
        """
        raise NotImplementedError

    def predict(self, X):
        """Most probable class of every sample.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_in)
            Input samples.

        Returns
        -------
        labels : ndarray of int, shape (n_samples,)
            ``argmax`` of ``forward(X)`` over the classes.
        """
        raise NotImplementedError
