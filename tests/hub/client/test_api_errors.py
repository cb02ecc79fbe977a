"""How the hub's refusals reach the caller: HubError with the RFC 9457 problem, and caller
keys that make a repeated press a no-op. The tests share one hub (counter-1 stays closed)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hub.client import HubClient, HubError
from tests.support.hub_process import HubProcess


@pytest.fixture
def hub(shared_hub: HubProcess) -> HubProcess:
    return shared_hub


async def test_refusals_carry_the_problem(
    hub: HubProcess, clients: Callable[..., HubClient]
) -> None:
    kiosk, c1 = clients("kiosk"), clients("counter-1")

    with pytest.raises(HubError) as not_found:
        await kiosk.get_ticket("no-such-ticket")
    assert (not_found.value.status, not_found.value.field) == (404, "ticket_id")
    assert "no-such-ticket" in not_found.value.detail

    with pytest.raises(HubError) as unknown_service:
        await kiosk.issue_ticket("no-such-service")
    assert unknown_service.value.status == 404
    assert unknown_service.value.field == "service_id"

    with pytest.raises(HubError) as bad_slug:  # the hub validates, not the client
        await kiosk.issue_ticket("Not A Slug")
    assert (bad_slug.value.status, bad_slug.value.field) == (422, "service_id")
    assert bad_slug.value.errors and bad_slug.value.errors[0]["field"] == "service_id"

    with pytest.raises(HubError) as conflict:
        await c1.start("counter-1")  # closed, nobody called
    assert conflict.value.status == 409
    assert conflict.value.current_state == "closed"

    with pytest.raises(HubError) as foreign:
        await c1.open("counter-2")
    assert (foreign.value.status, foreign.value.field) == (403, "counter_id")

    with pytest.raises(HubError) as role:
        await clients("display").issue_ticket("general")
    assert (role.value.status, role.value.field) == (403, "Authorization")

    anonymous = clients(None)
    with pytest.raises(HubError) as no_token:
        await anonymous.state()
    assert (no_token.value.status, no_token.value.field) == (401, "Authorization")

    with pytest.raises(HubError) as reused:
        await kiosk.issue_ticket("general", key="press-1")
        await kiosk.cancel_ticket("whatever", key="press-1")
    assert (reused.value.status, reused.value.field) == (422, "Idempotency-Key")
    assert str(reused.value).startswith("422 ")


async def test_caller_key_makes_a_repeated_command_a_no_op(
    hub: HubProcess, clients: Callable[..., HubClient]
) -> None:
    kiosk = clients("kiosk")
    first = await kiosk.issue_ticket("general", key="keypad-7-press-1")
    # The app restarted and sends the same press again: the stored answer comes back.
    repeat = await clients("kiosk").issue_ticket("general", key="keypad-7-press-1")
    assert repeat.id == first.id and repeat.number == first.number
    other = await kiosk.issue_ticket("general")
    assert other.id != first.id and other.number != first.number
