"""The qlearning reference solution against independent oracles and its own contract.

There is no scikit-learn counterpart. The oracles are value iteration (the exact optimal action
values of a small deterministic MDP: Q-learning must converge to them), hand-computed updates,
and the binomial law of epsilon-greedy's action frequencies. The cliff walk comes from the
kata's own gridworld.py, so its map and rewards are checked here too.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.helpers import ROOT, load_module, load_solution

qlearning = load_solution("qlearning")
gridworld = load_module(ROOT / "katas" / "qlearning" / "gridworld.py", "kata_gridworld")


class TableMDP:
    """A deterministic MDP from tables; ``reset`` cycles through ``starts`` (exploring starts)."""

    def __init__(self, T, R, D, starts=(0,)):
        self.T, self.R, self.D = T.tolist(), R.tolist(), D.tolist()
        self.n_states, self.n_actions = T.shape
        self.starts, self.resets, self.state = list(starts), 0, None

    def reset(self):
        self.state = self.starts[self.resets % len(self.starts)]
        self.resets += 1
        return self.state

    def step(self, action):
        s = self.state
        self.state = self.T[s][action]
        return self.state, self.R[s][action], self.D[s][action]


def value_iteration(T, R, D, gamma, sweeps=5000):
    """Q* of a deterministic MDP: the fixed point of Q = R + gamma * (1 - D) * max Q[T]."""
    Q = np.zeros(T.shape)
    for _ in range(sweeps):
        new = R + gamma * np.where(D, 0.0, Q.max(axis=1)[T])
        if np.array_equal(new, Q):
            break
        Q = new
    return Q


def random_mdp(seed, n_states=8, n_actions=3):
    rng = np.random.default_rng(seed)
    T = rng.integers(0, n_states, size=(n_states, n_actions))
    R = rng.normal(size=(n_states, n_actions))
    D = rng.random((n_states, n_actions)) < 0.1
    return T, R, D


def cliff_tables():
    """The cliff walk's tables, read off gridworld.CliffWalk one step at a time."""
    env = gridworld.CliffWalk()
    T, R, D = (np.zeros((48, 4), dtype=int), np.zeros((48, 4)), np.zeros((48, 4), dtype=bool))
    for s in range(48):
        for a in range(4):
            env.reset()
            env.state = s
            T[s, a], R[s, a], D[s, a] = env.step(a)
    return T, R, D


# --------------------------------------------------------------------------- the environment


def test_cliff_walk_map_and_rewards():
    T, R, D = cliff_tables()
    assert gridworld.CliffWalk().reset() == 36
    assert T[36].tolist() == [24, 36, 36, 36] and R[36].tolist() == [-1.0, -100.0, -1.0, -1.0]
    assert T[35, 2] == 47 and D[35, 2] and R[35, 2] == -1.0  # down into the goal
    on_grid = [s for s in range(48) if not 37 <= s <= 46]  # the agent never stands in the cliff
    falls = {(s, a) for s in on_grid for a in range(4) if R[s, a] == -100.0}
    assert falls == {(36, 1), (47, 3)} | {(s, 2) for s in range(25, 35)}
    assert all(T[s, a] == 36 and not D[s, a] for s, a in falls)  # back to S, the episode goes on
    assert T[0, 0] == 0 and T[11, 1] == 11  # walls: the agent stays where it is
    ends = {(s, a) for s in on_grid for a in range(4) if D[s, a]}
    assert ends == {(35, 2), (47, 1), (47, 2)}  # stepping into G (or bumping a wall in G)


def test_cliff_walk_refuses_steps_after_the_end():
    env = gridworld.CliffWalk()
    with pytest.raises(RuntimeError):
        env.step(0)
    env.reset()
    with pytest.raises(ValueError):
        env.step(4)
    policy = [0] * 12 + [1] * 11 + [2] + [1] * 11 + [2] + [0] * 12  # up, right along row 2, down
    assert gridworld.run_policy(env, policy) == -13.0
    with pytest.raises(RuntimeError):
        env.step(0)
    assert gridworld.render([1] * 48).splitlines()[-1] == "> C C C C C C C C C C G"


def test_value_iteration_of_the_cliff_walk():
    T, R, D = cliff_tables()
    Q = value_iteration(T, R, D, 1.0)
    assert Q[36].max() == -13.0 and np.argmax(Q[36]) == 0


# --------------------------------------------------------------------------- small functions


