"""The PySide6 reference bug the display works around, and that the workaround holds.

If ``test_pyside_still_loses_references`` fails, the pinned PySide6 is fixed and
``hub/client/qt_refguard.py`` can go.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

PROBE = textwrap.dedent("""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QApplication, QLabel
    GUARD = {guard}
    if GUARD:
        from hub.client import qt_refguard as refguard
        refguard.immortalize()
    app = QApplication([])
    label = QLabel()

    class Emitter(QObject):
        fired = Signal(str)

    emitter = Emitter()
    emitter.fired.connect(lambda text: None)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(100):
        label.setText("A042")  # returns void
        emitter.fired.emit("A042")  # returns True
    print(none_before - sys.getrefcount(None), true_before - sys.getrefcount(True))
    for _ in range({calls}):
        label.setText("A042")
        emitter.fired.emit("A042")
    print("survived")
""")

needs_311 = pytest.mark.skipif(sys.version_info >= (3, 12),
                               reason="None and bools are immortal from Python 3.12")


def probe(*, guard: bool, calls: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", PROBE.format(guard=guard, calls=calls)],
                          capture_output=True, text=True, timeout=120, check=False)


@needs_311
def test_pyside_still_loses_references() -> None:
    done = probe(guard=False, calls=200_000)
    lost_none, lost_true = map(int, done.stdout.split()[:2])
    assert (lost_none, lost_true) == (100, 100)
    assert done.returncode != 0 and "_dealloc" in done.stderr  # it does kill the process


@needs_311
def test_the_guard_keeps_the_process_alive() -> None:
    done = probe(guard=True, calls=200_000)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[-1] == "survived"
