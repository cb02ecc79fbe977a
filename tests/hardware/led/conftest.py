"""The keypad tests' thread-leak check and the shared pty pairs: same cable, different device."""

from tests.hardware.keypad.conftest import no_leftover_threads
from tests.support.serial_pty import socat

__all__ = ["no_leftover_threads", "socat"]
