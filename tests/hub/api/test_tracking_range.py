"""The tracking page shows the wait's 80% range as the printed ticket does, and live."""

from __future__ import annotations

import asyncio
import base64
import html
import itertools
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import aiohttp
import pytest

from hub.api.tracking import LOCALE_DIR, WORD_JOINER
from hub.i18n import Translator
from hub.i18n.waits import NBSP, wait_words
from kiosk.texts import Texts
from tests.support.api import call
from tests.support.hub_process import HubProcess

LANGUAGES = ("en", "zh", "ru")
# The wait line with a range, in each language: point, then low and high in minutes.
RANGE_LINE = {
    "en": re.compile(r"^Estimated wait: about (\d+) minutes? \((?:(\d+)–|up to )(\d+) min\)$"),
    "zh": re.compile(r"^预计等候：约 (\d+) 分钟（(?:(\d+)–|最多 )(\d+) 分钟）$"),
    "ru": re.compile(r"^Примерное ожидание: около (\d+) минут[аы]? \((?:(\d+)–|до )(\d+) мин\)$"),
}


def _range(detail: str, language: str) -> tuple[int, int, int] | None:
    """Point, low and high minutes of the page's wait line; None when it shows no range."""
    if not detail:
        return None
    line = detail.splitlines()[-1]
    opening = max(line.rfind("("), line.rfind("（"))
    if opening >= 0:  # the range never breaks across lines: joiners between its characters
        assert all(char == WORD_JOINER for char in line[opening + 1::2]), line
    found = RANGE_LINE[language].match(line.replace(NBSP, " ").replace(WORD_JOINER, ""))
    if found is None:
        return None
    point, low, high = int(found[1]), int(found[2] or 0), int(found[3])
    assert low <= point <= high and high - low >= 2, line
    return point, low, high


def test_page_and_ticket_say_the_same_words() -> None:
    # One rule (hub.i18n.waits) read through two catalogs (hub, kiosk): the translations
    # must agree too, or a visitor reads two different waits on paper and on the phone.
    seconds = [None, 0, 30, 59, 60, 61, 119, 147, 382, 600, 720, 899, 900, 901, 960, 1826,
               2749, 3599, 3600, 3601, 5100, 7200, 9000, 18000, 40000]
    for language in LANGUAGES:
        texts, tr = Texts(language), Translator("hub", LOCALE_DIR, language)
        for point, low, high in itertools.product(seconds, repeat=3):
            page = wait_words(tr, point, low, high, joiner=WORD_JOINER)
            ticket = texts.wait(point, low_s=low, high_s=high)
            assert (page and page.replace(WORD_JOINER, "")) == ticket, (
                language, point, low, high)


async def _queue(http: aiohttp.ClientSession, hub: HubProcess) -> list[dict]:
    """Counter 2 open (general only) and a ticket in each language behind one another."""
    await call(http, hub, "POST", "/counters/counter-2/open")
    tickets = []
    for language in LANGUAGES:
        _, ticket, _ = await call(http, hub, "POST", "/tickets", "kiosk",
                                  body={"service_id": "general", "language": language})
        tickets.append(ticket)
    return tickets


async def _public(http: aiohttp.ClientSession, hub: HubProcess, ticket_id: str,
                  lang: str = "") -> dict:
    query = f"?lang={lang}" if lang else ""
    async with http.get(f"{hub.url}/public/tickets/{ticket_id}{query}") as resp:
        assert resp.status == 200
        return await resp.json()


async def test_the_page_shows_the_range_when_uncertain(hub: HubProcess,
                                                       http: aiohttp.ClientSession) -> None:
    first, second, third = await _queue(http, hub)
    assert first["estimated_wait_s"] == 0  # the counter is free: called at once
    view = await _public(http, hub, first["id"])
    assert view["detail"] == "You are next\nEstimated wait: less than a minute"
    for ticket, language in ((second, "zh"), (third, "ru")):
        assert ticket["estimated_wait_low_s"] < ticket["estimated_wait_high_s"]
        for lang in LANGUAGES:  # the same range in every language the office offers
            view = await _public(http, hub, ticket["id"], lang)
            assert view["language"] == lang
            assert _range(view["detail"], lang) is not None, view["detail"]
        assert (await _public(http, hub, ticket["id"]))["language"] == language
    await call(http, hub, "POST", "/counters/counter-2/close")
    view = await _public(http, hub, third["id"])
    assert view["detail"].endswith("Окна по этой услуге пока закрыты")  # no estimate, no range


async def test_the_range_follows_the_queue_live(hub: HubProcess,
                                               http: aiohttp.ClientSession) -> None:
    *_, mine = await _queue(http, hub)  # Russian, two ahead
    seen: list[str] = []
    async with http.get(f"{hub.url}/public/tickets/{mine['id']}/events") as resp:

        async def next_view() -> None:
            async with asyncio.timeout(10):
                while not (line := (await resp.content.readline()).decode()).startswith(
                        "data: "):
                    pass
            seen.append(json.loads(line[6:])["detail"])

        await next_view()
        for step in ("call-next", "start", "done") * 2:  # serve the two ahead
            await call(http, hub, "POST", f"/counters/counter-2/{step}")
        while not seen[-1].startswith("Вы следующий\nПримерное ожидание: меньше минуты"):
            await next_view()
    ranges = [_range(detail, "ru") for detail in seen]
    assert ranges[0] is not None  # two ahead: a range
    assert len({r for r in ranges if r is not None}) >= 2  # it moved as the queue did
    assert ranges[-1] is None  # next, at a free counter: no range


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=390,844",
                 "--hide-scrollbars")


