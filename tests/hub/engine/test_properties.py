"""Random days at the counters: every command sequence keeps the engine's invariants.

A `RuleBasedStateMachine` issues tickets, works the counters, transfers, cancels, moves the
clock and closes days, on the sample office and on a small office whose numbers wrap after
9. Refusals (`EngineError`) are legitimate, but must be predicted by the documented rules and
must leave the state untouched; accepted commands are checked event by event, and the whole
state is checked after every step.
"""

from __future__ import annotations

from collections import Counter as Tally
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any, ClassVar

from hypothesis import HealthCheck, settings
from hypothesis import event as label
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from hub.engine import (
    NORMAL,
    PRIORITY,
    TERMINAL_STATES,
    Counter,
    CounterState,
    EngineError,
    Event,
    OfficeConfig,
    OfficeState,
    Ticket,
    TicketState,
    commands,
)
from hub.engine.numbering import format_number
from tests.hub.engine.harness import DAY0, T0, replay, sample_config, small_config, snapshot

WAITING, TRANSFERRED = TicketState.WAITING, TicketState.TRANSFERRED
CALLED, SERVING = TicketState.CALLED, TicketState.SERVING
DONE, NO_SHOW = TicketState.DONE, TicketState.NO_SHOW
CANCELLED, EXPIRED = TicketState.CANCELLED, TicketState.EXPIRED
OPEN, CLOSED, PAUSED = CounterState.OPEN, CounterState.CLOSED, CounterState.PAUSED

# The only ways a ticket may move (None: not issued yet). CALLED -> CALLED is a recall.
TRANSITIONS: dict[TicketState | None, frozenset[TicketState]] = {
    None: frozenset({WAITING}),
    WAITING: frozenset({CALLED, CANCELLED, EXPIRED}),
    TRANSFERRED: frozenset({CALLED, CANCELLED, EXPIRED}),
    CALLED: frozenset({CALLED, SERVING, DONE, NO_SHOW, CANCELLED, TRANSFERRED, EXPIRED}),
    SERVING: frozenset({DONE, TRANSFERRED, EXPIRED}),
}
STATE_OF_EVENT: dict[str, TicketState] = {
    "ticket.issued": WAITING, "ticket.called": CALLED, "ticket.recalled": CALLED,
    "ticket.serving": SERVING, "ticket.done": DONE, "ticket.no_show": NO_SHOW,
    "ticket.cancelled": CANCELLED, "ticket.transferred": TRANSFERRED,
    "ticket.expired": EXPIRED,
}
COUNTER_ACTIONS: dict[str, Callable[..., list[Event]]] = {
    "call_next": commands.call_next, "recall": commands.recall, "start": commands.start,
    "finish": commands.finish, "no_show": commands.no_show, "open": commands.open_counter,
    "close": commands.close_counter, "pause": commands.pause, "resume": commands.resume,
}
SETTLED = {"open": OPEN, "close": CLOSED, "pause": PAUSED, "resume": OPEN}


def eligible(ticket: Ticket, counter: Counter) -> bool:
    """Whether `counter` may call `ticket` (routing docstring, rules 1 and 'serves')."""
    return (ticket.state in (WAITING, TRANSFERRED)
            and counter.skills.get(ticket.service_id, 0.0) > 0
            and ticket.target_counter_id in (None, counter.id))


def goes_before(a: Ticket, b: Ticket, counter: Counter, config: OfficeConfig,
                now: float) -> bool:
    """True if the documented call order calls `a` before `b` at `counter`."""
    policy = config.policy
    a_here, b_here = a.target_counter_id == counter.id, b.target_counter_id == counter.id
    if a_here != b_here:
        return a_here
    a_wait, b_wait = max(0.0, now - a.queued_at), max(0.0, now - b.queued_at)
    limit = policy.max_wait_s
    a_late = limit is not None and a_wait >= limit
    b_late = limit is not None and b_wait >= limit
    if a_late != b_late:
        return a_late
    if a_late:
        a_rank, b_rank = a_wait, b_wait
    else:
        a_rank = _rank(a, a_wait, counter, config)
        b_rank = _rank(b, b_wait, counter, config)
    if a_rank != b_rank:
        return a_rank > b_rank
    if a.queued_at != b.queued_at:
        return a.queued_at < b.queued_at
    return a.seq_no < b.seq_no


