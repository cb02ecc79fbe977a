"""``nowserving display --say A042 --counter 3 --lang ru --audio-out DIR``: one WAV, then exit."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from display.cli import main
from tests.display.live import wav_stats


def test_say_writes_one_wav_and_exits(tmp_path: Path, artifacts_dir: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x"
    assert main(["--say", "A042", "--counter", "3", "--lang", "ru", "--audio-out",
                 str(out)]) == 0
    files = sorted(out.glob("*.wav"))
    assert [f.name for f in files] == ["0001-A042-ru.wav"]
    assert str(files[0]) in capsys.readouterr().out
    duration, rms, rate = wav_stats(files[0])
    shutil.copy(files[0], artifacts_dir / files[0].name)
    assert rate == 22050
    assert 2.0 < duration < 8.0  # chime and "Талон А сорок два, окно три."
    assert rms > 500


def test_say_several_languages_and_the_recall_phrase(tmp_path: Path) -> None:
    out = tmp_path / "x"
    assert main(["--say", "B7", "--counter", "12", "--lang", "zh", "--lang", "en",
                 "--recall", "--audio-out", str(out)]) == 0
    files = sorted(out.glob("*.wav"))
    assert [f.name for f in files] == ["0001-B7-zh+en.wav"]
    one_language, _, _ = wav_stats(files[0])
    assert one_language > 5.0


def test_say_refuses_what_it_cannot_say(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                        ) -> None:
    assert main(["--say", "A-4-2!", "--counter", "3", "--audio-out", str(tmp_path)]) == 2
    assert "not a ticket number" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--say", "A042", "--audio-out", str(tmp_path)])  # no --counter
    with pytest.raises(SystemExit):  # the demo hooks watch a running display
        main(["--say", "A042", "--counter", "3", "--audio-out", str(tmp_path),
              "--state-file", str(tmp_path / "s.json")])
    assert list(tmp_path.iterdir()) == []


def test_say_through_the_nowserving_command(tmp_path: Path) -> None:
    launcher = Path(sys.executable).with_name("nowserving")
    done = subprocess.run([str(launcher), "display", "--say", "A042", "--counter", "3",
                           "--lang", "ru", "--audio-out", str(tmp_path / "x")],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "x" / "0001-A042-ru.wav").exists()
