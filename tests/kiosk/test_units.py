"""Small parts without a hub: the PIN lock, the unseen-ticket journal, tracking links."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.journal import JOURNAL_FILE, Journal
from kiosk.pin import PinLock
from kiosk.ticket import public_base_url, tracking_url


def test_pin_lock_counts_wrong_tries_and_locks() -> None:
    now = [0.0]
    lock = PinLock("2468", max_tries=3, lockout_s=30, clock=lambda: now[0])
    assert lock.check("1111") == "wrong"
    assert lock.check("2468") == "ok"  # a right PIN resets the count
    assert [lock.check("0") for _ in range(3)] == ["wrong", "wrong", "locked"]
    assert lock.check("2468") == "locked" and lock.locked_for() == 30
    now[0] = 30.5
    assert lock.check("2468") == "ok"


def test_journal_survives_a_restart_and_forgets_settled(tmp_path: Path) -> None:
    journal = Journal(tmp_path)
    journal.begin("k1", "general", "normal", "zh")
    journal.begin("k2", "payments", "priority", "ru")
    journal.issued("k1", "t-1", "A001")
    again = Journal(tmp_path)
    assert [(e.key, e.ticket_id, e.number) for e in again.entries()] == [
        ("k1", "t-1", "A001"), ("k2", None, None)]
    assert again.entries()[0].cancel_key == "k1-cancel"
    again.settle("k1")
    again.settle("unknown")
    assert [e.key for e in Journal(tmp_path).entries()] == ["k2"]
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically, nothing left over


def test_unreadable_journal_starts_empty(tmp_path: Path) -> None:
    (tmp_path / JOURNAL_FILE).write_text("{not json")
    journal = Journal(tmp_path)
    assert journal.entries() == []
    journal.begin("k", "general", "normal", "en")
    assert json.loads((tmp_path / JOURNAL_FILE).read_text())[0]["key"] == "k"


def test_tracking_links() -> None:
    assert public_base_url("http://192.168.1.10:8470/api/v1") == "http://192.168.1.10:8470"
    assert public_base_url("http://hub:8470/api/v1/") == "http://hub:8470"
    assert public_base_url("http://10.0.0.5/queue/api/v1") == "http://10.0.0.5/queue"
    assert public_base_url("http://10.0.0.5:8470/api/v1",
                           "https://queue.example.org/") == "https://queue.example.org"
    assert tracking_url("http://hub:8470", "0b7f-x") == "http://hub:8470/t/0b7f-x"
    assert tracking_url("http://hub:8470/", "a/b") == "http://hub:8470/t/a%2Fb"
