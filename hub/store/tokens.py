"""API tokens: stored only as SHA-256 hashes, each with a role and, for counters, a counter."""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass

import sqlite_utils

ROLES = ("kiosk", "display", "counter", "admin")
TOKEN_PREFIX = "ns_"


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """Who a token belongs to (never the token itself)."""

    id: str
    role: str
    name: str
    counter_id: str | None
    zone: str | None
    created_at: float
    revoked_at: float | None
    last_used_at: float | None


def hash_token(token: str) -> str:
    """The stored form of a token. Tokens are 256-bit random, so a plain hash suffices."""
    return hashlib.sha256(token.encode()).hexdigest()


class TokenStore:
    """Create, look up, list and revoke tokens."""

    def __init__(
        self, db: sqlite_utils.Database, transaction: Callable[[], AbstractContextManager[None]]
    ) -> None:
        self._db = db
        self._transaction = transaction

    def create(
        self, role: str, name: str, *, counter_id: str | None = None, zone: str | None = None
    ) -> tuple[str, TokenInfo]:
        """A new token (returned once, in clear) and its record."""
        with self._transaction():
            return self.create_in_transaction(role, name, counter_id=counter_id, zone=zone)

    def create_in_transaction(
        self, role: str, name: str, *, counter_id: str | None = None, zone: str | None = None,
        device_id: str | None = None, now: float | None = None,
    ) -> tuple[str, TokenInfo]:
        """Like `create`, inside a transaction the caller holds."""
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
        if role == "counter" and not counter_id:
            raise ValueError("a counter token needs the counter it acts for (--counter)")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        info = TokenInfo(secrets.token_hex(6), role, name, counter_id, zone,
                         time.time() if now is None else now, None, None)
        self._db.execute(
            "INSERT INTO tokens (id, token_hash, role, name, counter_id, zone, created_at, "
            "device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (info.id, hash_token(token), role, name, counter_id, zone, info.created_at,
             device_id),
        )
        return token, info

    def find(self, token: str) -> TokenInfo | None:
        """The live (not revoked) token matching `token`, or None."""
        row = self._db.execute(
            "SELECT id, role, name, counter_id, zone, created_at, revoked_at, last_used_at "
            "FROM tokens WHERE token_hash = ? AND revoked_at IS NULL",
            (hash_token(token),),
        ).fetchone()
        return None if row is None else TokenInfo(*row)

    def list(self) -> list[TokenInfo]:
        """Every token ever created, newest first."""
        rows = self._db.execute(
            "SELECT id, role, name, counter_id, zone, created_at, revoked_at, last_used_at "
            "FROM tokens ORDER BY created_at DESC"
        ).fetchall()
        return [TokenInfo(*row) for row in rows]

    def revoked_since(self, since: float) -> list[str]:
        """Ids of tokens revoked after `since` (the hub closes their streams)."""
        rows = self._db.execute(
            "SELECT id FROM tokens WHERE revoked_at IS NOT NULL AND revoked_at > ?", (since,)
        ).fetchall()
        return [row[0] for row in rows]

    def get(self, token_id: str) -> TokenInfo | None:
        """A token's record by id, revoked or not."""
        row = self._db.execute(
            "SELECT id, role, name, counter_id, zone, created_at, revoked_at, last_used_at "
            "FROM tokens WHERE id = ?", (token_id,),
        ).fetchone()
        return None if row is None else TokenInfo(*row)

    def revoke(self, token_id: str) -> bool:
        """Revoke a token by id; False if there is no such live token."""
        with self._transaction():
            cursor = self._db.execute(
                "UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                (time.time(), token_id),
            )
        return cursor.rowcount == 1
