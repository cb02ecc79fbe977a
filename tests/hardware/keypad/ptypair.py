"""Moved to tests/support/serial_pty.py, the one home of the socat pty-pair helpers.

Only `wait_until` is left here, for tests/hardware/keypad/test_serial_link.py and
tests/hardware/led/test_pacing.py; once they import it from tests.support.serial_pty,
delete this file.
"""

from tests.support.serial_pty import wait_until

__all__ = ["wait_until"]
