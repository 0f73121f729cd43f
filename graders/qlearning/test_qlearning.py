"""Hidden grader of the qlearning kata (DESIGN.md section 6, "qlearning").

q_learning sees an environment only through ``n_states``, ``n_actions``, ``reset()`` and
``step(action)``, so the grader drives it with its own environments: :class:`TableEnv`, a
deterministic MDP given by tables, which records every call. The record is what is judged,
whatever random choices the agent made:

- the Q table returned must equal Q-learning replayed over the very transitions the agent made
  (to rounding); the same transitions replayed with a classic mistake name the mistake when
  the table matches it;
- resets, episode lengths and steps taken after ``done`` show how episodes are run;
- the share of non-greedy actions is compared with its binomial law under epsilon-greedy;
- the outcome: on the cliff walk the greedy policy must take the optimal path (-13); on small
  MDPs it must be optimal and the values right, against value iteration.

A classic mistake is named only when the evidence shows it. A wrong outcome whose table still
equals Q-learning's updates over the agent's transitions points at the agent's experience, so
the record's exploration is judged (its rate, whether it fades over the episodes) and a short
probe shows whether the random numbers start over in every episode. Short probes also tell a
missing reset after a max_steps cut-off from max_steps ignored, and name the update a run that
had to be stopped would have made.

epsilon_greedy is judged by action frequencies over thousands of draws from a seeded Generator
the grader passes in (each frequency within 6 standard errors of the binomial law), q_update
exactly on hand-made transitions, greedy_policy on tables with and without ties (any maximiser
is accepted where several share the maximum).
"""

import gc
import inspect
import operator
import random
import time

import numpy as np
import pytest

from kata_cli import checks

# --------------------------------------------------------------------------- classic mistakes

TERMINAL_BOOTSTRAP = (
    "bootstrapping on terminal transitions (when done is True there is no future: the target "
    "is the reward alone)"
)
SARSA = (
    "SARSA's on-policy update in place of Q-learning's (the target must use max(Q[next_state]), "
    "not the value of the action the agent takes next)"
)
IGNORE_ALPHA = (
    "ignoring alpha (Q[s, a] replaced by the target instead of moved a fraction alpha towards it)"
)
DISCOUNTED_REWARD = (
    "discounting the reward (gamma multiplies only the next state's value: "
    "target = r + gamma * max(Q[next_state]))"
)
SAME_ACTION_NEXT = "Q[next_state, action] used instead of max(Q[next_state])"
CURRENT_ROW = "max(Q[state]) used instead of max(Q[next_state])"
SELF_LOOP = (
    "the target read after Q[state, action] was already changed (on a self-loop, next_state == "
    "state, compute the target from the table before the update)"
)
TRUNCATION_AS_TERMINAL = (
    "treating the max_steps cut-off as a terminal transition (only done=True ends the future; "
    "the last step of an episode cut off by max_steps still bootstraps)"
)
STATE_NOT_ADVANCED = "the state never advanced (state = next_state missing after a step)"
ONE_MINUS_EPSILON = "exploring with probability 1 - epsilon instead of epsilon"
NEVER_EXPLORING = "never exploring (epsilon ignored: always a greedy action)"
ALWAYS_EXPLORING = "always exploring (a random action at every step, whatever epsilon)"
NON_GREEDY_ONLY = (
    "the random action drawn from the non-greedy actions only (exploration draws uniformly from "
    "ALL actions, the greedy one included)"
)
NO_RESET = "not resetting between episodes (every episode must start with state = env.reset())"
IGNORE_DONE = "ignoring done (an episode ends at the step that returns done=True)"
MAX_STEPS_OFF_BY_ONE = "max_steps off by one (an episode is at most max_steps steps)"
MAX_STEPS_IGNORED = (
    "max_steps ignored (an episode that never returns done must stop after max_steps steps)"
)
WRONG_RNG = (
    "randomness not drawn from the generator passed in (np.random or the random module "
    "instead of rng)"
)
SEED_IGNORED = "the seed ignored (build one generator with np.random.default_rng(seed))"
TOLERANT_TIES = (
    "ties detected with a tolerance (np.isclose or a small epsilon): values that differ are "
    "not tied, even when they are large or tiny"
)
ARGMIN = "argmin instead of argmax"
NO_RESET_AFTER_CUTOFF = (
    "not resetting between episodes after a max_steps cut-off (every episode starts with "
    "state = env.reset(), however the previous one ended, not only after done=True)"
)
MAX_STEPS_SHORT = (
    "one step short of max_steps (range(1, max_steps) or the like: an episode cut off by "
    "max_steps takes exactly max_steps steps)"
)
TERMINAL_NOT_UPDATED = (
    "the terminal step never updated (the loop breaks on done before q_update, so the step "
    "that ends an episode, the only one that sees its final reward, is never learned from)"
)
EXCLUDES_LAST = (
    "the last action never explored (rng.integers(n_actions - 1): the upper bound is "
    "exclusive, so rng.integers(n_actions) is the one that draws from all actions)"
)
RNG_PER_EPISODE = (
    "a new generator in every episode (np.random.default_rng(seed) inside the episode loop "
    "replays the same random numbers in every episode: build one rng per q_learning call)"
)
EPSILON_DECAY = (
    "epsilon decayed over the episodes (the contract explores at the fixed rate epsilon in "
    "every episode)"
)
NOT_FROM_ZEROS = (
    "Q not started from zeros (a random or optimistic initial table; the contract starts "
    "from Q = np.zeros((env.n_states, env.n_actions)))"
)

# --------------------------------------------------------------------------- environments


class RunawayEpisode(Exception):
    """Raised by TableEnv when one episode goes on far longer than it may."""


class TooSlow(Exception):
    """Raised by TableEnv when a run passes its deadline (the efficiency tests)."""


class TableEnv:
    """A deterministic MDP given by tables, recording how the agent uses it.

    ``next_state[s][a]``, ``reward[s][a]`` and ``done[s][a]`` describe the step from state s
    with action a. ``reset()`` returns ``starts[k % len(starts)]`` at the k-th call (one start
    state unless the MDP uses exploring starts). A step after a ``done`` without a reset is
    not refused: it is counted, and goes on from the state the done step led to.
    """

    def __init__(self, next_state, reward, done, *, starts=(0,), record=True, cap=20_000,
                 deadline=None):
        self.next_state = np.asarray(next_state, dtype=np.int64).tolist()
        self.reward = np.asarray(reward, dtype=np.float64).tolist()
        self.done = np.asarray(done, dtype=bool).tolist()
        self.n_states = len(self.next_state)
        self.n_actions = len(self.next_state[0])
        self.starts = list(starts)
        self.record = record
        self.cap = cap  # most steps between two resets before the run is stopped
        self.deadline = deadline  # a time.perf_counter() value, or None
        self.resets = 0
        self.lengths = []  # steps taken after each reset
        self.transitions = []  # (episode, state, action, reward, next_state, done)
        self.after_done = 0  # steps taken after a done, without a reset in between
        self.before_reset = 0  # steps taken before the first reset
        self.state = None
        self.over = False

    def reset(self):
        state = self.starts[self.resets % len(self.starts)]
        self.resets += 1
        self.lengths.append(0)
        self.state, self.over = state, False
        return state

    def step(self, action):
        try:
            a = operator.index(action)
        except TypeError:
            raise ValueError(
                f"env.step got action {action!r} of type {type(action).__name__}: an action is "
                f"an integer in [0, {self.n_actions})"
            ) from None
        if not 0 <= a < self.n_actions:
            raise ValueError(f"env.step got action {a}: actions are 0 to {self.n_actions - 1}")
        if self.state is None:
            self.before_reset += 1
            self.state = self.starts[0]
            self.lengths.append(0)
        if self.over:
            self.after_done += 1
        self.lengths[-1] += 1
        if self.lengths[-1] > self.cap:
            raise RunawayEpisode(self.lengths[-1])
        if self.deadline is not None and time.perf_counter() > self.deadline:
            raise TooSlow()
        s = self.state
        nxt, r, d = self.next_state[s][a], self.reward[s][a], self.done[s][a]
        if self.record:
            self.transitions.append((self.resets - 1, s, a, r, nxt, d))
        self.state, self.over = nxt, d
        return nxt, r, d


def _tables(n_states, n_actions):
    return (np.zeros((n_states, n_actions), dtype=int), np.zeros((n_states, n_actions)),
            np.zeros((n_states, n_actions), dtype=bool))


def cliff_walk(scale=1.0):
    """The 4 x 12 cliff walk of gridworld.py (rewards times ``scale``): start 36, goal 47,
    actions 0 up, 1 right, 2 down, 3 left; -1 a step, -100 and back to the start for the
    cliff (37 to 46)."""
    T, R, D = _tables(48, 4)
    moves = [(-1, 0), (0, 1), (1, 0), (0, -1)]
    for s in range(48):
        row, col = divmod(s, 12)
        for a, (dr, dc) in enumerate(moves):
            nxt = min(max(row + dr, 0), 3) * 12 + min(max(col + dc, 0), 11)
            if 37 <= nxt <= 46:
                T[s, a], R[s, a] = 36, -100.0
            else:
                T[s, a], R[s, a], D[s, a] = nxt, -1.0, nxt == 47
    return T, R * scale, D, (36,)


