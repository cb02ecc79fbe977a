"""Schema versions of the hub database. Append a migration; never edit a released one."""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

TICKET_COLUMNS: dict[str, type] = {
    "id": str, "number": str, "seq_no": int, "service_id": str, "priority": str,
    "language": str, "state": str, "business_day": str, "issued_at": float,
    "queued_at": float, "called_at": float, "started_at": float, "finished_at": float,
    "counter_id": str, "target_counter_id": str, "recall_count": int, "transfer_count": int,
    "updated_seq": int,
}


def _v1(db: sqlite_utils.Database) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["events"].create(
        {"seq": int, "type": str, "at": float, "business_day": str, "ticket_id": str,
         "counter_id": str, "payload": str},
        pk="seq",
    )
    db["events"].create_index(["ticket_id"])
    db["events"].create_index(["type", "seq"])
    # Current state of today's tickets, and the archive of closed days (never deleted).
    for table in ("tickets", "ticket_archive"):
        db[table].create(TICKET_COLUMNS, pk="id", not_null={"number", "state", "business_day"})
        db[table].create_index(["business_day", "service_id"])
    db["counters"].create(
        {"id": str, "state": str, "ticket_id": str, "pause_reason": str, "changed_at": float},
        pk="id",
    )
    db["days"].create(
        {"business_day": str, "closed_at": float, "closed_seq": int, "issued": int,
         "expired": int},
        pk="business_day",
    )
    db["tokens"].create(
        {"id": str, "token_hash": str, "role": str, "name": str, "counter_id": str,
         "zone": str, "created_at": float, "revoked_at": float, "last_used_at": float},
        pk="id",
    )
    db["tokens"].create_index(["token_hash"], unique=True)
    db["idempotency"].create(
        {"principal": str, "key": str, "method": str, "path": str, "status": int,
         "body": str, "created_at": float},
        pk=("principal", "key"),
    )


def _v2(db: sqlite_utils.Database) -> None:
    # Pairing requests: the device holds the request id, we keep only its hash.
    db["pairing_requests"].create(
        {"request_hash": str, "code": str, "kind": str, "name": str, "device_id": str,
         "remote": str, "created_at": float, "expires_at": float, "status": str,
         "counter_id": str, "zone": str, "token_id": str, "decided_at": float},
        pk="request_hash",
    )
    db["pairing_requests"].create_index(["code", "status"])
    # Presence: the latest device.changed snapshot of each device, by token.
    db["devices"].create(
        {"token_id": str, "kind": str, "name": str, "online": int, "last_seen": float,
         "app_version": str, "counter_id": str, "status": str},
        pk="token_id",
    )
    db["tokens"].add_column("device_id", str)


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_v1, _v2]


def migrate(db: sqlite_utils.Database) -> int:
    """Bring the schema up to date, each step in its own transaction; return the version."""
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > len(MIGRATIONS):
        msg = (f"database schema version {version} is newer than this hub "
               f"({len(MIGRATIONS)}); upgrade the hub")
        raise RuntimeError(msg)
    for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
        db.execute("BEGIN IMMEDIATE")
        try:
            step(db)
            db.execute(f"PRAGMA user_version = {number}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    return len(MIGRATIONS)
