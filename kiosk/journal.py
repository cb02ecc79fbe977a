"""Tickets the visitor may never have seen, kept on disk until they are settled.

A ticket is "seen" once it is printed or its number is on the screen. Until then it is
in this journal: written before the hub is asked (so a crash between asking and printing
is remembered), updated with the ticket id once the hub answers, and removed when the
visitor saw it or the hub cancelled it. Whatever is left — the kiosk crashed, the hub's
answer was lost, the screen could not show the number — is cancelled by the model, so no
one is called for a ticket nobody holds.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
import uuid
from dataclasses import asdict, dataclass, replace
from pathlib import Path

_LOGGER = logging.getLogger(__name__)

JOURNAL_FILE = "unseen-tickets.json"


@dataclass(frozen=True)
class Unseen:
    """One ticket request whose outcome the visitor has not seen yet.

    `key` is the Idempotency-Key of the issue request: replaying the request with it gets
    the hub's stored answer (the ticket, if there was one) instead of a second ticket.
    """

    key: str
    service_id: str
    priority: str
    language: str
    created_at: float
    ticket_id: str | None = None
    number: str | None = None

    @property
    def cancel_key(self) -> str:
        """The Idempotency-Key of the cancellation, stable across retries and restarts."""
        return f"{self.key}-cancel"


class Journal:
    """The unseen tickets of one kiosk, in a JSON file written atomically."""

    def __init__(self, directory: Path | None) -> None:
        """`directory` None keeps the journal in memory only (previews, some tests)."""
        self.path = directory / JOURNAL_FILE if directory is not None else None
        self._lock = threading.Lock()
        self._entries: dict[str, Unseen] = {}
        if self.path is not None:
            self._entries = self._read(self.path)

    @staticmethod
    def _read(path: Path) -> dict[str, Unseen]:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return {item["key"]: Unseen(**item) for item in raw}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, TypeError, KeyError) as exc:
            _LOGGER.error("unseen-ticket journal %s unreadable (%s); starting empty", path, exc)
            return {}

    def entries(self) -> list[Unseen]:
        """Every unsettled request, oldest first."""
        with self._lock:
            return sorted(self._entries.values(), key=lambda e: e.created_at)

    def __len__(self) -> int:
        return len(self._entries)

    def begin(self, key: str, service_id: str, priority: str, language: str) -> Unseen:
        """Remember a request before it is sent."""
        entry = Unseen(key, service_id, priority, language, time.time())
        self._put(entry)
        return entry

    def issued(self, key: str, ticket_id: str, number: str) -> None:
        """The hub issued the ticket; the visitor has not seen it yet."""
        with self._lock:
            entry = self._entries.get(key)
        if entry is not None:
            self._put(replace(entry, ticket_id=ticket_id, number=number))

    def settle(self, key: str) -> None:
        """The visitor saw the ticket, or it was cancelled, or it never existed."""
        with self._lock:
            if self._entries.pop(key, None) is None:
                return
            self._save()

    def _put(self, entry: Unseen) -> None:
        with self._lock:
            self._entries[entry.key] = entry
            self._save()

    def _save(self) -> None:
        """Write the file atomically: a power cut leaves the old or the new journal."""
        if self.path is None:
            return
        data = json.dumps([asdict(e) for e in self._entries.values()], indent=1).encode()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{uuid.uuid4().hex}.tmp")
        try:
            with tmp.open("wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            tmp.replace(self.path)
        except OSError as exc:  # a full disk must not stop the kiosk issuing tickets
            _LOGGER.error("cannot write %s: %s", self.path, exc)
            with contextlib.suppress(OSError):
                tmp.unlink()