def grab_or_go():
    """Five cells in a row (0 to 4) and an exit (5); exploring starts in cells 0 to 4.
    Action 0 moves forward (-0.1; from cell 4 it reaches the exit: +10, done); action 1 grabs
    +1 and ends the episode (the env reports cell 0 as the next state, so bootstrapping on the
    terminal transition makes grabbing look good); action 2 steps back, free. With gamma 0.9,
    going forward is optimal everywhere."""
    T, R, D = _tables(6, 3)
    for s in range(5):
        T[s] = [s + 1, 0, max(s - 1, 0)]
        R[s] = [-0.1, 1.0, 0.0]
        D[s, 1] = True
    R[4, 0], D[4, 0] = 10.0, True
    T[5], D[5] = 5, True
    return T, R, D, tuple(range(5))


def ring():
    """Four states on a ring, never done (episodes end by max_steps); exploring starts. Action
    0 advances to the next state, action 1 stays (a self-loop)."""
    T = np.array([[1, 0], [2, 1], [3, 2], [0, 3]])
    R = np.array([[0.0, 0.5], [0.0, -1.0], [0.0, 0.2], [3.0, 1.0]])
    return T, R, np.zeros((4, 2), dtype=bool), (0, 1, 2, 3)


def one_way_doors():
    """Six rooms and an exit (6); doors only lead forward, so every episode ends within six
    steps. Two doors end the episode early but report a room as the next state (2 -> 0 and
    4 -> 1), so a bootstrap on them would read non-zero values."""
    T, R, D = _tables(7, 3)
    for s in range(6):
        T[s] = [min(s + k, 6) for k in (1, 2, 3)]
    D[:] = T == 6
    T[2, 2], D[2, 2] = 0, True
    T[4, 1], D[4, 1] = 1, True
    T[6], D[6] = 6, True
    R[:6] = [[-0.2, 0.3, -0.5], [0.1, -0.4, 0.6], [0.2, -0.1, 0.5],
             [-0.3, 0.4, 0.0], [0.7, 1.0, -0.6], [0.2, -0.2, 0.9]]
    return T, R, D, (0,)


def bandit():
    """One state, four actions, every step ends the episode: action 0 pays +1, the others -1."""
    T, R, D = _tables(1, 4)
    R[0] = [1.0, -1.0, -1.0, -1.0]
    D[:] = True
    return T, R, D, (0,)


def corridor():
    """Three steps to the exit (3), whatever the actions; the exit leads to itself, done."""
    T = np.array([[1, 1], [2, 2], [3, 3], [3, 3]])
    R = np.array([[0.0, -1.0], [0.0, -1.0], [1.0, 0.0], [0.0, 0.0]])
    D = np.zeros((4, 2), dtype=bool)
    D[2:] = True
    return T, R, D, (0,)


def endless():
    """Two states that swap on every step, never done: episodes end by max_steps only."""
    T = np.array([[1, 0], [0, 1]])
    return T, np.array([[1.0, 0.0], [0.5, -0.5]]), np.zeros((2, 2), dtype=bool), (0,)


def torus(n_states=48, reachable=48):
    """A ring of ``reachable`` cells inside a table of ``n_states`` states, never done, so that
    every episode lasts exactly max_steps steps whatever the agent does (the efficiency tests
    compare equal numbers of steps). Actions: 0 forward, 1 back, 2 and 3 stay; rewards vary
    from cell to cell."""
    T = np.repeat(np.arange(n_states)[:, None], 4, axis=1)
    cells = np.arange(reachable)
    T[cells, 0] = (cells + 1) % reachable
    T[cells, 1] = (cells - 1) % reachable
    R = np.zeros((n_states, 4))
    R[cells] = np.cos(cells)[:, None] * np.array([1.0, -0.5, 0.25, -1.0])
    return T, R, np.zeros((n_states, 4), dtype=bool), (0,)


def make(mdp, **kwargs):
    T, R, D, starts = mdp
    return TableEnv(T, R, D, starts=starts, **kwargs)


# --------------------------------------------------------------------------- running q_learning


def _call(kwargs):
    return "q_learning(env, " + ", ".join(f"{k}={v!r}" for k, v in kwargs.items()) + ")"


RUN_BUDGET_S = 4.0  # one q_learning run of the grader takes the reference well under 0.2 s


def _episode_evidence(env, kwargs, *, complete=True, submission=None):
    """The classic mistake the environment's record shows, if any, and the evidence.
    ``complete`` is false for a run that was stopped before it returned. With ``submission``,
    a short probe tells a missing reset after a max_steps cut-off from max_steps ignored."""
    episodes, max_steps = kwargs.get("episodes", 500), kwargs.get("max_steps", 1000)
    longest = max(env.lengths, default=0)
    if env.before_reset:
        return NO_RESET, f" {env.before_reset} steps came before the first env.reset()."
    # too few resets; a stopped run proves it only by a single reset
    missing = env.resets < episodes if complete else env.resets == 1 < episodes
    if env.after_done and missing:
        return NO_RESET, (f" env.reset() was called {env.resets} times for {episodes} episodes, "
                          f"and {env.after_done} steps came after a done=True.")
    if env.after_done:
        return IGNORE_DONE, f" {env.after_done} steps came after a done=True without a reset."
    if longest <= max_steps:
        return None, ""
    resets = (f" env.reset() was called {env.resets} times for {episodes} episodes and "
              f"{longest} steps came between two resets with max_steps={max_steps}")
    probe = _cutoff_probe(submission) if submission is not None and missing else None
    if missing and (probe == "no reset after a cut-off" or (probe is None and complete)):
        return NO_RESET_AFTER_CUTOFF, (
            resets + ": the episodes were cut off by max_steps, but the next one went on from "
                     "where the last one stopped.")
    if missing and probe == "no reset":
        return NO_RESET, resets + "."
    if longest == max_steps + 1:
        return MAX_STEPS_OFF_BY_ONE, f" An episode took {longest} steps with max_steps={max_steps}."
    return MAX_STEPS_IGNORED, f" An episode took {longest} steps with max_steps={max_steps}."


def _cutoff_probe(submission):
    """How the candidate's loop handles a max_steps cut-off, from a short run on the 3-step
    corridor with max_steps=2: "no reset after a cut-off" (resets only after done), "no reset"
    (steps after a done), "ok", or None when the probe itself fails."""
    env = make(corridor(), cap=50)
    env.deadline = time.perf_counter() + 1.0
    try:
        submission.q_learning(env, episodes=4, alpha=0.5, gamma=0.9, epsilon=0.5, max_steps=2,
                              seed=0)
    except Exception:  # a diagnostic probe: the tests judge the failure itself
        return None
    if env.before_reset or env.after_done:
        return "no reset"
    if env.resets < 4:
        return "no reset after a cut-off"
    return "ok"


def _learn(submission, env, *, check_loop=False, **kwargs):
    """Run the candidate's q_learning on ``env`` and check the table's shape and values, and
    (with ``check_loop``) that the environment's record shows a sound episode loop."""
    __tracebackhide__ = True
    what = _call(kwargs)
    if env.deadline is None:
        env.deadline = time.perf_counter() + RUN_BUDGET_S
    try:
        Q = submission.q_learning(env, **kwargs)
    except (RunawayEpisode, TooSlow) as exc:
        if isinstance(exc, RunawayEpisode):
            detail = (f"{what}: {exc.args[0]} steps without a reset, far more than max_steps="
                      f"{kwargs.get('max_steps', 1000)}.")
        else:
            detail = (f"{what} was stopped after {RUN_BUDGET_S:g} s ({sum(env.lengths)} steps, "
                      f"{env.resets} resets); the reference needs well under 0.2 s.")
        name, evidence = _episode_evidence(env, kwargs, complete=False, submission=submission)
        if name:
            checks.mistake(name, detail + evidence)
        names, evidence = _short_run_names(submission, env, kwargs)
        checks.fail_naming(detail + evidence, names)
    env.deadline = None
    if check_loop:
        name, evidence = _episode_evidence(env, kwargs, submission=submission)
        if name:
            checks.mistake(name, f"{what}: the environment's record shows a broken episode "
                           "loop." + evidence)
    return checks.array(Q, what=what, shape=(env.n_states, env.n_actions))


