"""Hidden grader of the backprop kata (DESIGN.md section 6, "backprop").

The oracle is a small network written here, independently of the reference solution: its loss
(log-softmax, mean over the batch) gives the expected values, its central differences
(h = 1e-5, relative errors near 1e-9 for correct code in float64) judge every gradient, and its
backward pass, with one classic mistake switched on at a time, computes what each mistake
returns so that a failure can name the mistake its output matches.

Most tests load parameters chosen here into the candidate's model (in place, into the arrays of
``model.params``), so that nothing depends on the candidate's initialisation; the tests of the
"params are read at call time" rule replace them instead. Training tests judge properties
(gradient-descent steps of the right size, one pass over the data per epoch, the size of every
sample's batch, a new permutation every epoch, accuracy), never one random stream. A fit test
checks its preconditions (the gradients, the step size) before it blames its own topic.
"""

import numpy as np
import pytest

from kata_cli import checks

ACTIVATIONS = ("relu", "tanh", "sigmoid")
H = 1e-5  # central-difference step
GRAD_RTOL = 1e-6  # relative error allowed between a gradient and its central differences
NOISE = 1e-9  # absolute slack for the rounding noise of central differences (~3e-11 per entry)

# --------------------------------------------------------------------------- the oracle network
# Plain and independent of the reference; ``mistake`` switches on one classic error.


def _sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _activate(activation, z):
    if activation == "relu":
        return np.maximum(z, 0.0)
    if activation == "tanh":
        return np.tanh(z)
    return _sigmoid(z)


def _log_softmax(z, axis=1):
    shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def _n_layers(params):
    return len(params) // 2


def _logits(params, X, activation, mistake=None):
    """Output pre-activations; ``mistake`` in FORWARD_MISTAKES changes the forward pass."""
    a = X
    L = _n_layers(params)
    for layer in range(L):
        W, b = params[2 * layer], params[2 * layer + 1]
        z = a @ W + (0.0 if mistake == "no_bias" else b)
        if layer < L - 1:
            a = z if mistake == "no_activation" else _activate(activation, z)
        else:
            a = _activate(activation, z) if mistake == "activation_on_output" else z
    return a


def _proba(params, X, activation, mistake=None):
    axis = 0 if mistake == "softmax_axis0" else 1
    return np.exp(_log_softmax(_logits(params, X, activation, mistake), axis=axis))


def _loss(params, X, y, activation):
    log_p = _log_softmax(_logits(params, X, activation))
    return -float(np.mean(log_p[np.arange(len(X)), y]))


FLOAT32 = ("computing in float32 (X or params converted with dtype=np.float32): the contract is "
           "float64 throughout, and float32 rounding already changes the 8th digit")
ONEHOT_FROM_LABELS = ("one-hot sized from the labels present in the batch (y.max() + 1) instead of "
                      "n_classes (the number of output units)")


def _float32_inputs(X):
    """X as a float32 conversion leaves it: what a submission computing on float32 inputs sees."""
    return np.asarray(X, dtype=np.float32).astype(np.float64)


def _loss_variants(params, X, y, activation, *, epsilons=True):
    """(name, value) of the classic loss mistakes (``epsilons``: also log(p + eps))."""
    n, C = len(X), params[-1].shape[0]
    right = _loss(params, X, y, activation)
    p = _proba(params, X, activation)[np.arange(n), y]
    out = [(FLOAT32, _loss(params, _float32_inputs(X), y, activation))]
    if int(np.max(y)) == 0 and C > 1:  # a one-column one-hot broadcast against every class
        log_p = _log_softmax(_logits(params, X, activation))
        out.append((ONEHOT_FROM_LABELS, -float(np.sum(log_p)) / n))
    out += [
        ("cross-entropy summed over the batch instead of averaged (the loss is a mean)", right * n),
        ("cross-entropy averaged over n x n_classes entries (np.mean of one_hot * log p) "
         "instead of over the n samples", right / C),
        ("log base 2 instead of the natural log", right / np.log(2)),
        ("log base 10 instead of the natural log", right / np.log(10)),
        ("the sign of the cross-entropy flipped (it is -mean log p[y])", -right),
    ]
    for eps in (1e-15, 1e-12, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5) if epsilons else ():
        out.append(("an epsilon added inside the log (log(p + eps)), which changes the loss: "
                    "compute it with log-softmax", -float(np.mean(np.log(p + eps)))))
    for name, mistake in FORWARD_MISTAKES:
        with np.errstate(divide="ignore"):
            log_p = np.log(_proba(params, X, activation, mistake))
        out.append((name, -float(np.mean(log_p[np.arange(n), y]))))
    return out


FORWARD_MISTAKES = [
    ("softmax normalised over the batch (axis 0) instead of over the classes of each sample "
     "(axis 1)", "softmax_axis0"),
    ("the hidden activation also applied to the output layer before the softmax",
     "activation_on_output"),
    ("no activation on the hidden layers (a linear network)", "no_activation"),
    ("biases not added in the forward pass", "no_bias"),
]


def _backprop(params, X, y, activation, mistake=None):
    """Gradients of the mean cross-entropy, or what ``mistake`` computes instead (None when the
    mistake would raise rather than return on this batch)."""
    L = _n_layers(params)
    n, C = len(X), params[-1].shape[0]
    if mistake == "onehot_from_labels" and not (int(np.max(y)) == 0 and C > 1):
        return None  # a one-hot narrower than the logits, but not one column: a broadcast error
    zs, inputs = [], [X]
    for layer in range(L - 1):
        z = inputs[-1] @ params[2 * layer] + params[2 * layer + 1]
        zs.append(z)
        inputs.append(_activate(activation, z))
    logits = inputs[-1] @ params[-2] + params[-1]
    delta = np.exp(_log_softmax(logits))
    if mistake == "onehot_from_labels":
        delta -= 1.0  # the (n, 1) column of ones broadcast over every class
    elif mistake != "no_onehot":
        delta[np.arange(n), y] -= 1.0
    delta /= {"summed": 1.0, "mean_classes": n * C}.get(mistake, n)
    grads = [None] * len(params)
    for layer in range(L - 1, -1, -1):
        dW = inputs[layer].T @ delta
        grads[2 * layer] = dW.T if mistake == "transposed" else dW
        grads[2 * layer + 1] = np.zeros_like(params[2 * layer + 1]) if mistake == "no_bias" \
            else delta.sum(axis=0)
        if layer == 0:
            break
        z, a = zs[layer - 1], inputs[layer]
        if mistake == "no_derivative":
            d = np.ones_like(z)
        elif mistake == "sigmoid_of_activation":
            d = _sigmoid(a) * (1.0 - _sigmoid(a))
        elif mistake == "derivative_of_z":  # the derivative written for a, applied to z
            d = {"relu": (z > 0).astype(float), "tanh": 1.0 - z * z,
                 "sigmoid": z * (1.0 - z)}[activation]
        elif mistake == "tanh_unsquared":
            d = 1.0 - a
        else:
            d = {"relu": (z > 0).astype(float), "tanh": 1.0 - a * a,
                 "sigmoid": a * (1.0 - a)}[activation]
        delta = (delta @ params[2 * layer].T) * d
    return grads


SUMMED = "gradients summed instead of averaged over the batch (they are batch_size times too big)"
NO_BIAS = "a missing bias gradient (db is delta summed over the batch, divided by the batch size)"
TRANSPOSED = ("a transposed weight gradient (dW = a_prev.T @ delta has the shape of W; "
              "delta.T @ a_prev is its transpose)")


def _gradient_mistakes(activation):
    """(name, key) of the classic backward-pass mistakes for this activation."""
    out = [
        (SUMMED, "summed"),
        (NO_BIAS, "no_bias"),
        (TRANSPOSED, "transposed"),
        ("softmax gradient without subtracting the one-hot labels (d loss / d logits is "
         "(p - one_hot(y)) / n)", "no_onehot"),
        ("gradients divided by n x n_classes instead of by the batch size n", "mean_classes"),
        (ONEHOT_FROM_LABELS, "onehot_from_labels"),
    ]
    if activation == "relu":
        out.append(("a ReLU derivative of 1 everywhere (it is 0 where z <= 0; with 1 everywhere "
                    "the backward pass is that of a linear network)", "no_derivative"))
    else:
        out.append((f"the {activation} derivative left out of the backward pass", "no_derivative"))
    if activation == "sigmoid":
        out += [
            ("the sigmoid derivative taken of the wrong quantity: sigma(a) * (1 - sigma(a)) "
             "applied to the activation a = sigma(z); the derivative is a * (1 - a)",
             "sigmoid_of_activation"),
            ("the sigmoid derivative taken of the wrong quantity: z * (1 - z) uses the "
             "pre-activation z where the activation a = sigma(z) belongs: a * (1 - a)",
             "derivative_of_z"),
        ]
    if activation == "tanh":
        out += [
            ("the tanh derivative taken of the wrong quantity: 1 - z**2 uses the "
             "pre-activation z where the activation a = tanh(z) belongs: 1 - a**2",
             "derivative_of_z"),
            ("the tanh derivative 1 - tanh(z) instead of 1 - tanh(z)**2", "tanh_unsquared"),
        ]
    return out


def _numeric_gradients(params, X, y, activation):
    """Central differences of the oracle loss for every entry of every parameter."""
    params = [p.copy() for p in params]
    grads = []
    for p in params:
        g = np.empty_like(p)
        for index in np.ndindex(p.shape):
            old = p[index]
            p[index] = old + H
            up = _loss(params, X, y, activation)
            p[index] = old - H
            down = _loss(params, X, y, activation)
            p[index] = old
            g[index] = (up - down) / (2 * H)
        grads.append(g)
    return grads


