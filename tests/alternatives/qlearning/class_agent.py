# alternative: a class-based agent (Q table, generator and hyper-parameters on an object) wrapped by the functions; first-maximiser tie-breaking
"""Q-learning written around an agent object, as in many course notebooks.

``QAgent`` holds the table, the generator and the hyper-parameters; the four contract
functions are thin wrappers. Greedy ties go to the first maximiser (np.argmax).
"""

import numpy as np


class QAgent:
    def __init__(self, n_states, n_actions, *, alpha, gamma, epsilon, seed=None):
        self.Q = np.zeros((n_states, n_actions), dtype=np.float64)
        self.alpha, self.gamma, self.epsilon = alpha, gamma, epsilon
        self.rng = np.random.default_rng(seed)

    def act(self, state):
        return epsilon_greedy(self.Q, state, self.epsilon, self.rng)

    def learn(self, state, action, reward, next_state, done):
        q_update(self.Q, state, action, reward, next_state, done,
                 alpha=self.alpha, gamma=self.gamma)

    def run_episode(self, env, max_steps):
        state = env.reset()
        steps = 0
        done = False
        while not done and steps < max_steps:
            action = self.act(state)
            next_state, reward, done = env.step(action)
            self.learn(state, action, reward, next_state, done)
            state = next_state
            steps += 1


def epsilon_greedy(Q, state, epsilon, rng):
    if epsilon < 0 or epsilon > 1:
        raise ValueError("epsilon must be between 0 and 1")
    n_actions = Q.shape[1]
    if rng.uniform() < epsilon:
        return int(rng.integers(0, n_actions))
    return int(np.argmax(Q[state]))


def q_update(Q, state, action, reward, next_state, done, *, alpha, gamma):
    bootstrap = 0.0 if done else np.max(Q[next_state])
    td_error = reward + gamma * bootstrap - Q[state, action]
    Q[state, action] = Q[state, action] + alpha * td_error


def q_learning(env, *, episodes=500, alpha=0.5, gamma=1.0, epsilon=0.1, max_steps=1000, seed=None):
    if episodes < 1:
        raise ValueError("need at least one episode")
    if max_steps < 1:
        raise ValueError("max_steps must be positive")
    if not (0 < alpha <= 1):
        raise ValueError("alpha must be in (0, 1]")
    if not (0 <= gamma <= 1):
        raise ValueError("gamma must be in [0, 1]")
    if not (0 <= epsilon <= 1):
        raise ValueError("epsilon must be in [0, 1]")
    agent = QAgent(env.n_states, env.n_actions, alpha=alpha, gamma=gamma, epsilon=epsilon,
                   seed=seed)
    for _ in range(episodes):
        agent.run_episode(env, max_steps)
    return agent.Q


def greedy_policy(Q):
    Q = np.asarray(Q, dtype=float)
    if Q.ndim != 2:
        raise ValueError("Q must be a 2-D table")
    return Q.argmax(axis=1)
