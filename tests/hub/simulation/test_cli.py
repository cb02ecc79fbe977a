"""`nowserving simulate` end to end, as a manager would run it."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from hub.config import default_office_text, load_office
from hub.engine import commands
from hub.service import HubService
from hub.simulation.cli import main
from hub.store import Store


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


LONDON = ZoneInfo("Europe/London")  # the embedded sample office's time zone
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _hub_db(path: Path, days: list[date]) -> Path:
    """A hub database of the sample office: general 4/h at 10:00, payments 2/h at 11:00."""
    times = [datetime.combine(day, time(10, 0), LONDON) + timedelta(minutes=15 * i)
             for day in days for i in range(4)]
    times += [datetime.combine(day, time(11, 0), LONDON) + timedelta(minutes=30 * i)
              for day in days for i in range(2)]
    times.sort()
    now = [times[0].timestamp()]
    service = HubService(Store(path, synchronous="OFF"), load_office(), clock=lambda: now[0])
    for at in times:
        now[0] = at.timestamp()
        service.roll_day()  # day close archives the day before, as in the hub
        ticket_id = service.new_id()
        service_id = "general" if at.hour == 10 else "payments"
        service.execute(lambda s, t, i=ticket_id, sid=service_id: commands.issue_ticket(
            s, t, ticket_id=i, service_id=sid))
    service.store.close()
    return path


def _past_days(n: int) -> list[date]:
    today = datetime.now(LONDON).date()
    return [today - timedelta(days=back) for back in range(n, 0, -1)]


def test_what_if_from_the_hub_database(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    db = _hub_db(tmp_path / "hub.db", _past_days(14))
    assert main(["--what-if", "--db", str(db), "--seed", "3"]) == 0
    out = capsys.readouterr().out
    today = DAY_NAMES[datetime.now(LONDON).weekday()]
    assert f"what-if for {today}: forecast from {db} (2 past {today}(s))" in out
    rows = {line.split()[0]: line.split() for line in out.splitlines()
            if re.match(r"^\d\d:00 ", line)}
    assert list(rows) == ["10:00", "11:00"]  # the doors open when visitors come
    assert rows["10:00"][1:3] == ["4.0", "0.0"]  # general, payments; documents: no history
    assert rows["11:00"][1:3] == ["0.0", "2.0"]
    assert rows["10:00"][3:] == ["1+0=1", "1", "(1)"]  # Erlang C; simulated: counter 1
    assert rows["11:00"][3:] == ["0+1=1", "1", "(1)"]
    assert "Now Serving Sample Office (what-if: " in out
    assert re.search(r"^general/normal +\d+ ", out, re.MULTILINE)
    assert "documents/" not in out


def test_what_if_with_a_scenario_named_after_the_flag(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    db = _hub_db(tmp_path / "hub.db", _past_days(7))
    # `--what-if sample_office`: the flag's optional value took the scenario's name.
    assert main(["--what-if", "sample_office", "--db", str(db), "--weekday", "Monday"]) == 0
    out = capsys.readouterr().out
    assert "what-if for Monday: forecast from" in out
    assert re.search(r"^hour +general +payments +documents\* +Erlang C", out, re.MULTILINE)
    assert "*: no history for this service, the scenario's own arrivals." in out
    assert "Sample office, multi-skill (what-if: forecast arrivals)" in out
    assert "documents/normal" in out  # the scenario's own visitors still come


def test_what_if_errors_name_the_database(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    def error(argv: list[str]) -> str:
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1, err  # one line
        return err

    missing = tmp_path / "nothing-here.db"
    assert f"{missing}: no such database" in error(["--what-if", "--db", str(missing)])
    assert not missing.exists()  # not created by asking
    garbage = tmp_path / "notes.txt"
    garbage.write_text("not a database, just some notes\n" * 100, encoding="utf-8")
    assert f"{garbage}: not a hub database" in error(["--what-if", "--db", str(garbage)])
    empty = tmp_path / "empty.db"
    Store(empty).close()
    assert error(["--what-if", "--db", str(empty)]) == (
        f"nowserving simulate: no tickets in the last 8 weeks in {empty}: run the hub for a "
        "few days first, or give a history CSV\n")
    one_day = _hub_db(tmp_path / "one-day.db", _past_days(1))
    other = DAY_NAMES[(datetime.now(LONDON).weekday() + 3) % 7]
    assert (f"no tickets on a {other} in the last 8 weeks in {one_day}"
            in error(["--what-if", "--db", str(one_day), "--weekday", other[:3]]))
    assert "'funday': not a weekday" in error(["--what-if", "--db", str(one_day),
                                               "--weekday", "funday"])
    bad_csv = tmp_path / "history.csv"
    bad_csv.write_text("when,what\n2026-03-02T09:00,general\n", encoding="utf-8")
    assert f"{bad_csv}: a history CSV needs the columns" in error(
        ["sample_office", "--what-if", str(bad_csv)])
    # Without --db: the hub's own default database, or the one the office file names.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert f"{tmp_path / 'data' / 'nowserving' / 'hub.db'}: no such database" in error(
        ["--what-if"])
    office = tmp_path / "office.toml"
    office.write_text(default_office_text() + f'\n[hub]\ndatabase = "{missing}"\n',
                      encoding="utf-8")
    assert f"{missing}: no such database" in error(["--what-if", "--config", str(office)])
