"""Keyboard shortcuts from the config: one QShortcut per key, whichever bound action fits.

A key may be bound to two actions (F7: pause and resume), and a USB keypad that types keys
is just another keyboard. A key whose actions are all impossible right now tells the
clerk why instead of doing nothing silently.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


def install_shortcuts(window: QWidget, bindings: Mapping[str, Sequence[str]],
                      on_key: Callable[[list[str]], None]) -> dict[str, QShortcut]:
    """Create the shortcuts; `on_key(names)` gets the names bound to the pressed key."""
    by_key: dict[str, list[str]] = {}
    for name, keys in bindings.items():
        for key in keys:
            normal = QKeySequence(key).toString()
            if not normal:
                raise ValueError(f"shortcut {key!r} for {name} is not a key Qt knows")
            by_key.setdefault(normal, []).append(name)
    made: dict[str, QShortcut] = {}
    for key, names in by_key.items():
        shortcut = QShortcut(QKeySequence(key), window)
        shortcut.setAutoRepeat(False)  # a held key is one press
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(lambda names=names: on_key(list(names)))
        made[key] = shortcut
    return made
