"""The kiosk config: embedded defaults, a file over them, errors that name the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.config import ConfigError, load_config


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_runs_with_no_config_at_all() -> None:
    config = load_config()
    assert config.kiosk.languages == ["en", "zh", "ru"]
    assert config.default_language == "en"
    assert config.has_printer is False  # no printer until one is configured
    assert config.kiosk.public_url == ""
    assert config.lines("footer", "en") is None  # the kiosk's own translated footer


def test_file_changes_only_what_it_names(tmp_path: Path) -> None:
    path = _write(tmp_path, """
[kiosk]
default_language = "zh"
public_url = "https://queue.example.org/"
service_pin = "13579"

[ticket]
header = { en = ["Welcome"], zh = ["欢迎光临"] }
footer = []
logo = "logo.png"

[printer]
transport = "preview"
dir = "tickets"
width_px = 384
""")
    config = load_config(path)
    assert config.default_language == "zh"
    assert config.kiosk.languages == ["en", "zh", "ru"]  # kept from the defaults
    assert config.kiosk.idle_timeout_s == 45
    assert config.kiosk.public_url == "https://queue.example.org"
    assert config.lines("header", "zh") == ("欢迎光临",)
    assert config.lines("header", "ru") == ("Welcome",)  # no Russian: the first given
    assert config.lines("footer", "ru") == ()
    assert config.logo_path == tmp_path / "logo.png"
    printer = config.printer_dict()
    assert printer == {"transport": "preview", "dir": str(tmp_path / "tickets"),
                       "width_px": 384}


@pytest.mark.parametrize(("text", "message"), [
    ("[kiosk]\nidle_timeout = 30\n", "kiosk.idle_timeout: Extra inputs are not permitted"),
    ("[kiosk]\nservice_pin = \"12\"\n", "kiosk.service_pin"),
    ("[kiosk]\npublic_url = \"queue.example\"\n", "public_url must start with http"),
    ("[kiosk]\nlanguages = []\n", "kiosk.languages"),
    ("[printer]\ntransport = \"network\"\nhots = \"10.0.0.5\"\n",
     "[printer] printer config field 'hots' is not known"),
    ("[printer]\ntransport = \"network\"\n", "field 'host' is required"),
    ("[printer]\ntransport = \"fax\"\n", "'transport' must be one of"),
    ("[kiosk\n", "not valid TOML"),
])
def test_mistakes_are_named(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_check_config_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _write(tmp_path, "[printer]\ntransport = \"fake\"\nstatus = \"paper_out\"\n")
    assert main(["--check-config", str(good)]) == 0
    assert "OK (printer: fake)" in capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    bad.write_text("[printer]\ntransport = \"serial\"\n")
    assert main(["--check-config", str(bad)]) == 2
    assert "field 'port' is required" in capsys.readouterr().err
    assert main(["--check-config", str(tmp_path / "missing.toml")]) == 2
    assert "cannot read" in capsys.readouterr().err
