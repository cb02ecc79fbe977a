"""Wait predictors compared by the benchmark, each asked at the moment a ticket is issued.

- `ql`: queue length: people ahead / the service's capacity in counters x today's mean
  service time (the formula the hub used before the look-ahead, `estimate.estimate_wait`).
- `les`: the wait of the last visitor of the service to be called ("last to enter service").
- `rolling`: the mean wait of the service's last ten called visitors.
- `ours`: what the hub shows, `OfficeState.estimate_for` (`hub.engine.wait_model`).

LES and the rolling mean have nothing to go on before the day's first call of a service;
they then answer as QL does, so every predictor is scored on the same tickets.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from hub.engine import OfficeState, Ticket
from hub.engine.estimate import capacity, estimate_wait, mean_service_s

Prediction = tuple[int, int, int]  # point, 80% low, 80% high (seconds)
ROLLING = 10


@dataclass(slots=True)
class CallHistory:
    """Waits of the day's called tickets, per service, newest last."""

    waits: dict[str, deque[float]] = field(default_factory=dict)

    def called(self, service_id: str, wait_s: float) -> None:
        """Remember one more call."""
        self.waits.setdefault(service_id, deque(maxlen=ROLLING)).append(wait_s)

    def clear(self) -> None:
        """Forget the day."""
        self.waits.clear()


Predictor = Callable[[OfficeState, Ticket, float, CallHistory], Prediction | None]


def ql(state: OfficeState, ticket: Ticket, now: float, _: CallHistory) -> Prediction | None:
    """People ahead over capacity: the classic queue-length predictor."""
    service = state.config.service(ticket.service_id)
    if service is None:
        return None
    cap, free = capacity(ticket.service_id, state.config.counters, state.counters)
    mean = mean_service_s(service, state.service_times.get(ticket.service_id))
    wait = estimate_wait(state.people_ahead(ticket, now), mean, cap, free)
    return None if wait is None else (wait, wait, wait)


def les(state: OfficeState, ticket: Ticket, now: float,
        history: CallHistory) -> Prediction | None:
    """The last called visitor's wait."""
    waits = history.waits.get(ticket.service_id)
    if not waits:
        return ql(state, ticket, now, history)
    wait = round(waits[-1])
    return wait, wait, wait


def rolling(state: OfficeState, ticket: Ticket, now: float,
            history: CallHistory) -> Prediction | None:
    """The mean wait of the last called visitors."""
    waits = history.waits.get(ticket.service_id)
    if not waits:
        return ql(state, ticket, now, history)
    wait = round(sum(waits) / len(waits))
    return wait, wait, wait


def ours(state: OfficeState, ticket: Ticket, now: float, _: CallHistory) -> Prediction | None:
    """The hub's own estimate, with its 80% range."""
    estimate = state.estimate_for(ticket, now)
    if estimate.estimated_wait_s is None:
        return None
    point = estimate.estimated_wait_s
    low = estimate.estimated_wait_low_s
    high = estimate.estimated_wait_high_s
    return point, point if low is None else low, point if high is None else high


PREDICTORS: dict[str, Predictor] = {"ql": ql, "les": les, "rolling": rolling, "ours": ours}