def _short_run_names(submission, env, kwargs):
    """After a run that had to be stopped: the classic update mistakes that a short run on the
    same MDP (3 episodes of at most 100 steps) matches, replayed over its own transitions."""
    short = kwargs | dict(episodes=min(3, kwargs.get("episodes", 500)),
                          max_steps=min(100, kwargs.get("max_steps", 1000)))
    probe = TableEnv(env.next_state, env.reward, env.done, starts=env.starts, cap=1000)
    probe.deadline = time.perf_counter() + 1.0
    try:
        Q = np.asarray(submission.q_learning(probe, **short), dtype=float)
    except Exception:  # a diagnostic probe: the failure itself is already reported
        return [], ""
    alpha, gamma = short.get("alpha", 0.5), short.get("gamma", 1.0)
    if Q.shape != (probe.n_states, probe.n_actions) or checks.is_close(
            Q, _replay(probe, alpha=alpha, gamma=gamma), rtol=1e-9, atol=1e-9):
        return [], ""
    names = _replay_names(probe, Q, alpha=alpha, gamma=gamma)
    if not names:
        return [], ""
    return names, (f" A short run, {_call(short)}, returns the table these updates give over "
                   f"the {len(probe.transitions)} transitions it made.")


def _check_unvisited_rows_zero(env, Q, what):
    """Fail naming NOT_FROM_ZEROS when a state that never appears in the record (never left,
    never reached) has a non-zero row: no update can have touched it."""
    __tracebackhide__ = True
    seen = {state for t in env.transitions for state in (t[1], t[4])} | set(env.starts)
    unseen = np.array(sorted(set(range(env.n_states)) - seen), dtype=int)
    bad = unseen[np.any(Q[unseen] != 0, axis=1)] if unseen.size else unseen
    if bad.size:
        s = int(bad[0])
        checks.mistake(NOT_FROM_ZEROS, (
            f"{what}: the agent never reached state(s) {bad.tolist()}, yet their rows are not "
            f"zero (Q[{s}] = {checks.fmt(Q[s])}): no update touches them, so they keep the "
            "initial values."))


# --------------------------------------------------------------------------- oracles


def _replay(env, *, alpha, gamma, rule="q-learning"):
    """The table Q-learning (or a classic mistake, ``rule``) computes from zeros over the
    transitions recorded by ``env``, in order."""
    Q = np.zeros((env.n_states, env.n_actions))
    steps = env.transitions
    episode_start = {}
    for i, (ep, s, a, r, s2, d) in enumerate(steps):
        episode_start.setdefault(ep, s)
        nxt = steps[i + 1] if i + 1 < len(steps) and steps[i + 1][0] == ep else None
        future = Q[s2].max()
        if rule == "terminal-bootstrap":
            d = False
        elif rule == "sarsa" and nxt is not None:
            future = Q[s2, nxt[2]]
        elif rule == "truncation-as-terminal":
            d = d or nxt is None
        elif rule == "state-not-advanced":
            s = episode_start[ep]
        elif rule == "self-loop":
            Q[s, a] *= 1 - alpha
            Q[s, a] += alpha * (r + (0.0 if d else gamma * Q[s2].max()))
            continue
        elif rule == "terminal-not-updated" and d:
            continue
        target = r if d else r + gamma * future
        if rule == "discounted-reward":
            target = gamma * (r + (0.0 if d else future))
        if rule == "ignore-alpha":
            Q[s, a] = target
        else:
            Q[s, a] += alpha * (target - Q[s, a])
    return Q


REPLAY_MISTAKES = [
    (TERMINAL_BOOTSTRAP, "terminal-bootstrap"),
    (SARSA, "sarsa"),
    (IGNORE_ALPHA, "ignore-alpha"),
    (DISCOUNTED_REWARD, "discounted-reward"),
    (TRUNCATION_AS_TERMINAL, "truncation-as-terminal"),
    (STATE_NOT_ADVANCED, "state-not-advanced"),
    (SELF_LOOP, "self-loop"),
    (TERMINAL_NOT_UPDATED, "terminal-not-updated"),
]


def _replay_mistakes(env, *, alpha, gamma):
    return [(name, _replay(env, alpha=alpha, gamma=gamma, rule=rule))
            for name, rule in REPLAY_MISTAKES]


def _replay_names(env, Q, *, alpha, gamma):
    """The classic mistakes whose replay over the recorded transitions gives ``Q``, leaving out
    those that give Q-learning's own table on this record (it cannot tell them apart)."""
    right = _replay(env, alpha=alpha, gamma=gamma)
    return [name for name, wrong in _replay_mistakes(env, alpha=alpha, gamma=gamma)
            if checks.is_close(Q, wrong, rtol=1e-9, atol=1e-9)
            and not checks.is_close(wrong, right, rtol=1e-9, atol=1e-9)]


def _value_iteration(mdp, gamma, rule="q-learning"):
    """The fixed point of the Bellman optimality update (or of a classic mistake's update)."""
    T, R, D, _ = mdp
    Q = np.zeros(T.shape)
    for _ in range(5000):
        future = Q.max(axis=1)[T]
        if rule == "terminal-bootstrap":
            new = R + gamma * future
        elif rule == "discounted-reward":
            new = gamma * (R + np.where(D, 0.0, future))
        else:
            new = R + gamma * np.where(D, 0.0, future)
        if np.array_equal(new, Q):
            break
        Q = new
    return Q


def _greedy_return(mdp, Q, start, limit=200):
    """The undiscounted return of the first-maximiser greedy policy of Q from ``start``, the
    states it visits (at most ``limit`` steps) and whether it reached a terminal step."""
    T, R, D, _ = mdp
    s, total, path = start, 0.0, [start]
    for _ in range(limit):
        a = int(np.argmax(Q[s]))
        total += R[s, a]
        s = int(T[s, a])
        path.append(s)
        if D[path[-2], a]:
            return total, path, True
    return total, path, False


def _exact_step(Q, s, a, r, s2, done, alpha, gamma, rule="right"):
    """The table after one q_update, or after one with a classic mistake."""
    out = Q.copy()
    future = Q[s2].max()
    if rule == "same-action":
        future = Q[s2, a]
    elif rule == "current-row":
        future = Q[s].max()
    bootstrap = rule == "terminal-bootstrap" or not done
    target = r + gamma * future if bootstrap else r
    if rule == "discounted-reward":
        target = gamma * (r + (future if not done else 0.0))
    if rule == "ignore-alpha":
        out[s, a] = target
    elif rule == "self-loop":
        out[s, a] *= 1 - alpha
        out[s, a] += alpha * (r + (gamma * out[s2].max() if not done else 0.0))
    else:
        out[s, a] += alpha * (target - Q[s, a])
    return out


def _update_mistakes(Q, s, a, r, s2, done, alpha, gamma):
    names = [(TERMINAL_BOOTSTRAP, "terminal-bootstrap"), (IGNORE_ALPHA, "ignore-alpha"),
             (DISCOUNTED_REWARD, "discounted-reward"), (SAME_ACTION_NEXT, "same-action"),
             (CURRENT_ROW, "current-row"), (SELF_LOOP, "self-loop")]
    return [(name, _exact_step(Q, s, a, r, s2, done, alpha, gamma, rule))
            for name, rule in names]


def _q_update(submission, Q, s, a, r, s2, done, *, alpha, gamma):
    """Call the candidate's q_update on a copy of Q; return the table it leaves."""
    __tracebackhide__ = True
    table = Q.copy()
    returned = submission.q_update(table, s, a, r, s2, done, alpha=alpha, gamma=gamma)
    if np.array_equal(table, Q):  # every test transition changes Q[s, a]
        got = None if returned is None else np.asarray(returned)
        if got is not None and got.shape == Q.shape and not np.array_equal(got, Q):
            checks.fail("q_update returned a new table and left Q unchanged: it must update "
                        "Q[state, action] in place (Q[state, action] += ...) and return None.")
        checks.fail(f"q_update(Q, state={s}, action={a}, reward={r}, next_state={s2}, "
                    f"done={done}, alpha={alpha}, gamma={gamma}) left Q unchanged; "
                    f"Q[{s}, {a}] must move towards the target, in place.")
    return table


def _check_update(submission, Q, s, a, r, s2, done, *, alpha, gamma, hint=None):
    """The candidate's q_update on a copy of Q against the exact step, naming the classic
    mistake whose table it left."""
    __tracebackhide__ = True
    got = _q_update(submission, Q, s, a, r, s2, done, alpha=alpha, gamma=gamma)
    checks.assert_close(
        got, _exact_step(Q, s, a, r, s2, done, alpha, gamma), rtol=1e-12, atol=1e-12,
        what=f"Q after q_update(Q, state={s}, action={a}, reward={r}, next_state={s2}, "
             f"done={done}, alpha={alpha}, gamma={gamma})",
        mistakes=_update_mistakes(Q, s, a, r, s2, done, alpha, gamma),
        hint=hint,
    )


# --------------------------------------------------------------------------- epsilon-greedy


