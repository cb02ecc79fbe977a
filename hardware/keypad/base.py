"""The keypad vocabulary shared by every driver: actions, presses, feedback, interfaces.

Drivers translate bytes on a wire into `KeyPress` values and `KeypadFeedback` back into
bytes. They know nothing about queues or tickets: what "call" means is the counter app's
business, so the same keypads work with any hub version.
"""

from __future__ import annotations

import abc
import string
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, Self

from hardware.keypad.serial_link import LinkState

FeedbackKind = Literal["ok", "empty", "error", "busy"]
FEEDBACK_KINDS: tuple[FeedbackKind, ...] = ("ok", "empty", "error", "busy")
#: Longest feedback text. Ticket numbers such as "A042" need four characters; each
#: protocol fits the text to its own display (the frame units show the rightmost three).
FEEDBACK_TEXT_MAX = 8
_TEXT_CHARS = frozenset(string.ascii_letters + string.digits + string.punctuation)


class KeyAction(StrEnum):
    """What a clerk asked for by pressing a button; values are stable, lower-case words."""

    CALL = "call"
    RECALL = "recall"
    START = "start"
    DONE = "done"
    NOSHOW = "noshow"
    TRANSFER = "transfer"
    PAUSE = "pause"
    RESUME = "resume"
    # Alias: many keypads label the call button "Next"; KeyAction.NEXT is KeyAction.CALL.
    NEXT = "call"


@dataclass(frozen=True, slots=True)
class KeyPress:
    """One physical press, after debouncing.

    `press_id` is unique per physical press (uuid4 hex) so the app can send it as the hub's
    Idempotency-Key: a retried request for the same press is never executed twice.
    """

    address: int
    action: KeyAction
    press_id: str
    at: float


@dataclass(frozen=True, slots=True)
class KeyEvent:
    """A key decoded from the wire, before debouncing gives it an identity."""

    address: int
    action: KeyAction


@dataclass(frozen=True, slots=True)
class KeypadFeedback:
    """What the keypad should show after a press: lamp colour, optional beep, short text."""

    kind: FeedbackKind
    text: str = ""
    beep: bool = False

    def __post_init__(self) -> None:
        if self.kind not in FEEDBACK_KINDS:
            msg = f"feedback kind must be one of {FEEDBACK_KINDS}, got {self.kind!r}"
            raise ValueError(msg)
        if len(self.text) > FEEDBACK_TEXT_MAX or not set(self.text) <= _TEXT_CHARS:
            msg = (
                f"feedback text must be at most {FEEDBACK_TEXT_MAX} printable ASCII "
                f"characters without spaces, got {self.text!r}"
            )
            raise ValueError(msg)


class KeypadProtocol(abc.ABC):
    """Translate between bytes on the wire and key events / feedback (no I/O, no threads).

    `feed` keeps partial input between calls, so callers may pass reads of any size.
    """

    #: Input the protocol could not understand since creation (also logged).
    unknown: int = 0

    @abc.abstractmethod
    def feed(self, data: bytes) -> list[KeyEvent]:
        """Consume received bytes and return the complete key events they finish."""

    @abc.abstractmethod
    def encode_feedback(self, address: int, feedback: KeypadFeedback) -> bytes:
        """Return the bytes that show `feedback` on the keypad at `address`."""

    @abc.abstractmethod
    def reset(self) -> None:
        """Forget partial input, e.g. after the device was reconnected."""


PressCallback = Callable[[KeyPress], None]
StateCallback = Callable[[LinkState], None]


class Keypad(abc.ABC):
    """A source of key presses and a sink of feedback.

    Nothing happens until `start`; callbacks then run on the driver's own thread, so the app
    must hand them over to its event loop (Qt signal, `loop.call_soon_threadsafe`).
    """

    @abc.abstractmethod
    def start(self, on_press: PressCallback, on_state: StateCallback | None = None) -> None:
        """Begin delivering presses to `on_press` and link changes to `on_state`."""

    @abc.abstractmethod
    def stop(self) -> None:
        """Stop delivering presses, release the device and join any thread."""

    @abc.abstractmethod
    def send_feedback(self, address: int, feedback: KeypadFeedback) -> bool:
        """Show `feedback` on the keypad at `address`; False if the device is not connected."""

    @property
    @abc.abstractmethod
    def state(self) -> LinkState:
        """Whether the device is connected right now."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
