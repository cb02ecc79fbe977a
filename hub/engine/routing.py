"""Which waiting ticket a counter gets when its clerk presses "call next".

The policy, in order (documented for offices in docs/queue-policy.md):

1. Tickets transferred to this very counter come first.
2. Then any ticket that has waited longer than the office's `max_wait_s`, oldest first:
   no visitor waits unboundedly, whatever their class or service.
3. Then the highest score, where ``claim = seconds waited + priority boost`` and
   ``score = claim + counter weight for the service x policy.skill_weight_s`` (or, with
   ``skill_weight_s`` None, ``counter weight x claim``).
   The boost gives priority classes a head start measured in waiting time, and because a
   normal ticket's score keeps growing while it waits (aging), it eventually overtakes a
   newly arrived priority ticket: nobody is starved. A ticket that has waited
   ``protect_after_s`` is no longer overtaken by priority tickets that arrived after it.
   The counter's weight expresses its skill/preference order among the services it serves,
   as a bounded head start in waiting time.
4. Ties go to the earlier arrival, then the lower number.
"""

from __future__ import annotations

from collections.abc import Iterable

from hub.engine.models import Counter, Policy, Ticket


def eligible(ticket: Ticket, counter: Counter) -> bool:
    """True if `counter` may call `ticket` now."""
    if not ticket.is_queued or not counter.serves(ticket.service_id):
        return False
    return ticket.target_counter_id in (None, counter.id)


def claim(policy: Policy, priority: str, waited: float) -> float:
    """A ticket's claim to be called, in seconds: `rate x waited + boost` of its class.

    With `protect_after_s`, a ticket that has waited that long claims as much as the best
    class would after the same wait, so fresh priority tickets no longer overtake it.
    """
    value = policy.aging_rate.get(priority, 1.0) * waited + policy.priority_boost_s.get(
        priority, 0.0)
    if policy.protect_after_s is not None and waited >= policy.protect_after_s:
        value = max(value, *(policy.aging_rate.get(k, 1.0) * waited + b
                             for k, b in policy.priority_boost_s.items()))
    return value


def call_order_key(
    ticket: Ticket, counter: Counter, policy: Policy, now: float
) -> tuple[int, int, float, float, int, str, str]:
    """Sort key: the smallest key is called first.

    The last two fields (number, then id) make full ties (A001 and B001 issued in the same
    instant) come out the same way every time, whatever order the tickets are stored in.
    """
    waited = max(0.0, now - ticket.queued_at)
    targeted = 0 if ticket.target_counter_id == counter.id else 1
    overdue = policy.max_wait_s is not None and waited >= policy.max_wait_s
    weight = counter.skills.get(ticket.service_id, 0.0) if policy.skill_weights else 1.0
    value = claim(policy, ticket.priority, waited)
    score = (weight * value if policy.skill_weight_s is None
             else value + weight * policy.skill_weight_s)
    if overdue:
        return (targeted, 0, -waited, ticket.queued_at, ticket.seq_no, ticket.number, ticket.id)
    return (targeted, 1, -score, ticket.queued_at, ticket.seq_no, ticket.number, ticket.id)


def choose_next(
    tickets: Iterable[Ticket], counter: Counter, policy: Policy, now: float
) -> Ticket | None:
    """The ticket `counter` should call next, or None when nothing waits for it."""
    candidates = [t for t in tickets if eligible(t, counter)]
    if not candidates:
        return None
    return min(candidates, key=lambda t: call_order_key(t, counter, policy, now))


OrderKey = tuple[int, float, float, int]


def order_key(
    queued_at: float, seq_no: int, priority: str, policy: Policy, now: float
) -> OrderKey:
    """Call order within one service, as a counter of weight 1 would call (smallest first).

    Within one priority class this key only grows with `queued_at`, so each class's line,
    kept sorted by arrival, can be searched by bisection.
    """
    waited = max(0.0, now - queued_at)
    overdue = policy.max_wait_s is not None and waited >= policy.max_wait_s
    return (0 if overdue else 1, -(waited if overdue else claim(policy, priority, waited)),
            queued_at, seq_no)


def service_order_key(ticket: Ticket, policy: Policy, now: float) -> OrderKey:
    """`order_key` of a ticket under the office policy."""
    return order_key(ticket.queued_at, ticket.seq_no, ticket.priority, policy, now)
