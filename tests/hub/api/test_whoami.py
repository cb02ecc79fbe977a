"""`GET /me`: who a token belongs to, for every role, a paired device and a bad token."""

from __future__ import annotations

import aiohttp

from tests.support.api import call
from tests.support.hub_process import HubProcess


async def test_whoami_for_admin_kiosk_and_counter(hub: HubProcess,
                                                 http: aiohttp.ClientSession) -> None:
    status, health, _ = await call(http, hub, "GET", "/health", None)
    hub_id = health["hub_id"]
    status, tokens, _ = await call(http, hub, "GET", "/tokens")
    ids = {t["name"]: t["id"] for t in tokens}

    status, admin, _ = await call(http, hub, "GET", "/me", "admin")
    assert status == 200
    assert admin == {"token_id": ids["test admin"], "role": "admin", "name": "test admin",
                     "hub_id": hub_id, "counter_id": None, "counter_number": None,
                     "zone": None, "device_kind": None, "device_name": None,
                     "device_id": None}
    status, kiosk, _ = await call(http, hub, "GET", "/me", "kiosk")
    assert (status, kiosk["role"], kiosk["token_id"], kiosk["counter_id"]) == (
        200, "kiosk", ids["test kiosk"], None)
    status, counter, _ = await call(http, hub, "GET", "/me", "counter-3")
    assert (status, counter["role"], counter["counter_id"], counter["counter_number"]) == (
        200, "counter", "counter-3", "3")
    assert counter["token_id"] == ids["test counter-3"]
    assert counter["device_kind"] is None  # made on the command line, not paired


async def test_whoami_for_a_paired_device(hub: HubProcess, http: aiohttp.ClientSession) -> None:
    status, created, _ = await call(http, hub, "POST", "/pairing", None,
                                    body={"kind": "counter", "name": "Window 2",
                                          "device_id": "win-0002"})
    assert status == 201
    status, _, _ = await call(http, hub, "POST", "/pairing/approve",
                              body={"code": created["code"], "counter_id": "2",
                                    "zone": "ground floor"})
    assert status == 200
    status, got, _ = await call(http, hub, "GET", f"/pairing/{created['request_id']}", None)
    hub.tokens["paired"] = got["token"]
    status, me, _ = await call(http, hub, "GET", "/me", "paired")
    assert status == 200
    assert (me["role"], me["name"], me["counter_id"], me["counter_number"], me["zone"]) == (
        "counter", "Window 2", "counter-2", "2", "ground floor")
    assert (me["device_kind"], me["device_name"], me["device_id"]) == (
        "counter", "Window 2", "win-0002")

    # A re-claim moves the device to its new token.
    status, again, _ = await call(http, hub, "GET", f"/pairing/{created['request_id']}", None)
    hub.tokens["replaced"] = again["token"]
    status, me_again, _ = await call(http, hub, "GET", "/me", "replaced")
    assert (me_again["device_id"], me_again["counter_id"]) == ("win-0002", "counter-2")
    assert me_again["token_id"] != me["token_id"]
    status, _, _ = await call(http, hub, "GET", "/me", "paired")
    assert status == 401


async def test_whoami_refuses_a_bad_or_missing_token(hub: HubProcess,
                                                     http: aiohttp.ClientSession) -> None:
    hub.tokens["bogus"] = "ns_not-a-token"
    status, problem, content_type = await call(http, hub, "GET", "/me", "bogus")
    assert (status, content_type) == (401, "application/problem+json")
    assert (problem["status"], problem["field"]) == (401, "Authorization")
    assert "unknown or was revoked" in problem["detail"]
    status, problem, content_type = await call(http, hub, "GET", "/me", None)
    assert (status, content_type, problem["field"]) == (401, "application/problem+json",
                                                        "Authorization")


async def test_whoami_is_in_the_openapi_document(hub: HubProcess,
                                                 http: aiohttp.ClientSession) -> None:
    status, doc, _ = await call(http, hub, "GET", "/openapi.json", None)
    assert status == 200
    me = doc["paths"]["/api/v1/me"]["get"]
    schema = me["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/WhoAmI")
    assert "device_kind" in doc["components"]["schemas"]["WhoAmI"]["properties"]