def _draw(submission, Q, state, epsilon, rng, n):
    """``n`` actions from the candidate's epsilon_greedy, checked to be valid actions."""
    __tracebackhide__ = True
    n_actions = Q.shape[1]
    out = np.empty(n, dtype=np.int64)
    for i in range(n):
        action = submission.epsilon_greedy(Q, state, epsilon, rng)
        try:
            a = operator.index(action)
        except TypeError:
            checks.fail(f"epsilon_greedy returned {action!r} of type {type(action).__name__}; "
                        f"expected one integer action in [0, {n_actions}) (int(...) of it)")
        if not 0 <= a < n_actions:
            checks.fail(f"epsilon_greedy returned action {a}; actions are 0 to {n_actions - 1}")
        out[i] = a
    return out


def _policies(n_actions, greedy, epsilon):
    """Action probabilities of epsilon-greedy and of its classic mistakes, for a boolean
    mask ``greedy`` of the maximisers."""
    uniform = np.full(n_actions, 1.0 / n_actions)
    on_greedy = greedy / greedy.sum()
    others = ~greedy
    right = epsilon * uniform + (1 - epsilon) * on_greedy
    out = [
        (ONE_MINUS_EPSILON, (1 - epsilon) * uniform + epsilon * on_greedy),
        (NEVER_EXPLORING, on_greedy),
        (ALWAYS_EXPLORING, uniform),
    ]
    if others.any():
        out.append((NON_GREEDY_ONLY, epsilon * others / others.sum() + (1 - epsilon) * on_greedy))
    if n_actions > 1:
        all_but_last = np.r_[np.full(n_actions - 1, 1.0 / (n_actions - 1)), 0.0]
        out.append((EXCLUDES_LAST, epsilon * all_but_last + (1 - epsilon) * on_greedy))
    return right, out


def _fits(counts, p, n):
    """Whether the action counts of ``n`` draws fit the probabilities ``p`` (every frequency
    within 6 binomial standard errors, plus half a draw)."""
    freq = counts / n
    return bool(np.all(np.abs(freq - p) <= 6 * np.sqrt(p * (1 - p) / n) + 0.5 / n))


def _judge_frequencies(actions, n_actions, greedy, epsilon, what):
    """Fail unless the observed actions fit epsilon-greedy; name the mistakes they fit."""
    __tracebackhide__ = True
    n = len(actions)
    counts = np.bincount(actions, minlength=n_actions)
    right, mistakes = _policies(n_actions, greedy, epsilon)
    if _fits(counts, right, n):
        return
    names = [name for name, p in mistakes if _fits(counts, p, n) and not np.allclose(p, right)]
    checks.fail_naming(
        f"{what}: over {n} draws the actions came with frequencies {checks.fmt(counts / n)}; "
        f"epsilon-greedy gives {checks.fmt(right)} (greedy action(s) {np.flatnonzero(greedy)}: "
        "probability epsilon of a uniformly random action among all of them, else a greedy one).",
        names,
    )


# --------------------------------------------------------------------------- q_learning: exploration


def _exploration_record(env, *, alpha, gamma):
    """Q-learning replayed from zeros over the record: for every step, the greedy actions of
    Q[state] just before it (a boolean mask), the action taken and the episode."""
    Q = np.zeros((env.n_states, env.n_actions))
    greedy, actions, episodes = [], [], []
    for ep, s, a, r, s2, d in env.transitions:
        top = Q[s].max()
        greedy.append(Q[s] >= top - 1e-12 * max(1.0, abs(top)))
        actions.append(a)
        episodes.append(ep)
        Q[s, a] += alpha * ((r if d else r + gamma * Q[s2].max()) - Q[s, a])
    return (np.array(greedy, dtype=bool).reshape(-1, env.n_actions), np.array(actions, dtype=int),
            np.array(episodes, dtype=int))


def _exploration_rules(greedy, epsilon):
    """For every step, the chance that its action is not a greedy one, under epsilon-greedy
    ("right") and under its classic mistakes."""
    n = greedy.shape[1]
    k = greedy.sum(axis=1)
    share = (n - k) / n  # chance that a uniformly random action is not greedy
    rules = {
        "right": epsilon * share,
        ONE_MINUS_EPSILON: (1 - epsilon) * share,
        NEVER_EXPLORING: 0.0 * share,
        ALWAYS_EXPLORING: share,
        NON_GREEDY_ONLY: epsilon * (k < n),
    }
    if n > 1:
        rules[EXCLUDES_LAST] = epsilon * (~greedy[:, :-1]).sum(axis=1) / (n - 1)
    return rules


def _count_fits(count, p):
    """Whether ``count`` successes fit independent trials of chances ``p`` (6 standard errors,
    plus one)."""
    return abs(count - p.sum()) <= 6 * np.sqrt((p * (1 - p)).sum()) + 1


def _fading(non_greedy, p, episodes):
    """Evidence (a sentence) that exploration fades over the run: the early episodes explore
    far more than the later ones, whatever the constant rate; or "" when it does not."""
    observed = non_greedy.sum()
    scale = observed / max(p.sum(), 1e-12)  # the best constant rate, relative to epsilon's
    for fraction in (0.1, 0.25, 0.5):
        early = episodes < episodes.min() + fraction * (episodes.max() - episodes.min() + 1)
        q = np.clip(scale * p[early], 0.0, 1.0)
        late_p = p[~early]
        late = non_greedy[~early].sum()
        if (non_greedy[early].sum() > q.sum() + 6 * np.sqrt((q * (1 - q)).sum()) + 1
                and late < late_p.sum() - 6 * np.sqrt((late_p * (1 - late_p)).sum()) - 1):
            return (f" The first {fraction:.0%} of the episodes had {non_greedy[early].sum()} "
                    f"non-greedy actions (epsilon gives about {p[early].sum():.0f}), the rest "
                    f"{late} (epsilon gives about {late_p.sum():.0f}): exploration fades.")
    return ""


def _same_actions_every_episode(submission, seed):
    """Whether, with epsilon=1 on a one-state MDP whose Q stays zero, every episode takes the
    very same (varied) sequence of actions: the random numbers start over in every episode."""
    env = TableEnv([[0] * 4], [[0.0] * 4], [[False] * 4], cap=100)
    env.deadline = time.perf_counter() + 1.0
    try:
        submission.q_learning(env, episodes=12, alpha=0.5, gamma=0.9, epsilon=1.0, max_steps=8,
                              seed=seed)
    except Exception:  # a diagnostic probe: the tests judge the failure itself
        return False
    runs = {}
    for ep, _, a, *_ in env.transitions:
        runs.setdefault(ep, []).append(a)
    sequences = list(runs.values())
    return (len(sequences) >= 2 and all(q == sequences[0] for q in sequences)
            and len(set(sequences[0])) > 1)


REPEATS = (" With epsilon=1 on a one-state MDP, every episode took the very same sequence of "
           "actions: the random numbers start over in every episode.")


def _exploration_evidence(submission, env, *, alpha, gamma, epsilon, seed):
    """Whether the recorded run explored at epsilon's rate (judged on Q-learning's own greedy
    actions, so only meaningful when the updates are right) and, if not, the evidence and the
    classic mistakes it fits."""
    greedy, actions, episodes = _exploration_record(env, alpha=alpha, gamma=gamma)
    non_greedy = ~greedy[np.arange(len(actions)), actions]
    rules = _exploration_rules(greedy, epsilon)
    count = int(non_greedy.sum())
    if _count_fits(count, rules["right"]):
        if _same_actions_every_episode(submission, seed):
            return False, [RNG_PER_EPISODE], REPEATS
        return True, [], ""
    detail = (f" {count} of {len(actions)} actions were not greedy for the current Q; "
              f"epsilon-greedy with epsilon={epsilon} gives about {rules['right'].sum():.0f} "
              "(epsilon x the chance that a uniformly random action is not a greedy one).")
    if _same_actions_every_episode(submission, seed):
        return False, [RNG_PER_EPISODE], detail + REPEATS
    names = [name for name, p in rules.items() if name != "right" and _count_fits(count, p)]
    if not names:
        fading = _fading(non_greedy, rules["right"], episodes)
        if fading:
            return False, [EPSILON_DECAY], detail + fading
    return False, names, detail


# --------------------------------------------------------------------------- q_update


@pytest.mark.kata(points=5, category="correctness")
def test_q_update_non_terminal(submission, rng):
    """q_update, non-terminal step: Q[s, a] += alpha * (r + gamma * max Q[s'] - Q[s, a])."""
    Q = rng.normal(size=(5, 3))
    Q[3] = [0.4, 2.5, -1.0]
    s, a, r, s2, alpha, gamma = 1, 2, -0.7, 3, 0.3, 0.9
    _check_update(submission, Q, s, a, r, s2, False, alpha=alpha, gamma=gamma,
                  hint=f"Expected Q[1, 2] = {Q[s, a]:.6f} + {alpha} * ({r} + {gamma} * "
                       f"{Q[s2].max()} - {Q[s, a]:.6f}); every other entry unchanged.")


