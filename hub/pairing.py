"""Pairing devices without typing tokens: request, approve the code, claim the token.

Abuse limits live here: codes expire (10 minutes by default), a remote address may hold
only a few live requests, and wrong codes at approval are rate-limited so a code cannot
be found by trying.

Retries are safe at both ends:

- Asking: a request sent with an Idempotency-Key is found again by the key and the device
  id (the request id is derived from them with the hub's secret, see `hub.store.pairing`),
  so a device whose answer was lost gets the same code, request id and expiry back while
  the request is pending, without it counting against the limits a second time. The same
  key with another kind or name is refused (422); once the request is over, 410.
- Claiming: the first poll after approval creates the token and answers with it. If that
  answer is lost, a poll within `CLAIM_GRACE_S` of it, from the address that asked for the
  code, revokes the token given before and answers with a new one. Only token hashes are
  stored, so the token cannot be given again: it is replaced, and at most one token per
  request is live at any time. Why this is safe: the request id is already the capability
  to receive the token, so a re-claim grants nothing the first poll did not; tying it to
  the requesting address means someone who learnt the id elsewhere cannot take over (or
  revoke) the device's token after it was claimed; a token revoked by an admin is never
  replaced; and after the window a poll says `claimed` with no token, as before.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from hub.config import Office
from hub.engine import ConflictError, EngineError, InvalidRequestError, NotFoundError
from hub.service import IdempotencyMismatchError
from hub.store import PairingRequest, Store

KINDS = ("kiosk", "display", "counter")
PAIRING_TTL_S = 600.0
MAX_LIVE_PER_REMOTE = 3
MAX_LIVE = 30
WRONG_CODE_WINDOW_S = 600.0
MAX_WRONG_CODES = 10
CLAIM_GRACE_S = 120.0


class TooManyError(EngineError):
    """A limit against abuse was reached; try again later."""

    def __init__(self, detail: str, *, field: str | None = None, retry_after_s: int = 60) -> None:
        super().__init__(detail, field=field)
        self.retry_after_s = retry_after_s


class GoneError(EngineError):
    """The pairing request expired or was already used."""


@dataclass(frozen=True, slots=True)
class PairingStatus:
    """What a device polling its request learns."""

    status: str
    request: PairingRequest
    token: str | None = None
    replaced_token_id: str | None = None  # revoked by this re-claim: close its streams


class Pairing:
    """Pairing on top of the store, with its limits."""

    def __init__(
        self, store: Store, office: Office, *, clock: Callable[[], float] = time.time,
        ttl_s: float = PAIRING_TTL_S, is_open: bool = True,
        claim_grace_s: float = CLAIM_GRACE_S,
    ) -> None:
        self.store = store
        self.office = office
        self.clock = clock
        self.ttl_s = ttl_s
        self.claim_grace_s = claim_grace_s
        self.is_open = is_open
        self._wrong_codes: deque[float] = deque()

    def request(self, kind: str, name: str, device_id: str, remote: str,
                key: str | None = None) -> tuple[str, PairingRequest]:
        """A device asks to be paired; returns its secret request id and the request.

        With an Idempotency-Key `key`, a retry gets the same pending request back.
        """
        if not self.is_open:
            raise ConflictError("pairing is closed on this hub; ask staff to open it",
                                current_state="closed", field="kind")
        if kind not in KINDS:
            raise InvalidRequestError(f"kind must be one of {', '.join(KINDS)}", field="kind")
        now = self.clock()
        request_id = None
        if key is not None:
            request_id = self.store.pairing.keyed_request_id(device_id, key)
            known = self.store.pairing.by_request_id(request_id)
            if known is not None:
                return request_id, self._retried(known, kind, name, now)
        live = self.store.pairing.live(now)
        if len(live) >= MAX_LIVE or sum(1 for r in live if r.remote == remote) >= \
                MAX_LIVE_PER_REMOTE:
            raise TooManyError("too many pairing requests are waiting; approve or let them "
                               "expire first", field="device_id", retry_after_s=60)
        return self.store.pairing.create(kind=kind, name=name, device_id=device_id,
                                         remote=remote, now=now, ttl_s=self.ttl_s,
                                         request_id=request_id)

    @staticmethod
    def _retried(known: PairingRequest, kind: str, name: str, now: float) -> PairingRequest:
        """The request a retry with the same key and device id asks for, if still pending."""
        if (known.kind, known.name) != (kind, name):
            raise IdempotencyMismatchError(
                "this Idempotency-Key was used for another pairing request (kind or name "
                "differ); use a new key for a new request", field="Idempotency-Key")
        status = known.status_at(now)
        if status != "pending":
            raise GoneError(f"the pairing request made with this Idempotency-Key is {status}; "
                            "use a new key to ask for a new code", field="Idempotency-Key")
        return known

    def poll(self, request_id: str, remote: str | None = None) -> PairingStatus:
        """Where a request stands; the token on the first poll after approval.

        A poll from the requesting address (`remote`) within the grace window after the
        claim gets a new token, the one given before being revoked (its answer was lost).
        """
        request = self.store.pairing.by_request_id(request_id)
        if request is None:
            raise NotFoundError("unknown pairing request; ask for a new code",
                                field="request_id")
        now = self.clock()
        status = request.status_at(now)
        replaced = None
        if status == "approved":
            token, _ = self.store.pairing.claim(request, now, self.claim_grace_s)
        elif (status == "claimed" and request.token_id is not None
              and now <= request.expires_at and remote not in (None, "?")
              and remote == request.remote):
            reissued = self.store.pairing.reclaim(request, now)
            if reissued is None:
                return PairingStatus(status, request)
            token, replaced = reissued[0], request.token_id
        else:
            return PairingStatus(status, request)
        claimed = self.store.pairing.by_request_id(request_id)
        assert claimed is not None
        return PairingStatus("approved", claimed, token, replaced)

    def _find(self, code: str) -> PairingRequest:
        now = self.clock()
        while self._wrong_codes and self._wrong_codes[0] < now - WRONG_CODE_WINDOW_S:
            self._wrong_codes.popleft()
        if len(self._wrong_codes) >= MAX_WRONG_CODES:
            raise TooManyError("too many wrong codes; wait a few minutes and read the code "
                               "off the device again", field="code", retry_after_s=120)
        code = code.strip().replace(" ", "")
        request = self.store.pairing.pending_by_code(code, now)
        if request is not None:
            return request
        self._wrong_codes.append(now)
        previous = self.store.pairing.latest_by_code(code)
        if previous is not None and previous.status_at(now) == "expired":
            raise GoneError(f"code {code} has expired; restart pairing on the device",
                            field="code")
        if previous is not None and previous.status in ("approved", "claimed", "rejected"):
            raise GoneError(f"code {code} was already {previous.status}", field="code")
        raise NotFoundError(f"no device is showing code {code}", field="code")

    def approve(self, code: str, *, counter: str | None = None,
                zone: str | None = None) -> PairingRequest:
        """An admin approves the code a device shows, binding it to a counter or zone."""
        request = self._find(code)
        counter_id = None
        if counter is not None:
            match = [c for c in self.office.config.counters if counter in (c.id, c.number)]
            if not match:
                raise NotFoundError(f"there is no counter {counter!r}", field="counter_id")
            counter_id = match[0].id
        if request.kind == "counter" and counter_id is None:
            raise InvalidRequestError("a counter device must be bound to a counter "
                                      "(--counter N)", field="counter_id")
        return self.store.pairing.decide(request, "approved", self.clock(), counter_id, zone)

    def reject(self, code: str) -> PairingRequest:
        """An admin refuses a code (not a device of ours)."""
        return self.store.pairing.decide(self._find(code), "rejected", self.clock())
