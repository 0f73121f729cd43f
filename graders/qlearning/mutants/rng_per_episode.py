# mutant: the generator is rebuilt from the seed at the start of every episode, so every episode replays the same random numbers
# expect: new generator in every episode
"""Tabular Q-learning with an epsilon-greedy behaviour policy: the reference solution.

Q-learning learns the optimal action values of a small environment from experience alone.
After every step ``(s, a, r, s')`` it moves ``Q[s, a]`` a fraction ``alpha`` of the way towards
the target ``r + gamma * max_a' Q[s', a']``, or towards ``r`` alone when the step ended the
episode. The target takes the best next action whatever the agent does next, so the agent may
explore (act at random with probability ``epsilon``) and still learn the greedy policy's values:
Q-learning is off-policy. SARSA, its on-policy sibling, uses the action actually taken next.

The environment is used only through ``n_states``, ``n_actions``, ``reset()`` and
``step(action) -> (next_state, reward, done)``; ``gridworld.py`` has the cliff walk.
"""

from __future__ import annotations

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
    if not 0.0 <= epsilon <= 1.0:
        raise ValueError(f"epsilon must be in [0, 1], got {epsilon!r}")
    row = Q[state]
    if rng.random() < epsilon:
        return int(rng.integers(row.shape[0]))
    best = np.flatnonzero(row == row.max())
    # ties at random, so that an all-zero row does not always try the first action
    return int(best[0] if len(best) == 1 else best[rng.integers(len(best))])


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
    target = reward if done else reward + gamma * Q[next_state].max()
    Q[state, action] += alpha * (target - Q[state, action])


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
    if episodes < 1 or max_steps < 1:
        raise ValueError(
            f"episodes and max_steps must be at least 1, got {episodes} and {max_steps}"
        )
    if not 0.0 < alpha <= 1.0:
        raise ValueError(f"alpha must be in (0, 1], got {alpha!r}")
    if not 0.0 <= gamma <= 1.0:
        raise ValueError(f"gamma must be in [0, 1], got {gamma!r}")
    if not 0.0 <= epsilon <= 1.0:
        raise ValueError(f"epsilon must be in [0, 1], got {epsilon!r}")
    rng = np.random.default_rng(seed)
    Q = np.zeros((env.n_states, env.n_actions))
    for _ in range(episodes):
        rng = np.random.default_rng(seed)
        state = env.reset()
        for _ in range(max_steps):
            action = epsilon_greedy(Q, state, epsilon, rng)
            next_state, reward, done = env.step(action)
            q_update(Q, state, action, reward, next_state, done, alpha=alpha, gamma=gamma)
            if done:
                break
            state = next_state
    return Q


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
    Q = np.asarray(Q)
    if Q.ndim != 2:
        raise ValueError(f"Q must be 2-D (n_states, n_actions), got shape {Q.shape}")
    return np.argmax(Q, axis=1)