@pytest.mark.kata(points=5, category="correctness")
def test_q_update_terminal(submission, rng):
    """q_update on a terminal transition (done=True): the target is the reward alone."""
    Q = rng.normal(size=(4, 3))
    Q[0] = [1.5, 3.0, -2.0]  # the next state's values, which a terminal step must not read
    s, a, r, s2, alpha, gamma = 2, 0, 5.0, 0, 0.5, 0.9
    _check_update(submission, Q, s, a, r, s2, True, alpha=alpha, gamma=gamma,
                  hint=f"Expected Q[2, 0] = {Q[s, a]:.6f} + {alpha} * ({r} - {Q[s, a]:.6f}).")


@pytest.mark.kata(points=3, category="edge-cases")
def test_q_update_self_loop(submission, rng):
    """q_update when next_state == state: the target uses Q as it was before the update."""
    Q = rng.normal(size=(3, 2))
    Q[1] = [4.0, 1.0]  # the updated entry is the row's maximum
    s, a, r, alpha, gamma = 1, 0, 1.0, 0.5, 0.9
    _check_update(submission, Q, s, a, r, s, False, alpha=alpha, gamma=gamma)


@pytest.mark.kata(points=2, category="edge-cases")
def test_q_update_extreme_rates(submission, rng):
    """q_update with gamma=0 (the target is r) and with alpha=1 (Q[s, a] becomes the target)."""
    Q = rng.normal(size=(4, 4))
    for s, a, r, s2, alpha, gamma in ((0, 3, 2.0, 1, 0.25, 0.0), (2, 1, -1.0, 3, 1.0, 0.5)):
        _check_update(submission, Q, s, a, r, s2, False, alpha=alpha, gamma=gamma)


# --------------------------------------------------------------------------- epsilon_greedy


@pytest.mark.kata(points=4, category="correctness")
def test_epsilon_zero_is_always_greedy(submission):
    """epsilon_greedy with epsilon=0 returns the maximising action every time."""
    Q = np.array([[0.1, 0.7, -0.2, 0.3], [2.0, -1.0, 1.5, 0.0], [-3.0, -2.0, -4.0, -1.0]])
    for state in range(3):
        greedy = Q[state] == Q[state].max()
        actions = _draw(submission, Q, state, 0.0, np.random.default_rng(11 + state), 1500)
        _judge_frequencies(actions, 4, greedy, 0.0,
                           f"epsilon_greedy(Q, state={state}, epsilon=0.0, rng), Q[{state}] = "
                           f"{Q[state].tolist()}")


@pytest.mark.kata(points=4, category="correctness")
def test_epsilon_one_is_uniform(submission):
    """epsilon_greedy with epsilon=1 draws uniformly from all actions, the greedy one included."""
    Q = np.array([[0.0, 0.0, 0.0, 0.0], [0.5, -1.0, 3.0, 0.2]])
    greedy = Q[1] == Q[1].max()
    actions = _draw(submission, Q, 1, 1.0, np.random.default_rng(12), 6000)
    _judge_frequencies(actions, 4, greedy, 1.0,
                       f"epsilon_greedy(Q, state=1, epsilon=1.0, rng), Q[1] = {Q[1].tolist()}")


@pytest.mark.kata(points=6, category="correctness")
def test_epsilon_greedy_mixture(submission):
    """epsilon=0.3 over 5 actions: the greedy action 76% of the time, each other action 6%."""
    Q = np.array([[0.0] * 5, [0.2, -0.4, 1.1, 0.9, 0.0]])
    greedy = Q[1] == Q[1].max()
    actions = _draw(submission, Q, 1, 0.3, np.random.default_rng(13), 10_000)
    _judge_frequencies(actions, 5, greedy, 0.3,
                       f"epsilon_greedy(Q, state=1, epsilon=0.3, rng), Q[1] = {Q[1].tolist()}")


@pytest.mark.kata(points=3, category="correctness")
def test_epsilon_greedy_draws_from_rng(submission):
    """epsilon_greedy draws only from the rng it is given: equal seeds, equal actions."""
    Q = np.array([[1.0, 1.0, 0.0, -1.0], [0.3, 0.2, 0.1, 0.0]])
    runs = []
    for _ in range(2):
        gen = np.random.default_rng(2024)
        runs.append([_draw(submission, Q, state, 0.5, gen, 150) for state in (0, 1)])
    for state, (first, second) in enumerate(zip(*runs)):
        if not np.array_equal(first, second):
            checks.mistake(WRONG_RNG, (
                f"epsilon_greedy(Q, state={state}, epsilon=0.5, rng) chose different actions for "
                "two generators built with the same seed (first difference at draw "
                f"{int(np.argmax(first != second))}): every random number must come from rng."))


@pytest.mark.kata(points=2, category="edge-cases")
def test_epsilon_greedy_ties_and_one_action(submission):
    """epsilon_greedy: with tied maxima (epsilon=0) always one of them; with one action, 0."""
    Q = np.array([[0.0, 2.0, -1.0, 2.0, 2.0], [0.0, 0.0, 0.0, 0.0, 0.0]])
    for state in (0, 1):
        greedy = np.flatnonzero(Q[state] == Q[state].max())
        actions = _draw(submission, Q, state, 0.0, np.random.default_rng(14), 600)
        bad = actions[~np.isin(actions, greedy)]
        checks.check(bad.size == 0, (
            f"epsilon_greedy(Q, state={state}, epsilon=0.0, rng) with Q[{state}] = "
            f"{Q[state].tolist()} returned action {bad[:1].tolist()} ({bad.size} of 600 draws); "
            f"with epsilon=0 it must be one of the maximisers {greedy.tolist()}."))
    single = np.array([[0.5], [-2.0]])
    actions = _draw(submission, single, 1, 0.5, np.random.default_rng(15), 200)
    checks.check(np.all(actions == 0), "epsilon_greedy with a single action must return 0, got "
                 f"{sorted(set(actions.tolist()))}")


@pytest.mark.kata(points=3, category="numerical-stability")
def test_exact_maximiser_far_from_zero(submission):
    """The greedy choice is the exact maximum for values near 1e12, near 1e-12 and with -inf."""
    Q = np.array([
        [1e12, 1e12 + 1.0, 1e12 - 2.0, 1e12 + 0.5],
        [3e-12, 1e-12, 4e-12, 2e-12],
        [-np.inf, -5.0, -np.inf, -7.0],
        [0.0, 1.0, 0.5, -1.0],
    ])
    plain = _draw(submission, Q, 3, 0.0, np.random.default_rng(16), 300)
    _judge_frequencies(plain, 4, Q[3] == Q[3].max(), 0.0,
                       f"epsilon_greedy(Q, state=3, epsilon=0.0, rng), Q[3] = {Q[3].tolist()}")
    for state in range(3):
        greedy = Q[state] == Q[state].max()
        actions = _draw(submission, Q, state, 0.0, np.random.default_rng(16), 300)
        if not np.all(greedy[actions]):
            checks.mistake(TOLERANT_TIES, (
                f"epsilon_greedy(Q, state={state}, epsilon=0.0, rng) with Q[{state}] = "
                f"{Q[state].tolist()} returned action {int(actions[~greedy[actions]][0])}; "
                f"the only maximiser is {int(np.argmax(Q[state]))}."))
    policy = checks.array(submission.greedy_policy(Q.copy()), what="greedy_policy(Q)", shape=(4,))
    checks.assert_equal(policy, np.argmax(Q, axis=1), what="greedy_policy(Q) for rows near "
                        "1e12, near 1e-12, with -inf and plain",
                        mistakes=[(TOLERANT_TIES, [0, 0, 1, 1]),
                                  (ARGMIN, np.argmin(Q, axis=1))])


# --------------------------------------------------------------------------- greedy_policy


@pytest.mark.kata(points=3, category="correctness")
def test_greedy_policy(submission, rng):
    """greedy_policy: the maximising action of every state, as an integer array (n_states,)."""
    Q = rng.normal(size=(7, 4))
    got = submission.greedy_policy(Q.copy())
    if got is not None and np.shape(got) == (4,):
        checks.fail("greedy_policy(Q) for Q of shape (7, 4) returned shape (4,): that is the "
                    "argmax over axis 0 (the best state of every action); the policy is the "
                    "argmax over axis 1, one action per state.")
    got = checks.array(got, what="greedy_policy(Q)", shape=(7,))
    checks.check(np.issubdtype(got.dtype, np.integer),
                 f"greedy_policy(Q) returned dtype {got.dtype}; actions are integers")
    checks.assert_equal(got, np.argmax(Q, axis=1), what="greedy_policy(Q)",
                        mistakes=[(ARGMIN, np.argmin(Q, axis=1))])


@pytest.mark.kata(points=2, category="edge-cases")
def test_greedy_policy_ties(submission):
    """greedy_policy with tied maxima returns one of the maximisers in every state."""
    Q = np.array([[0.0, 0.0, 0.0], [1.0, 3.0, 3.0], [-1.0, -1.0, -5.0], [2.0, 0.0, 2.0]])
    got = checks.array(submission.greedy_policy(Q.copy()), what="greedy_policy(Q)", shape=(4,))
    for s, a in enumerate(got):
        checks.check(0 <= a < 3 and Q[s, int(a)] == Q[s].max(), (
            f"greedy_policy(Q)[{s}] = {a}, but Q[{s}] = {Q[s].tolist()}: it must be one of the "
            f"maximisers {np.flatnonzero(Q[s] == Q[s].max()).tolist()}."))


