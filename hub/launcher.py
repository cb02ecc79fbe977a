"""The `nowserving` command: dispatches to the subcommand each part of the product registers.

Subcommands are found through the ``nowserving.commands`` entry-point group, so the hub does
not import the kiosk, display or counter apps (they register themselves in pyproject.toml).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points

GROUP = "nowserving.commands"



def main(argv: Sequence[str] | None = None) -> int:
    """Run ``nowserving <command> [args...]``."""
    args = list(sys.argv[1:] if argv is None else argv)
    found = {ep.name: ep for ep in entry_points(group=GROUP)}
    if not args or args[0] in {"-h", "--help"}:
        names = ", ".join(sorted(found))
        print(f"usage: nowserving <command> [options]\n\ncommands: {names}")
        print("Run 'nowserving <command> --help' for a command's options.")
        return 0 if args else 2
    name, rest = args[0], args[1:]
    if name == "--version":
        from hub import __version__

        print(__version__)
        return 0
    if name not in found:
        print(f"nowserving: unknown command {name!r} (known: {', '.join(sorted(found))})",
              file=sys.stderr)
        return 2
    command: Callable[[Sequence[str]], int] = found[name].load()
    return int(command(rest) or 0)


if __name__ == "__main__":
    sys.exit(main())
