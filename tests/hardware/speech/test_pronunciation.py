"""Letters are said as letter names: the hub's spellings checked against eSpeak's phonemes.

``espeak-ng -x`` prints the phonemes eSpeak would speak, with the very voices the driver picks.
Stress and linking marks (' , ;) are ignored; "(en)" marks a switch to the English voice.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator

import pytest

from hardware.speech import EspeakSynth
from hub.i18n.spoken_numbers import announcement_text, spoken_ticket

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="no espeak-ng CLI")

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# English letter names in eSpeak's phoneme alphabet (en-us), as it says them in "A42".
EN_NAMES = {
    "A": "eI", "B": "bi:", "C": "si:", "D": "di:", "E": "i:", "F": "Ef", "G": "dZi:",
    "H": "eItS", "I": "aI", "J": "dZeI", "K": "keI", "L": "El", "M": "Em", "N": "En", "O": "oU",
    "P": "pi:", "Q": "kju:", "R": "A@", "S": "Es", "T": "ti:", "U": "ju:", "V": "vi:",
    "W": "dVb@Lju:", "X": "Eks", "Y": "waI", "Z": "zi:",
}  # fmt: skip
# Two-letter codes that eSpeak reads as words when they are written plainly.
WORDY_PAIRS = ["AA", "AB", "AM", "AN", "AS", "AT", "BE", "GO", "HE", "ID", "IN", "IS", "IT",
               "ME", "NO", "OK", "ON", "OR", "SO", "TO", "UP", "US", "WE", "OX"]  # fmt: skip


@pytest.fixture(scope="module")
def voices() -> Iterator[dict[str, str]]:
    synth = EspeakSynth()
    try:
        yield {lang: synth.voice_for(lang) for lang in ("en", "zh", "ru")}
    finally:
        synth.close()


def phonemes(voice: str, text: str) -> str:
    done = subprocess.run(
        ["espeak-ng", "-q", "-x", "-v", voice, text],
        capture_output=True,
        text=True,
        check=True,
        timeout=10,
    )
    return " ".join(done.stdout.split())


def bare(word: str) -> str:
    return word.translate(str.maketrans("", "", "',;"))


def test_plain_a_is_read_as_the_article_which_is_why_we_spell_it(voices: dict[str, str]) -> None:
    """The problem being solved, so this test fails if eSpeak ever changes its mind."""
    assert phonemes(voices["en"], "Ticket A 42").split()[1] == "a#"  # "uh", not "ay"
    assert bare(phonemes(voices["en"], "AM 12").split()[0]) == "am"  # read as a word


@pytest.mark.parametrize("letter", LETTERS)
def test_english_letters(voices: dict[str, str], letter: str) -> None:
    text = announcement_text(f"{letter}12", "3", "en")
    said = phonemes(voices["en"], text).split()
    assert said[0] == "t'IkI2t"
    assert bare(said[1]) == EN_NAMES[letter], (text, said)
    assert "a#" not in said


@pytest.mark.parametrize("pair", WORDY_PAIRS)
def test_english_letter_pairs_are_spelled(voices: dict[str, str], pair: str) -> None:
    said = phonemes(voices["en"], f"Ticket {spoken_ticket(pair + '12', 'en')}").split()
    assert bare(said[1]) == "".join(EN_NAMES[letter] for letter in pair), said


@pytest.mark.parametrize("style", ["natural", "digits"])
def test_english_call_without_a_single_article(voices: dict[str, str], style: str) -> None:
    for letter in LETTERS:
        said = phonemes(voices["en"], announcement_text(f"{letter}042", "3", "en", style))
        assert "a#" not in said.split()


@pytest.mark.parametrize("letter", LETTERS + "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ")
def test_russian_letters_stay_in_the_russian_voice(voices: dict[str, str], letter: str) -> None:
    text = announcement_text(f"{letter}12", "3", "ru")
    said = phonemes(voices["ru"], text)
    assert "(en)" not in said, (text, said)
    name = said.split()[1]  # after "tal'on_"
    assert "'" in name, (text, said)  # the letter name carries stress: said, not swallowed


def test_latin_letters_would_switch_the_russian_voice_to_english(voices: dict[str, str]) -> None:
    assert "(en)" in phonemes(voices["ru"], "Талон B двенадцать")


@pytest.mark.parametrize("code", list(LETTERS) + WORDY_PAIRS)
def test_chinese_letters_are_letter_names_in_the_mandarin_voice(
    voices: dict[str, str], code: str
) -> None:
    text = announcement_text(f"{code}12", "3", "zh")
    said = phonemes(voices["zh"], text)
    assert "(en)" not in said, (text, said)
    syllables = said.split("_|")
    assert syllables[len(code)].strip() == "s.'i.35", (text, said)  # then 十 follows


def test_chinese_voice_reads_characters_not_tone_numbers(voices: dict[str, str]) -> None:
    """eSpeak 1.51's plain cmn voice says 号 as "hao four"; the chosen voice must not."""
    said = phonemes(voices["zh"], announcement_text("A042", "3", "zh"))
    assert "(en)" not in said
    assert "X'Au51" in said  # 号 hào, fourth tone
