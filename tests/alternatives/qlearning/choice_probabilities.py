# alternative: epsilon-greedy as one draw from the mixture's probabilities (rng.choice with p), greedy mass split over tied maximisers; (1 - alpha) * Q + alpha * target update
"""Q-learning where the behaviour policy is written as a probability vector.

pi(a | s) = epsilon / n_actions + (1 - epsilon) / k for each of the k maximisers of Q[s], and
epsilon / n_actions for every other action; one rng.choice draws from it.
"""

import numpy as np


def _check_probability(name, value):
    if not (0.0 <= value <= 1.0):
        raise ValueError(f"{name}={value} is not a probability")


def epsilon_greedy(Q, state, epsilon, rng):
    _check_probability("epsilon", epsilon)
    q = np.asarray(Q[state], dtype=float)
    n = q.size
    greedy = q == q.max()
    probs = np.full(n, epsilon / n)
    probs[greedy] += (1.0 - epsilon) / greedy.sum()
    probs /= probs.sum()
    return int(rng.choice(n, p=probs))


def q_update(Q, state, action, reward, next_state, done, *, alpha, gamma):
    future = 0.0 if done else gamma * Q[next_state].max()
    Q[state, action] = (1.0 - alpha) * Q[state, action] + alpha * (reward + future)


def q_learning(env, *, episodes=500, alpha=0.5, gamma=1.0, epsilon=0.1, max_steps=1000, seed=None):
    if int(episodes) < 1 or int(max_steps) < 1:
        raise ValueError("episodes and max_steps must be >= 1")
    if alpha <= 0 or alpha > 1:
        raise ValueError("alpha must be in (0, 1]")
    _check_probability("gamma", gamma)
    _check_probability("epsilon", epsilon)
    rng = np.random.default_rng(seed)
    Q = np.zeros((env.n_states, env.n_actions))
    for episode in range(episodes):
        s = env.reset()
        t = 0
        while True:
            a = epsilon_greedy(Q, s, epsilon, rng)
            s2, r, done = env.step(a)
            q_update(Q, s, a, r, s2, done, alpha=alpha, gamma=gamma)
            s = s2
            t += 1
            if done or t >= max_steps:
                break
    return Q


def greedy_policy(Q):
    Q = np.asarray(Q)
    if Q.ndim != 2:
        raise ValueError(f"expected a (n_states, n_actions) table, got shape {Q.shape}")
    return np.array([int(np.argmax(row)) for row in Q], dtype=int)
