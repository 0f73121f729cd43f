"""Fixtures every hidden grader shares.

The grading child runs ``pytest graders/<slug>`` with ``kata_cli.pytest_plugin`` loaded and the
options ``--kata-submission PATH --kata-reference PATH --kata-module NAME``. ``submission`` is
the candidate's module, imported on first use so that a crash, an exit or a loop at import time
fails the tests with a diagnosis instead of taking the run down; ``reference`` is the reference
solution, loaded under a private name, for oracle values and speed comparisons.
"""

import numpy as np
import pytest

from kata_cli.pytest_plugin import reference_module, submission_module


@pytest.fixture(scope="session")
def submission(pytestconfig):
    return submission_module(pytestconfig)


@pytest.fixture(scope="session")
def reference(pytestconfig):
    return reference_module(pytestconfig)


@pytest.fixture
def rng():
    """A fresh, seeded generator for data (never for judging the submission's randomness)."""
    return np.random.default_rng(20261121)
