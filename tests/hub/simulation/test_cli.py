"""`nowserving simulate` end to end, as a manager would run it."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.simulation.cli import main


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list"]) == 0
    assert "passport_office" in capsys.readouterr().out


def test_simulate_writes_summary_and_csv(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    csv = tmp_path / "t.csv"
    assert main(["clinic", "--days", "2", "--seed", "5", "--tickets-csv", str(csv)]) == 0
    out = capsys.readouterr().out
    for needle in ("doctor/priority", "counter utilisation", "ours", "les", "80% cover"):
        assert needle in out
    assert csv.read_text().startswith("ticket,service,priority,issued_at,called_at")
    assert main(["clinic", "--what-if", str(csv), "--weekday", "tue"]) == 0
    out = capsys.readouterr().out
    assert "counters needed" in out and "what-if" in out


def test_bad_scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\noffice = "sample"\n[simulation]\nservices = {}\nclose = "07:00"')
    assert main([str(bad)]) == 2
    assert "close must be after" in capsys.readouterr().err
    assert main([str(tmp_path / "missing.toml")]) == 2


def test_what_if_another_counter_and_another_policy(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["passport_office", "--extra-counter", "collections,enquiries@10:00-17:00",
                 "--policy", "protected"]) == 0
    out = capsys.readouterr().out
    assert "+ counter X7: collections,enquiries@10:00-17:00" in out
    assert "policy protected" in out
    assert "extra-7" in out  # its utilisation
    assert main(["clinic", "--extra-counter", "surgery@09:00-10:00"]) == 2
    assert "give services among" in capsys.readouterr().err
