"""The counter config: embedded defaults, overrides, and mistakes named at start-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from counter.commands import Target
from counter.config import load_config, parse_target


def test_defaults_are_complete() -> None:
    config = load_config()
    assert config.counter_id == "counter-1"
    assert config.shortcuts["call_next"][:2] == ("F1", "Space")
    assert set(config.shortcuts) >= {"call_next", "recall", "start", "done",
                                                   "no_show", "transfer", "pause", "resume",
                                                   "open", "close", "my_day", "mini"}
    assert config.keypad is None and config.led is None


def test_file_overrides_per_field(tmp_path: Path) -> None:
    path = tmp_path / "counter.toml"
    path.write_text('[counter]\nid = "counter-3"\nlanguage = "ru"\n'
                    '[shortcuts]\ncall_next = ["Num+Enter"]\n'
                    '[keypad]\nprotocol = "frame"\nport = "/dev/ttyUSB0"\n'
                    'transfer_to = "service:payments"\n'
                    '[led]\ndriver = "serial"\nport = "/dev/ttyUSB1"\nencoding = "cp1251"\n'
                    'blink_s = 3\n')
    config = load_config(path)
    assert (config.counter_id, config.language) == ("counter-3", "ru")
    assert config.name == "Counter terminal"  # untouched fields keep their default
    assert config.shortcuts["call_next"] == ("Num+Enter",)
    assert config.shortcuts["recall"] == ("F2", "Num+1")
    assert config.keypad == {"protocol": "frame", "port": "/dev/ttyUSB0"}
    assert config.keypad_transfer == Target(service_id="payments")
    assert config.led == {"driver": "serial", "port": "/dev/ttyUSB1", "encoding": "cp1251"}
    assert config.led_blink_s == 3.0


@pytest.mark.parametrize(("text", "message"), [
    ('[counter]\nlanguage = "de"\n', "counter.language"),
    ('[counter]\ncolour = "red"\n', "counter.colour"),
    ('[shortcuts]\ncall = ["F1"]\n', "shortcuts.call"),
    ('[keypad]\nprotocol = "frame"\nport = "/dev/x"\nmax_address = 999\n', "max_address"),
    ('[keypad]\ntransfer_to = "desk:3"\n', "keypad.transfer_to"),
    ('[led]\ndriver = "serial"\nport = "/dev/x"\nencoding = "utf-8"\n', "encoding"),
    ('[printer]\nx = 1\n', "printer"),
    ('[counter\n', "counter.toml"),
])
def test_mistakes_name_the_field(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "counter.toml"
    path.write_text(text)
    with pytest.raises(ValueError, match=message.replace(".", r"\.")):
        load_config(path)


def test_transfer_targets() -> None:
    assert parse_target("counter:counter-2") == Target(counter_id="counter-2")
    with pytest.raises(ValueError):
        parse_target("payments")
