"""The clerk's buttons, each enabled only when its action is possible, with its shortcut.

Pause/Resume and Open/Close share a button: it offers whichever of the two makes sense in
the counter's state, so the row stays short enough for one-handed use all day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget

from counter.actions import Action, Why
from counter.texts import action_label, why_text
from counter.ui.fonts import font
from hub.i18n import Translator

Slot = tuple[Action, ...]
FULL_SLOTS: Sequence[Slot] = (
    (Action.CALL_NEXT,), (Action.RECALL,), (Action.START,), (Action.DONE,),
    (Action.NO_SHOW,), (Action.TRANSFER,), (Action.PAUSE, Action.RESUME),
    (Action.OPEN, Action.CLOSE),
)
MINI_SLOTS: Sequence[Slot] = ((Action.CALL_NEXT,), (Action.RECALL,), (Action.DONE,))


class ActionBar(QWidget):
    """A grid of action buttons; emits `triggered(Action)` when one is pressed."""

    triggered = Signal(object)

    def __init__(self, tr: Translator, shortcuts: Mapping[str, Sequence[str]], *,
                 slots: Sequence[Slot] = FULL_SLOTS, columns: int = 4, point_size: float = 13,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tr_ = tr
        self.shortcuts = shortcuts
        self.buttons: dict[Slot, QPushButton] = {}
        self.shown: dict[Slot, Action] = {}
        self.show_keys = len(slots) > columns
        layout = QGridLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        big = slots[0] == (Action.CALL_NEXT,) and len(slots) > columns
        for index, slot in enumerate(slots):
            button = QPushButton()
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space belongs to "call next"
            primary = slot[0] is Action.CALL_NEXT
            button.setFont(font(point_size + (6 if primary and big else 0), bold=primary))
            button.setObjectName("primary" if primary else "action")
            # Equal columns whatever the caption's length in the language shown.
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
            button.setMinimumHeight(56 if big else 34)
            button.clicked.connect(lambda _=False, s=slot: self._clicked(s))
            if big and primary:  # the button pressed all day: big, on the left
                layout.addWidget(button, 0, 0, 2, 1)
            elif big:
                layout.addWidget(button, (index - 1) // columns, 1 + (index - 1) % columns)
            else:
                layout.addWidget(button, index // columns, index % columns)
            self.buttons[slot] = button
            self.shown[slot] = slot[0]
        for column in range(columns + (1 if big else 0)):
            layout.setColumnStretch(column, 1)

    def button_for(self, action: Action) -> QPushButton | None:
        """The button that offers `action` (shared buttons included)."""
        for slot, button in self.buttons.items():
            if action in slot:
                return button
        return None

    def refresh(self, available: Mapping[Action, Why | None], counter_state: str) -> None:
        """Enable what is possible; a disabled button's tooltip says why."""
        for slot, button in self.buttons.items():
            action = slot[0]
            if slot == (Action.PAUSE, Action.RESUME) and counter_state == "paused":
                action = Action.RESUME
            elif slot == (Action.OPEN, Action.CLOSE) and counter_state != "closed":
                action = Action.CLOSE
            self.shown[slot] = action
            keys = self.shortcuts.get(action.value, ())
            caption = action_label(self.tr_, action)
            button.setText(f"{caption}\n{keys[0]}" if keys and self.show_keys else caption)
            why = available.get(action)
            button.setEnabled(why is None)
            button.setToolTip("" if why is None else why_text(self.tr_, why))
            button.setProperty("action", action.value)

    def _clicked(self, slot: Slot) -> None:
        self.triggered.emit(self.shown[slot])
