# alternative: plain Python inside the loop (the table as lists of floats, max() and list scans), numpy only at the edges; random ties by rng.integers over the list of maximisers
"""Q-learning in plain Python: the hot loop touches no numpy arrays.

q_learning keeps Q as a list of lists of Python floats (indexing them is cheaper than indexing
an ndarray element by element) and turns it into an ndarray at the end. The public
epsilon_greedy and q_update accept the ndarray of the contract.
"""

import numpy as np


def _pick(row, epsilon, rng):
    """Epsilon-greedy on one row given as a sequence of floats."""
    n = len(row)
    if rng.random() < epsilon:
        return int(rng.integers(n))
    best = max(row)
    ties = [a for a in range(n) if row[a] == best]
    if len(ties) == 1:
        return ties[0]
    return ties[int(rng.integers(len(ties)))]


def epsilon_greedy(Q, state, epsilon, rng):
    if not 0 <= epsilon <= 1:
        raise ValueError("epsilon outside [0, 1]")
    return _pick(list(Q[state]), epsilon, rng)


def q_update(Q, state, action, reward, next_state, done, *, alpha, gamma):
    old = float(Q[state, action])
    target = float(reward)
    if not done:
        target += gamma * float(max(Q[next_state]))
    Q[state, action] = old + alpha * (target - old)


def q_learning(env, *, episodes=500, alpha=0.5, gamma=1.0, epsilon=0.1, max_steps=1000, seed=None):
    problems = []
    if episodes < 1:
        problems.append("episodes < 1")
    if max_steps < 1:
        problems.append("max_steps < 1")
    if not 0 < alpha <= 1:
        problems.append("alpha outside (0, 1]")
    if not 0 <= gamma <= 1:
        problems.append("gamma outside [0, 1]")
    if not 0 <= epsilon <= 1:
        problems.append("epsilon outside [0, 1]")
    if problems:
        raise ValueError(", ".join(problems))
    rng = np.random.default_rng(seed)
    table = [[0.0] * env.n_actions for _ in range(env.n_states)]
    for _ in range(episodes):
        s = env.reset()
        for _ in range(max_steps):
            a = _pick(table[s], epsilon, rng)
            s2, r, done = env.step(a)
            target = r if done else r + gamma * max(table[s2])
            table[s][a] += alpha * (target - table[s][a])
            if done:
                break
            s = s2
    return np.array(table, dtype=np.float64)


def greedy_policy(Q):
    Q = np.asarray(Q)
    if Q.ndim != 2:
        raise ValueError("Q must be 2-D")
    out = np.empty(Q.shape[0], dtype=np.int64)
    for s in range(Q.shape[0]):
        row = list(Q[s])
        out[s] = row.index(max(row))
    return out
