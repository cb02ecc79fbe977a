"""`nowserving hub`: run the hub, check a configuration, manage tokens."""

from __future__ import annotations

from collections.abc import Sequence


def main(argv: Sequence[str]) -> int:
    """Entry point of ``nowserving hub``."""
    raise SystemExit("not yet")
