"""The visitor's tracking page: only their ticket, live, in their language, on a phone."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from pathlib import Path

import aiohttp
import pytest

from tests.support.api import call
from tests.support.hub_process import HubProcess


async def _public(http: aiohttp.ClientSession, hub: HubProcess, ticket_id: str,
                  lang: str = "") -> tuple[int, dict]:
    query = f"?lang={lang}" if lang else ""
    async with http.get(f"{hub.url}/public/tickets/{ticket_id}{query}") as resp:
        return resp.status, (await resp.json() if resp.status == 200 else {})


async def test_public_view_reveals_only_this_ticket(hub: HubProcess,
                                                    http: aiohttp.ClientSession) -> None:
    tickets = []
    for language in ("en", "zh", "ru"):
        _, t, _ = await call(http, hub, "POST", "/tickets", "kiosk",
                             body={"service_id": "general", "language": language})
        tickets.append(t)
    await call(http, hub, "POST", "/counters/counter-2/open")
    status, view = await _public(http, hub, tickets[2]["id"])
    assert status == 200
    assert view["number"] == "A003"
    assert view["people_ahead"] == 2
    assert view["language"] == "ru"
    assert view["service"] == "Общие вопросы"
    assert view["detail"].startswith("Перед вами 2 человека")
    # The numbers behind the words: the point inside its 80% range.
    assert view["estimated_wait_low_s"] < view["estimated_wait_s"] < view["estimated_wait_high_s"]
    text = json.dumps(view)
    for other in tickets[:2]:
        assert other["id"] not in text
        assert other["number"] not in text
    _, zh = await _public(http, hub, tickets[2]["id"], lang="zh")
    assert zh["detail"].startswith("您前面还有 2 人")
    _, en = await _public(http, hub, tickets[0]["id"])
    assert (en["headline"], en["detail"].splitlines()[0]) == ("Please wait", "You are next")

    async with http.get(f"{hub.url.removesuffix('/api/v1')}/t/{tickets[0]['id']}") as resp:
        page = await resp.text()
        assert resp.status == 200
        assert resp.headers["Cache-Control"] == "no-store"
    assert "A001" in page
    assert "A002" not in page
    assert tickets[1]["id"] not in page
    async with http.get(f"{hub.url.removesuffix('/api/v1')}/t/nope") as resp:
        assert resp.status == 404
        assert "Ticket not found" in await resp.text()


async def test_live_updates_over_server_sent_events(hub: HubProcess,
                                                    http: aiohttp.ClientSession) -> None:
    _, first, _ = await call(http, hub, "POST", "/tickets", "kiosk",
                             body={"service_id": "general"})
    _, mine, _ = await call(http, hub, "POST", "/tickets", "kiosk",
                            body={"service_id": "general", "language": "zh"})
    await call(http, hub, "POST", "/counters/counter-2/open")
    seen: list[dict] = []
    async with http.get(f"{hub.url}/public/tickets/{mine['id']}/events") as resp:
        assert resp.headers["Content-Type"] == "text/event-stream"

        async def read_until(predicate: object) -> None:
            async with asyncio.timeout(10):
                while True:
                    line = (await resp.content.readline()).decode().strip()
                    if line.startswith("data: "):
                        seen.append(json.loads(line[6:]))
                        if predicate(seen[-1]):  # type: ignore[operator]
                            return

        await read_until(lambda v: v["people_ahead"] == 1)
        await call(http, hub, "POST", "/counters/counter-2/call-next")  # first ticket
        await read_until(lambda v: v["people_ahead"] == 0)
        await call(http, hub, "POST", "/counters/counter-2/call-next")  # mine
        await read_until(lambda v: v["state"] == "called")
    called = seen[-1]
    assert called["headline"] == "轮到您了！"
    assert called["detail"] == "请到 2 号窗口"
    assert called["counter_number"] == "2"
    assert first["number"] not in json.dumps(seen)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (make installs it)")
async def test_page_in_headless_chromium(hub: HubProcess, http: aiohttp.ClientSession,
                                         artifacts_dir: Path, tmp_path: Path) -> None:
    ids = {}
    for language in ("en", "zh", "ru"):
        _, t, _ = await call(http, hub, "POST", "/tickets", "kiosk",
                             body={"service_id": "documents", "language": language})
        ids[language] = t["id"]
    await call(http, hub, "POST", "/counters/counter-3/open")
    await call(http, hub, "POST", "/counters/counter-3/call-next")  # the English one
    site = hub.url.removesuffix("/api/v1")
    for language, ticket_id in ids.items():
        shot = artifacts_dir / f"tracking-{language}.png"
        dom = await asyncio.to_thread(
            subprocess.run,
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={tmp_path / language}",
             "--window-size=390,844", "--timeout=4000",
             "--dump-dom", f"{site}/t/{ticket_id}"],
            capture_output=True, text=True, timeout=60, check=False)
        assert dom.returncode == 0, dom.stderr[-2000:]
        await asyncio.to_thread(
            subprocess.run,
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={tmp_path / language}",
             "--window-size=390,844", "--hide-scrollbars", "--timeout=4000",
             f"--screenshot={shot}", f"{site}/t/{ticket_id}"],
            capture_output=True, text=True, timeout=60, check=False)
        assert shot.exists()
        assert shot.stat().st_size > 5000
        if language == "en":
            assert 'class="called"' in dom.stdout
            assert "go to counter 3" in dom.stdout
        elif language == "zh":
            assert "下一位就是您" in dom.stdout
        else:
            assert "Перед вами 1 человек\n" in dom.stdout
