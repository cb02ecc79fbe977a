"""Replay the part of the hub's event log the terminal missed, to count the clerk's day.

The saved figures say which `seq` they cover; the hub replays everything after it
(`/events?since=`), so a terminal restarted at noon still knows the morning. Without saved
figures (a new terminal) the whole log is read once, within a time limit.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

from counter.day_stats import DayStats, load_stats
from hub.api.schemas import EventMessage
from hub.client import EventFollower, HubClient

log = logging.getLogger(__name__)

CATCH_UP_LIMIT_S = 30.0


async def catch_up(client: HubClient, counter_id: str, hub_id: str, business_day: str,
                   seq: int, path: Path | None,
                   limit_s: float = CATCH_UP_LIMIT_S) -> tuple[DayStats, bool]:
    """The day's figures up to event `seq`, and whether they are complete."""
    saved = load_stats(path, counter_id, hub_id) if path is not None else None
    stats = saved or DayStats(counter_id, hub_id=hub_id, business_day=business_day)
    complete = True
    if stats.seq < seq:
        try:
            async with asyncio.timeout(limit_s):
                complete = await _replay(client, stats, hub_id, seq)
        except TimeoutError:
            log.warning("day figures: replay from seq %d not finished in %.0fs", stats.seq,
                        limit_s)
            complete = False
    if stats.business_day != business_day:
        stats.new_day(business_day)
        complete = False  # the day's close was not in the replay: figures start now
    stats.seq = max(stats.seq, seq)
    log.info("day figures for %s as of seq %d: %d served (%s)", counter_id, stats.seq,
             stats.served, "complete" if complete else "partial")
    return stats, complete


async def _replay(client: HubClient, stats: DayStats, hub_id: str, seq: int) -> bool:
    follower = EventFollower(client, since=stats.seq, hub_id=hub_id, ping_s=None)
    async with contextlib.aclosing(follower.items()) as items:
        async for item in items:
            if not isinstance(item, EventMessage):
                log.warning("day figures: the hub's history changed; counting from now")
                return False
            stats.apply(item)
            if item.seq >= seq:
                return True
    return False