def _descent(params, X, y, activation, steps, lr, mistake=None):
    """``steps`` full-batch gradient-descent steps from ``params`` (the oracle's fit)."""
    params = [p.copy() for p in params]
    sign = -1.0 if mistake == "ascent" else 1.0
    for _ in range(steps):
        grads = _backprop(params, X, y, activation, None if mistake == "ascent" else mistake)
        params = [p - sign * lr * g for p, g in zip(params, grads)]
    return params


FIT_NOTE = ("loss_and_gradients itself disagrees with the oracle at these params: fit follows "
            "the gradients, so fix them first.")
LR_TWICE = ("the learning rate applied twice (p -= lr * (lr * grad)): every step is lr**2 * grad "
            "instead of lr * grad")
SEPARATE_PERMS = ("X and y shuffled with different permutations (or only one of them shuffled): "
                  "the labels no longer belong to their samples; index both with the same order")


# --------------------------------------------------------------------------- data and params


def _param_names(params):
    names = []
    for layer in range(_n_layers(params)):
        names += [f"W{layer + 1}", f"b{layer + 1}"]
    return names


def _random_params(rng, sizes, *, weight_scale=1.0, bias_scale=0.5):
    """Weights ~ N(0, weight_scale^2 / fan_in), biases ~ N(0, bias_scale^2): biases that matter."""
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        params.append(rng.normal(scale=weight_scale / np.sqrt(fan_in), size=(fan_in, fan_out)))
        params.append(rng.normal(scale=bias_scale, size=fan_out))
    return params


def _problem(rng, sizes, n=12, activation="relu", *, avoid_kinks=True, **kwargs):
    """(params, X, y): random parameters and data whose pre-activations all stay 1e-3 away from
    ReLU's kink (where central differences are meaningless); every class appears in y."""
    for _ in range(100):
        params = _random_params(rng, sizes, **kwargs)
        X = rng.normal(size=(n, sizes[0]))
        y = rng.permutation(np.arange(n) % sizes[-1])
        a, near_kink = X, False
        for layer in range(_n_layers(params) - 1):
            z = a @ params[2 * layer] + params[2 * layer + 1]
            near_kink |= bool(np.min(np.abs(z)) < 1e-3)
            a = _activate(activation, z)
        if not (activation == "relu" and near_kink and avoid_kinks):
            return params, X, y
    raise RuntimeError("no data away from the kinks")  # never happens with these sizes


def _xor(rng, n=200, noise=0.25):
    """Four Gaussian blobs at (+-1, +-1); the class is 1 where x and y have opposite signs."""
    corner = rng.integers(0, 4, size=n)
    centres = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])
    return centres[corner] + rng.normal(scale=noise, size=(n, 2)), (corner >= 2).astype(int)


def _circles(rng, n=200):
    """Two noisy concentric rings (radius 0.5: class 0, radius 1.5: class 1)."""
    outer = rng.random(n) < 0.5
    angle = rng.uniform(0, 2 * np.pi, n)
    radius = np.where(outer, 1.5, 0.5)
    X = np.c_[radius * np.cos(angle), radius * np.sin(angle)] + rng.normal(scale=0.15, size=(n, 2))
    return X, outer.astype(int)


# --------------------------------------------------------------------------- the model under test


@pytest.fixture
def submission(submission):
    """Every method gets copies of its arrays: code that modifies X or y in place fails only
    test_inputs_are_not_modified (which uses ``submission.raw``)."""
    return checks.copy_inputs(submission, ["MLP"])


def _describe(sizes, activation):
    return f"MLP({list(sizes)}, activation={activation!r})"


def _load(model, params):
    """Put ``params`` into the model: in place into its arrays when they have the right shapes
    (what a caller who keeps references does), else as a new list."""
    current = getattr(model, "params", None)
    if (isinstance(current, list) and len(current) == len(params)
            and all(isinstance(c, np.ndarray) and c.shape == p.shape and c.dtype == np.float64
                    and c.flags.writeable for c, p in zip(current, params))):
        for c, p in zip(current, params):
            c[...] = p
    else:
        model.params = [p.copy() for p in params]


def _model(submission, sizes, activation, params, seed=0):
    model = submission.MLP(list(sizes), activation=activation, seed=seed)
    _load(model, params)
    return model


def _gradients_right(submission, sizes, activation, params, X, y, *, inputs=None):
    """Whether the submission's loss_and_gradients agrees with the oracle at ``params`` (to
    tell a wrong fit from a fit that follows wrong gradients), to 1e-9 relative. ``inputs``
    transforms X for the oracle only (e.g. rounds it to float32)."""
    model = _model(submission, sizes, activation, params)
    _, grads = model.loss_and_gradients(X, y)
    expected = _backprop(params, X if inputs is None else inputs(X), y, activation)
    return (isinstance(grads, (list, tuple)) and len(grads) == len(expected)
            and all(np.shape(g) == e.shape and checks.is_close(g, e, rtol=1e-9, atol=1e-12)
                    for g, e in zip(grads, expected)))


def _gradients_wrong(submission, sizes, activation, params, X, y):
    """None when loss_and_gradients agrees with the oracle at ``params``, else (note, names):
    why a fit test cannot blame fit itself."""
    if _gradients_right(submission, sizes, activation, params, X, y):
        return None
    if _gradients_right(submission, sizes, activation, params, X, y, inputs=_float32_inputs):
        return ("loss_and_gradients agrees with the oracle only for X rounded to float32, and "
                "fit follows it.", [FLOAT32])
    return FIT_NOTE, []


def _step_factor(submission, sizes, activation, params, X, y, lr):
    """r when one full-batch epoch of fit moves the params by exactly -r * lr * grad (the right
    direction, r = 1 for the right size), else None."""
    model = _model(submission, sizes, activation, params)
    model.fit(X, y, epochs=1, lr=lr)
    got = _current_params(model, sizes, "params after fit(X, y, epochs=1)")
    step = [lr * g for g in _backprop(params, X, y, activation)]
    moved = [g - p for g, p in zip(got, params)]
    norm2 = sum(float(np.sum(s * s)) for s in step)
    if norm2 == 0.0:
        return None
    r = -sum(float(np.sum(m * s)) for m, s in zip(moved, step)) / norm2
    if r > 0 and all(np.linalg.norm(m + r * s) <= 1e-6 * r * np.linalg.norm(s) + 1e-15
                     for m, s in zip(moved, step)):
        return r
    return None


def _step_size_diagnosis(submission, sizes, activation, params, X, y, lr=0.3):
    """(sentence, names) when fit steps along -grad with a wrong step size, else None. One
    full-batch step is exactly -lr * grad, so any lr shows it: a tiny one would drown a wrong
    factor in rounding."""
    r = _step_factor(submission, sizes, activation, params, X, y, lr)
    if r is None or abs(r - 1.0) <= 1e-6:
        return None
    sentence = (f"One epoch of fit(X, y, epochs=1, lr={lr:g}) moves the params in the right "
                f"direction (along -grad) but by {r:.6g} x lr x grad instead of lr x grad: a "
                "wrong step size.")
    names = [LR_TWICE] if abs(r - lr) <= 1e-6 * lr else []
    return sentence, names


def _current_params(model, sizes, what):
    """model.params as a list of float arrays with the contract's shapes."""
    __tracebackhide__ = True
    params = getattr(model, "params", None)
    checks.check(isinstance(params, (list, tuple)),
                 f"{what}: model.params is {type(params).__name__}, expected a list "
                 "[W1, b1, W2, b2, ...]")
    expected = 2 * (len(sizes) - 1)
    checks.check(len(params) == expected,
                 f"{what}: model.params has {len(params)} entries, expected {expected} "
                 "([W1, b1, W2, b2, ...], one weight matrix and one bias vector per layer)")
    out = []
    for i, (name, p) in enumerate(zip(_param_names(params), params)):
        layer = i // 2
        shape = (sizes[layer], sizes[layer + 1]) if i % 2 == 0 else (sizes[layer + 1],)
        out.append(checks.array(p, what=f"{what}: params[{i}] ({name})", shape=shape, finite=False))
    return out


def _scalar_loss(loss, what):
    """The loss as a float; a per-sample array or a non-number is a diagnosis."""
    __tracebackhide__ = True
    arr = np.asarray(loss)
    if arr.ndim == 1 and arr.size > 1:
        checks.fail(f"{what}: the loss is an array of shape {arr.shape}, expected one number: "
                    "the mean of the per-sample losses")
    checks.check(arr.size == 1 and np.issubdtype(arr.dtype, np.number),
                 f"{what}: the loss is {checks.fmt(loss)}, expected one number")
    _require_float64(arr, f"{what}: the loss")
    return float(arr.reshape(()))


def _require_float64(value, what):
    """Name float32 arithmetic before judging any value computed with it."""
    __tracebackhide__ = True
    dtype = np.asarray(value).dtype
    if dtype in (np.float32, np.float16):
        checks.mistake(FLOAT32, f"{what} has dtype {dtype}, expected float64")


def _call_loss_and_gradients(model, X, y, what):
    __tracebackhide__ = True
    out = model.loss_and_gradients(X, y)
    checks.check(isinstance(out, tuple) and len(out) == 2,
                 f"{what} returned {type(out).__name__}, expected a tuple (loss, grads)")
    return _scalar_loss(out[0], what), out[1]