# --------------------------------------------------------------------------- q_learning: outcome


CLIFF_SEEDS = (0, 1, 2)


# three runs, each stopped after RUN_BUDGET_S: a stopped run fails with a diagnosis, not a timeout
@pytest.mark.kata(points=8, category="correctness", timeout=15)
def test_cliff_walk_learns_the_optimal_path(submission):
    """Cliff walk, default settings: the greedy policy takes the optimal path (-13), 3 seeds."""
    mdp = cliff_walk()
    kwargs = dict(episodes=500, alpha=0.5, gamma=1.0, epsilon=0.1, max_steps=1000)
    for seed in CLIFF_SEEDS:
        env = make(mdp)
        Q = _learn(submission, env, seed=seed, check_loop=True, **kwargs)
        total, path, reached = _greedy_return(mdp, Q, 36)
        if total == -13.0 and reached:
            continue
        shown = f"{path[:16]}{' ...' if len(path) > 16 else ''}"
        what = (f"q_learning(cliff walk, seed={seed}): the greedy policy of the returned Q "
                f"returns {total:g} from the start (path {shown}); the optimal path (up, "
                "11 x right, down) returns -13.")
        names = _replay_names(env, Q, alpha=0.5, gamma=1.0)
        right = checks.is_close(Q, _replay(env, alpha=0.5, gamma=1.0), rtol=1e-9, atol=1e-9)
        safe = reached and total > -100 and min(path) < 24  # no fall, through the top rows
        if SARSA in names or (safe and not right and not names):
            checks.mistake(SARSA, what + (
                " It takes the safe path, away from the cliff edge: that is what SARSA learns, "
                "because its target Q[s', a'] uses the exploratory action actually taken next, "
                "and a random step off the edge costs -100. Q-learning's target max(Q[s']) "
                "values the greedy policy, whose best path runs along the edge."))
        if right:
            names, text = _experience_diagnosis(submission, env, alpha=0.5, gamma=1.0,
                                                epsilon=0.1, seed=seed)
            what += text
        elif names:
            what += " The table matches these updates replayed over your agent's transitions."
        checks.fail_naming(what, names)


def _experience_diagnosis(submission, env, *, alpha, gamma, epsilon, seed):
    """For a table that matches Q-learning's updates over the agent's transitions but is still
    wrong: what the record shows about how the agent explored, and the mistakes it fits."""
    _, names, evidence = _exploration_evidence(submission, env, alpha=alpha, gamma=gamma,
                                               epsilon=epsilon, seed=seed)
    return names, (" The table matches Q-learning's updates over the transitions your agent "
                   "made, so the updates are right and the agent's experience is what differs: "
                   "how it chooses actions and runs episodes." + evidence)


def _optimal_actions_check(submission, mdp, gamma, kwargs, label):
    __tracebackhide__ = True
    T, R, D, starts = mdp
    env = make(mdp)
    Q = _learn(submission, env, gamma=gamma, check_loop=True, **kwargs)
    Q_star = _value_iteration(mdp, gamma)
    states = np.array(starts)
    best = np.argmax(Q_star[states], axis=1)
    mistakes, hint = [], None
    if not checks.is_close(Q[states, best], Q_star[states, best], rtol=1e-2, atol=1e-3):
        alpha = kwargs["alpha"]
        if checks.is_close(Q, _replay(env, alpha=alpha, gamma=gamma), rtol=1e-9, atol=1e-9):
            names, hint = _experience_diagnosis(submission, env, alpha=alpha, gamma=gamma,
                                                epsilon=kwargs["epsilon"], seed=kwargs["seed"])
            hint = hint.strip()
        else:
            # the fixed point of a wrong update rule, or the wrong rule replayed over the
            # agent's own transitions
            mistakes = [(name, _value_iteration(mdp, gamma, rule)[states, best])
                        for name, rule in ((TERMINAL_BOOTSTRAP, "terminal-bootstrap"),
                                           (DISCOUNTED_REWARD, "discounted-reward"))]
            names = _replay_names(env, Q, alpha=alpha, gamma=gamma)
            hint = ("The table matches these updates replayed over the transitions your agent "
                    "made." if names else "The table is not what Q-learning's updates give "
                    "over the transitions your agent made either.")
        mistakes += [(name, Q[states, best]) for name in names]
    checks.assert_close(
        Q[states, best], Q_star[states, best], rtol=1e-2, atol=1e-3, mistakes=mistakes,
        hint=hint,
        what=f"{label}: Q[s, best action] of every start state s after "
             f"{_call(kwargs | {'gamma': gamma})} (expected: the optimal values, by value "
             "iteration)",
    )
    for s in states:
        greedy = np.flatnonzero(Q[s] == Q[s].max())
        wrong = [int(a) for a in greedy if Q_star[s, a] < Q_star[s].max() - 1e-9]
        if wrong:
            checks.fail(
                f"{label}: in state {s} the greedy action of the learned Q is {wrong[0]} "
                f"(optimal value {Q_star[s, wrong[0]]:.4f}), but action "
                f"{int(np.argmax(Q_star[s]))} is better (optimal value {Q_star[s].max():.4f}). "
                f"Learned Q[{s}] = {checks.fmt(Q[s])}, optimal Q*[{s}] = {checks.fmt(Q_star[s])}.")


@pytest.mark.kata(points=6, category="correctness")
def test_small_mdps_optimal_by_value_iteration(submission):
    """Small MDPs with gamma < 1: optimal greedy actions and values, against value iteration."""
    _optimal_actions_check(submission, grab_or_go(), 0.9,
                           dict(episodes=400, alpha=0.5, epsilon=0.5, max_steps=30, seed=5),
                           "grab-or-go MDP (gamma=0.9)")
    _optimal_actions_check(submission, ring(), 0.5,
                           dict(episodes=400, alpha=0.5, epsilon=0.5, max_steps=10, seed=6),
                           "ring MDP (gamma=0.5, episodes cut off by max_steps)")


# --------------------------------------------------------------------------- q_learning: process


@pytest.mark.kata(points=8, category="correctness")
def test_q_values_are_q_learning_updates(submission):
    """The returned Q is Q-learning replayed over the agent's own transitions (exact)."""
    cases = [
        (one_way_doors(), dict(episodes=200, alpha=0.4, gamma=0.9, epsilon=0.3, max_steps=50,
                               seed=7), "one-way doors MDP"),
        (ring(), dict(episodes=60, alpha=0.3, gamma=0.8, epsilon=0.3, max_steps=12, seed=8),
         "ring MDP (episodes cut off by max_steps)"),
    ]
    for mdp, kwargs, label in cases:
        env = make(mdp)
        Q = _learn(submission, env, check_loop=True, **kwargs)
        _check_unvisited_rows_zero(env, Q, f"{label}: {_call(kwargs)}")
        expected = _replay(env, alpha=kwargs["alpha"], gamma=kwargs["gamma"])
        checks.assert_close(
            Q, expected, rtol=1e-9, atol=1e-9,
            what=f"{label}: {_call(kwargs)} against Q-learning's updates replayed over the "
                 f"{len(env.transitions)} transitions your agent made",
            mistakes=_replay_mistakes(env, alpha=kwargs["alpha"], gamma=kwargs["gamma"]),
        )


@pytest.mark.kata(points=5, category="correctness")
def test_q_learning_explores_at_rate_epsilon(submission):
    """Inside q_learning, non-greedy actions come at epsilon's rate (4-armed bandit, 4000 steps)."""
    epsilon, alpha, gamma, seed = 0.4, 0.5, 0.5, 9
    env = make(bandit())
    _learn(submission, env, episodes=4000, alpha=alpha, gamma=gamma, epsilon=epsilon,
           max_steps=5, seed=seed)
    ok, names, evidence = _exploration_evidence(submission, env, alpha=alpha, gamma=gamma,
                                                epsilon=epsilon, seed=seed)
    if not ok:
        checks.fail_naming(f"q_learning(4-armed bandit, epsilon={epsilon}, seed={seed}):"
                           + evidence, names)


