"""Cancel tickets nobody saw (see `journal`): the hub must not call a number nobody holds."""

from __future__ import annotations

import logging
from dataclasses import replace

from hub.client import HubClient, HubError, HubUnreachable
from kiosk.journal import Journal, Unseen

_LOGGER = logging.getLogger(__name__)
# Refusals that mean "this token cannot act now", not "there is nothing to cancel".
_NOT_NOW = (401, 403, 429, 503)


async def settle_one(client: HubClient, journal: Journal, entry: Unseen) -> bool:
    """Cancel one unseen ticket; True when settled, False to try again later.

    A request whose answer was lost is replayed with its Idempotency-Key: the hub answers
    with the ticket it issued then (or refuses, meaning it issued none) and never issues a
    second one. A ticket already called, served or cancelled is left alone.
    """
    try:
        ticket_id = entry.ticket_id
        if ticket_id is None:
            view = await client.issue_ticket(entry.service_id, language=entry.language,
                                             priority=entry.priority, key=entry.key)
            journal.issued(entry.key, view.id, view.number)
            ticket_id = view.id
            entry = replace(entry, ticket_id=view.id, number=view.number)
        cancelled = await client.cancel_ticket(ticket_id, key=entry.cancel_key)
    except HubUnreachable as exc:
        _LOGGER.info("unseen ticket %s: hub unreachable (%s); will retry", entry.number or
                     entry.key, exc)
        return False
    except HubError as exc:
        if exc.status in _NOT_NOW:
            _LOGGER.warning("unseen ticket %s: %s; will retry", entry.number or entry.key, exc)
            return False
        _LOGGER.info("unseen ticket %s needs no cancelling: %s", entry.number or entry.key,
                     exc.detail)
        journal.settle(entry.key)
        return True
    _LOGGER.warning("cancelled ticket %s (%s): the visitor never saw it", cancelled.number,
                    cancelled.id)
    journal.settle(entry.key)
    return True


async def settle_unseen(client: HubClient, journal: Journal, *,
                        skip: frozenset[str] = frozenset()) -> int:
    """Cancel every unseen ticket except those in `skip`; returns how many remain."""
    for entry in journal.entries():
        if entry.key not in skip and not await settle_one(client, journal, entry):
            break  # the hub is away or refusing: the rest would fail the same way
    return len([e for e in journal.entries() if e.key not in skip])