def _gradient_list(got, params, what):
    """The submission's gradients as float arrays with the shapes of ``params``; a missing bias
    gradient or a transposed weight gradient that shows in the shapes is named."""
    __tracebackhide__ = True
    names = _param_names(params)
    checks.check(got is not None, f"{what}: grads is None; expected a list [dW1, db1, ...]")
    checks.check(isinstance(got, (list, tuple)),
                 f"{what}: grads is {type(got).__name__}, expected a list [dW1, db1, dW2, ...]")
    L = _n_layers(params)
    if len(got) == L:
        shapes = [np.shape(g) for g in got]
        if all(s in (params[2 * i].shape, params[2 * i].shape[::-1]) for i, s in enumerate(shapes)):
            checks.mistake(NO_BIAS, f"{what}: {len(got)} gradients for {2 * L} parameter "
                           f"arrays; only the weight gradients came back (shapes {shapes})")
    checks.check(len(got) == 2 * L,
                 f"{what}: {len(got)} gradients for {2 * L} parameter arrays {names}; expected "
                 "one per entry of params, in the same order")
    out = []
    for i, (g, p, name) in enumerate(zip(got, params, names)):
        shape = np.shape(g)
        if p.ndim == 2 and shape == p.shape[::-1] and shape != p.shape:
            checks.mistake(TRANSPOSED, f"{what}: grads[{i}] (d{name}) has shape {shape}, the "
                           f"transpose of {name}'s shape {p.shape}")
        g = checks.array(g, what=f"{what}: grads[{i}] (d{name})", shape=p.shape)
        _require_float64(g, f"{what}: grads[{i}] (d{name})")
        out.append(np.asarray(g, dtype=np.float64))
    return out


def _same_gradients(got, wrong):
    return all(w.shape == g.shape and checks.is_close(g, w, rtol=1e-6, atol=1e-9)
               for g, w in zip(got, wrong))


def _judge_gradients(got, params, X, y, activation, what, *, expected=None, mistakes=()):
    """Fail unless ``got`` is the gradient list of the oracle loss at ``params``.

    ``expected`` defaults to central differences (the gradient check); the stability tests,
    whose scales defeat finite differences, pass the oracle's analytic gradients instead.
    ``mistakes`` adds (name, gradient list) pairs to the classic backward-pass mistakes.
    """
    __tracebackhide__ = True
    names = _param_names(params)
    got = _gradient_list(got, params, what)
    source = "the oracle's backpropagated gradients"
    if expected is None:
        expected = _numeric_gradients(params, X, y, activation)
        source = f"central differences of the loss (h={H:g})"
    errors = []
    for g, e in zip(got, expected):
        scale = max(np.linalg.norm(g), np.linalg.norm(e))
        errors.append((np.linalg.norm(g - e), scale))
    right = [err <= GRAD_RTOL * scale + NOISE for err, scale in errors]
    if all(right):
        return
    table = ", ".join(f"d{name} {err / max(scale, 1e-300):.1e}"
                      for name, (err, scale) in zip(names, errors))
    worst = int(np.argmax([err / max(scale, 1e-300) for err, scale in errors]))
    detail = (
        f"{what}: the gradients disagree with {source} (relative error per tensor: "
        f"{table}; allowed {GRAD_RTOL:g}). Worst: d{names[worst]}, "
        f"expected {checks.fmt(expected[worst], 100)}, got {checks.fmt(got[worst], 100)}."
    )
    if all(right[0::2]) and not any(right[1::2]):
        detail += " The weight gradients are right, the bias gradients are not."
    elif all(right[-2:]) and not all(right):
        detail += (" The output layer's gradients are right: the error comes in when delta goes "
                   "back through a hidden layer (W.T, then the activation's derivative).")
    candidates = [(name, _backprop(params, X, y, activation, key))
                  for name, key in _gradient_mistakes(activation)] + list(mistakes)
    names = [name for name, wrong in candidates
             if wrong is not None and _same_gradients(got, wrong)]
    if not names and _same_gradients(got, _backprop(params, _float32_inputs(X), y, activation)):
        names = [FLOAT32]
    checks.fail_naming(detail, names)


def _matching(got, expected, mistakes):
    """The loss mistakes that explain ``got``: it must sit on the wrong value, a hundred times
    closer to it than the wrong value is to the right one (a loss 5e-9 off is not named after
    an epsilon that moves the loss by 3e-9)."""
    return [(name, wrong) for name, wrong in mistakes
            if abs(got - wrong) <= 1e-2 * abs(wrong - expected) + 1e-13 * abs(expected)]


def _assert_loss(got, expected, what, mistakes, hint=None):
    __tracebackhide__ = True
    checks.assert_close(got, expected, what=what, rtol=1e-9, atol=1e-12, hint=hint,
                        mistakes=_matching(got, expected, mistakes))


def _judge_loss(got, params, X, y, activation, what):
    __tracebackhide__ = True
    _assert_loss(got, _loss(params, X, y, activation), what,
                 _loss_variants(params, X, y, activation))


def _judge_proba(got, params, X, activation, what):
    __tracebackhide__ = True
    n, C = len(X), params[-1].shape[0]
    got = checks.array(got, what=what, shape=(n, C), finite=False)
    _require_float64(got, what)
    checks.assert_close(got, _proba(params, X, activation), what=what, rtol=1e-9, atol=1e-12,
                        mistakes=[(name, _proba(params, X, activation, key))
                                  for name, key in FORWARD_MISTAKES]
                        + [(FLOAT32, _proba(params, _float32_inputs(X), activation))])


# --------------------------------------------------------------------------- correctness

ARCHITECTURES = ([3, 5, 4], [4, 4, 4, 4], [3, 7, 5, 4])


def _gradient_check(submission, rng, activation):
    __tracebackhide__ = True
    for sizes in ARCHITECTURES:
        params, X, y = _problem(rng, sizes, activation=activation)
        model = _model(submission, sizes, activation, params)
        what = f"{_describe(sizes, activation)}.loss_and_gradients(X, y), {len(X)} samples"
        loss, grads = _call_loss_and_gradients(model, X, y, what)
        _judge_gradients(grads, params, X, y, activation, what)


@pytest.mark.kata(points=6, category="correctness")
def test_gradient_check_relu(submission, rng):
    """ReLU: every gradient matches central differences ([3,5,4], [4,4,4,4], [3,7,5,4])."""
    _gradient_check(submission, rng, "relu")


@pytest.mark.kata(points=6, category="correctness")
def test_gradient_check_tanh(submission, rng):
    """tanh: every gradient matches central differences ([3,5,4], [4,4,4,4], [3,7,5,4])."""
    _gradient_check(submission, rng, "tanh")


@pytest.mark.kata(points=6, category="correctness")
def test_gradient_check_sigmoid(submission, rng):
    """sigmoid: every gradient matches central differences ([3,5,4], [4,4,4,4], [3,7,5,4])."""
    _gradient_check(submission, rng, "sigmoid")


@pytest.mark.kata(points=5, category="correctness")
def test_loss_matches_for_given_params(submission, rng):
    """loss_and_gradients: the mean cross-entropy for given params, to 1e-9 (3 activations)."""
    for activation in ACTIVATIONS:
        sizes = [4, 6, 3]
        params, X, y = _problem(rng, sizes, n=15, activation=activation)
        model = _model(submission, sizes, activation, params)
        what = f"{_describe(sizes, activation)}.loss_and_gradients(X, y)[0]"
        loss, _ = _call_loss_and_gradients(model, X, y, what)
        _judge_loss(loss, params, X, y, activation, what)


@pytest.mark.kata(points=5, category="correctness")
def test_forward_matches_for_given_params(submission, rng):
    """forward: softmax probabilities for given params (3 activations, two depths)."""
    for activation in ACTIVATIONS:
        for sizes in ([4, 6, 3], [3, 5, 5, 4]):
            params, X, _ = _problem(rng, sizes, n=10, activation=activation)
            model = _model(submission, sizes, activation, params)
            _judge_proba(model.forward(X), params, X, activation,
                         f"{_describe(sizes, activation)}.forward(X)")


@pytest.mark.kata(points=3, category="correctness")
def test_predict_is_the_most_probable_class(submission, rng):
    """predict: the argmax of the probabilities, as integer labels of shape (n,)."""
    sizes, activation = [3, 8, 5], "tanh"
    params, X, _ = _problem(rng, sizes, n=40, activation=activation, weight_scale=2.0)
    model = _model(submission, sizes, activation, params)
    got = checks.array(model.predict(X), what=f"{_describe(sizes, activation)}.predict(X)",
                       shape=(40,))
    checks.check(np.issubdtype(got.dtype, np.integer),
                 f"predict(X) returned dtype {got.dtype}; expected integer class labels")
    checks.assert_equal(got, np.argmax(_proba(params, X, activation), axis=1),
                        what=f"{_describe(sizes, activation)}.predict(X)",
                        mistakes=[("argmin instead of argmax",
                                   np.argmin(_proba(params, X, activation), axis=1))])


