"""Counter LED number displays over serial: paced, latest-wins, reconnecting.

Start with `led_from_config`. The wire format is documented in `hardware.led.frame` and,
for installers, in hardware/keypad/PROTOCOLS.md (section 3).
"""

from hardware.keypad.serial_link import LinkState
from hardware.led.base import LedDisplay, LedStateCallback
from hardware.led.config import led_from_config
from hardware.led.fake import FakeLedDisplay
from hardware.led.frame import Encoding, clear_frame, show_frame
from hardware.led.pacing import PacedWriter
from hardware.led.serial_display import SerialLedDisplay

__all__ = [
    "Encoding",
    "FakeLedDisplay",
    "LedDisplay",
    "LedStateCallback",
    "LinkState",
    "PacedWriter",
    "SerialLedDisplay",
    "clear_frame",
    "led_from_config",
    "show_frame",
]
