# alternative: the loop shaped like SARSA (the next action is chosen before the update) but with Q-learning's max target; ties by a random permutation; validation through a helper
"""Q-learning, written by someone who learned SARSA first.

The loop chooses the next action before updating, as SARSA does, but the target is still the
max over next actions (Q-learning), so the learned values are Q-learning's. Greedy ties are
broken by scanning the actions in a random order.
"""

import numpy as np


def _require(condition, message):
    if not condition:
        raise ValueError(message)


def epsilon_greedy(Q, state, epsilon, rng):
    _require(0.0 <= epsilon <= 1.0, f"epsilon={epsilon!r} must lie in [0, 1]")
    values = Q[state, :]
    n_actions = values.shape[0]
    explore = rng.random() < epsilon
    if explore:
        return int(rng.integers(low=0, high=n_actions))
    order = rng.permutation(n_actions)
    return int(order[np.argmax(values[order])])


def q_update(Q, state, action, reward, next_state, done, *, alpha, gamma):
    if done:
        target = reward
    else:
        target = reward + gamma * np.amax(Q[next_state, :])
    Q[state, action] += alpha * (target - Q[state, action])


def q_learning(env, *, episodes=500, alpha=0.5, gamma=1.0, epsilon=0.1, max_steps=1000, seed=None):
    _require(episodes >= 1, "episodes must be at least 1")
    _require(max_steps >= 1, "max_steps must be at least 1")
    _require(0.0 < alpha <= 1.0, "alpha must be in (0, 1]")
    _require(0.0 <= gamma <= 1.0, "gamma must be in [0, 1]")
    _require(0.0 <= epsilon <= 1.0, "epsilon must be in [0, 1]")
    rng = np.random.default_rng(seed)
    Q = np.zeros((env.n_states, env.n_actions), dtype=np.float64)
    for _ in range(episodes):
        state = env.reset()
        action = epsilon_greedy(Q, state, epsilon, rng)
        for _ in range(max_steps):
            next_state, reward, done = env.step(action)
            next_action = epsilon_greedy(Q, next_state, epsilon, rng) if not done else None
            q_update(Q, state, action, reward, next_state, done, alpha=alpha, gamma=gamma)
            if done:
                break
            state, action = next_state, next_action
    return Q


def greedy_policy(Q):
    Q = np.asarray(Q, dtype=np.float64)
    _require(Q.ndim == 2, "Q must be a (n_states, n_actions) array")
    return np.argmax(Q, axis=1).astype(np.intp)
