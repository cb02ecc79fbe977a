"""What the demo day produced: tickets issued and served, waits per service."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from hub.engine import Ticket, TicketState


@dataclass(frozen=True, slots=True)
class ServiceSummary:
    """One service's figures, waits in simulated minutes."""

    service_id: str
    issued: int
    served: int
    mean_wait_min: float | None
    p90_wait_min: float | None


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def summarize(tickets: Iterable[Ticket], speed: float) -> list[ServiceSummary]:
    """Per service: issued, served, mean and p90 wait (issue to first call), scaled by speed."""
    by_service: dict[str, list[Ticket]] = {}
    for ticket in tickets:
        by_service.setdefault(ticket.service_id, []).append(ticket)
    out = []
    for service_id, group in sorted(by_service.items()):
        waits = [(t.called_at - t.issued_at) * speed / 60 for t in group
                 if t.called_at is not None]
        out.append(ServiceSummary(
            service_id=service_id, issued=len(group),
            served=sum(1 for t in group if t.state is TicketState.DONE),
            mean_wait_min=sum(waits) / len(waits) if waits else None,
            p90_wait_min=_p90(waits) if waits else None,
        ))
    return out


def as_markdown(rows: list[ServiceSummary], site: str, hours: float, speed: float) -> str:
    """A small report a person can read."""
    lines = [f"# Demo day at {site}", "",
             f"{hours:g} simulated hours at {speed:g}x speed.", "",
             "| service | issued | served | mean wait (min) | p90 wait (min) |",
             "|---|---:|---:|---:|---:|"]
    for r in rows:
        mean = "-" if r.mean_wait_min is None else f"{r.mean_wait_min:.1f}"
        p90 = "-" if r.p90_wait_min is None else f"{r.p90_wait_min:.1f}"
        lines.append(f"| {r.service_id} | {r.issued} | {r.served} | {mean} | {p90} |")
    total_issued = sum(r.issued for r in rows)
    total_served = sum(r.served for r in rows)
    lines += ["", f"Total: {total_issued} tickets issued, {total_served} served."]
    return "\n".join(lines) + "\n"
