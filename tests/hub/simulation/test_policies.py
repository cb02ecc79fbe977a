"""Policy variants: the engine's own policy with different fields."""

from __future__ import annotations

from dataclasses import replace

import pytest

from hub.config import load_office
from hub.engine import NORMAL, PRIORITY, Counter, Policy, Ticket, TicketState
from hub.engine.routing import choose_next, service_order_key
from hub.simulation.policies import POLICIES, variant


def test_variants() -> None:
    office = Policy(priority_boost_s={"normal": 0.0, "priority": 900.0, "vip": 600.0},
                    max_wait_s=3000.0)
    assert variant(office, "office") is office
    fcfs = variant(office, "fcfs")
    assert fcfs.priority_boost_s == {"normal": 0.0, "priority": 0.0, "vip": 0.0}
    assert (fcfs.skill_weights, fcfs.max_wait_s) == (False, None)
    strict = variant(office, "strict")
    assert strict.priority_boost_s == {"normal": 0.0, "priority": 1e9, "vip": 1e9}
    assert (strict.protect_after_s, strict.skill_weights) == (None, False)
    fcfs_w = variant(office, "fcfs_weights")
    assert fcfs_w.priority_boost_s == fcfs.priority_boost_s
    assert (fcfs_w.skill_weights, fcfs_w.max_wait_s) == (True, None)
    assert variant(office, "protected").protect_after_s == 1000.0
    assert variant(replace(office, protect_after_s=1800.0), "protected").protect_after_s == 1800
    assert set(POLICIES) == {"office", "fcfs", "fcfs_weights", "strict", "protected"}
    with pytest.raises(ValueError, match="unknown policy"):
        variant(office, "lottery")


# -- the engine fields behind the variants (hub.engine.routing) ---------------------------------
NOW = 1_000_000.0
SHARED = Counter("c4", "4", {"documents": 2.0, "general": 1.0})


def _ticket(ticket_id: str, waited: float, service: str = "general",
            priority: str = NORMAL) -> Ticket:
    return Ticket(ticket_id, ticket_id, 1, service, priority, "en", TicketState.WAITING,
                  "2026-03-02", NOW - waited, NOW - waited)


def _pick(policy: Policy, *tickets: Ticket) -> str:
    chosen = choose_next(tickets, SHARED, policy, NOW)
    assert chosen is not None
    return chosen.id


def test_skill_weights_can_be_turned_off() -> None:
    g, d = _ticket("g", 100), _ticket("d", 60, "documents")
    assert _pick(Policy(), g, d) == "d"  # 2 x 60 > 1 x 100
    assert _pick(Policy(skill_weights=False), g, d) == "g"


def test_skill_weight_as_a_head_start() -> None:
    """With `skill_weight_s`, each weight point is a head start; the preference is bounded."""
    policy = Policy(skill_weight_s=300.0)  # documents (2) 5 minutes ahead of general (1)
    d = _ticket("d", 60, "documents")
    assert _pick(policy, _ticket("g", 350), d) == "d"  # 60 + 600 > 350 + 300
    assert _pick(policy, _ticket("g", 400), d) == "g"  # 400 + 300 > 60 + 600
    assert _pick(Policy(), _ticket("g", 110), d) == "d"  # multiplied: 2 x 60 > 110


def test_office_default_protects_after_30_minutes_and_weights_are_head_starts() -> None:
    policy = load_office().config.policy
    assert (policy.protect_after_s, policy.skill_weight_s) == (1800.0, 300.0)


def test_aging_rate_accumulates_priority() -> None:
    policy = Policy(priority_boost_s={NORMAL: 0.0, PRIORITY: 0.0}, aging_rate={PRIORITY: 3.0})
    normal, prio = _ticket("n", 250), _ticket("p", 100, priority=PRIORITY)
    assert _pick(policy, normal, prio) == "p"  # 3 x 100 > 250
    assert _pick(policy, _ticket("n", 350), prio) == "n"
    assert service_order_key(prio, policy, NOW) < service_order_key(normal, policy, NOW)


def test_protection_stops_fresh_priority_overtaking_long_waits() -> None:
    normal, prio = _ticket("n", 700), _ticket("p", 0, priority=PRIORITY)
    office = Policy()  # boost 900 s
    assert _pick(office, normal, prio) == "p"
    protected = replace(office, protect_after_s=600.0)
    assert _pick(protected, normal, prio) == "n"
    assert _pick(protected, _ticket("n", 500), prio) == "p"  # not yet protected