def test_q_update_by_hand():
    Q = np.zeros((3, 2))
    Q[1] = [2.0, 4.0]
    Q[2] = [10.0, -3.0]
    qlearning.q_update(Q, 0, 1, -1.0, 1, False, alpha=0.5, gamma=0.9)
    assert Q[0, 1] == pytest.approx(0.5 * (-1.0 + 0.9 * 4.0))  # 1.3
    qlearning.q_update(Q, 0, 1, -1.0, 1, False, alpha=0.5, gamma=0.9)
    assert Q[0, 1] == pytest.approx(1.3 + 0.5 * (2.6 - 1.3))  # 1.95
    qlearning.q_update(Q, 0, 0, 5.0, 2, True, alpha=0.25, gamma=0.9)
    assert Q[0, 0] == pytest.approx(1.25)  # terminal: target 5, not 5 + 0.9 * 10
    qlearning.q_update(Q, 1, 1, 1.0, 1, False, alpha=1.0, gamma=0.5)
    assert Q[1, 1] == pytest.approx(1.0 + 0.5 * 4.0)  # self-loop: the max before the update
    assert Q[1, 0] == 2.0 and Q[2].tolist() == [10.0, -3.0]


@pytest.mark.parametrize("epsilon", [0.0, 0.25, 1.0])
def test_epsilon_greedy_frequencies(epsilon):
    Q = np.array([[0.3, -1.0, 2.0, 0.0, 1.9]])
    rng = np.random.default_rng(42)
    n = 20_000
    actions = [qlearning.epsilon_greedy(Q, 0, epsilon, rng) for _ in range(n)]
    freq = np.bincount(actions, minlength=5) / n
    expected = np.full(5, epsilon / 5)
    expected[2] += 1 - epsilon
    assert np.all(np.abs(freq - expected) <= 5 * np.sqrt(expected * (1 - expected) / n) + 1e-12)


def test_epsilon_greedy_breaks_ties_among_maximisers_only():
    Q = np.array([[1.0, 3.0, 3.0, -2.0]])
    rng = np.random.default_rng(0)
    actions = {qlearning.epsilon_greedy(Q, 0, 0.0, rng) for _ in range(500)}
    assert actions == {1, 2}


# --------------------------------------------------------------------------- q_learning


@pytest.mark.parametrize("seed", range(6))
def test_converges_to_value_iteration_on_random_mdps(seed):
    T, R, D = random_mdp(seed)
    gamma = 0.9
    env = TableMDP(T, R, D, starts=range(T.shape[0]))
    # epsilon=1: a uniformly random behaviour policy; Q-learning is off-policy, so it still
    # learns Q* (deterministic MDP, every pair visited hundreds of times)
    Q = qlearning.q_learning(env, episodes=4000, alpha=0.5, gamma=gamma, epsilon=1.0,
                             max_steps=20, seed=seed)
    np.testing.assert_allclose(Q, value_iteration(T, R, D, gamma), atol=1e-6)


@pytest.mark.parametrize("seed", range(10))
def test_cliff_walk_greedy_policy_is_optimal(seed):
    T, R, D = cliff_tables()
    Q = qlearning.q_learning(gridworld.CliffWalk(), seed=seed)
    policy = qlearning.greedy_policy(Q)
    assert gridworld.run_policy(gridworld.CliffWalk(), policy) == -13.0
    # along the optimal path the learned values are the exact optimal values
    Q_star = value_iteration(T, R, D, 1.0)
    path = [36] + list(range(24, 36))
    np.testing.assert_allclose(Q[path, policy[path]], Q_star[path].max(axis=1), atol=1e-9)


def test_same_seed_same_q_and_other_seed_other_q():
    first = qlearning.q_learning(gridworld.CliffWalk(), episodes=50, seed=1)
    again = qlearning.q_learning(gridworld.CliffWalk(), episodes=50, seed=1)
    other = qlearning.q_learning(gridworld.CliffWalk(), episodes=50, seed=2)
    assert np.array_equal(first, again) and not np.array_equal(first, other)
    assert first.dtype == np.float64


@pytest.mark.parametrize("kwargs", [
    {"alpha": 0.0}, {"alpha": 1.5}, {"gamma": -0.1}, {"gamma": 1.5}, {"epsilon": -0.1},
    {"epsilon": 1.1}, {"episodes": 0}, {"max_steps": 0},
])
def test_invalid_arguments(kwargs):
    with pytest.raises(ValueError):
        qlearning.q_learning(gridworld.CliffWalk(), **kwargs)


def test_greedy_policy_rejects_a_1d_table():
    with pytest.raises(ValueError):
        qlearning.greedy_policy(np.zeros(4))
    with pytest.raises(ValueError):
        qlearning.epsilon_greedy(np.zeros((1, 2)), 0, 2.0, np.random.default_rng(0))
