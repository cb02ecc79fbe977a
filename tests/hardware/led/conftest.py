"""Reuse the keypad tests' pty fixtures: same cable, different device."""

from tests.hardware.keypad.conftest import no_leftover_threads, socat

__all__ = ["no_leftover_threads", "socat"]
