"""Signed result records: the line format between the grading child and the parent.

The pytest plugin (in the child) writes one JSON object per line, each with ``mac``, an
HMAC-SHA256 of the record keyed with a token only this run knows; the parent (grading.py) keeps
the lines that verify and treats any other line as tampering. This module imports only the
standard library, so the CLI process can read results without importing pytest.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

# the categories a grader test may have, in the order reports list them
CATEGORIES = ("correctness", "edge-cases", "numerical-stability", "efficiency", "api")


def sign(record: dict[str, Any], token: str) -> str:
    """The record as one JSON line with its ``mac`` (see :func:`verify`)."""
    body = json.dumps(record, sort_keys=True)
    mac = hmac.new(token.encode(), body.encode(), hashlib.sha256).hexdigest()
    return json.dumps({**record, "mac": mac}, sort_keys=True) + "\n"


def verify(line: str, token: str) -> dict[str, Any] | None:
    """The record of a signed line, or None when the line was not written by this run."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        return None
    if not isinstance(record, dict):
        return None
    mac = record.pop("mac", "")
    body = json.dumps(record, sort_keys=True)
    good = hmac.new(token.encode(), body.encode(), hashlib.sha256).hexdigest()
    return record if isinstance(mac, str) and hmac.compare_digest(mac, good) else None
