"""Pairing requests: a device asks, an admin approves its code, the device claims its token.

The device keeps the request id (a secret); the database keeps only its hash. The token
is created at claim time and only its hash is stored, so no usable token ever rests on disk.

A request made with an Idempotency-Key gets a request id derived from the key, the device id
and a random per-hub secret (HMAC-SHA256): a retry with the same key finds the same request
without the id ever being stored. Once claimed, `expires_at` is the end of the short window
in which the device may claim again (its first answer was lost): a re-claim revokes the
token given before and creates a new one, in one transaction.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass

import sqlite_utils

from hub.store.tokens import TokenInfo, TokenStore

CODE_DIGITS = 6
SECRET_KEY = "pairing_secret"  # in the meta table: the key request ids are derived with
_COLUMNS = ("request_hash", "code", "kind", "name", "device_id", "remote", "created_at",
            "expires_at", "status", "counter_id", "zone", "token_id", "decided_at")


@dataclass(frozen=True, slots=True)
class PairingRequest:
    """One device's request to be paired."""

    request_hash: str
    code: str
    kind: str
    name: str
    device_id: str
    remote: str
    created_at: float
    expires_at: float  # the code's expiry; once claimed, the end of the re-claim window
    status: str  # pending, approved, rejected, claimed (expired is computed)
    counter_id: str | None
    zone: str | None
    token_id: str | None
    decided_at: float | None

    def status_at(self, now: float) -> str:
        """The status, with a pending request past its expiry reported as expired."""
        if self.status in ("pending", "approved") and now > self.expires_at:
            return "expired"
        return self.status


def _hash(request_id: str) -> str:
    return hashlib.sha256(request_id.encode()).hexdigest()


class PairingStore:
    """Create, find, decide and claim pairing requests."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        transaction: Callable[[], AbstractContextManager[None]],
        tokens: TokenStore,
    ) -> None:
        self._db = db
        self._transaction = transaction
        self._tokens = tokens

    def _rows(self, where: str, params: tuple[object, ...]) -> list[PairingRequest]:
        sql = f"SELECT {', '.join(_COLUMNS)} FROM pairing_requests WHERE {where}"
        return [PairingRequest(*row) for row in self._db.execute(sql, params).fetchall()]

    def _secret(self) -> bytes:
        """The hub's random key for deriving request ids (created on first use)."""
        sql = "SELECT value FROM meta WHERE key = ?"
        row = self._db.execute(sql, (SECRET_KEY,)).fetchone()
        if row is None:
            with self._transaction():
                self._db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                                 (SECRET_KEY, secrets.token_hex(32)))
            row = self._db.execute(sql, (SECRET_KEY,)).fetchone()
        return bytes.fromhex(row[0])

    def keyed_request_id(self, device_id: str, key: str) -> str:
        """The request id a request with Idempotency-Key `key` from `device_id` has.

        Only the hub can compute it (the secret never leaves the database), and only a
        caller who sends the same key and device id is given it.
        """
        message = f"{len(device_id)}:{device_id}:{key}".encode()
        digest = hmac.new(self._secret(), message, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:24]).decode()

    def create(
        self, *, kind: str, name: str, device_id: str, remote: str, now: float, ttl_s: float,
        request_id: str | None = None,
    ) -> tuple[str, PairingRequest]:
        """A new request with a fresh code unused by any live request; returns its id too.

        `request_id` is the id to use (derived from an Idempotency-Key); a random one if None.
        """
        live = {r.code for r in self.live(now)}
        code = ""
        while not code or code in live:
            code = f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"
        request_id = request_id or secrets.token_urlsafe(24)
        request = PairingRequest(_hash(request_id), code, kind, name, device_id, remote, now,
                                 now + ttl_s, "pending", None, None, None, None)
        with self._transaction():
            self._db.execute(
                f"INSERT INTO pairing_requests ({', '.join(_COLUMNS)}) "
                f"VALUES ({', '.join('?' for _ in _COLUMNS)})",
                [getattr(request, c) for c in _COLUMNS],
            )
        return request_id, request

    def by_request_id(self, request_id: str) -> PairingRequest | None:
        """The request a device holds the id of."""
        rows = self._rows("request_hash = ?", (_hash(request_id),))
        return rows[0] if rows else None

    def live(self, now: float) -> list[PairingRequest]:
        """Pending requests that have not expired, oldest first."""
        return self._rows("status = 'pending' AND expires_at >= ? ORDER BY created_at", (now,))

    def pending_by_code(self, code: str, now: float) -> PairingRequest | None:
        """The live pending request showing `code`."""
        rows = [r for r in self.live(now) if r.code == code]
        return rows[0] if rows else None

    def latest_by_code(self, code: str) -> PairingRequest | None:
        """The newest request that ever showed `code` (to say why it cannot be approved)."""
        rows = self._rows("code = ? ORDER BY created_at DESC LIMIT 1", (code,))
        return rows[0] if rows else None

    def decide(
        self, request: PairingRequest, status: str, now: float,
        counter_id: str | None = None, zone: str | None = None,
    ) -> PairingRequest:
        """Approve or reject a pending request."""
        with self._transaction():
            self._db.execute(
                "UPDATE pairing_requests SET status = ?, counter_id = ?, zone = ?, "
                "decided_at = ? WHERE request_hash = ? AND status = 'pending'",
                (status, counter_id, zone, now, request.request_hash),
            )
        return self._rows("request_hash = ?", (request.request_hash,))[0]

    def by_token_id(self, token_id: str) -> PairingRequest | None:
        """The request whose claim created the live token `token_id` (a paired device)."""
        rows = self._rows("token_id = ? AND status = 'claimed'", (token_id,))
        return rows[0] if rows else None

    def claim(self, request: PairingRequest, now: float, grace_s: float
              ) -> tuple[str, TokenInfo]:
        """Create the device's token and mark the request claimed, in one transaction.

        The request can be claimed again until `now + grace_s` (see `reclaim`).
        """
        with self._transaction():
            token, info = self._tokens.create_in_transaction(
                request.kind, request.name, counter_id=request.counter_id, zone=request.zone,
                device_id=request.device_id, now=now)
            self._db.execute(
                "UPDATE pairing_requests SET status = 'claimed', token_id = ?, expires_at = ? "
                "WHERE request_hash = ? AND status = 'approved'",
                (info.id, now + grace_s, request.request_hash),
            )
        return token, info

    def reclaim(self, request: PairingRequest, now: float) -> tuple[str, TokenInfo] | None:
        """Replace the token of a claimed request: revoke the one given, create a new one.

        None (nothing changes) if the token given is no longer live: revoked by an admin,
        or replaced meanwhile. The caller checks the window and who asks.
        """
        with self._transaction():
            revoked = self._db.execute(
                "UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                (now, request.token_id),
            )
            if revoked.rowcount != 1:
                return None
            token, info = self._tokens.create_in_transaction(
                request.kind, request.name, counter_id=request.counter_id, zone=request.zone,
                device_id=request.device_id, now=now)
            moved = self._db.execute(
                "UPDATE pairing_requests SET token_id = ? "
                "WHERE request_hash = ? AND status = 'claimed' AND token_id = ?",
                (info.id, request.request_hash, request.token_id),
            )
            if moved.rowcount != 1:
                raise RuntimeError("pairing request changed during its re-claim")
        return token, info
