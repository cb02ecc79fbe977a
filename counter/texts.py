"""Every sentence the counter terminal shows, translated (gettext domain `counter`).

Kept out of the widgets so the wording is tested without Qt and the catalogs have one
place to be extracted from. Clerk vocabulary: 叫号/重呼/过号/转移/暂停 and
Вызвать/Повторить/Неявка/Перевести/Перерыв.
"""

from __future__ import annotations

from pathlib import Path

from counter.actions import Action, Why
from counter.commands import Result
from counter.model import Notice
from hub.client import ConnectionState
from hub.i18n import Translator

LOCALEDIR = Path(__file__).with_name("locale")
DOMAIN = "counter"


def translator(language: str) -> Translator:
    """The counter app's catalog in `language` (English fallback)."""
    return Translator(DOMAIN, LOCALEDIR, language)


def action_label(tr: Translator, action: Action) -> str:
    """The button caption of `action`."""
    _ = tr._
    labels = {
        Action.CALL_NEXT: _("Call next"), Action.RECALL: _("Recall"),
        Action.START: _("Start serving"), Action.DONE: _("Done"),
        Action.NO_SHOW: _("No-show"), Action.TRANSFER: _("Transfer"),
        Action.PAUSE: _("Pause"), Action.RESUME: _("Resume"),
        Action.OPEN: _("Open counter"), Action.CLOSE: _("Close counter"),
    }
    return labels[action]


def why_text(tr: Translator, why: Why) -> str:
    """Why an action cannot be used right now."""
    _ = tr._
    texts = {
        Why.OFFLINE: _("No connection to the hub"),
        Why.BUSY: _("Waiting for the hub to answer"),
        Why.CLOSED: _("The counter is closed: open it first"),
        Why.PAUSED: _("On a break: resume first"),
        Why.NOT_CLOSED: _("The counter is already open"),
        Why.NOT_PAUSED: _("Not on a break"),
        Why.NO_TICKET: _("Nobody is at the counter"),
        Why.NOT_CALLED: _("The visitor is already being served"),
        Why.HAS_TICKET: _("Finish or transfer the current visitor first"),
    }
    return texts[why]


def connection_text(tr: Translator, state: ConnectionState) -> str:
    """The connection line in the header."""
    _ = tr._
    texts = {
        ConnectionState.SEARCHING: _("Looking for the hub…"),
        ConnectionState.PAIRING: _("Waiting for approval"),
        ConnectionState.CONNECTED: _("Connected"),
        ConnectionState.RECONNECTING: _("Hub unreachable, reconnecting…"),
        ConnectionState.REVOKED: _("This terminal was removed from the hub: pair it again"),
        ConnectionState.STOPPED: _("Stopped"),
    }
    return texts[state]


def offline_reason(tr: Translator, state: ConnectionState) -> str:
    """The banner shown while actions are disabled for want of a hub."""
    _ = tr._
    if state is ConnectionState.REVOKED:
        return connection_text(tr, state)
    return _("Buttons are off until the hub is back. Nothing you press now is kept "
             "or sent later.")


def counter_state_text(tr: Translator, state: str, pause_reason: str | None = None) -> str:
    """The counter's state: open, closed, on a break (with its reason)."""
    _ = tr._
    if state == "open":
        return _("Open")
    if state == "paused":
        return _("On a break: %(reason)s") % {"reason": pause_reason} if pause_reason else _(
            "On a break")
    return _("Closed")


def notice_text(tr: Translator, notice: Notice) -> str:
    """What happened after the last action."""
    _ = tr._
    o = notice.outcome
    if o.result is Result.EMPTY:
        return _("Nobody is waiting")
    if o.result is Result.UNREACHABLE:
        return _("The hub did not answer. Nothing was done or kept; press again when "
                 "the connection is back.")
    if o.result is Result.REFUSED:
        if o.detail == "no_target":
            return _("Choose where to transfer the visitor")
        try:
            return why_text(tr, Why(o.detail))
        except ValueError:
            return _("The hub refused: %(detail)s") % {"detail": o.detail}
    n = {"number": o.number}
    if o.action is Action.RECALL and o.ticket_state == "no_show":
        return _("%(number)s recalled too often: marked as no-show") % n
    texts = {
        Action.CALL_NEXT: _("Called %(number)s"), Action.RECALL: _("Recalled %(number)s"),
        Action.START: _("Serving %(number)s"), Action.DONE: _("%(number)s done"),
        Action.NO_SHOW: _("%(number)s marked as no-show"),
        Action.TRANSFER: _("%(number)s transferred"),
        Action.PAUSE: _("Break started"), Action.RESUME: _("Back from the break"),
        Action.OPEN: _("Counter opened"), Action.CLOSE: _("Counter closed"),
    }
    return texts[o.action] % n if "%(number)s" in texts[o.action] else texts[o.action]


def duration(seconds: float | None) -> str:
    """`m:ss`, or `h:mm:ss` past an hour; an en dash when unknown."""
    if seconds is None:
        return "–"
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def pause_reasons(tr: Translator) -> list[str]:
    """The usual reasons for a break, offered as one-touch choices."""
    _ = tr._
    return [_("Short break"), _("Lunch"), _("Back office work"), _("Technical problem")]
