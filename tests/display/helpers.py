"""Snapshots and events built by hand for model and screen tests (the hub's own schemas)."""

from __future__ import annotations

from typing import Any

from hub.api.schemas import EventMessage, StateView

T0 = 1_795_411_591.0
SERVICES = [
    {"id": "general", "prefix": "A", "target_wait_s": 600, "priority_allowed": True,
     "names": {"en": "General enquiries", "zh": "综合业务", "ru": "Общие вопросы"}},
    {"id": "payments", "prefix": "B", "target_wait_s": 600, "priority_allowed": True,
     "names": {"en": "Payments", "zh": "缴费", "ru": "Платежи"}},
    {"id": "documents", "prefix": "C", "target_wait_s": 1200, "priority_allowed": True,
     "names": {"en": "Documents", "zh": "证件办理", "ru": "Документы"}},
]
COUNTERS = {"counter-1": ("1", ["general", "payments"]), "counter-2": ("2", ["general"]),
            "counter-3": ("3", ["payments", "documents"]),
            "counter-4": ("4", ["documents", "general"])}
SERVICE_OF = {"A": "general", "B": "payments", "C": "documents"}


def call(number: str, counter: int, at: float, *, recall: bool = False,
         ticket_id: str | None = None) -> dict[str, Any]:
    """A `CallView` dict: ticket `number` called to counter `counter` at `at`."""
    return {"ticket_id": ticket_id or f"t-{number}", "number": number,
            "service_id": SERVICE_OF[number[0]], "counter_id": f"counter-{counter}",
            "counter_number": str(counter), "at": at, "recall": recall}


def ticket(number: str, state: str = "waiting", *, counter: int | None = None,
           called_at: float | None = None, recalls: int = 0) -> dict[str, Any]:
    """A `TicketSnapshot` dict."""
    return {"id": f"t-{number}", "number": number, "service_id": SERVICE_OF[number[0]],
            "priority": "normal", "language": "en", "state": state,
            "business_day": "2026-11-23", "issued_at": T0 - 600, "queued_at": T0 - 600,
            "called_at": called_at, "counter_id": f"counter-{counter}" if counter else None,
            "recall_count": recalls}


def make_state(calls: list[dict[str, Any]] | None = None, *, waiting: list[str] = (),
               seq: int = 10, languages: list[str] | None = None,
               estimates: dict[str, int | None] | None = None,
               site: str = "Now Serving Sample Office") -> StateView:
    """A `StateView` of the sample office with the given recent calls and waiting tickets."""
    estimates = estimates or {"general": 900, "payments": 240, "documents": None}
    waiting_views = [{**ticket(n), "people_ahead": i, "estimated_wait_s": 60}
                     for i, n in enumerate(waiting)]
    counts = {s["id"]: sum(1 for n in waiting if SERVICE_OF[n[0]] == s["id"])
              for s in SERVICES}
    return StateView.model_validate({
        "seq": seq, "hub_id": "hub-1", "site": site, "business_day": "2026-11-23",
        "languages": languages or ["en", "zh", "ru"], "priorities": ["normal", "priority"],
        "services": [{**s, "waiting": counts[s["id"]], "estimated_wait_s": estimates.get(s["id"])}
                     for s in SERVICES],
        "counters": [{"id": cid, "number": num, "name": None,
                      "skills": dict.fromkeys(skills, 1.0), "state": "open",
                      "ticket_id": None, "ticket_number": None, "pause_reason": None,
                      "changed_at": T0} for cid, (num, skills) in COUNTERS.items()],
        "waiting": waiting_views,
        "recent_calls": sorted(calls or [], key=lambda c: c["at"], reverse=True),
    })


def event(seq: int, type_: str, at: float, **data: Any) -> EventMessage:
    """An `EventMessage` as the hub streams it."""
    return EventMessage(seq=seq, type=type_, at=at, data=data)


def called(seq: int, number: str, counter: int, at: float, *, recall: bool = False
           ) -> EventMessage:
    """A `ticket.called` (or `ticket.recalled`) event."""
    return event(seq, "ticket.recalled" if recall else "ticket.called", at,
                 counter_id=f"counter-{counter}", counter_number=str(counter),
                 ticket=ticket(number, "called", counter=counter, called_at=at,
                               recalls=int(recall)))


def busy_office(now: float = T0) -> StateView:
    """A mid-morning office: eleven calls over the last ten minutes, people waiting."""
    numbers = [("A042", 3), ("B017", 1), ("C008", 4), ("A041", 2), ("A040", 3), ("B016", 1),
               ("A039", 2), ("C007", 4), ("A038", 3), ("B015", 1), ("A037", 2)]
    calls = [call(n, c, now - 55 * i) for i, (n, c) in enumerate(numbers)]
    waiting = [f"A0{43 + i}" for i in range(12)] + ["B018", "B019", "B020"]
    return make_state(calls, waiting=waiting)
