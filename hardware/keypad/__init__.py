"""Call-button keypads: serial drivers that turn button presses into abstract key actions.

Start with `keypad_from_config`; see PROTOCOLS.md for the wire formats.
"""

from hardware.keypad.base import (
    FeedbackKind,
    KeyAction,
    KeyEvent,
    Keypad,
    KeypadFeedback,
    KeypadProtocol,
    KeyPress,
    PressCallback,
    StateCallback,
)
from hardware.keypad.config import keypad_from_config
from hardware.keypad.debounce import Debouncer
from hardware.keypad.fake import FakeKeypad
from hardware.keypad.frame_protocol import FrameProtocol
from hardware.keypad.line_protocol import LineProtocol
from hardware.keypad.serial_keypad import SerialKeypad
from hardware.keypad.serial_link import LinkState, SerialLink

__all__ = [
    "Debouncer",
    "FakeKeypad",
    "FeedbackKind",
    "FrameProtocol",
    "KeyAction",
    "KeyEvent",
    "KeyPress",
    "Keypad",
    "KeypadFeedback",
    "KeypadProtocol",
    "LineProtocol",
    "LinkState",
    "PressCallback",
    "SerialKeypad",
    "SerialLink",
    "StateCallback",
    "keypad_from_config",
]
