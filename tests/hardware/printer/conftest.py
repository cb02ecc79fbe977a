"""Fixtures for printer tests: sample tickets, a TCP printer, a socat pty pair, leak checks."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hardware.printer import TicketContent
from tests.hardware.printer.emulator import PtyPrinter, TcpPrinter
from tests.support.serial_pty import socat_installed, start_socat

QR_URL = "https://queue.example/t/A042"


@pytest.fixture
def en_ticket() -> TicketContent:
    return TicketContent(
        language="en",
        site_name="City Hall",
        number="A042",
        service_name="Passports",
        issued_at_text="Issued 14 Mar 2025, 09:41",
        people_ahead_text="3 people ahead of you",
        wait_text="Estimated wait: 12 min",
        qr_url=QR_URL,
        header_lines=("Welcome",),
        footer_lines=("Please watch the screen for your number.",),
        priority_label="PRIORITY",
    )


@pytest.fixture
def ru_ticket() -> TicketContent:
    return TicketContent(
        language="ru",
        site_name="Мэрия",
        number="A042",
        service_name="Паспорта",
        issued_at_text="Талон выдан 14.03.2025 09:41",
        people_ahead_text="Перед вами: 3 человека",
        wait_text="Ожидание: около 12 мин",
        qr_url=QR_URL,
        header_lines=("Добро пожаловать",),
        footer_lines=("Следите за табло: там будет указано Окно, куда подойти.",),
        priority_label="Вне очереди",
    )


@pytest.fixture
def zh_ticket() -> TicketContent:
    return TicketContent(
        language="zh",
        site_name="市政厅",
        number="A042",
        service_name="护照办理",
        issued_at_text="取号时间：2025年3月14日 09:41",
        people_ahead_text="您前面还有 3 人",
        wait_text="预计等待：约 12 分钟",
        qr_url=QR_URL,
        header_lines=("欢迎光临",),
        footer_lines=("请留意叫号屏幕，过号请重新取号。",),
        priority_label="优先",
    )


@pytest.fixture(autouse=True)
def no_leftover_threads() -> Iterator[None]:
    """Fail a test that leaves a thread running (pollers, servers)."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 2
    while extra := [t for t in threading.enumerate() if t not in before and t.is_alive()]:
        if time.monotonic() > deadline:
            pytest.fail(f"threads left running: {[t.name for t in extra]}")
        time.sleep(0.01)


@pytest.fixture
def tcp_printer() -> Iterator[Callable[..., TcpPrinter]]:
    """Start TCP printers on 127.0.0.1 free ports: ``tcp_printer(replies)``."""
    started: list[TcpPrinter] = []

    def start(replies: dict[int, int], noise: bytes = b"") -> TcpPrinter:
        printer = TcpPrinter(replies, noise)
        started.append(printer)
        return printer

    yield start
    for printer in started:
        printer.close()


@pytest.fixture
def pty_pair(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two linked ptys from socat, (driver end, printer end); socat is stopped at teardown."""
    if not socat_installed():
        pytest.skip("socat not installed (apt install socat)")
    with start_socat(tmp_path) as pair:
        yield pair.driver, pair.device


@pytest.fixture
def pty_printer(pty_pair: tuple[str, str]) -> Iterator[Callable[..., tuple[str, PtyPrinter]]]:
    """Serve a printer on one pty: ``path, printer = pty_printer(replies)``."""
    started: list[PtyPrinter] = []

    def start(replies: dict[int, int]) -> tuple[str, PtyPrinter]:
        printer = PtyPrinter(pty_pair[1], replies)
        started.append(printer)
        return pty_pair[0], printer

    yield start
    for printer in started:
        printer.close()
