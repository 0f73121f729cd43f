"""Errors a user can act on.

Core functions raise a subclass of :class:`KataError` with a one-line message that says what is
wrong and what to do; ``cli.py`` prints it as ``Error: <message>`` and exits with ``exit_code``.
"""

from __future__ import annotations


class KataError(Exception):
    """Base class of every error the user is meant to read."""

    exit_code = 1


class UsageError(KataError):
    """The command was asked for something that does not exist or cannot be done (exit 2)."""

    exit_code = 2


class UnknownKata(UsageError):
    """A slug that is not in the catalogue."""


class CatalogError(KataError):
    """A kata.toml or a kata folder is malformed: a bug in the catalogue, named by its file."""


class StateError(KataError):
    """The state database cannot be read or written."""


class WorkspaceError(KataError):
    """The workspace cannot be created or read."""
