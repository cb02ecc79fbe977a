"""Keep ``None``, ``True`` and ``False`` alive under PySide6 6.12 on Python 3.11.

Measured here (PySide6/shiboken6 6.12.0, CPython 3.11.7): every call of a C++ method that
returns ``void`` (``setText``, ``setFont``, ``update``, ``show``, ``QTimer.stop`` ...) takes
one reference from ``None`` without giving it back, and every ``Signal.emit`` does the same
to ``True``. Python 3.12 made these objects immortal, which hides the bug there; on 3.11
the count reaches zero after some thousands of calls and the process aborts with "Fatal
Python error: none_dealloc" (or "bool_dealloc") — minutes into the life of a wall display
whose clock, blink and notice line redraw all day. One copy for every Qt app.

``immortalize()`` does what Python 3.12 does: it raises their reference counts so far
(2**40) that no realistic number of lost references brings them down; ``check()`` tops them
up again should an app ever run for years. It is a no-op outside CPython < 3.12.
Remove it once the pinned PySide6 no longer loses these references
(``tests/hub/client/test_qt_refguard.py`` shows whether it still does).
"""

from __future__ import annotations

import ctypes
import logging
import platform
import sys
from typing import Final

log = logging.getLogger(__name__)

BOOST: Final = 1 << 40
LOW: Final = 1 << 39
_NEEDED: Final = platform.python_implementation() == "CPython" and sys.version_info < (3, 12)
_GUARDED: Final = (None, True, False)


def _count(obj: object) -> ctypes.c_ssize_t:
    """The object's reference count field (``ob_refcnt`` is the first field of PyObject)."""
    return ctypes.c_ssize_t.from_address(id(obj))


def immortalize() -> bool:
    """Raise the counts of None, True and False out of reach; True when it was needed."""
    if not _NEEDED:
        return False
    for obj in _GUARDED:
        cell = _count(obj)
        if cell.value < LOW:
            cell.value += BOOST
    return True


def check() -> None:
    """Top the counts up again if lost references ever ate half the boost."""
    if _NEEDED and any(_count(obj).value < LOW for obj in _GUARDED):
        log.warning("None/True/False reference counts ran low: topping them up")
        immortalize()
