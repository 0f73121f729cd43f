"""The cliff walk: a 4 x 12 gridworld for trying out Q-learning.

This is the classic example of Sutton and Barto (Reinforcement Learning, example 6.6)::

     0  1  2  3  4  5  6  7  8  9 10 11
    12 13 14 15 16 17 18 19 20 21 22 23
    24 25 26 27 28 29 30 31 32 33 34 35
    36 37 38 39 40 41 42 43 44 45 46 47
     S  C  C  C  C  C  C  C  C  C  C  G

State ``s`` is the cell in row ``s // 12``, column ``s % 12``. Every episode starts in S
(state 36) and ends on reaching G (state 47). The cells between them, 37 to 46, are the cliff.

- Actions: 0 up, 1 right, 2 down, 3 left.
- Every step costs -1. A move off the grid leaves the agent where it is (and still costs -1).
- Stepping into the cliff costs -100 and sends the agent back to S; the episode goes on.
- Stepping into G ends the episode (``done`` is True).

The best path runs along the edge of the cliff: up, 11 times right, down, a return of -13.
The safe path along the top row returns -17.

Only four things form the interface that ``q_learning`` may use::

    env = CliffWalk()
    env.n_states, env.n_actions      # 48, 4
    state = env.reset()              # 36
    next_state, reward, done = env.step(action)

``render`` draws a policy (one action per state) as arrows, and ``run_policy`` plays one::

    from gridworld import CliffWalk, render, run_policy
    from qlearning import greedy_policy, q_learning

    policy = greedy_policy(q_learning(CliffWalk(), seed=0))
    print(render(policy))
    print(run_policy(CliffWalk(), policy))   # -13.0 once the best path is learned
"""

from __future__ import annotations

N_ROWS, N_COLS = 4, 12
START, GOAL = 36, 47
CLIFF = frozenset(range(37, 47))
UP, RIGHT, DOWN, LEFT = 0, 1, 2, 3
MOVES = {UP: (-1, 0), RIGHT: (0, 1), DOWN: (1, 0), LEFT: (0, -1)}
ARROWS = {UP: "^", RIGHT: ">", DOWN: "v", LEFT: "<"}


class CliffWalk:
    """The 4 x 12 cliff walk (see the module docstring for the map and the rewards).

    Attributes
    ----------
    n_states : int
        48, one state per cell: ``row * 12 + column``.
    n_actions : int
        4: 0 up, 1 right, 2 down, 3 left.
    state : int or None
        The current state (None before the first ``reset``).
    """

    n_states = N_ROWS * N_COLS
    n_actions = len(MOVES)

    def __init__(self):
        self.state = None
        self._done = True

    def reset(self):
        """Start a new episode in S.

        Returns
        -------
        state : int
            The start state, 36.
        """
        self.state = START
        self._done = False
        return self.state

    def step(self, action):
        """Take one action.

        Parameters
        ----------
        action : int
            0 up, 1 right, 2 down or 3 left.

        Returns
        -------
        next_state : int
            The new state (36 after a fall into the cliff).
        reward : float
            -1.0, or -100.0 for a step into the cliff.
        done : bool
            True when the step reached G: call ``reset`` before stepping again.

        Raises
        ------
        ValueError
            If action is not one of 0, 1, 2, 3.
        RuntimeError
            Before ``reset``, or after a step that returned ``done=True`` (the episode is over).
        """
        if self._done:
            raise RuntimeError("the episode is over (or never started): call reset() first")
        move = MOVES.get(_as_action(action))
        row, col = divmod(self.state, N_COLS)
        row = min(max(row + move[0], 0), N_ROWS - 1)
        col = min(max(col + move[1], 0), N_COLS - 1)
        nxt = row * N_COLS + col
        if nxt in CLIFF:
            self.state = START
            return self.state, -100.0, False
        self.state = nxt
        self._done = nxt == GOAL
        return self.state, -1.0, self._done


def _as_action(action):
    """``action`` as a Python int, checked to be one of the four actions."""
    try:
        value = int(action)
    except (TypeError, ValueError):
        value = None
    if value is None or value != action or value not in MOVES:
        raise ValueError(f"action must be 0 (up), 1 (right), 2 (down) or 3 (left), got {action!r}")
    return value


def render(policy):
    """Draw a policy on the grid: one arrow per cell, S, G and the cliff marked.

    Parameters
    ----------
    policy : sequence of int of length 48
        The action of every state, e.g. ``greedy_policy(Q)``.

    Returns
    -------
    text : str
        Four lines of twelve cells: an arrow for the action of every cell (the start cell
        included), ``C`` for the cliff and ``G`` for the goal.

    Examples
    --------
    >>> print(render([1] * 48))
    > > > > > > > > > > > >
    > > > > > > > > > > > >
    > > > > > > > > > > > >
    > C C C C C C C C C C G
    """
    if len(policy) != N_ROWS * N_COLS:
        raise ValueError(f"a policy has one action per state (48), got {len(policy)}")
    cells = []
    for state, action in enumerate(policy):
        if state in CLIFF:
            cells.append("C")
        elif state == GOAL:
            cells.append("G")
        else:
            cells.append(ARROWS[_as_action(action)])
    rows = [" ".join(cells[r * N_COLS : (r + 1) * N_COLS]) for r in range(N_ROWS)]
    return "\n".join(rows)


def run_policy(env, policy, max_steps=100):
    """Play one episode following ``policy`` and return its (undiscounted) return.

    Parameters
    ----------
    env : CliffWalk
        The environment (any with the same interface).
    policy : sequence of int of length n_states
        The action of every state.
    max_steps : int, default 100
        The episode is cut off after this many steps (a policy may go round in circles).

    Returns
    -------
    total : float
        The sum of the rewards: -13.0 for the best path, -17.0 for the safe path along the
        top row.
    """
    state = env.reset()
    total = 0.0
    for _ in range(max_steps):
        state, reward, done = env.step(int(policy[state]))
        total += reward
        if done:
            break
    return total
