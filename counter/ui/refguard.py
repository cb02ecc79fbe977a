"""Keep `None`, `True` and `False` alive under PySide6 6.12 on Python 3.11.

PySide6/shiboken6 6.12.0 on CPython 3.11 loses one reference to `None` on every call of a
C++ method returning void (`QLabel.setText`, `setEnabled`, ...) and one to `True` on every
`Signal.emit`. Python 3.12 made these objects immortal, hiding the bug there; on 3.11 the
count reaches zero after a few thousand calls and the process aborts ("Fatal Python error:
none_dealloc"). The counter window refreshes its timers every second: unguarded it would
die within minutes of opening. The kiosk and display apps carry the same guard
(kiosk/ui/refguard.py, display/ui/refguard.py); one shared copy should replace the three.

`immortalize()` does what Python 3.12 does: it raises the reference counts so far (2**40)
that no realistic number of lost references brings them down; `check()` tops them up.
Both are no-ops outside CPython < 3.12.
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
    """The object's reference count field (`ob_refcnt` is the first field of PyObject)."""
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
    """Top the counts up again should lost references ever eat half the boost."""
    if _NEEDED and any(_count(obj).value < LOW for obj in _GUARDED):
        log.warning("None/True/False reference counts ran low: topping them up")
        immortalize()
