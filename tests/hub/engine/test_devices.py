"""Device presence: only changes make `device.changed` events, and the state keeps devices."""

from __future__ import annotations

from typing import Any

import pytest

from hub.engine import Device, Event, OfficeState, commands, devices
from tests.hub.engine.harness import T0, Desk, types_of

KIOSK: dict[str, Any] = {
    "token_id": "tok-kiosk", "kind": "kiosk", "name": "Entrance kiosk", "counter_id": None,
    "app_version": "0.1.0", "status": {"printer": "ok"},
}


def beat(desk: Desk, **changes: Any) -> list[Event]:
    """The kiosk says it is alive now (with `changes` to its usual heartbeat)."""
    def decide(state: OfficeState, now: float) -> list[Event]:
        return devices.heartbeat(state.devices, now, **{**KIOSK, **changes})
    return desk.run(decide)


def sweep(
    desk: Desk, offline_after_s: float, last_seen: dict[str, float] | None = None
) -> list[Event]:
    def decide(state: OfficeState, now: float) -> list[Event]:
        return devices.sweep(state.devices, last_seen or {}, now, offline_after_s)
    return desk.run(decide)


def test_first_heartbeat_brings_a_device_online(desk: Desk) -> None:
    events = beat(desk)
    assert types_of(events) == ["device.changed"]
    assert events[0].data["reason"] == "online"
    assert desk.state.devices == {"tok-kiosk": Device(
        "tok-kiosk", "kiosk", "Entrance kiosk", True, T0, "0.1.0", None, {"printer": "ok"})}


def test_routine_heartbeat_changes_nothing(desk: Desk) -> None:
    beat(desk)
    desk.advance(30)
    assert beat(desk) == []
    assert desk.state.devices["tok-kiosk"].last_seen == T0  # not durable: no event


@pytest.mark.parametrize(
    "changes",
    [{"status": {"printer": "paper_out"}}, {"app_version": "0.2.0"}, {"name": "Side door"}],
)
def test_a_different_status_version_or_name_is_a_change(
    desk: Desk, changes: dict[str, Any]
) -> None:
    beat(desk)
    desk.advance(30)
    events = beat(desk, **changes)
    assert [e.data["reason"] for e in events] == ["status"]
    device = desk.state.devices["tok-kiosk"]
    assert all(getattr(device, k) == v for k, v in changes.items())
    assert device.last_seen == T0 + 30


def test_sweep_marks_silent_devices_offline(desk: Desk) -> None:
    beat(desk)
    beat(desk, token_id="tok-display", kind="display", name="Wall")
    desk.advance(90)
    assert sweep(desk, 90) == []  # exactly at the limit: still online
    desk.advance(1)
    # The display was heard of lately outside the event log (routine heartbeats).
    events = sweep(desk, 90, last_seen={"tok-display": T0 + 60})
    assert [(e.data["device"]["token_id"], e.data["reason"]) for e in events] == [
        ("tok-kiosk", "offline")]
    kiosk = desk.state.devices["tok-kiosk"]
    assert (kiosk.online, kiosk.last_seen) == (False, T0)
    assert desk.state.devices["tok-display"].online is True
    # Coming back is a change again.
    assert [e.data["reason"] for e in beat(desk)] == ["online"]
    assert desk.state.devices["tok-kiosk"].online is True


def test_forget_revokes_once(desk: Desk) -> None:
    beat(desk)

    def forget(state: OfficeState, now: float) -> list[Event]:
        return devices.forget(state.devices, now, "tok-kiosk")

    assert [e.data["reason"] for e in desk.run(forget)] == ["revoked"]
    assert desk.state.devices["tok-kiosk"].online is False
    assert desk.run(forget) == []
    assert devices.forget(desk.state.devices, desk.now, "unknown") == []


def test_device_round_trips_through_event_data() -> None:
    device = Device("t", "counter", "Desk 1", True, T0, "1.0", "counter-1", {"keypad": "ok"})
    assert Device.from_dict(device.to_dict()) == device
    assert Device.from_dict({**device.to_dict(), "from_the_future": 1}) == device


def test_devices_outlive_the_business_day(desk: Desk) -> None:
    beat(desk)
    desk.run(commands.close_day, new_business_day="2026-03-03")
    assert desk.state.tickets == {}
    assert desk.state.devices["tok-kiosk"].online is True
