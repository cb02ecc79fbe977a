"""Zone strings: the syntax, its errors, and what a zone lets through."""

from __future__ import annotations

import pytest

from display.zone import Zone, ZoneError


def test_empty_and_all_mean_the_whole_office() -> None:
    for text in (None, "", "  ", "all", "ALL", "*"):
        zone = Zone.parse(text)
        assert zone.everything
        assert zone.has_call("counter-9", "9", "anything")


def test_counters_and_services_both_narrow() -> None:
    zone = Zone.parse(" counters = counter-1, 2 ; services=general ")
    assert zone.counters == {"counter-1", "2"}
    assert zone.services == {"general"}
    assert zone.has_call("counter-1", "1", "general")
    assert zone.has_call("counter-2", "2", "general")  # matched by number
    assert not zone.has_call("counter-1", "1", "payments")  # service not in zone
    assert not zone.has_call("counter-3", "3", "general")  # counter not in zone


def test_string_form_round_trips() -> None:
    zone = Zone.parse("services=payments,general;counters=counter-2")
    assert str(zone) == "counters=counter-2;services=general,payments"
    assert Zone.parse(str(zone)) == zone


@pytest.mark.parametrize(("text", "message"), [
    ("counter=1", "unknown key 'counter'"),
    ("counters", "needs 'key=value'"),
    ("counters=", "lists nothing"),
    ("counters=1;counters=2", "given twice"),
    ("services=gen eral", "invalid value"),
    ("services=a/b", "invalid value"),
])
def test_mistakes_are_named(text: str, message: str) -> None:
    with pytest.raises(ZoneError, match=message):
        Zone.parse(text)


def test_waiting_figures_follow_the_zone() -> None:
    services = ["general", "payments", "documents"]
    skills = {("counter-1", "1"): ["general", "payments"], ("counter-3", "3"): ["documents"]}
    assert Zone().shown_services(services, skills) == services
    assert Zone.parse("services=documents,general").shown_services(services, skills) == [
        "general", "documents"]  # the office's order
    assert Zone.parse("counters=1").shown_services(services, skills) == ["general", "payments"]