@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (make installs it)")
async def test_the_range_in_headless_chromium(hub: HubProcess, http: aiohttp.ClientSession,
                                              artifacts_dir: Path, tmp_path: Path) -> None:
    tickets = await _queue(http, hub)
    site = hub.url.removesuffix("/api/v1")
    for ticket in tickets[1:]:
        for lang in LANGUAGES:
            url = f"{site}/t/{ticket['id']}?lang={lang}"
            profile = f"--user-data-dir={tmp_path / ticket['number'] / lang}"
            shot = artifacts_dir / f"tracking-range-{ticket['number']}-{lang}.png"
            await asyncio.to_thread(
                subprocess.run, [CHROMIUM, *CHROMIUM_ARGS, profile, "--timeout=4000",
                                 f"--screenshot={shot}", url],
                capture_output=True, text=True, timeout=60, check=False)
            assert shot.exists() and shot.stat().st_size > 5000
            dom = await asyncio.to_thread(
                subprocess.run, [CHROMIUM, *CHROMIUM_ARGS, profile, "--timeout=4000",
                                 "--dump-dom", url],
                capture_output=True, text=True, timeout=60, check=False)
            assert dom.returncode == 0, dom.stderr[-2000:]
            assert _range(_detail(dom.stdout), lang) is not None, dom.stdout[-2000:]

    # Live: the page is open in the browser while the visitor ahead is served.
    mine = tickets[2]
    async with _Browser(f"{site}/t/{mine['id']}", tmp_path / "live") as page:
        before = await page.detail_when(lambda text: _range(text, "ru") is not None)
        for step in ("call-next", "start", "done"):
            await call(http, hub, "POST", f"/counters/counter-2/{step}")
        now = (await _public(http, hub, mine["id"]))["detail"]
        assert now != before
        await page.detail_when(lambda text: text == now)  # swapped in without a reload
        assert await page.evaluate("performance.getEntriesByType('navigation').length") == 1
        await page.screenshot(artifacts_dir / "tracking-range-live-ru.png")
    assert _range(before, "ru") != _range(now, "ru")


class _Browser:
    """Headless Chromium showing one page, read through the DevTools protocol."""

    def __init__(self, url: str, profile: Path) -> None:
        assert CHROMIUM is not None
        self.args = [CHROMIUM, *CHROMIUM_ARGS, f"--user-data-dir={profile}",
                     "--remote-debugging-port=0", "--remote-allow-origins=*", url]
        self.profile = profile
        self.proc: asyncio.subprocess.Process | None = None
        self.http = aiohttp.ClientSession()
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.ids = itertools.count(1)

    async def __aenter__(self) -> _Browser:
        self.proc = await asyncio.create_subprocess_exec(
            *self.args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = self.profile / "DevToolsActivePort"
        async with asyncio.timeout(20):
            while not port_file.exists() or not port_file.read_text().strip():
                await asyncio.sleep(0.1)
            port = port_file.read_text().split()[0]
            while True:
                async with self.http.get(f"http://127.0.0.1:{port}/json/list") as resp:
                    pages = [t for t in await resp.json() if t["type"] == "page"]
                if pages:
                    break
                await asyncio.sleep(0.1)
        self.ws = await self.http.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.ws is not None:
            await self.ws.close()
        await self.http.close()
        if self.proc is not None:
            self.proc.terminate()
            async with asyncio.timeout(10):
                await self.proc.wait()

    async def send(self, method: str, **params: object) -> dict:
        assert self.ws is not None
        ident = next(self.ids)
        await self.ws.send_json({"id": ident, "method": method, "params": params})
        while True:
            message = await self.ws.receive_json()
            if message.get("id") == ident:
                assert "error" not in message, message
                return message["result"]

    async def evaluate(self, expression: str) -> object:
        result = await self.send("Runtime.evaluate", expression=expression,
                                 returnByValue=True)
        return result["result"].get("value")

    async def detail_when(self, wanted: Callable[[str], bool], timeout: float = 15) -> str:
        """The page's detail text once `wanted` holds for it (fails after `timeout`)."""
        text = ""
        async with asyncio.timeout(timeout):
            while not wanted(text := str(await self.evaluate(
                    "(document.getElementById('detail') || {}).textContent || ''"))):
                await asyncio.sleep(0.1)
        return text

    async def screenshot(self, path: Path) -> None:
        result = await self.send("Page.captureScreenshot", format="png")
        await asyncio.to_thread(path.write_bytes, base64.b64decode(result["data"]))


def _detail(dom: str) -> str:
    """The visible detail text of a dumped tracking page."""
    found = re.search(r'<div class="detail" id="detail">(.*?)</div>', dom, re.DOTALL)
    assert found, dom[-2000:]
    return html.unescape(found[1])