@pytest.mark.kata(points=6, category="correctness")
def test_fit_full_batch_is_gradient_descent(submission, rng):
    """fit(batch_size=None): `epochs` steps p -= lr * grad from the current params, exactly."""
    sizes, activation = [3, 6, 4], "tanh"
    params, X, y = _problem(rng, sizes, n=30, activation=activation)
    epochs, lr = 4, 0.3
    model = _model(submission, sizes, activation, params)
    returned = model.fit(X, y, epochs=epochs, lr=lr)
    checks.check(returned is model, f"fit returned {type(returned).__name__}, expected the model "
                 "itself (return self)")
    what = f"{_describe(sizes, activation)}: params after fit(X, y, epochs={epochs}, lr={lr})"
    got = _current_params(model, sizes, what)
    expected = _descent(params, X, y, activation, epochs, lr)
    if all(checks.is_close(g, p, rtol=0, atol=0) for g, p in zip(got, params)):
        checks.mistake(
            "fit does not update self.params (the new values are stored elsewhere, or the "
            "update only rebinds a local name)",
            f"{what}: the params did not change")
    mistakes = [
        ("gradient ascent (p += lr * grad) instead of descent",
         _descent(params, X, y, activation, epochs, lr, "ascent")),
        ("lr ignored (the default 0.5 used)", _descent(params, X, y, activation, epochs, 0.5)),
        (f"{epochs - 1} steps instead of epochs={epochs}",
         _descent(params, X, y, activation, epochs - 1, lr)),
        (f"{epochs + 1} steps instead of epochs={epochs}",
         _descent(params, X, y, activation, epochs + 1, lr)),
        (SUMMED, _descent(params, X, y, activation, epochs, lr, "summed")),
        (NO_BIAS, _descent(params, X, y, activation, epochs, lr, "no_bias")),
        (LR_TWICE, _descent(params, X, y, activation, epochs, lr * lr)),
    ]
    names = [name for name, wrong in mistakes
             if all(checks.is_close(g, w, rtol=1e-6, atol=1e-9) for g, w in zip(got, wrong))]
    if not all(checks.is_close(g, e, rtol=1e-7, atol=1e-10) for g, e in zip(got, expected)):
        diffs = [checks.max_difference(g, e)[0] for g, e in zip(got, expected)]
        worst = int(np.argmax(diffs))
        name = _param_names(params)[worst]
        detail = (f"{what}: {name} expected {checks.fmt(expected[worst])}, got "
                  f"{checks.fmt(got[worst])} (largest difference {diffs[worst]:.3g}). fit must "
                  "start from the params the model holds (here set by the caller) and take one "
                  "step p -= lr * grad per epoch.")
        if not names:
            if (wrong := _gradients_wrong(submission, sizes, activation, params, X, y)):
                detail += " " + wrong[0]
                names = wrong[1]
            elif (step := _step_size_diagnosis(submission, sizes, activation, params, X, y, lr)):
                detail += " " + step[0]
                names = step[1]
            elif all(d > 1e-2 for d in diffs[0::2]):
                detail += (" The result is far from every gradient-descent path from the given "
                           "params: does fit re-initialise the parameters instead of starting "
                           "from self.params?")
        checks.fail_naming(detail, names)


@pytest.mark.kata(points=5, category="correctness")
def test_minibatch_epoch_uses_every_sample_once(submission, rng):
    """fit(batch_size=6) on 24 samples: one epoch = 4 steps that together use every sample once."""
    sizes, activation = [3, 5, 3], "relu"
    params, X, y = _problem(rng, sizes, n=24, activation=activation)
    lr = 1e-7  # tiny steps: the epoch's total move is -lr * (sum of the 4 batch means) + O(lr^2)
    model = _model(submission, sizes, activation, params)
    model.fit(X, y, epochs=1, lr=lr, batch_size=6, seed=3)
    what = f"{_describe(sizes, activation)}: params after fit(24 samples, batch_size=6, epochs=1)"
    got = _current_params(model, sizes, what)
    full = _backprop(params, X, y, activation)
    moved = [g - p for g, p in zip(got, params)]
    # four batches that partition the samples: the batch means add up to 4 x the full mean
    expected = [-lr * 4 * f for f in full]
    mistakes = [
        ("the minibatch gradient divided by the training-set size instead of the batch size "
         "(or one step per epoch)", [-lr * f for f in full]),
        (SUMMED, [-lr * 4 * 6 * f for f in full]),
        ("gradient ascent (p += lr * grad) instead of descent", [lr * 4 * f for f in full]),
    ]
    def near(a, b):  # per tensor: the O(lr^2) terms are ~1e-6 of the move (measured)
        return all(np.linalg.norm(x - z) <= 1e-4 * np.linalg.norm(z) + 1e-15 for x, z in zip(a, b))

    if not near(moved, expected):
        names = [name for name, wrong in mistakes if near(moved, wrong)]
        # the move of W1 as a multiple of the expected one (its projection: -1 for ascent)
        ratio = float(np.sum(moved[0] * expected[0])) / max(float(np.sum(expected[0] ** 2)), 1e-300)
        detail = (f"{what}: with lr={lr:g} one epoch moves the params by -lr times the sum of the "
                  f"batch-mean gradients, which is -lr * 4 * (full-batch gradient) when the 4 "
                  f"batches use every sample exactly once. dW1 moved {ratio:.3g} times that much "
                  f"(expected {checks.fmt(expected[0], 100)}, got {checks.fmt(moved[0], 100)}).")
        wrong = None if names else _gradients_wrong(submission, sizes, activation, params, X, y)
        if wrong is not None:
            checks.fail_naming(f"{detail} {wrong[0]}", wrong[1])
        step = None if names else _step_size_diagnosis(submission, sizes, activation, params, X, y)
        if step is not None:
            checks.fail_naming(f"{detail} {step[0]}", step[1])
        if not names and near(moved[-1:], expected[-1:]) and not near(moved[:-1], expected[:-1]):
            # the output bias sums p - one_hot(y) over the epoch: it moves right whatever the
            # pairing of samples and labels; the weights do not
            names = [SEPARATE_PERMS]
            detail += (" The output bias moved exactly as expected (it only depends on which "
                       "labels were used), the weights did not (they depend on which sample "
                       "carries which label).")
        elif not names:
            detail += (" Shuffle a permutation of the samples each epoch and step through "
                       "consecutive slices of it (sampling batches with replacement, or repeating "
                       "a batch, breaks this).")
        checks.fail_naming(detail, names)


@pytest.mark.kata(points=4, category="correctness")
def test_minibatch_steps_per_epoch(submission, rng):
    """fit(batch_size=4) on 10 samples: 3 steps per epoch, the last batch of 2 included."""
    sizes, activation = [2, 4, 3], "tanh"
    params, _, _ = _problem(rng, sizes, activation=activation)
    # ten copies of one sample: every batch mean is that sample's gradient, in any order
    X = np.repeat(rng.normal(size=(1, 2)), 10, axis=0)
    y = np.full(10, 1)
    lr = 0.2
    model = _model(submission, sizes, activation, params)
    model.fit(X, y, epochs=2, lr=lr, batch_size=4, seed=0)
    what = f"{_describe(sizes, activation)}: params after fit(10 samples, batch_size=4, epochs=2)"
    got = _current_params(model, sizes, what)
    steps = {s: _descent(params, X[:1], y[:1], activation, s, lr) for s in range(0, 9)}

    def taken(got, rtol):
        return [s for s, p in steps.items()
                if all(checks.is_close(g, e, rtol=rtol, atol=rtol * 1e-3) for g, e in zip(got, p))]

    def imprecise(count, intro):
        """The failure of params that are count steps away, but only to ~1e-6."""
        __tracebackhide__ = True
        diff = max(checks.max_difference(g, e)[0] for g, e in zip(got, steps[count]))
        detail = (f"{intro} the params differ from those of {count} steps by up to {diff:.1e}, "
                  "more than float64 rounding allows (rtol 1e-7, atol 1e-10): precision is lost "
                  "somewhere.")
        wrong = _gradients_wrong(submission, sizes, activation, params, X[:1], y[:1])
        checks.fail_naming(detail + (" " + wrong[0] if wrong else ""), wrong[1] if wrong else [])

    if not taken(got, 1e-7) == [6]:
        loose = taken(got, 1e-6)
        intro = (f"{what}: the 10 samples are identical, so every step is the same "
                 f"gradient-descent step; 2 epochs of ceil(10 / 4) = 3 batches are 6 steps, but")
        if loose == [6]:
            imprecise(6, intro)
        detail = intro + (f" the params match {loose[0]} steps." if loose else
                          " the params match no number of plain steps of p -= lr * grad.")
        names = []
        if loose == [4]:
            names.append("the last partial batch dropped (range(0, n - batch_size + 1, "
                         "batch_size) or n // batch_size batches: the last 2 samples are never "
                         "used)")
        if loose == [2]:
            names.append("one step per epoch (batch_size ignored, or only the first batch used)")
        if not loose:
            if (wrong := _gradients_wrong(submission, sizes, activation, params, X[:1], y[:1])):
                detail += " " + wrong[0]
                names += wrong[1]
            elif (step := _step_size_diagnosis(submission, sizes, activation, params, X[:1],
                                               y[:1])):
                detail += " " + step[0]
                names += step[1]
        checks.fail_naming(detail, names)
    # a batch larger than the data set is one full batch
    model = _model(submission, sizes, activation, params)
    model.fit(X, y, epochs=3, lr=lr, batch_size=25, seed=0)
    what = "fit(10 samples, batch_size=25, epochs=3)"
    got = _current_params(model, sizes, f"params after {what}")
    if not taken(got, 1e-7) == [3]:
        loose = taken(got, 1e-6)
        intro = (f"{what}: a batch_size larger than the data set is one batch of all the samples "
                 "per epoch (3 steps in all), but")
        if loose == [3]:
            imprecise(3, intro)
        checks.fail(f"{intro} the params match "
                    + (f"{loose[0]} steps." if loose else "no number of steps."))


@pytest.mark.kata(points=3, category="correctness")
def test_fit_seed_makes_minibatches_reproducible(submission, rng):
    """fit(batch_size, seed): the same seed gives the same params, other seeds other ones."""
    sizes, activation = [3, 6, 3], "relu"
    params, X, y = _problem(rng, sizes, n=40, activation=activation)
    results = {}
    for label, seed in (("seed=7", 7), ("seed=7 again", 7), ("seed=8", 8)):
        model = _model(submission, sizes, activation, params)
        model.fit(X, y, epochs=3, lr=0.2, batch_size=8, seed=seed)
        results[label] = _current_params(model, sizes, f"params after fit(..., {label})")
    first, again, other = results["seed=7"], results["seed=7 again"], results["seed=8"]
    checks.check(all(np.array_equal(a, b) for a, b in zip(first, again)),
                 "fit(X, y, batch_size=8, seed=7) twice from the same params gave different "
                 "params: draw the shuffles from np.random.default_rng(seed) created in fit "
                 "(not from the global np.random state, nor a generator created once in __init__)")
    if all(np.allclose(a, b, rtol=1e-9, atol=0) for a, b in zip(first, other)):
        # the preconditions first: params that move, along the right gradients
        checks.check(not all(np.array_equal(a, p) for a, p in zip(first, params)),
                     "fit(X, y, epochs=3, lr=0.2, batch_size=8) left the params unchanged, so "
                     "the shuffling cannot be judged: fit must update self.params")
        if (wrong := _gradients_wrong(submission, sizes, activation, params, X, y)):
            checks.fail_naming("fit(X, y, batch_size=8) with seed=7 and seed=8 gave the same "
                               f"params, but the shuffling cannot be judged: {wrong[0]}", wrong[1])
        checks.fail("fit(X, y, batch_size=8) with seed=7 and seed=8 gave the same params: the "
                    "samples must be shuffled each epoch, with a generator seeded by fit's seed")