def _rank(ticket: Ticket, waited: float, counter: Counter, config: OfficeConfig) -> float:
    """The documented score: the claim (boost; protection after `protect_after_s`), then
    the counter's weight as a head start per point, or as a factor when that is None."""
    policy = config.policy
    boosts = policy.priority_boost_s
    claim = waited + boosts[ticket.priority]
    if policy.protect_after_s is not None and waited >= policy.protect_after_s:
        claim = waited + max(boosts.values())
    weight = counter.skills[ticket.service_id]
    if policy.skill_weight_s is None:
        return weight * claim
    return claim + weight * policy.skill_weight_s


def called_before(ticket: Ticket, tickets: Sequence[Ticket], counter: Counter,
                  config: OfficeConfig, now: float) -> list[Ticket]:
    """The eligible tickets the documented order calls before `ticket` (ties excluded)."""
    return [t for t in tickets
            if eligible(t, counter) and goes_before(t, ticket, counter, config, now)]


# One rule draws from these, so every run mixes them (separate rules would be switched off
# in many runs by Hypothesis's swarm testing, leaving days with no calls).
MOVES = (
    *["issue"] * 6, *["call_next"] * 5, "start", "start", "finish", "finish", "recall",
    "recall", "no_show", "transfer", "transfer", "transfer", "cancel", "cancel", "open",
    "open", "close", "pause", "resume", "wait", "wait", "close_day",
)
AT_COUNTER = frozenset({CALLED, SERVING})
PRIORITIES = (NORMAL, NORMAL, NORMAL, PRIORITY, "vip")  # "vip" is not configured: refused
LANGUAGES = (None, None, "en", "zh", "ru", "xx")  # small office lacks "ru"; "xx" nowhere