@pytest.mark.kata(points=4, category="correctness")
def test_one_reset_per_episode(submission):
    """Every episode starts with env.reset() and ends at the step that returns done=True."""
    episodes = 25
    env = make(corridor())
    _learn(submission, env, episodes=episodes, alpha=0.5, gamma=0.9, epsilon=0.2, max_steps=50,
           seed=10)
    detail = (f"q_learning(corridor, episodes={episodes}): env.reset() was called {env.resets} "
              f"times, {env.after_done} steps came after a done=True without a reset, and "
              f"{len(env.transitions)} steps were taken (every episode of this corridor is "
              f"exactly 3 steps: {3 * episodes} in all).")
    if env.before_reset:
        checks.mistake(NO_RESET, detail + f" {env.before_reset} steps came before any reset.")
    if env.resets < episodes and env.after_done:
        checks.mistake(NO_RESET, detail)
    if env.after_done:
        checks.mistake(IGNORE_DONE, detail)
    if env.resets == episodes + 1 and env.lengths[-1] == 0:
        detail += (" The last env.reset() was followed by no step: reset at the start of every "
                   "episode (state = env.reset() first in the episode loop), not after one ends.")
    checks.check(env.resets == episodes and len(env.transitions) == 3 * episodes,
                 detail + f" Run exactly {episodes} episodes, each starting with env.reset().")


@pytest.mark.kata(points=4, category="correctness")
def test_max_steps_respected(submission):
    """An episode that never ends stops after exactly max_steps steps (7, then 1)."""
    for episodes, max_steps in ((6, 7), (3, 1)):
        env = make(endless(), cap=max(200, 20 * max_steps))
        _learn(submission, env, episodes=episodes, alpha=0.5, gamma=0.9, epsilon=0.3,
               max_steps=max_steps, seed=11)
        lengths = env.lengths
        detail = (f"q_learning(never-ending env, episodes={episodes}, max_steps={max_steps}): "
                  f"env.reset() was called {env.resets} times; steps after each reset: {lengths}.")
        if env.resets < episodes:
            probe = _cutoff_probe(submission)
            checks.mistake(NO_RESET_AFTER_CUTOFF if probe == "no reset after a cut-off"
                           else NO_RESET, detail)
        if lengths and max(lengths) == max_steps + 1:
            checks.mistake(MAX_STEPS_OFF_BY_ONE, detail)
        if env.resets == episodes and lengths == [max_steps - 1] * episodes:
            checks.mistake(MAX_STEPS_SHORT, detail)
        checks.check(lengths == [max_steps] * episodes,
                     detail + f" Expected {episodes} episodes of exactly {max_steps} steps.")


@pytest.mark.kata(points=4, category="correctness")
def test_same_seed_same_q(submission):
    """The same seed gives the same Q; another seed gives another Q (cliff walk, 40 episodes)."""
    kwargs = dict(episodes=40, alpha=0.5, gamma=1.0, epsilon=0.2, max_steps=300)
    first = _learn(submission, make(cliff_walk()), seed=3, **kwargs)
    again = _learn(submission, make(cliff_walk()), seed=3, **kwargs)
    other = _learn(submission, make(cliff_walk()), seed=4, **kwargs)
    if not np.array_equal(first, again):
        checks.mistake(WRONG_RNG, (
            "q_learning(cliff walk, seed=3) returned two different tables in two runs: build "
            "one rng = np.random.default_rng(seed) and draw every random number from it."))
    if np.array_equal(first, other):
        checks.mistake(SEED_IGNORED, (
            "q_learning(cliff walk) returned the same table for seed=3 and seed=4: the seed "
            "must decide the random choices."))


@pytest.mark.kata(points=3, category="correctness")
def test_starts_from_zeros(submission):
    """Q starts from zeros: states the agent never reaches keep rows of zeros (shape (6, 3))."""
    T, R, D, starts = grab_or_go()
    T, R, D = T.copy(), R.copy(), D.copy()
    # cut the corridor after cell 2: cells 3 and 4 can no longer be reached from cell 0
    T[2, 0], R[2, 0], D[2, 0] = 2, -0.1, False
    env = TableEnv(T, R, D, starts=(0,))
    kwargs = dict(episodes=30, alpha=0.5, gamma=0.9, epsilon=0.3, max_steps=20, seed=12)
    Q = _learn(submission, env, **kwargs)
    _check_unvisited_rows_zero(env, Q, _call(kwargs))
    checks.check(Q.dtype == np.float64, f"q_learning returned dtype {Q.dtype}, expected float64")


@pytest.mark.kata(points=2, category="edge-cases")
def test_single_step_runs(submission):
    """episodes=1 with max_steps=1 makes exactly one step and one update."""
    env = make(corridor())
    Q = _learn(submission, env, episodes=1, alpha=0.5, gamma=0.9, epsilon=0.0, max_steps=1,
               seed=13, check_loop=True)
    detail = (f"q_learning(corridor, episodes=1, max_steps=1): env.reset() called {env.resets} "
              f"times and {len(env.transitions)} steps taken; expected 1 and 1.")
    if env.resets == 1 and not env.transitions:
        checks.mistake(MAX_STEPS_SHORT, detail)
    checks.check(env.resets == 1 and len(env.transitions) == 1, detail)
    _check_unvisited_rows_zero(env, Q, "q_learning(corridor, episodes=1, max_steps=1)")
    checks.assert_close(Q, _replay(env, alpha=0.5, gamma=0.9), what="Q after one step",
                        mistakes=_replay_mistakes(env, alpha=0.5, gamma=0.9))
    env = make(bandit())
    Q = _learn(submission, env, episodes=1, alpha=0.5, gamma=0.9, epsilon=1.0, max_steps=10,
               seed=14, check_loop=True)
    checks.check(len(env.transitions) == 1 and env.after_done == 0, (
        "q_learning(bandit, episodes=1): the first step returns done=True, so the episode is "
        f"one step; {len(env.transitions)} were taken."))
    checks.assert_close(Q, _replay(env, alpha=0.5, gamma=0.9), what="Q after one terminal step",
                        mistakes=_replay_mistakes(env, alpha=0.5, gamma=0.9))


@pytest.mark.kata(points=3, category="numerical-stability")
def test_reward_scale_does_not_change_decisions(submission):
    """Rewards times 2**-40 or 2**40: the same decisions, so Q scales exactly (cliff walk)."""
    kwargs = dict(episodes=60, alpha=0.5, gamma=1.0, epsilon=0.1, max_steps=500, seed=15)
    plain = make(cliff_walk())
    base = _learn(submission, plain, **kwargs)
    # the precondition: values scale with the rewards only from a table of zeros
    _check_unvisited_rows_zero(plain, base, "q_learning(cliff walk, seed=15)")
    if not np.array_equal(base, _learn(submission, make(cliff_walk()), **kwargs)):
        checks.mistake(WRONG_RNG, "q_learning(cliff walk, seed=15) returned two different "
                       "tables in two runs, so its decisions cannot be compared across scales.")
    choices = [t[:3] for t in plain.transitions]  # (episode, state, action) of every step
    for exponent in (-40, 40):
        scale = 2.0 ** exponent
        env = make(cliff_walk(scale))
        got = _learn(submission, env, **kwargs)
        scaled = [t[:3] for t in env.transitions]
        if scaled != choices:
            first = next((i for i, (a, b) in enumerate(zip(choices, scaled)) if a != b),
                         min(len(choices), len(scaled)))
            hint = (f"With the scaled rewards your agent made other choices (first at step "
                    f"{first}). Scaling every reward by a power of 2 scales every value exactly "
                    "and leaves every comparison the same, so the choices must not change. An "
                    "absolute tolerance in the greedy choice (np.isclose, a small epsilon added "
                    "to Q) breaks this: " + TOLERANT_TIES + ".")
        else:
            hint = ("Your agent made the same choices with both rewards, but the values do not "
                    "scale with them: Q-learning's update is linear in the rewards, so look for "
                    "a fixed amount in it (a constant, a floor, a rounding).")
        checks.assert_close(
            got, base * scale, rtol=1e-12, atol=0.0, hint=hint,
            what=f"q_learning(cliff walk with rewards x 2**{exponent}, seed=15) against "
                 f"2**{exponent} x the table learned with the plain rewards",
        )


# --------------------------------------------------------------------------- api


@pytest.mark.kata(points=3, category="api")
def test_invalid_arguments_raise_value_error(submission):
    """Out-of-range epsilon, alpha, gamma, episodes or max_steps, and a 1-D Q, raise ValueError."""
    Q = np.zeros((2, 3))
    for eps in (-0.1, 1.5):
        checks.raises_value_error(submission.epsilon_greedy, Q, 0, eps, np.random.default_rng(0),
                                  what=f"epsilon_greedy(Q, 0, epsilon={eps}, rng)")
    checks.raises_value_error(submission.greedy_policy, np.zeros(3),
                              what="greedy_policy(Q) for a 1-D Q")
    base = dict(episodes=2, alpha=0.5, gamma=0.9, epsilon=0.1, max_steps=5, seed=0)
    for key, value in (("alpha", 0.0), ("alpha", 1.5), ("gamma", -0.1), ("gamma", 1.01),
                       ("epsilon", -0.5), ("epsilon", 2.0), ("episodes", 0), ("max_steps", 0)):
        kwargs = base | {key: value}
        checks.raises_value_error(lambda: submission.q_learning(make(corridor()), **kwargs),
                                  what=_call(kwargs))


