"""Display settings: embedded defaults, a file laid over them, and errors that name the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from display.cli import main
from display.config import ConfigError, DisplayConfig, load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "display.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_are_complete_and_valid() -> None:
    cfg = load_config()
    assert cfg == load_config(None)
    assert cfg.screen.rows == 4 and cfg.screen.history == 8
    assert cfg.announce.number_style == "natural"
    assert cfg.announce.stale_after_s == 30.0
    assert cfg.announce.languages == ()
    assert cfg.speech["output"] == "audio"
    assert cfg.zone == "" and cfg.zone_value.everything
    assert cfg.screen.notice == {}


def test_a_file_overrides_only_what_it_says(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, """
        zone = "counters=counter-1,counter-2;services=general"
        [screen]
        rows = 3
        notice = "Welcome"
        [announce]
        languages = ["zh", "en"]
        number_style = "digits"
        [speech]
        volume = 0.5
        quiet_hours = "22:00-07:00"
    """))
    assert cfg.screen.rows == 3 and cfg.screen.history == 8
    assert cfg.notice_for(["en", "zh"]) == ["Welcome"]
    assert cfg.announce.languages == ("zh", "en")
    assert cfg.announce.number_style == "digits"
    assert cfg.speech["volume"] == 0.5 and cfg.speech["chime"] is True
    assert cfg.zone_value.services == {"general"}


def test_notice_per_language(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, """
        [screen.notice]
        en = "Closed on Sunday"
        ru = "В воскресенье закрыто"
    """))
    assert cfg.notice_for(["ru", "zh", "en"]) == ["В воскресенье закрыто", "Closed on Sunday"]


@pytest.mark.parametrize(("text", "field"), [
    ("colour = 'red'", "'colour'"),
    ("[screen]\nrow = 3", "'screen.row'"),
    ("[screen]\nrows = 0", "screen.rows"),
    ("[screen]\nrows = 2.5", "screen.rows"),
    ("[screen]\nfullscreen = 'yes'", "screen.fullscreen"),
    ("[screen]\nlanguage = 'de'", "screen.language"),
    ("[announce]\nnumber_style = 'words'", "announce.number_style"),
    ("[announce]\nlanguages = ['en', 'fr']", "announce.languages"),
    ("[announce]\nstale_after_s = -1", "announce.stale_after_s"),
    ("[speech]\nvolume = 3", "'volume'"),
    ("[speech]\nloudness = 3", "'loudness'"),
    ("[speech]\nquiet_hours = '25:00-07:00'", "quiet_hours"),
    ("zone = 'counter=1'", "zone"),
    ("[screen.notice]\nde = 'Hallo'", "screen.notice.de"),
])
def test_mistakes_name_the_field(tmp_path: Path, text: str, field: str) -> None:
    with pytest.raises(ConfigError, match=field.replace(".", r"\.")):
        load_config(write(tmp_path, text))


def test_unreadable_files_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(write(tmp_path, "[screen\nrows = 3"))
    with pytest.raises(ConfigError, match="No such file"):
        load_config(tmp_path / "missing.toml")


def test_check_config_and_print_defaults(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    good = write(tmp_path, "[screen]\nrows = 3\n")
    assert main(["--check-config", str(good)]) == 0
    assert "valid" in capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    bad.write_text("[screen]\nrows = 30\n")
    assert main(["--check-config", str(bad)]) == 1
    assert "screen.rows" in capsys.readouterr().err
    assert main(["--print-default-config"]) == 0
    printed = capsys.readouterr().out
    copy = write(tmp_path, printed)
    assert load_config(copy) == load_config()  # the printed file is a valid starting point
    assert isinstance(load_config(copy), DisplayConfig)