class OfficeMachine(RuleBasedStateMachine):
    """A day (or several) at an office; subclasses choose the office."""

    config: ClassVar[OfficeConfig] = sample_config()

    def __init__(self) -> None:
        super().__init__()
        self.state = OfficeState(config=self.config, business_day=DAY0)
        self.day = date.fromisoformat(DAY0)
        self.now = T0
        self.log: list[Event] = []
        self.seen: dict[str, list[TicketState]] = {}  # every state each ticket ever had
        self.issued_today: list[str] = []
        self.issued_per_service: Tally[str] = Tally()
        self.last_issued_seq: dict[str, int] = {}
        self.counted_days: list[tuple[int, int]] = []  # (issued, expired) per closed day
        self.ids = 0
        self.before_tickets: dict[str, Ticket] = {}  # as they were before the last command
        self.service_ids = [s.id for s in self.config.services]
        self.counter_ids = [c.id for c in self.config.counters]

    # -- running one command ------------------------------------------------------------
    def execute(self, command: Callable[..., list[Event]], refuse: bool,
                **kwargs: Any) -> list[Event] | None:
        """Run a command now; check the refusal prediction, purity and the events."""
        before = snapshot(self.state)
        try:
            events = command(self.state, self.now, **kwargs)
        except EngineError as exc:
            label(f"refused {command.__name__}: {type(exc).__name__}")
            assert snapshot(self.state) == before, "a refused command changed the state"
            assert refuse, f"{command.__name__}({kwargs}) refused unexpectedly: {exc.detail}"
            return None
        assert snapshot(self.state) == before, "a command changed the state before apply"
        assert not refuse, f"{command.__name__}({kwargs}) should have been refused"
        for kind in sorted({e.type for e in events}):
            label(kind)
        previous = self.before_tickets = dict(self.state.tickets)
        for event in events:
            assert event.at == self.now
            self.check_transition(event)
            self.state.apply(event)
        self.log.extend(events)
        self.check_snapshots(events, previous)
        return events

    def check_transition(self, event: Event) -> None:
        ticket = event.ticket
        if ticket is None:
            return
        history = self.seen.setdefault(ticket.id, [])
        before = history[-1] if history else None
        assert before not in TERMINAL_STATES, f"{ticket.id} changed after {before}"
        assert ticket.state in TRANSITIONS[before], f"{ticket.id}: {before} -> {ticket.state}"
        assert STATE_OF_EVENT[event.type] is ticket.state
        history.append(ticket.state)

    def check_snapshots(self, events: list[Event], previous: dict[str, Ticket]) -> None:
        """The snapshots an event carries are what the state holds afterwards."""
        if any(e.type == "day.closed" for e in events):
            return  # the state forgot the closed day; checked in `close_day`
        for event in events:
            if event.ticket is not None:
                latest = [e.ticket for e in events if e.ticket and e.ticket.id == event.ticket.id]
                assert self.state.tickets[event.ticket.id] == latest[-1]
                old = previous.get(event.ticket.id)
                if old is not None:  # what never changes after issue
                    same = ("id", "number", "seq_no", "priority", "language", "issued_at",
                            "queued_at", "business_day")
                    assert all(getattr(old, f) == getattr(event.ticket, f) for f in same)
            if event.counter is not None:
                latest_c = [e.counter for e in events if e.counter
                            and e.counter.id == event.counter.id]
                assert self.state.counters[event.counter.id] == latest_c[-1]

    def current(self, counter_id: str) -> Ticket | None:
        ticket_id = self.state.counters[counter_id].ticket_id
        return None if ticket_id is None else self.state.tickets[ticket_id]

    # -- rules --------------------------------------------------------------------------
    @initialize(closed=st.sets(st.integers(0, 9), max_size=3))
    def open_counters(self, closed: set[int]) -> None:
        for i, counter_id in enumerate(self.counter_ids):
            if i not in closed:
                self.execute(commands.open_counter, False, counter_id=counter_id)

    @rule(move=st.sampled_from(MOVES), index=st.integers(0, 9), choice=st.integers(0, 999))
    def act(self, move: str, index: int, choice: int) -> None:
        """One thing happens at the office; `index` and `choice` pick who and how."""
        if move == "issue":
            self.issue(self.service_ids[index % len(self.service_ids)],
                       PRIORITIES[choice % len(PRIORITIES)],
                       LANGUAGES[choice // len(PRIORITIES) % len(LANGUAGES)])
        elif move == "call_next":
            self.at_counter(self.pick_counter(index, open_=True), move)
        elif move in ("open", "close", "pause", "resume"):
            self.at_counter(self.pick_counter(index), move)
        elif move in ("start", "no_show"):
            self.at_counter(self.pick_counter(index, want=frozenset({CALLED})), move)
        elif move == "recall":  # the clerk may press it a few times: up to the limit and past
            counter_id = self.pick_counter(index, want=frozenset({CALLED}))
            for _ in range(choice % 5 + 1):
                self.at_counter(counter_id, move)
        elif move == "finish":
            self.at_counter(self.pick_counter(index, want=AT_COUNTER), move)
        elif move == "transfer":
            self.transfer(self.pick_counter(index, want=AT_COUNTER), choice)
        elif move == "cancel":
            self.cancel(choice)
        elif move == "wait":
            self.now += choice * 5  # up to 83 minutes, past max_wait_s and the boosts
        else:
            assert move == "close_day"
            self.close_day(choice % 3)

    def issue(self, service_id: str, priority: str, language: str | None) -> None:
        config = self.config
        service = config.service(service_id)
        assert service is not None
        prefix, max_number = service.prefix, config.policy.max_number
        held = {t.number for t in self.state.tickets.values() if not t.is_terminal}
        free = [n for n in range(1, max_number + 1)
                if format_number(prefix, n, max_number) not in held]
        refuse = (priority not in config.policy.priority_boost_s
                  or (priority != NORMAL and not service.priority_allowed)
                  or (language is not None and language not in config.languages)
                  or not free)
        self.ids += 1
        ticket_id = f"t{self.ids:05d}"
        events = self.execute(commands.issue_ticket, refuse, ticket_id=ticket_id,
                              service_id=service_id, priority=priority, language=language)
        if events is None:
            return
        (event,) = events
        ticket = event.ticket
        assert ticket is not None
        assert (ticket.id, ticket.service_id, ticket.priority) == (ticket_id, service_id, priority)
        assert ticket.language == (language or config.languages[0])
        assert (ticket.state, ticket.issued_at, ticket.queued_at) == (WAITING, self.now, self.now)
        assert ticket.number == format_number(prefix, ticket.seq_no, max_number)
        assert ticket.number not in held
        # The next number after the last one issued, wrapping, skipping held ones.
        last = self.last_issued_seq.get(service_id, 0)
        assert ticket.seq_no == min(free, key=lambda n: (n <= last, n))
        if self.issued_per_service[service_id] >= max_number:
            label("numbering wrapped")
        else:
            assert ticket.seq_no == self.issued_per_service[service_id] + 1
        self.last_issued_seq[service_id] = ticket.seq_no
        self.issued_per_service[service_id] += 1
        self.issued_today.append(ticket_id)

    def pick_counter(self, index: int, *, want: frozenset[TicketState] = frozenset(),
                     open_: bool = False) -> str:
        """Mostly a counter that is open or whose customer is in a `want` state, if any."""
        fitting = [c for c in self.counter_ids
                   if (open_ and self.state.counters[c].state is OPEN)
                   or ((t := self.current(c)) is not None and t.state in want)]
        if fitting and index % 4 != 3:
            return fitting[index % len(fitting)]
        return self.counter_ids[index % len(self.counter_ids)]

    def at_counter(self, counter_id: str, action: str) -> None:
        """Press `action` at a counter; predict refusals and check the events."""
        counter = self.config.counter(counter_id)
        assert counter is not None
        status = self.state.counters[counter_id]
        here = self.current(counter_id)
        refuse = {
            "call_next": status.state is not OPEN,
            "recall": here is None or here.state is not CALLED,
            "start": here is None or here.state is not CALLED,
            "no_show": here is None or here.state is not CALLED,
            "finish": here is None,
            "open": status.state is PAUSED,
            "close": status.state is not CLOSED and here is not None,
            "pause": status.state is CLOSED or (status.state is OPEN and here is not None),
            "resume": status.state is CLOSED,
        }[action]
        waiting = [t for t in self.state.tickets.values() if eligible(t, counter)]
        events = self.execute(COUNTER_ACTIONS[action], refuse, counter_id=counter_id)
        if events is None:
            return
        types = [e.type for e in events]
        if action in SETTLED:
            if status.state is SETTLED[action]:
                assert events == []
            else:
                assert types == ["counter.changed"]
                assert self.state.counters[counter_id].state is SETTLED[action]
        elif action == "call_next":
            self.check_call(counter, here, waiting, events)
        elif action == "recall":
            assert here is not None
            if here.recall_count >= self.config.policy.recall_limit:
                assert types == ["ticket.no_show", "counter.changed"]
                assert events[0].data["reason"] == "recall_limit"
            else:
                assert types == ["ticket.recalled"]
                assert self.state.tickets[here.id].recall_count == here.recall_count + 1
        else:
            assert here is not None
            assert types == {"start": ["ticket.serving"],
                             "finish": ["ticket.done", "counter.changed"],
                             "no_show": ["ticket.no_show", "counter.changed"]}[action]
            assert events[0].ticket is not None
            assert events[0].ticket.id == here.id

    def check_call(self, counter: Counter, here: Ticket | None, waiting: list[Ticket],
                   events: list[Event]) -> None:
        """`call_next` finished the customer there, then called a ticket the policy allows."""
        types = [e.type for e in events]
        finished = ["ticket.done"] if here is not None else []
        called = ["ticket.called"] if waiting else []
        changed = ["counter.changed"] if finished or called else []
        assert types == [*finished, *called, *changed]
        if here is not None:
            assert events[0].ticket is not None
            assert events[0].ticket.id == here.id
        if not waiting:
            return
        ticket = events[len(finished)].ticket
        assert ticket is not None
        before = self.before_tickets[ticket.id]
        # Never a service the counter does not serve, never someone sent to another counter.
        assert counter.serves(before.service_id)
        assert before.target_counter_id in (None, counter.id)
        assert before in waiting
        skipped = called_before(before, waiting, counter, self.config, self.now)
        assert not skipped, f"called {ticket.number}; policy says {skipped[0].number} first"
        assert (ticket.counter_id, ticket.target_counter_id) == (counter.id, None)
        assert self.state.counters[counter.id].ticket_id == ticket.id

    def transfer(self, counter_id: str, choice: int) -> None:
        here = self.current(counter_id)
        targets = [("to_service_id", s) for s in self.service_ids]
        targets += [("to_counter_id", c) for c in self.counter_ids]
        kind, target = targets[choice % len(targets)]
        refuse = here is None or (kind == "to_counter_id" and target == counter_id)
        events = self.execute(commands.transfer, refuse, counter_id=counter_id,
                              **{kind: target})
        if events is None:
            return
        assert here is not None
        moved = self.state.tickets[here.id]
        assert moved.state is TRANSFERRED
        assert (moved.number, moved.queued_at) == (here.number, here.queued_at)
        assert moved.transfer_count == here.transfer_count + 1
        assert moved.counter_id is None
        assert self.state.counters[counter_id].ticket_id is None
        if kind == "to_service_id":
            assert (moved.service_id, moved.target_counter_id) == (target, None)
        else:
            assert moved.target_counter_id == target
            assert self.serves(target, moved.service_id)
            if self.serves(target, here.service_id):
                assert moved.service_id == here.service_id

    def serves(self, counter_id: str, service_id: str) -> bool:
        counter = self.config.counter(counter_id)
        return counter is not None and counter.serves(service_id)

    def cancel(self, choice: int) -> None:
        """Cancel mostly a live ticket; sometimes any ticket of the day, or an unknown one."""
        live = sorted(t.id for t in self.state.tickets.values() if not t.is_terminal)
        ids = live if live and choice % 4 != 3 else [*sorted(self.state.tickets), "unknown"]
        ticket_id = ids[choice // 4 % len(ids)]
        ticket = self.state.tickets.get(ticket_id)
        refuse = ticket is None or ticket.state not in (WAITING, TRANSFERRED, CALLED)
        events = self.execute(commands.cancel_ticket, refuse, ticket_id=ticket_id)
        if events is None:
            return
        assert ticket is not None
        assert self.state.tickets[ticket_id].state is CANCELLED
        if ticket.state is CALLED:
            assert ticket.counter_id is not None
            assert self.state.counters[ticket.counter_id].ticket_id is None

    def close_day(self, days: int) -> None:
        self.now += 8 * 3600
        new_day = (self.day + timedelta(days=days)).isoformat()
        open_ = [t.id for t in self.state.tickets.values() if not t.is_terminal]
        issued = len(self.issued_today)
        events = self.execute(commands.close_day, days == 0, new_business_day=new_day)
        if events is None:
            return
        expired = [e.ticket.id for e in events if e.type == "ticket.expired" and e.ticket]
        assert sorted(expired) == sorted(open_)
        assert events[-1].type == "day.closed"
        assert events[-1].data["issued"] == issued
        assert events[-1].data["expired"] == len(expired)
        self.counted_days.append((issued, len(expired)))
        assert self.state.business_day == new_day
        assert self.state.tickets == {}
        assert all(c.ticket_id is None for c in self.state.counters.values())
        self.day += timedelta(days=days)
        self.issued_today = []
        self.issued_per_service.clear()
        self.last_issued_seq.clear()

    # -- invariants ---------------------------------------------------------------------
    @invariant()
    def check_state(self) -> None:
        state = self.state
        tickets = list(state.tickets.values())
        # Nothing lost: every ticket issued today is there, each in exactly one state.
        assert sorted(state.tickets) == sorted(self.issued_today)
        by_state = Tally(t.state for t in tickets)
        assert sum(by_state.values()) == len(self.issued_today)
        # Across days nothing is lost either: closed days' counts plus today's add up.
        issued = sum(1 for e in self.log if e.type == "ticket.issued")
        expired = sum(1 for e in self.log if e.type == "ticket.expired")
        assert sum(n for n, _ in self.counted_days) + len(self.issued_today) == issued
        assert sum(n for _, n in self.counted_days) == expired
        # Numbers: never shared by two live tickets; without a wrap, not at all today.
        live = [t.number for t in tickets if not t.is_terminal]
        assert len(live) == len(set(live)), f"a live number is shared: {sorted(live)}"
        if all(n <= self.config.policy.max_number for n in self.issued_per_service.values()):
            numbers = [t.number for t in tickets]
            assert len(numbers) == len(set(numbers)), f"a number repeats: {sorted(numbers)}"
        assert state.last_seq_no == self.last_issued_seq
        for ticket in tickets:
            self.check_ticket(ticket)
        # Counters and tickets point at each other.
        holders: Tally[str] = Tally()
        for counter_id, status in state.counters.items():
            if status.ticket_id is None:
                continue
            holders[status.ticket_id] += 1
            ticket = state.tickets[status.ticket_id]
            assert ticket.state in (CALLED, SERVING)
            assert ticket.counter_id == counter_id
            assert status.state is OPEN, "a closed or paused counter has a customer"
        at_counters = {t.id for t in tickets if t.state in (CALLED, SERVING)}
        assert set(holders) == at_counters
        assert all(n == 1 for n in holders.values())
        # Each ticket has at most one terminal state, ever, and it is its last one.
        for ticket_id, history in self.seen.items():
            ends = [s for s in history if s in TERMINAL_STATES]
            assert len(ends) <= 1, f"{ticket_id}: {history}"
            assert not ends or history[-1] == ends[0]
        # Folding the whole log into a fresh state gives the same state.
        fresh = replay(self.config, DAY0, self.log)
        assert snapshot(fresh) == snapshot(state)
        self.check_estimates()

    def check_ticket(self, ticket: Ticket) -> None:
        assert ticket.business_day == self.state.business_day
        assert ticket.queued_at == ticket.issued_at <= self.now
        assert isinstance(ticket.state, TicketState)
        assert (ticket.finished_at is not None) == ticket.is_terminal
        if ticket.state in (WAITING, TRANSFERRED):
            assert ticket.counter_id is None
            assert ticket.called_at is None
            assert ticket.started_at is None
            assert (ticket.transfer_count > 0) == (ticket.state is TRANSFERRED)
        if ticket.state in (CALLED, SERVING):
            assert ticket.counter_id is not None
            assert ticket.target_counter_id is None
            assert ticket.called_at is not None
            assert (ticket.started_at is not None) == (ticket.state is SERVING)
        if ticket.target_counter_id is not None:
            assert self.serves(ticket.target_counter_id, ticket.service_id)
        assert ticket.recall_count <= self.config.policy.recall_limit

    def check_estimates(self) -> None:
        """People ahead = same-service tickets a weight-1 counter would call first."""
        state = self.state
        for service_id in self.service_ids:
            waiting = [t for t in state.queued() if t.service_id == service_id]
            assert sorted(t.id for t in waiting) == sorted(
                t.id for t in state.tickets.values() if t.is_queued
                and t.service_id == service_id)
            staffed = any(
                c.serves(service_id) and state.counters[c.id].state in (OPEN, PAUSED)
                for c in self.config.counters
            )
            # A counter of weight 1 for this service only, to which nobody was sent.
            plain = Counter("plain", "0", {service_id: 1.0})
            untargeted = [replace(t, target_counter_id=None) for t in waiting]
            for ticket, bare in zip(waiting, untargeted, strict=True):
                estimate = state.estimate_for(ticket, self.now)
                ahead = called_before(bare, untargeted, plain, self.config, self.now)
                assert estimate.people_ahead == len(ahead), ticket.number
                assert (estimate.estimated_wait_s is None) == (not staffed)
            assert state.estimate_for_service(service_id).people_ahead == len(waiting)


class SmallOfficeMachine(OfficeMachine):
    """Numbers wrap after 9; recall limit 1; 20-min max wait; 5-min boost; weights 1 and 3."""

    config = small_config()


SETTINGS = settings(max_examples=120, stateful_step_count=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

TestSampleOffice = OfficeMachine.TestCase
TestSampleOffice.settings = SETTINGS
TestSmallOffice = SmallOfficeMachine.TestCase
TestSmallOffice.settings = settings(SETTINGS, max_examples=150, stateful_step_count=60)
