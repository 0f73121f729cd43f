"""Tabular Q-learning, from scratch in numpy.

Implement the four functions below (README.md has the full statement):

- ``epsilon_greedy``: the behaviour policy, a random action with probability epsilon, else a
  greedy one;
- ``q_update``: one Q-learning update of one entry of the table, in place;
- ``q_learning``: the training loop over episodes, calling the two above;
- ``greedy_policy``: the best action of every state.

``gridworld.py`` has the cliff walk to try it on; ``q_learning`` may use an environment only
through ``n_states``, ``n_actions``, ``reset()`` and ``step(action)``.

Use numpy and the standard library only.
"""

import numpy as np


def epsilon_greedy(Q, state, epsilon, rng):
    """Choose an action in ``state``: at random with probability epsilon, else greedily.

    Parameters
    ----------
    Q : ndarray of shape (n_states, n_actions)
        Action values.
    state : int
        The current state, in [0, n_states).
    epsilon : float
        Probability of exploring, in [0, 1].
    rng : numpy.random.Generator
        The only source of randomness.

    Returns
    -------
    action : int
        With probability ``epsilon``, an action drawn uniformly from all ``n_actions`` actions
        (the greedy ones included); otherwise an action maximising ``Q[state]`` (any of them
        when several share the maximum).

    Raises
    ------
    ValueError
        If epsilon is not in [0, 1].
    """
    raise NotImplementedError


def q_update(Q, state, action, reward, next_state, done, *, alpha, gamma):
    """Apply one Q-learning update to ``Q[state, action]``, in place.

    ``Q[state, action] += alpha * (target - Q[state, action])`` with
    ``target = reward + gamma * max(Q[next_state])``, or ``target = reward`` when ``done``
    (a terminal transition has no future to bootstrap from).

    Parameters
    ----------
    Q : ndarray of shape (n_states, n_actions)
        Action values, float64; only ``Q[state, action]`` changes.
    state, action : int
        The state the step started from and the action taken.
    reward : float
        The reward the step returned.
    next_state : int
        The state the step led to.
    done : bool
        Whether the step ended the episode.
    alpha : float
        Learning rate, in (0, 1].
    gamma : float
        Discount factor, in [0, 1].

    Returns
    -------
    None
    """
    raise NotImplementedError


def q_learning(env, *, episodes=500, alpha=0.5, gamma=1.0, epsilon=0.1, max_steps=1000, seed=None):
    """Learn action values by Q-learning with an epsilon-greedy behaviour policy.

    Every episode starts with ``env.reset()`` and runs until a step returns ``done`` or
    ``max_steps`` steps have been taken. Each step picks an action with ``epsilon_greedy``,
    applies it with ``env.step`` and updates Q with ``q_update``.

    Parameters
    ----------
    env : object
        The environment, used only through ``env.n_states``, ``env.n_actions``,
        ``env.reset() -> state`` and ``env.step(action) -> (next_state, reward, done)``.
    episodes : int, default 500
        Number of episodes, at least 1.
    alpha : float, default 0.5
        Learning rate, in (0, 1].
    gamma : float, default 1.0
        Discount factor, in [0, 1].
    epsilon : float, default 0.1
        Exploration probability of the behaviour policy, in [0, 1].
    max_steps : int, default 1000
        Most steps in one episode, at least 1.
    seed : int or None, default None
        Seed of the one ``numpy.random.Generator`` every random choice comes from: the same
        seed gives the same Q.

    Returns
    -------
    Q : ndarray of shape (n_states, n_actions)
        The learned action values, float64, starting from zeros.

    Raises
    ------
    ValueError
        If episodes < 1, max_steps < 1, alpha is not in (0, 1], gamma is not in [0, 1] or
        epsilon is not in [0, 1].
    """
    raise NotImplementedError


def greedy_policy(Q):
    """The greedy action of every state.

    Parameters
    ----------
    Q : ndarray of shape (n_states, n_actions)
        Action values.

    Returns
    -------
    actions : ndarray of shape (n_states,)
        An integer array: for every state, an action maximising ``Q[state]`` (any of them
        when several share the maximum).

    Raises
    ------
    ValueError
        If Q is not 2-D.
    """
    raise NotImplementedError