@pytest.mark.kata(points=2, category="api")
def test_global_random_state_untouched(submission):
    """q_learning and epsilon_greedy leave the global state of np.random and random alone."""
    np_state = np.random.get_state()
    py_state = random.getstate()
    _learn(submission, make(corridor()), episodes=5, alpha=0.5, gamma=0.9, epsilon=0.5,
           max_steps=10, seed=16)
    _draw(submission, np.zeros((1, 3)), 0, 0.5, np.random.default_rng(17), 20)
    after = np.random.get_state()
    same_np = after[0] == np_state[0] and np.array_equal(after[1], np_state[1]) and \
        after[2:] == np_state[2:]
    if not same_np or random.getstate() != py_state:
        which = "np.random" if not same_np else "the random module"
        checks.mistake(WRONG_RNG, (
            f"q_learning or epsilon_greedy changed the global state of {which} (np.random.seed, "
            "np.random.random, random.random ...): build rng = np.random.default_rng(seed) once "
            "in q_learning and draw everything from it."))


@pytest.mark.kata(points=1, category="api")
def test_q_learning_defaults(submission):
    """q_learning's defaults: episodes=500, alpha=0.5, gamma=1.0, epsilon=0.1, max_steps=1000."""
    parameters = inspect.signature(submission.q_learning).parameters
    contract = dict(episodes=500, alpha=0.5, gamma=1.0, epsilon=0.1, max_steps=1000, seed=None)
    for name, default in contract.items():
        checks.check(name in parameters, f"q_learning has no parameter {name!r}")
        got = parameters[name].default
        checks.check(got is not inspect.Parameter.empty and got == default, (
            f"q_learning's default {name}={got if got is not inspect.Parameter.empty else '(none)'}"
            f"; the contract says {name}={default!r}"))
    # the defaults in use: the run without arguments is the run with the contract's values,
    # whatever the candidate's algorithm does with them
    explicit = {k: v for k, v in contract.items() if k != "seed"}
    runs = []
    for kwargs in ({}, explicit, explicit):
        env = make(corridor())
        Q = _learn(submission, env, seed=0, **kwargs)
        runs.append((env, Q))
    (plain, Q_plain), (given, Q_given), (again, Q_again) = runs
    if plain.transitions == given.transitions and np.array_equal(Q_plain, Q_given):
        return
    if again.transitions != given.transitions or not np.array_equal(Q_again, Q_given):
        return  # two equal calls differ: the same-seed test judges that, not this one
    tables = "equal" if np.array_equal(Q_plain, Q_given) else "different"
    checks.fail(
        f"q_learning(corridor, seed=0) and {_call(explicit | {'seed': 0})} made different runs "
        f"({plain.resets} and {given.resets} resets, {len(plain.transitions)} and "
        f"{len(given.transitions)} steps, {tables} tables): the values used when an argument "
        "is left out are not the contract's defaults.")


# --------------------------------------------------------------------------- efficiency

SPEED_FACTOR = 10.0


def _speed(submission, reference, mdp, kwargs, what, hint):
    """Time the candidate against the reference on fresh, non-recording environments; a run
    far slower than allowed is stopped by the environment's deadline."""
    __tracebackhide__ = True
    ref_env, sub_env = make(mdp, record=False), make(mdp, record=False)  # reset() restarts them
    times = []
    for _ in range(3):
        start = time.perf_counter()
        reference.q_learning(ref_env, **kwargs)
        times.append(time.perf_counter() - start)
    t_ref = float(np.median(times))
    budget = max(1.0, 4 * SPEED_FACTOR * t_ref)
    sub_env.deadline = time.perf_counter() + budget
    try:
        submission.q_learning(sub_env, **kwargs)
    except RunawayEpisode as exc:
        checks.mistake(MAX_STEPS_IGNORED, f"{what}: {exc.args[0]} steps without a reset, far "
                       f"more than max_steps={kwargs['max_steps']}.")
    except TooSlow:
        checks.fail(f"{what} was stopped after {budget:.1f} s, far slower than the reference "
                    f"({t_ref * 1e3:.0f} ms; allowed: {SPEED_FACTOR:g}x slower).\n{hint}")
    sub_env.deadline = None
    checks.assert_speed(
        lambda: submission.q_learning(sub_env, **kwargs),
        lambda: reference.q_learning(ref_env, **kwargs),
        factor=SPEED_FACTOR, what=what, repeats=3, hint=hint,
    )


@pytest.mark.kata(points=4, category="efficiency", timeout=30)
def test_speed_small_table(submission, reference):
    """q_learning, 5,000 steps on a 48 x 4 table, within 10x of the reference's time."""
    _speed(submission, reference, torus(),
           dict(episodes=50, alpha=0.5, gamma=0.9, epsilon=0.1, max_steps=100, seed=0),
           "q_learning(48-state ring, episodes=50, max_steps=100)",
           "A step should cost a few microseconds: one epsilon-greedy choice on one row of Q, "
           "one env.step, one update of one entry. Avoid rebuilding arrays, copying Q or "
           "building probability vectors in Python loops at every step.")


GROWTH_FACTOR = 6.0
GROWTH_STEPS = (1_000, 3_000)  # two run lengths: the difference is the cost of the steps alone


def _time_growth(run, tables, short, long, times, hint):
    """Three interleaved rounds of the four timed runs of the growth test, into ``times``; a
    run far slower than the same steps on the small table is stopped and fails the test."""
    __tracebackhide__ = True
    for _ in range(3):
        for name in tables:
            for n, kwargs in zip(GROWTH_STEPS, (short, long)):
                small = times[("48-state", n)]
                budget = max(0.5, 4 * GROWTH_FACTOR * float(np.median(small))) if small else None
                deadline = time.perf_counter() + budget if budget else None
                try:
                    times[(name, n)].append(run(name, kwargs, deadline))
                except TooSlow:
                    checks.fail(
                        f"{_call(kwargs)} on the {name} table was stopped after {budget:.1f} s; "
                        f"the same {n:,} steps on the 48-state table took "
                        f"{float(np.median(small)) * 1e3:.0f} ms: far slower as the table grows."
                        f"\n{hint}")


@pytest.mark.kata(points=4, category="efficiency", timeout=30)
def test_speed_does_not_grow_with_the_table(submission):
    """A step costs O(n_actions), not O(n_states): 48 against 50,000 states, within 6x."""
    tables = {"48-state": torus(48, 30), "50,000-state": torus(50_000, 30)}
    envs = {name: make(mdp, record=False) for name, mdp in tables.items()}
    short, long = (dict(episodes=n // 100, alpha=0.5, gamma=0.9, epsilon=0.1, max_steps=100,
                        seed=1) for n in GROWTH_STEPS)
    hint = ("A step must touch one row of Q (Q[state]), never the whole table: computing "
            "greedy_policy(Q), np.argmax(Q, axis=1) or a copy of Q at every step costs "
            "O(n_states * n_actions) per step.")

    def run(name, kwargs, deadline=None):
        env = envs[name]
        env.deadline = deadline
        start = time.perf_counter()
        try:
            submission.q_learning(env, **kwargs)
        except RunawayEpisode as exc:
            checks.mistake(MAX_STEPS_IGNORED, f"{_call(kwargs)}: {exc.args[0]} steps without a "
                           f"reset, far more than max_steps={kwargs['max_steps']}.")
        return time.perf_counter() - start

    # the per-step time is the slope between the two run lengths: a one-off cost per run
    # (allocating or converting the table) cancels out. The cyclic garbage collector is off
    # while timing: its passes cost time in proportion to the objects alive (a table held as
    # 50,000 Python lists), which says nothing about what a step touches.
    run("48-state", short)  # warm-up
    times = {(name, n): [] for name in tables for n in GROWTH_STEPS}
    gc.collect()
    gc.disable()
    try:
        _time_growth(run, tables, short, long, times, hint)
    finally:
        gc.enable()
    median = {key: float(np.median(value)) for key, value in times.items()}
    short_n, long_n = GROWTH_STEPS
    per_step = {name: max(median[(name, long_n)] - median[(name, short_n)], 0.0)
                / (long_n - short_n) for name in tables}
    # a floor for the small table's slope, against a noisy difference of two short times: half
    # the average time of a step, and at least 4 us (touching 200,000 entries costs far more)
    floor = max(0.5 * median[("48-state", long_n)] / long_n, 4e-6)
    growth = per_step["50,000-state"] / max(per_step["48-state"], floor)
    if growth > GROWTH_FACTOR:
        checks.fail(
            f"q_learning: a step took {per_step['50,000-state'] * 1e6:.1f} us on a 50,000-state "
            f"table against {per_step['48-state'] * 1e6:.1f} us on a 48-state one (the time of "
            f"{GROWTH_STEPS[1]:,} steps minus that of {GROWTH_STEPS[0]:,}): {growth:.1f}x slower "
            f"as the table grows (allowed: {GROWTH_FACTOR:g}x).\n{hint}")
