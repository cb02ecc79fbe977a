"""Wire a kiosk together (config -> printer, journal, model -> hub connection), without Qt."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from hardware.printer import printer_from_config
from hub.client import Backoff, lan_addresses
from kiosk import __version__
from kiosk.config import KioskConfig, KioskSection
from kiosk.connection import api_url, build_connection, find_hub_url
from kiosk.journal import Journal
from kiosk.model import KioskModel
from kiosk.printing import PrinterService

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class Launch:
    """How this kiosk was started: its config and the command-line choices."""

    config: KioskConfig
    state_dir: Path
    hub_url: str | None = None  # --hub: skip discovery
    interfaces: Sequence[str] | None = None  # --mdns-interface; None: every LAN interface
    token: str | None = None  # --token: skip pairing
    language: str | None = None  # --lang: the kiosk's default language


def with_language(config: KioskConfig, language: str | None) -> KioskConfig:
    """The config with `language` as the idle language (added to the offer if missing)."""
    if not language:
        return config
    languages = list(config.kiosk.languages)
    if language not in languages:
        languages.append(language)
    kiosk = KioskSection.model_validate({**config.kiosk.model_dump(),
                                         "default_language": language, "languages": languages})
    return config.model_copy(update={"kiosk": kiosk})


def make_printer(config: KioskConfig) -> PrinterService | None:
    """The configured printer behind its worker thread, or None for a screen-only kiosk."""
    if not config.has_printer:
        _LOGGER.warning("no printer configured: numbers are shown on screen only")
        return None
    printer = printer_from_config(config.printer_dict())
    _LOGGER.info("printer: %s", printer.label)
    return PrinterService(printer, poll_s=config.kiosk.printer_poll_s)


def make_model(launch: Launch, printer: PrinterService | None = None) -> KioskModel:
    """A kiosk model with its journal in the state folder (not started)."""
    config = with_language(launch.config, launch.language)
    if printer is None:
        printer = make_printer(config)
    launch.state_dir.mkdir(parents=True, exist_ok=True)
    return KioskModel(config, printer=printer, journal=Journal(launch.state_dir),
                      app_version=__version__)


async def connect(model: KioskModel, launch: Launch,
                  backoff: Callable[[], Backoff] = Backoff) -> None:
    """Find the hub (unless `--hub`), pair (unless paired or `--token`) and start the model."""
    hub_url = api_url(launch.hub_url) if launch.hub_url else None
    interfaces = list(launch.interfaces) if launch.interfaces else lan_addresses()
    if launch.token and hub_url is None:
        hub_url = await find_hub_url(interfaces)
    connection = build_connection(
        name=model.config.kiosk.device_name, app_version=model.app_version,
        state_dir=launch.state_dir, hub_url=hub_url, interfaces=interfaces,
        token=launch.token, on_item=model.on_item, on_code=model.on_code,
        status_provider=model.device_status, backoff=backoff)
    await model.start(connection)