ARRAY_SPLIT = ("batches of near-equal sizes (np.array_split(order, ceil(n / batch_size)) or "
               "np.array_split(order, n // batch_size)) instead of consecutive slices of "
               "batch_size samples, the last one smaller")


def _batch_size_of(move, g, lr):
    """k when ``move`` is -lr * g / k for a whole k >= 1, inf when it is 0, else None."""
    if np.linalg.norm(move) <= 1e-3 * lr * np.linalg.norm(g):
        return np.inf  # the sample was never used
    size = -lr * float(g @ g) / float(move @ g)
    if (size > 0.5 and abs(size - round(size)) <= 1e-3
            and np.linalg.norm(move + lr * g / size) <= 1e-3 * np.linalg.norm(move)):
        return int(round(size))
    return None


def _layout(sizes_seen):
    """'8 in batches of 4, 2 in batches of 2' from the batch size of every sample."""
    parts = []
    for size in sorted(set(sizes_seen), reverse=True):
        count = sizes_seen.count(size)
        parts.append(f"{count} never used" if size == np.inf else f"{count} in batches of {size}")
    return ", ".join(parts)


@pytest.mark.kata(points=4, category="correctness")
def test_minibatches_are_consecutive_slices(submission, rng):
    """fit(batch_size): batches of batch_size samples and one smaller last batch (10 by 4 and 3)."""
    # With X = eye(n) and no hidden layer, row i of dW only gets sample i's gradient g_i, divided
    # by the size of its batch: one epoch with a tiny lr moves row i of W by -lr * g_i / |batch|
    # (plus O(lr^2)), whatever the permutation. The moves tell every sample's batch size.
    n, sizes, activation, lr = 10, [10, 3], "relu", 1e-6  # no hidden layer: no activation used
    params = _random_params(rng, sizes, weight_scale=1.5)
    X, y = np.eye(n), rng.permutation(np.arange(n) % 3)
    proba = _proba(params, X, activation)
    for batch_size in (4, 3):
        model = _model(submission, sizes, activation, params)
        model.fit(X, y, epochs=1, lr=lr, batch_size=batch_size, seed=0)
        what = (f"MLP([10, 3]): fit(X = eye(10), y, batch_size={batch_size}, epochs=1, "
                f"lr={lr:g})")
        got = _current_params(model, sizes, f"params after {what}")
        moves = got[0] - params[0]
        grads = proba - np.eye(3)[y]  # sample i alone: row i of dW
        seen = [_batch_size_of(moves[i], grads[i], lr) for i in range(n)]
        full, rest = divmod(n, batch_size)
        expected = [batch_size] * (full * batch_size) + [rest] * rest
        if None not in seen and sorted(seen) == sorted(expected):
            continue
        # the preconditions: the right gradients, and steps of the right size
        if (wrong := _gradients_wrong(submission, sizes, activation, params, X, y)):
            checks.fail_naming(f"{what}: the batches cannot be judged. {wrong[0]}", wrong[1])
        step = _step_size_diagnosis(submission, sizes, activation, params, X, y)
        if step is not None:
            checks.fail_naming(f"{what}: the batches cannot be judged. {step[0]}", step[1])
        if None in seen:
            i = seen.index(None)
            # each row moved along the gradient of its sample with another label?
            relabelled = [[k for k in range(3)
                           if _batch_size_of(moves[j], proba[j] - np.eye(3)[k], lr) is not None]
                          for j in range(n)]
            names = [SEPARATE_PERMS] if all(relabelled) else []
            checks.fail_naming(
                f"{what}: with X = eye(10), row {i} of W only gets sample {i}'s gradient g, "
                f"divided by the size of its batch; it moved by {checks.fmt(moves[i])}, which is "
                f"not -lr * g / (batch size) for g = {checks.fmt(grads[i])}. This test needs fit "
                "to take plain steps p -= lr * grad from the params the model holds.", names)
        names = []
        for chunks in (-(-n // batch_size), n // batch_size):
            split = [len(c) for c in np.array_split(np.arange(n), chunks) for _ in c]
            if sorted(seen) == sorted(split):
                names.append(ARRAY_SPLIT)
        if sorted(seen) == [batch_size] * (full * batch_size) + [np.inf] * rest:
            names.append("the last partial batch dropped (its samples are never used)")
        if seen == [1] * n:
            names.append(SUMMED)
        checks.fail_naming(
            f"{what}: the samples went into batches as {_layout(seen)}; expected "
            f"{_layout(expected)} (consecutive slices order[i:i + {batch_size}] of one "
            "permutation, the last slice shorter)", names)


@pytest.mark.kata(points=3, category="correctness")
def test_every_epoch_draws_a_new_permutation(submission, rng):
    """fit(epochs=2, batch_size, seed): the second epoch is a new shuffle, not a replay."""
    sizes, activation = [3, 6, 3], "relu"
    params, X, y = _problem(rng, sizes, n=40, activation=activation)

    def trained(epochs, *seeds):
        """The params after one fit(X, y, epochs=epochs, lr=0.2, batch_size=8) per seed."""
        model = _model(submission, sizes, activation, params)
        for seed in seeds:
            model.fit(X, y, epochs=epochs, lr=0.2, batch_size=8, seed=seed)
        return _current_params(model, sizes, f"params after fit(epochs={epochs}, batch_size=8)")

    def same(a, b):
        return all(np.allclose(u, v, rtol=1e-12, atol=1e-15) for u, v in zip(a, b))

    if not same(trained(2, 11), trained(1, 11, 11)):
        return
    # the same result: both epochs used the same batches. Why?
    one_epoch = trained(1, 11)
    if same(one_epoch, params):
        checks.fail("fit(X, y, epochs=1, lr=0.2, batch_size=8) left the params unchanged: fit must "
                    "update self.params")
    if same(one_epoch, trained(1, 12)):
        checks.fail("fit(epochs=2, batch_size=8, seed=11) gives the params of two fit(epochs=1, "
                    "seed=11) calls, and seed=11 and seed=12 give the same epoch: the samples are "
                    "not shuffled (every epoch must take a new permutation from "
                    "np.random.default_rng(seed))")
    checks.mistake(
        "the generator re-created every epoch (np.random.default_rng(seed) inside the epoch "
        "loop), so every epoch replays the same permutation: create it once per fit call",
        "fit(X, y, epochs=2, batch_size=8, seed=11) gives exactly the params of two calls "
        "fit(X, y, epochs=1, batch_size=8, seed=11): its second epoch used the same batches as "
        "its first")


def _accuracy(submission, make_data, sizes, activation, model_seed, **fit_kwargs):
    X, y = make_data(np.random.default_rng(1000 + model_seed))
    X_test, y_test = make_data(np.random.default_rng(2000 + model_seed))
    model = submission.MLP(list(sizes), activation=activation, seed=model_seed)
    model.fit(X, y, **fit_kwargs)
    predicted = checks.array(model.predict(X_test), what="predict(X_test)", shape=(len(X_test),))
    return float(np.mean(predicted == y_test))


# Measured: from He, LeCun or Glorot initial weights (normal or uniform), 40 seeds each, the
# worst test accuracy of these cases was 95% (97.5% or more in 95% of the runs).
TRAINING_CASES = [
    ("XOR blobs", _xor, [2, 16, 2], "relu", 0),
    ("XOR blobs", _xor, [2, 16, 2], "tanh", 1),
    ("concentric circles", _circles, [2, 16, 16, 2], "relu", 2),
    ("concentric circles", _circles, [2, 16, 2], "tanh", 3),
]


@pytest.mark.kata(points=6, category="correctness", timeout=30)
def test_training_solves_xor_and_circles(submission):
    """Default fit (200 epochs, lr 0.5) from the model's own init: >= 90% test accuracy."""
    for data_name, make_data, sizes, activation, seed in TRAINING_CASES:
        acc = _accuracy(submission, make_data, sizes, activation, seed)
        if acc >= 0.9:
            continue
        detail = (f"{_describe(sizes, activation)}, seed={seed}, fit(X, y) with the defaults on "
                  f"{data_name} (200 training points): test accuracy {acc:.1%}, expected at "
                  "least 90% (correct implementations reach 95-100%).")
        # the gradients first: training follows them
        check_params, check_X, check_y = _problem(np.random.default_rng(seed), sizes, n=12,
                                                  activation=activation)
        if not _gradients_right(submission, sizes, activation, check_params, check_X, check_y):
            checks.fail(f"{detail} loss_and_gradients disagrees with the oracle on this network "
                        "(see the gradient-check tests): fit follows the gradients, so fix them "
                        "first.")
        # then the initialisation: blamed only when it is observably off the README's rule
        finding = _init_findings(submission, activation)
        if finding is not None:
            gain, rule_text = _init_rule(activation)
            X, y = make_data(np.random.default_rng(1000 + seed))
            model = _model(submission, sizes, activation,
                           _random_params(np.random.default_rng(seed), sizes,
                                          weight_scale=np.sqrt(gain), bias_scale=0.0))
            model.fit(X, y)
            X_test, y_test = make_data(np.random.default_rng(2000 + seed))
            acc_given = float(np.mean(np.asarray(model.predict(X_test)) == y_test))
            detail += f" The initialisation is off the rule: {finding[0]}."
            if acc_given >= 0.9:
                detail += (f" From weights with std {rule_text} set by the caller, the same fit "
                           f"reaches {acc_given:.1%}: the initialisation is the problem.")
            checks.fail_naming(detail, finding[1])
        checks.fail(detail)


@pytest.mark.kata(points=3, category="correctness")
def test_minibatch_training_converges(submission):
    """fit(batch_size=20, epochs=60, lr=0.1, seed) solves XOR blobs: >= 90% test accuracy."""
    for seed in (0, 1):
        acc = _accuracy(submission, _xor, [2, 16, 2], "tanh", seed, epochs=60, lr=0.1,
                        batch_size=20, seed=seed)
        checks.check(acc >= 0.9, f"MLP([2, 16, 2], 'tanh', seed={seed}).fit(XOR blobs, "
                     f"batch_size=20, epochs=60, lr=0.1, seed={seed}): test accuracy {acc:.1%}, "
                     "expected at least 90% (correct implementations reach 99-100%)")


# --------------------------------------------------------------------------- initialisation


@pytest.mark.kata(points=3, category="api")
def test_init_shapes_dtype_and_seed(submission):
    """params: [W1, b1, ...] with the contract's shapes, float64; the same seed, the same params."""
    sizes = [5, 7, 4, 3]
    for activation in ACTIVATIONS:
        what = f"{_describe(sizes, activation)}, seed=11"
        first = _current_params(submission.MLP(sizes, activation=activation, seed=11), sizes, what)
        for i, p in enumerate(first):
            checks.check(p.dtype == np.float64, f"{what}: params[{i}] has dtype {p.dtype}, "
                         "expected float64")
            checks.check(np.isfinite(p).all(), f"{what}: params[{i}] contains NaN or inf")
        again = _current_params(submission.MLP(sizes, activation=activation, seed=11), sizes, what)
        checks.check(all(np.array_equal(a, b) for a, b in zip(first, again)),
                     f"{what}: two models built with seed=11 have different params: draw them "
                     "from np.random.default_rng(seed)")
        other = _current_params(submission.MLP(sizes, activation=activation, seed=12), sizes, what)
        checks.check(not all(np.array_equal(a, b) for a, b in zip(first[0::2], other[0::2])),
                     f"{_describe(sizes, activation)}: seed=11 and seed=12 give the same weights; "
                     "the seed must drive the random initialisation")


# Layers whose fan_in differs a lot from fan_out (so that the Glorot scale differs from the
# fan-in rule) and large enough that the sample std of every matrix is within 2% of the true one.
INIT_SIZES = [500, 50, 400, 10]
INIT_RTOL = 0.15  # allowed |std / rule - 1|: every other classic scale is 29% or more away


def _init_rule(activation):
    """(gain, text): the README's weight deviation is sqrt(gain / fan_in)."""
    if activation == "relu":
        return 2.0, "sqrt(2 / fan_in) (He)"
    return 1.0, "sqrt(1 / fan_in)"


def _init_scale_mistakes(activation, fan_in, fan_out):
    """(name, std) of the classic wrong weight scales."""
    gain, _ = _init_rule(activation)
    rule = np.sqrt(gain / fan_in)
    out = []
    if activation == "relu":
        out.append(("sqrt(1 / fan_in) (LeCun/Xavier) used for relu: relu takes the He scale "
                    "sqrt(2 / fan_in), which makes up for the half of the units it zeroes",
                    np.sqrt(1.0 / fan_in)))
    else:
        out.append((f"the He scale sqrt(2 / fan_in) used for {activation}: He is the rule for "
                    f"relu; {activation} takes sqrt(1 / fan_in)", np.sqrt(2.0 / fan_in)))
    out += [
        ("the Glorot/Xavier scale sqrt(2 / (fan_in + fan_out)) instead of the fan-in rule",
         np.sqrt(2.0 / (fan_in + fan_out))),
        ("uniform(-s, s) with s the wanted deviation: its deviation is only s / sqrt(3) (draw "
         "from uniform(-sqrt(3) * s, sqrt(3) * s))", rule / np.sqrt(3.0)),
        ("unscaled standard-normal weights (scale them by the fan-in rule)", 1.0),
        ("a fixed scale of 0.01 instead of one that depends on fan_in", 0.01),
    ]
    return out


def _init_findings(submission, activation, seed=5):
    """None when MLP(INIT_SIZES, activation, seed) starts as the README says (random zero-mean
    weights with deviation sqrt(gain / fan_in), normal or uniform; zero or small biases), else
    (detail, names) of the first problem."""
    sizes = INIT_SIZES
    what = f"{_describe(sizes, activation)}, seed={seed}"
    params = _current_params(submission.MLP(sizes, activation=activation, seed=seed), sizes, what)
    gain, rule_text = _init_rule(activation)
    for layer in range(len(sizes) - 1):
        W, fan_in, fan_out = params[2 * layer], sizes[layer], sizes[layer + 1]
        name = f"W{layer + 1} ({fan_in} x {fan_out})"
        if np.all(W == W.flat[0]):
            return (f"{what}: every entry of {name} is {W.flat[0]!r}",
                    ["symmetric initialisation (every weight equal, e.g. all zeros): every hidden "
                     "unit then computes the same thing and gets the same gradient, forever"])
        if np.unique(W, axis=1).shape[1] != W.shape[1]:
            return (f"{what}: {name} has identical columns: those units stay identical (draw "
                    "every weight independently)", [])
        std = float(W.std())
        if abs(float(W.mean())) >= 0.2 * std:
            return (f"{what}: {name} has mean {W.mean():.3g} for a std of {std:.3g}; initial "
                    "weights are zero-mean (np.random.rand is not)", [])
        rule = np.sqrt(gain / fan_in)
        if abs(std / rule - 1.0) > INIT_RTOL:
            names = [mistake for mistake, wrong in _init_scale_mistakes(activation, fan_in, fan_out)
                     if abs(std / wrong - 1.0) <= 0.05 and abs(wrong / rule - 1.0) > INIT_RTOL]
            return (f"{what}: {name} has std {std:.3g}; the rule for {activation} is "
                    f"{rule_text} = {rule:.3g} with fan_in={fan_in} (normal or uniform, within "
                    f"{INIT_RTOL:.0%})", names)
    biases = np.concatenate([b.ravel() for b in params[1::2]])
    if np.max(np.abs(biases)) > 1.0:
        return (f"{what}: initial biases up to {np.max(np.abs(biases)):.3g}; start them at zero "
                "(or small)", [])
    return None


@pytest.mark.kata(points=4, category="correctness")
def test_init_follows_the_fan_in_rule(submission):
    """Initial weights: random, zero-mean, std sqrt(2/fan_in) for relu, sqrt(1/fan_in) otherwise."""
    for activation in ACTIVATIONS:
        finding = _init_findings(submission, activation)
        if finding is not None:
            checks.fail_naming(*finding)


# --------------------------------------------------------------------------- params at call time

CACHED = ("a model that caches a copy of params and ignores later changes (every method must "
          "read the arrays in self.params when it is called)")


def _judge_follows(model, params, old_params, X, y, activation, what):
    """forward, loss_and_gradients and predict of ``model`` use ``params`` (not ``old_params``)."""
    __tracebackhide__ = True
    mistakes = [(CACHED, _proba(old_params, X, activation))]
    checks.assert_close(model.forward(X), _proba(params, X, activation), what=f"{what}: forward(X)",
                        rtol=1e-9, atol=1e-12, mistakes=mistakes)
    loss, grads = _call_loss_and_gradients(model, X, y, f"{what}: loss_and_gradients(X, y)")
    _assert_loss(loss, _loss(params, X, y, activation), f"{what}: the loss",
                 [(CACHED, _loss(old_params, X, y, activation))]
                 + _loss_variants(params, X, y, activation))
    _judge_gradients(grads, params, X, y, activation, f"{what}: loss_and_gradients(X, y)",
                     expected=_backprop(params, X, y, activation),
                     mistakes=[(CACHED, _backprop(old_params, X, y, activation))])
    checks.assert_equal(model.predict(X), np.argmax(_proba(params, X, activation), axis=1),
                        what=f"{what}: predict(X)",
                        mistakes=[(CACHED, np.argmax(_proba(old_params, X, activation), axis=1))])


@pytest.mark.kata(points=4, category="edge-cases")
def test_replaced_params_are_used(submission, rng):
    """model.params[i] = new array, or model.params = new list: every method uses the new values."""
    sizes, activation = [3, 6, 4], "sigmoid"
    old, X, y = _problem(rng, sizes, n=20, activation=activation, weight_scale=2.0)
    new = _random_params(rng, sizes, weight_scale=2.0)
    model = _model(submission, sizes, activation, old)
    model.forward(X)  # a first call, which a caching model remembers
    for i, p in enumerate(new):
        model.params[i] = p.copy()
    _judge_follows(model, new, old, X, y, activation,
                   "after model.params[i] = <new array> for every i")
    newer = _random_params(rng, sizes, weight_scale=2.0)
    model.params = [p.copy() for p in newer]
    _judge_follows(model, newer, new, X, y, activation, "after model.params = <new list>")


@pytest.mark.kata(points=3, category="edge-cases")
def test_params_modified_in_place_are_used(submission, rng):
    """model.params[i][...] = ..., model.params[i] += ...: every method sees the change."""
    sizes, activation = [3, 6, 4], "tanh"
    old, X, y = _problem(rng, sizes, n=20, activation=activation, weight_scale=2.0)
    model = _model(submission, sizes, activation, old)
    model.loss_and_gradients(X, y)
    new = [p.copy() for p in old]
    new[0] = -old[0]
    new[3] = old[3] + 1.5
    params = model.params
    params[0][...] = -params[0]
    params[3] += 1.5
    _judge_follows(model, new, old, X, y, activation,
                   "after modifying params[0] and params[3] in place")


@pytest.mark.kata(points=3, category="edge-cases")
def test_fit_leaves_the_trained_values_in_params(submission, rng):
    """After fit, model.params holds the trained values: forward agrees with them."""
    sizes, activation = [2, 8, 2], "relu"
    X, y = _xor(rng, n=60)
    model = submission.MLP(sizes, activation=activation, seed=3)
    before = [p.copy() for p in _current_params(model, sizes, "before fit")]
    # the precondition: forward follows the params it holds before any training
    fresh = _model(submission, sizes, activation, before)
    if not checks.is_close(fresh.forward(X), _proba(before, X, activation), rtol=1e-9, atol=1e-12):
        checks.fail(f"{_describe(sizes, activation)}: forward(X) disagrees with the oracle "
                    "already before fit, at the model's own initial params (see the forward "
                    "tests): this test can only judge fit once forward is right.")
    model.fit(X, y, epochs=20, lr=0.5)
    after = _current_params(model, sizes, "model.params after fit(epochs=20)")
    checks.check(not all(np.array_equal(a, b) for a, b in zip(before, after)),
                 "model.params did not change during fit: fit must leave the trained values in "
                 "self.params (update the arrays in place, or store the new ones there)")
    what = "after fit: forward(X) against the values now in model.params"
    checks.assert_close(model.forward(X), _proba(after, X, activation), what=what, rtol=1e-9,
                        atol=1e-12, hint="fit trained one set of arrays but left other ones in "
                        "model.params: keep exactly one copy of the parameters, in self.params")


# --------------------------------------------------------------------------- edge cases


@pytest.mark.kata(points=4, category="edge-cases")
def test_no_hidden_layer_is_softmax_regression(submission, rng):
    """layer_sizes = [5, 3] (no hidden layer): forward, loss and gradients of softmax regression."""
    sizes = [5, 3]
    for activation in ("relu", "sigmoid"):  # the activation is never used without hidden layers
        params, X, y = _problem(rng, sizes, n=9, activation=activation)
        model = _model(submission, sizes, activation, params)
        what = f"{_describe(sizes, activation)}"
        _judge_proba(model.forward(X), params, X, activation, f"{what}.forward(X)")
        loss, grads = _call_loss_and_gradients(model, X, y, f"{what}.loss_and_gradients(X, y)")
        _judge_loss(loss, params, X, y, activation, f"{what}: the loss")
        _judge_gradients(grads, params, X, y, activation, f"{what}.loss_and_gradients(X, y)")


@pytest.mark.kata(points=3, category="edge-cases")
def test_single_sample_batch(submission, rng):
    """A batch of one sample (X of shape (1, n_in)): loss and gradients."""
    sizes, activation = [4, 5, 3], "tanh"
    params, X, y = _problem(rng, sizes, n=1, activation=activation)
    model = _model(submission, sizes, activation, params)
    what = f"{_describe(sizes, activation)}.loss_and_gradients(X[:1], y[:1])"
    loss, grads = _call_loss_and_gradients(model, X, y, what)
    _judge_loss(loss, params, X, y, activation, f"{what}: the loss")
    _judge_gradients(grads, params, X, y, activation, what)


@pytest.mark.kata(points=3, category="edge-cases")
def test_narrow_and_deep_networks(submission, rng):
    """A one-unit hidden layer ([2, 6, 1, 3]) and four hidden layers: gradient check."""
    for sizes, activation in (([2, 6, 1, 3], "tanh"), ([3, 5, 4, 6, 5, 2], "relu")):
        params, X, y = _problem(rng, sizes, n=10, activation=activation, weight_scale=1.5)
        model = _model(submission, sizes, activation, params)
        what = f"{_describe(sizes, activation)}.loss_and_gradients(X, y)"
        _, grads = _call_loss_and_gradients(model, X, y, what)
        _judge_gradients(grads, params, X, y, activation, what)


@pytest.mark.kata(points=2, category="edge-cases")
def test_classes_missing_from_the_batch(submission, rng):
    """Labels of only one class out of four (2s as int32, then 0s): loss and gradients right."""
    sizes, activation = [3, 5, 4], "sigmoid"
    params, X, _ = _problem(rng, sizes, n=8, activation=activation)
    for label, dtype in ((2, np.int32), (0, np.int64)):
        y = np.full(8, label, dtype=dtype)
        model = _model(submission, sizes, activation, params)
        what = (f"{_describe(sizes, activation)}.loss_and_gradients(X, y = [{label}, {label}, ..., "
                f"{label}] ({np.dtype(dtype).name}))")
        try:
            loss, grads = _call_loss_and_gradients(model, X, y, what)
        except (ValueError, IndexError) as exc:
            # valid labels: an error here comes from an array sized by the labels
            checks.mistake(ONEHOT_FROM_LABELS, f"{what} raised {type(exc).__name__}: {exc}; the "
                           "labels are valid (in [0, 4)), only the other classes are absent from "
                           "the batch")
        _judge_loss(loss, params, X, y, activation, f"{what}: the loss")
        _judge_gradients(grads, params, X, y, activation, what)


# --------------------------------------------------------------------------- numerical stability

UNSTABLE_SOFTMAX = ("an unstable softmax (exp of logits in the thousands overflows to inf, or "
                    "underflows to 0 for every class: subtract each row's max logit first)")
LOG_OF_ZERO = ("the log of a probability that underflowed to 0 (compute the loss with "
               "log-softmax: z - max(z) - log(sum(exp(z - max(z)))))")
ONE_OVER_P = ("the gradient taken through d loss / d p = -1 / p, which overflows when p underflows "
              "to 0 (use d loss / d logits = (p - one_hot(y)) / n directly)")
CLIPPED_LOG = ("probabilities clipped or an epsilon added before the log (log(max(p, eps)) or "
               "log(p + eps)), so that a confident wrong prediction costs about -log(eps) instead "
               "of its true loss: compute the loss with log-softmax")


def _huge_logits(rng, sizes=(3, 5, 4), activation="relu", n=12):
    """Params whose logits are in the thousands (both signs): the output layer scaled by 1000."""
    params, X, y = _problem(rng, list(sizes), n=n, activation=activation)
    params[-2] = params[-2] * 1000.0
    params[-1] = params[-1] * 1000.0
    return params, X, y


def _finite_or_named(values, what, names):
    __tracebackhide__ = True
    arr = np.asarray(values, dtype=np.float64)
    if not np.isfinite(arr).all():
        bad = int((~np.isfinite(arr)).sum())
        checks.mistake(" or ".join(names), f"{what} contains NaN or inf ({bad} of {arr.size} "
                       f"entries): {checks.fmt(arr)}")


@pytest.mark.kata(points=5, category="numerical-stability")
def test_forward_with_logits_in_the_thousands(submission, rng):
    """forward: logits in the thousands, and all very negative: finite, exact probabilities."""
    sizes, activation = [3, 5, 4], "relu"
    params, X, _ = _huge_logits(rng, sizes, activation)
    low = [p.copy() for p in params]
    low[-1] = low[-1] - 5000.0  # every logit far below 0: exp underflows for every class
    for case, p in (("logits in the thousands", params), ("every logit below -3000", low)):
        model = _model(submission, sizes, activation, p)
        what = f"{_describe(sizes, activation)}.forward(X), {case}"
        got = checks.array(model.forward(X), what=what, shape=(len(X), sizes[-1]), finite=False)
        _finite_or_named(got, what, [UNSTABLE_SOFTMAX])
        _judge_proba(got, p, X, activation, what)


@pytest.mark.kata(points=5, category="numerical-stability")
def test_loss_of_a_confident_wrong_prediction(submission, rng):
    """A confident wrong prediction (logit gaps in the thousands): a finite loss, exact."""
    sizes, activation = [3, 5, 4], "relu"
    params, X, _ = _huge_logits(rng, sizes, activation)
    logits = _logits(params, X, activation)
    y = np.argmin(logits, axis=1)  # the least likely class: a loss in the thousands
    y[::2] = np.argmax(logits[::2], axis=1)  # half of them right, with a loss near 0
    model = _model(submission, sizes, activation, params)
    what = f"{_describe(sizes, activation)}.loss_and_gradients(X, y), confidently wrong on half"
    out = model.loss_and_gradients(X, y)
    checks.check(isinstance(out, tuple) and len(out) == 2,
                 f"{what} returned {type(out).__name__}, expected a tuple (loss, grads)")
    loss = _scalar_loss(out[0], what)
    expected = _loss(params, X, y, activation)
    if not np.isfinite(loss):
        # a stable forward pass leaves one cause: the log of a probability that is exactly 0
        stable = np.isfinite(np.asarray(model.forward(X), dtype=np.float64)).all()
        _finite_or_named([loss], f"{what}: the loss",
                         [LOG_OF_ZERO] if stable else [UNSTABLE_SOFTMAX, LOG_OF_ZERO])
    p = _proba(params, X, activation)[np.arange(len(X)), y]
    tiny = np.finfo(np.float64)
    clipped = []
    for eps in (tiny.tiny, 1e-300, 1e-100, 1e-50, 1e-30, 1e-20, tiny.eps, 1e-16, 1e-15, 1e-12,
                1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5):
        clipped.append((CLIPPED_LOG, -float(np.mean(np.log(np.maximum(p, eps))))))
        clipped.append((CLIPPED_LOG, -float(np.mean(np.log(p + eps)))))
    # the epsilon variants of _loss_variants are the clipped ones here: one name for both
    _assert_loss(loss, expected, f"{what}: the loss",
                 clipped + _loss_variants(params, X, y, activation, epsilons=False),
                 hint="The true loss of a confident wrong prediction is the logit gap, in the "
                 "thousands: log-softmax computes it exactly.")


@pytest.mark.kata(points=4, category="numerical-stability")
def test_gradients_with_logits_in_the_thousands(submission, rng):
    """Gradients with logits in the thousands: finite and exact (p - one_hot is 0 or +-1)."""
    sizes, activation = [3, 5, 4], "tanh"
    params, X, _ = _huge_logits(rng, sizes, activation)
    y = np.argmin(_logits(params, X, activation), axis=1)
    model = _model(submission, sizes, activation, params)
    what = f"{_describe(sizes, activation)}.loss_and_gradients(X, y), logits in the thousands"
    _, grads = _call_loss_and_gradients(model, X, y, what)
    checks.check(isinstance(grads, (list, tuple)) and len(grads) == len(params),
                 f"{what}: expected a list of {len(params)} gradients")
    for i, g in enumerate(grads):
        _finite_or_named(g, f"{what}: grads[{i}]", [UNSTABLE_SOFTMAX, ONE_OVER_P])
    _judge_gradients(grads, params, X, y, activation, what,
                     expected=_backprop(params, X, y, activation))


@pytest.mark.kata(points=4, category="numerical-stability")
def test_saturated_hidden_units(submission, rng):
    """Hidden pre-activations in the thousands (sigmoid, tanh): exact outputs and gradients."""
    sizes = [3, 5, 4]
    for activation in ("sigmoid", "tanh"):
        params, X, y = _problem(rng, sizes, n=12, activation=activation)
        params[0] = params[0] * 2000.0  # first-layer pre-activations of +-1000s
        model = _model(submission, sizes, activation, params)
        what = f"{_describe(sizes, activation)}, hidden pre-activations in the thousands"
        got = checks.array(model.forward(X), what=f"{what}: forward(X)", shape=(12, 4),
                           finite=False)
        unstable = (f"an unstable {activation} (e.g. exp(z) / (1 + exp(z)) gives inf / inf = NaN "
                    "for large z: use 1 / (1 + exp(-z)) for z >= 0 and exp(z) / (1 + exp(z)) "
                    "for z < 0)") if activation == "sigmoid" else \
            f"an unstable {activation} (use np.tanh)"
        _finite_or_named(got, f"{what}: forward(X)", [unstable])
        _judge_proba(got, params, X, activation, f"{what}: forward(X)")
        _, grads = _call_loss_and_gradients(model, X, y, f"{what}: loss_and_gradients")
        checks.check(isinstance(grads, (list, tuple)) and len(grads) == len(params),
                     f"{what}: expected a list of {len(params)} gradients")
        for i, g in enumerate(grads):
            _finite_or_named(g, f"{what}: grads[{i}]", [unstable])
        _judge_gradients(grads, params, X, y, activation, f"{what}: loss_and_gradients",
                         expected=_backprop(params, X, y, activation))


# --------------------------------------------------------------------------- api


@pytest.mark.kata(points=2, category="api")
def test_fewer_than_two_layer_sizes_raise_value_error(submission):
    """MLP([3]) and MLP([]) raise ValueError."""
    for sizes in ([3], []):
        checks.raises_value_error(lambda: submission.MLP(sizes).forward(np.zeros((2, 3))),
                                  what=f"MLP({sizes}), then forward")


@pytest.mark.kata(points=2, category="api")
def test_unknown_activation_raises_value_error(submission):
    """An activation other than relu, tanh or sigmoid raises ValueError."""
    X = np.zeros((2, 3))
    for activation in ("gelu", "softmax", "linear"):
        checks.raises_value_error(
            lambda: submission.MLP([3, 4, 2], activation=activation, seed=0).forward(X),
            what=f"MLP([3, 4, 2], activation={activation!r}), then forward")


@pytest.mark.kata(points=2, category="api")
def test_invalid_layer_sizes_raise_value_error(submission):
    """A layer size of 0, a negative one or a non-integer (2.5) raises ValueError."""
    for sizes in ([3, 0, 2], [3, -4, 2], [3, 2.5, 2], [3, 4, 0]):
        checks.raises_value_error(
            lambda: submission.MLP(sizes, seed=0).forward(np.zeros((2, 3))),
            what=f"MLP({sizes}), then forward (every size must be an integer of at least 1)")


@pytest.mark.kata(points=2, category="api")
def test_invalid_fit_arguments_raise_value_error(submission, rng):
    """fit with lr <= 0, a negative epochs or a batch_size below 1 raises ValueError."""
    X, y = rng.normal(size=(6, 3)), np.array([0, 1, 2, 0, 1, 2])
    for kwargs in ({"lr": 0.0}, {"lr": -0.1}, {"epochs": -1}, {"batch_size": 0},
                   {"batch_size": -2}):
        model = submission.MLP([3, 4, 3], seed=0)
        args = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
        checks.raises_value_error(lambda: model.fit(X, y, **kwargs), what=f"fit(X, y, {args})")


@pytest.mark.kata(points=3, category="api")
def test_labels_outside_the_classes_raise_value_error(submission, rng):
    """Labels below 0 or >= n_classes raise ValueError (loss_and_gradients and fit)."""
    model = submission.MLP([3, 4, 3], seed=0)
    X = rng.normal(size=(5, 3))
    for bad in (-1, 3, 7):
        y = np.array([0, 1, 2, bad, 0])
        for method in ("loss_and_gradients", "fit"):
            what = f"MLP([3, 4, 3]).{method}(X, y) with a label {bad} (n_classes = 3)"
            try:
                getattr(model, method)(X, y)
            except ValueError:
                continue
            except NotImplementedError:
                raise
            except Exception as exc:
                checks.fail(f"{what}: expected ValueError, got {type(exc).__name__}: {exc}. "
                            "Check the labels' range first and raise ValueError with a message.")
            if bad < 0:
                checks.mistake(
                    "negative labels accepted (one_hot = np.eye(C)[y] or p[rows, y] with y = -1 "
                    "silently picks the last class)",
                    f"{what}: expected ValueError, but no error was raised")
            checks.fail(f"{what}: expected ValueError, but no error was raised")


@pytest.mark.kata(points=2, category="api")
def test_inputs_are_not_modified(submission, rng):
    """forward, loss_and_gradients and fit modify neither X nor y; only fit changes params."""
    sizes = [3, 5, 3]
    params, X, y = _problem(rng, sizes, n=16)
    model = _model(submission.raw, sizes, "relu", params)
    X0, y0 = X.copy(), y.copy()
    model.forward(X)
    model.loss_and_gradients(X, y)
    after = _current_params(model, sizes, "model.params after loss_and_gradients")
    checks.check(all(np.array_equal(a, p) for a, p in zip(after, params)),
                 "loss_and_gradients changed model.params: it must only compute the loss and "
                 "the gradients (fit is what updates the parameters)")
    model.fit(X, y, epochs=2, lr=0.1, batch_size=5, seed=0)
    model.predict(X)
    checks.check(np.array_equal(X, X0), "forward, loss_and_gradients or fit modified X in place")
    checks.check(np.array_equal(y, y0), "loss_and_gradients or fit modified y in place "
                 "(shuffle a copy, or index with a permutation)")


# --------------------------------------------------------------------------- efficiency

# Measured (medians of interleaved runs, 2 busy cores): honest vectorised styles (einsum, layer
# objects, cache lists) within 2.2x of the reference, per-sample Python loops 48-110x slower.
SPEED_FACTOR = 12.0
LOOP_HINT = ("Process the whole batch with matrix products (X @ W for every sample at once); "
             "a Python loop over the samples is far slower.")
SPEED_SIZES = [8, 12, 12, 3]


@pytest.mark.kata(points=5, category="efficiency", timeout=30)
def test_loss_and_gradients_speed(submission, reference, rng):
    """loss_and_gradients on 16,000 samples, [8, 12, 12, 3]: within 12x of the reference's time."""
    params, X, y = _problem(rng, SPEED_SIZES, n=16000, avoid_kinks=False)
    model = _model(submission, SPEED_SIZES, "relu", params)
    ref = reference.MLP(SPEED_SIZES, activation="relu", seed=0)
    ref.params = [p.copy() for p in params]
    what = "loss_and_gradients (16,000 samples, layers [8, 12, 12, 3])"
    loss, _ = _call_loss_and_gradients(model, X, y, what)
    checks.check(abs(loss - _loss(params, X, y, "relu")) <= 1e-6 * abs(loss) + 1e-9,
                 f"{what}: the loss is wrong, so its speed is not judged")
    checks.assert_speed(lambda: model.loss_and_gradients(X, y),
                        lambda: ref.loss_and_gradients(X, y),
                        factor=SPEED_FACTOR, what=what, hint=LOOP_HINT)


@pytest.mark.kata(points=4, category="efficiency", timeout=30)
def test_minibatch_fit_speed(submission, reference, rng):
    """fit: 5 epochs of batches of 1,000 on 4,000 samples, within 12x of the reference's time."""
    params, X, y = _problem(rng, SPEED_SIZES, n=4000, avoid_kinks=False)
    what = "fit(4,000 samples, layers [8, 12, 12, 3], batch_size=1000, epochs=5)"

    def run(module):
        model = module.MLP(SPEED_SIZES, activation="relu", seed=0)
        _load(model, params)
        model.fit(X, y, epochs=5, lr=0.05, batch_size=1000, seed=0)

    checks.assert_speed(lambda: run(submission), lambda: run(reference), factor=SPEED_FACTOR,
                        what=what, hint=LOOP_HINT)
