"""The hub's wait estimate: a look-ahead of the office under its own call-order policy.

Queue-length formulas divide people ahead by a nominal capacity; in an office with
multi-skilled counters, priority boosts and aging that capacity is a fiction. Instead this
module plays the office forward from `now` with expected values: each open counter frees
up when its current visitor's expected remaining occupancy (given how long they have been
there) has elapsed, then calls whatever `routing.choose_next` would call at that moment,
holding it for the day's observed mean occupancy of that service at that counter (less,
if the visitor has probably given up by then). Expected arrivals of every class (the
day's recent rates) join the lines as they come, so priority visitors who will overtake
are counted. A ticket's estimate is the time it gets called.

Alongside, each counter carries the variance of its projected free time; a ticket's wait
variance is that of the counters that could serve it, pooled, plus terms for the
uncertain overtakers and for which counter frees up first, and a relative model error.
The point shown is the median of a lognormal with that mean and variance (waits are
skewed) and the range the 10th-90th percentile of a gamma with the same moments. See
docs/queue-science.md for the method and its measured accuracy.
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from hub.engine.calendar import shifts_on
from hub.engine.estimate import NO_SHOW_PRIOR_S, PRIOR_CV, Durations, Observations
from hub.engine.models import (
    NORMAL,
    Counter,
    CounterState,
    CounterStatus,
    OfficeConfig,
    Ticket,
    TicketState,
)
from hub.engine.routing import choose_next

MAX_CALLS = 400  # calls played forward; later tickets are extrapolated at the projected pace
MAX_STEPS = 4 * MAX_CALLS  # calls of expected arrivals included
HORIZON_S = 4 * 3600.0
PAUSE_S = 600.0  # a typical break
MODEL_ERROR = 0.10  # relative error of the point itself (rates, abandonment, clerks)
# Share of one departure gap's variance added for "which counter frees up first". Fitted
# once on simulated days that are not the benchmark's (seeds 2-5 of the four bundled
# scenarios) so the 80% range covers 80% of them; 1.0 covered 82%, 0.5 covered 77%.
ORDER_SPREAD = 0.8
Z80 = 1.2815515655446004  # standard normal 90th percentile
PROBE = "probe:"  # key prefix of a hypothetical normal ticket issued now


@dataclass(frozen=True, slots=True)
class Called:
    """When a ticket is projected to be called, and the variance of that time."""

    at: float
    variance: float


@dataclass(slots=True)
class Projection:
    """Projected calls of the waiting tickets (and probes), and the pace to extrapolate."""

    now: float
    end: float
    called: dict[str, Called] = field(default_factory=dict)
    calls_by_service: dict[str, int] = field(default_factory=dict)


class _Occupancy:
    """How long a counter is held by one ticket: mean and variance, by service and counter.

    A visitor who came holds it for the day's observed occupancy of that service at that
    counter (shrunk toward the service's, then toward the configured prior). A visitor may
    have given up meanwhile, with the day's observed hazard per second waited: then the
    ticket is gone (cancelled) or costs the clerk the recalls before the no-show.
    """

    def __init__(self, config: OfficeConfig, observed: Observations, now: float,
                 queued: Iterable[Ticket]) -> None:
        self.config = config
        self.observed = observed
        self.hazard = observed.leave_rates(now, queued)
        self.cache: dict[tuple[str, str], tuple[float, float]] = {}

    def of(self, service_id: str, counter_id: str) -> tuple[float, float]:
        """Mean and variance for a visitor who is there."""
        key = (service_id, counter_id)
        if key not in self.cache:
            service = self.config.service(service_id)
            prior = float(service.expected_service_s) if service else 300.0
            pooled = Durations()
            for (s, _), d in self.observed.occupancy.items():
                if s == service_id:
                    pooled = Durations(pooled.count + d.count, pooled.total_s + d.total_s,
                                       pooled.total_sq + d.total_sq)
            mean, var = pooled.moments(prior)
            own = self.observed.occupancy.get(key, Durations())
            self.cache[key] = own.moments(mean, math.sqrt(var) / mean if mean > 0 else 0.0)
        return self.cache[key]

    def of_ticket(self, ticket: Ticket, counter_id: str, at: float) -> tuple[float, float]:
        """Mean and variance for `ticket` called at `at`, who may have given up by then."""
        mean, var = self.of(ticket.service_id, counter_id)
        hazard = self.hazard.get(ticket.service_id, 0.0)
        if hazard <= 0:
            return mean, var
        here = math.exp(-hazard * max(at - ticket.queued_at, 0.0))
        absent = (1 - here) * self.observed.absent_share(ticket.service_id)
        gone_mean, gone_var = self.observed.no_show.get(
            ticket.service_id, Durations()).moments(NO_SHOW_PRIOR_S, 0.3)
        m = here * mean + absent * gone_mean
        second = here * (var + mean * mean) + absent * (gone_var + gone_mean * gone_mean)
        return m, max(second - m * m, 0.0)


def residual(mean: float, var: float, elapsed: float) -> float:
    """Expected remaining occupancy after `elapsed` seconds, for a lognormal duration."""
    if elapsed <= 0 or mean <= 0:
        return mean
    if var <= 0:
        return max(mean - elapsed, 0.0)
    s2 = math.log1p(var / (mean * mean))
    s = math.sqrt(s2)
    z = (math.log(elapsed) - (math.log(mean) - s2 / 2)) / s
    survive = 0.5 * math.erfc(z / math.sqrt(2))
    if survive < 1e-9:
        return min(mean, 30.0)  # far past the usual: assume it ends soon
    tail = 0.5 * math.erfc((z - s) / math.sqrt(2))
    return max(mean * tail / survive - elapsed, 0.0)


def wait_range(mean: float, variance: float) -> tuple[float, float, float]:
    """The point shown and the 80% range of a wait with this mean and variance.

    The variance gets a relative model error on top. The point is the median of a lognormal
    with these moments: on simulated days half of visitors waited less than it, and it gave
    the lowest mean absolute error. The range is the 10th-90th percentile of a gamma with
    the same moments: a wait is a sum of occupancies, whose shape is gamma-like (Erlang in
    M/M/c), and measured waits agree: a lognormal's 10th percentile sat too high (15-17%
    of waits fell below it, 6-10% above its 90th), the gamma's is 80% with about 10% on
    each side (docs/queue-science.md).
    """
    mean = max(mean, 0.0)
    variance += (MODEL_ERROR * mean) ** 2
    if mean <= 0 or variance <= 0:
        return mean, mean, mean
    median = mean / math.sqrt(1.0 + variance / (mean * mean))
    shape, scale = mean * mean / variance, variance / mean
    low = gamma_quantile(shape, scale, -Z80)
    high = gamma_quantile(shape, scale, Z80)
    return median, min(low, median), max(high, median)


def gamma_quantile(shape: float, scale: float, z: float) -> float:
    """The quantile of a gamma at standard normal score `z` (Wilson-Hilferty).

    Closed form, so it is cheap enough for every waiting ticket on every change; within a
    few percent of the exact quantile for shape >= 0.5, and near 0 where it is least exact.
    """
    c = 1.0 - 1.0 / (9.0 * shape) + z * math.sqrt(1.0 / (9.0 * shape))
    return shape * scale * max(c, 0.0) ** 3


def project(
    config: OfficeConfig,
    now: float,
    statuses: Mapping[str, CounterStatus],
    tickets: Mapping[str, Ticket],
    queued: Iterable[Ticket],
    observed: Observations,
    probes: Iterable[str] = (),
) -> Projection:
    """Play the office forward from `now` until every waiting ticket and probe is called.

    `queued` must be oldest first within each (service, priority) line, as
    `OfficeState.lines` keeps them. `observed` is what the day taught (occupancies, arrival
    and leaving rates); `probes` are services for which a normal ticket issued at `now` is
    followed (key `probe:<service>`).
    """
    queued = list(queued)
    ahead = _Lookahead(config, now, _Occupancy(config, observed, now, queued),
                       observed.arrival_rates(now))
    ahead.queue(queued, probes)
    ahead.staff(statuses, tickets)
    return ahead.run()


class _Lookahead:
    """The state of one projection: lines, counters' free times, expected arrivals."""

    def __init__(self, config: OfficeConfig, now: float, occupancy: _Occupancy,
                 arrivals: Mapping[tuple[str, str], float]) -> None:
        self.config = config
        self.occ = occupancy
        self.out = Projection(now, now)
        # Lines per (service, priority), oldest at the right; tickets sent to a counter apart.
        self.lines: dict[tuple[str, str], deque[Ticket]] = {}
        self.targeted: list[Ticket] = []
        self.pending: set[str] = set()
        self.probes: dict[str, Ticket] = {}
        self.keys: list[tuple[str, str]] = []
        self.counters: list[Counter] = []
        self.heap: list[tuple[float, int, float]] = []  # (free at, counter index, variance)
        self.shifts: list[tuple[float, list[tuple[float, float]]]] = []  # (ends, later ones)
        # Expected arrivals per (service, priority), evenly spaced; they join behind the real
        # tickets of their line, so only the next one not yet called is ever materialised.
        self.gaps = {k: 1.0 / r for k, r in arrivals.items() if r > 1e-6}
        self.next_arrival = dict.fromkeys(self.gaps, 0)
        self.overtakers = 0.0  # sum of squared occupancies of expected arrivals called

    def queue(self, queued: Iterable[Ticket], probes: Iterable[str]) -> None:
        """Put the waiting tickets (oldest first within each line) in their lines."""
        for t in queued:
            if t.target_counter_id:
                self.targeted.append(t)
            else:
                self.lines.setdefault((t.service_id, t.priority), deque()).appendleft(t)
            self.pending.add(t.id)
        now = self.out.now
        self.probes = {s: _virtual(PROBE + s, 10**9, s, NORMAL, now) for s in probes}
        self.keys = sorted(set(self.lines) | set(self.gaps))

    def staff(self, statuses: Mapping[str, CounterStatus], tickets: Mapping[str, Ticket]) -> None:
        """Each staffed counter frees up after its visitor's expected remaining occupancy.

        A paused counter is expected back after the rest of a typical break, so opening
        another counter never makes the estimate worse. With planned hours, a staffed
        counter calls until the end of its current (or next) shift and again in its later
        shifts today; a closed one joins at the start of its next shift. Without a plan an
        open counter keeps calling and a closed one is not counted.
        """
        now = self.out.now
        for c in self.config.counters:
            status = statuses[c.id]
            shifts = ([w for w in shifts_on(c.hours, now, self.config.timezone) if w[1] > now]
                      if c.hours else [])
            i = len(self.counters)
            if status.state not in (CounterState.OPEN, CounterState.PAUSED):
                if shifts:  # closed now, planned later today
                    start, end = shifts.pop(0)
                    self.counters.append(c)
                    self.shifts.append((end, shifts))
                    self.heap.append((max(start, now), i, 0.0))
                continue
            self.counters.append(c)
            self.shifts.append((shifts.pop(0)[1], shifts) if shifts else (math.inf, []))
            ticket = tickets.get(status.ticket_id) if status.ticket_id else None
            if status.state is CounterState.PAUSED:
                elapsed = now - status.changed_at
                rest = residual(PAUSE_S, (PRIOR_CV * PAUSE_S) ** 2, elapsed)
                self.heap.append((now + rest, i, (PRIOR_CV * rest) ** 2))
                continue
            if ticket is None:
                self.heap.append((now, i, 0.0))
                continue
            mean, var = self.occ.of(ticket.service_id, c.id)
            rest = residual(mean, var, now - status.changed_at)
            self.heap.append((now + rest, i, var * (rest / mean) ** 2 if mean > 0 else 0.0))
        heapq.heapify(self.heap)

    def _off_shift(self, t: float, i: int, var: float) -> bool:
        """True if counter `i` is past its shift at `t`; it then waits for its next one."""
        end, later = self.shifts[i]
        if t < end:
            return False
        if later:
            start, next_end = later[0]
            self.shifts[i] = (next_end, later[1:])
            heapq.heappush(self.heap, (max(start, t), i, var))
        return True

    def run(self) -> Projection:
        """Hand out tickets to counters as they free up, until all are called."""
        now, out = self.out.now, self.out
        # Tickets and probes no staffed counter serves are never called: do not wait for them.
        served = {s for c in self.counters for s, w in c.skills.items() if w > 0}
        self.probes = {s: p for s, p in self.probes.items() if s in served}
        self.pending = {t.id for line in self.lines.values() for t in line
                        if t.service_id in served}
        staffed = {c.id for c in self.counters}
        self.pending |= {t.id for t in self.targeted if t.target_counter_id in staffed}
        calls = steps = 0
        while (self.heap and (self.pending or self.probes) and calls < MAX_CALLS
               and steps < MAX_STEPS):
            steps += 1
            t, i, var = heapq.heappop(self.heap)
            if t - now > HORIZON_S:
                break
            if self._off_shift(t, i, var):
                continue
            out.end = t
            chosen = self._choose(i, t, var)
            if chosen is None:
                counter = self.counters[i]
                nxt = min((self._arrival_at(k) for k in self.gaps if counter.serves(k[0])),
                          default=None)
                if nxt is not None:  # idle until an expected arrival it serves
                    heapq.heappush(self.heap, (max(nxt, t + 1.0), i, var))
                continue
            mean, svar = self.occ.of_ticket(chosen, self.counters[i].id, t)
            if chosen.id.startswith("~"):
                self.overtakers += mean * mean
            else:
                calls += 1
                self.pending.discard(chosen.id)
                out.calls_by_service[chosen.service_id] = (
                    out.calls_by_service.get(chosen.service_id, 0) + 1)
                out.called[chosen.id] = Called(t, self._variance(var, chosen.service_id, i))
            heapq.heappush(self.heap, (t + mean, i, var + svar))
        return out

    def _arrival_at(self, key: tuple[str, str]) -> float:
        return self.out.now + (self.next_arrival[key] + 0.5) * self.gaps[key]

    def _head(self, key: tuple[str, str], t: float) -> Ticket | None:
        """The oldest ticket of a line at `t`: a real one, else an expected arrival by then."""
        line = self.lines.get(key)
        if line:
            return line[-1]
        if key in self.gaps and (at := self._arrival_at(key)) <= t:
            n = self.next_arrival[key]
            return _virtual(f"~{n}", 10**8 + n, *key, at)
        return None

    def _choose(self, i: int, t: float, var: float) -> Ticket | None:
        """What counter `i` calls at `t` (by the real policy), taken off its line.

        Only line heads compete: within a line the oldest always outscores the rest. A probe
        is just another candidate (older tickets of its line outscore it); when chosen it is
        recorded and the counter chooses again, as the probe is hypothetical.
        """
        counter = self.counters[i]
        while True:
            candidates = [head for key in self.keys if counter.serves(key[0])
                          and (head := self._head(key, t)) is not None]
            candidates += [x for x in self.targeted if x.target_counter_id == counter.id]
            candidates += [p for s, p in self.probes.items() if counter.serves(s)]
            chosen = choose_next(candidates, counter, self.config.policy, t)
            if chosen is None or not chosen.id.startswith(PROBE):
                break
            del self.probes[chosen.service_id]
            self.out.called[chosen.id] = Called(t, self._variance(var, chosen.service_id, i))
        if chosen is not None:
            if chosen.target_counter_id:
                self.targeted.remove(chosen)
            elif chosen.id.startswith("~"):
                self.next_arrival[(chosen.service_id, chosen.priority)] += 1
            else:
                self.lines[(chosen.service_id, chosen.priority)].pop()
        return chosen

    def _variance(self, own: float, service_id: str, i: int) -> float:
        """Variance of a call time: the calling counter's chain, pooled, plus overtakers.

        n counters serving the service, each through k/n services, give k var / n^2. Which
        counter frees up first is itself uncertain: most of one departure gap (mean
        occupancy / n) of spread is added, the exponential order statistic the expected
        values ignore.
        """
        n = sum(1 for c in self.counters if c.serves(service_id)) or 1
        gap = self.occ.of(service_id, self.counters[i].id)[0] / n
        return (own + self.overtakers / n) / n + ORDER_SPREAD * gap * gap


def _virtual(ticket_id: str, seq_no: int, service_id: str, priority: str, at: float) -> Ticket:
    """A ticket that exists only in the projection: an expected arrival or a probe."""
    return Ticket(ticket_id, "", seq_no, service_id, priority, "", TicketState.WAITING, "", at, at)
