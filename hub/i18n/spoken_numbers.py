"""Ticket numbers and counter names as the announcement voice should say them (en, zh, ru).

Pure functions, stdlib only. The output is text for a speech engine, not for a screen, so the
spellings are chosen for how eSpeak NG pronounces them (checked with ``espeak-ng -x``):

- English: a lone capital "A" is read as the article ("uh"), and runs such as "AB" or "AM" are
  read as words. Letters are therefore joined by hyphens with a trailing hyphen ("A-", "A-B-"),
  which eSpeak always spells as letter names. Numbers follow American usage ("one hundred one").
- Russian: the Russian voice switches to English for Latin letters. Latin prefixes are given
  their Russian letter names ("Бэ", "Цэ", "Дубль-вэ"), Cyrillic ones their own names. Numbers
  that label a ticket or a counter take the masculine form ("один", "два"), as after an implied
  "номер"; "окно одно" would mean "only one window".
- Chinese: capital letters are kept, one per word ("A B"), which the Mandarin voice reads as
  letter names; glued together ("AB") they are read as an English word. Numbers are written in
  characters with 零 for inner zeros and 二 (not 两) by default, the way ticket numbers are read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, Literal

Style = Literal["natural", "digits"]
Gender = Literal["masculine", "feminine", "neuter"]

SPOKEN_LANGS: Final = ("en", "zh", "ru")
MAX_CARDINAL: Final = 9999

ANNOUNCEMENT_TEMPLATES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "en": "Ticket {number}, please go to counter {counter}.",
        "zh": "{number}，请到{counter}号窗口。",
        "ru": "Талон {number}, окно {counter}.",
    }
)
"""Fallback phrases; gettext catalogs replace them through ``announcement_text(template=...)``."""

_EN_ONES: Final = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
_EN_TENS: Final = (
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
)  # fmt: skip

_ZH_DIGITS: Final = "零一二三四五六七八九"
_ZH_UNITS: Final = ("", "十", "百", "千")

_RU_ONES: Final = (
    "ноль", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять",
)  # fmt: skip
_RU_TEENS: Final = (
    "десять", "одиннадцать", "двенадцать", "тринадцать", "четырнадцать", "пятнадцать",
    "шестнадцать", "семнадцать", "восемнадцать", "девятнадцать",
)  # fmt: skip
_RU_TENS: Final = (
    "", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят",
    "восемьдесят", "девяносто",
)  # fmt: skip
_RU_HUNDREDS: Final = (
    "", "сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот", "семьсот", "восемьсот",
    "девятьсот",
)  # fmt: skip
_RU_ONE_TWO: Final[Mapping[Gender, tuple[str, str]]] = {
    "masculine": ("один", "два"),
    "feminine": ("одна", "две"),
    "neuter": ("одно", "два"),
}
# Russian names of the Latin letters (the traditional school and mathematics names).
_RU_LATIN: Final[Mapping[str, str]] = {
    "A": "А", "B": "Бэ", "C": "Цэ", "D": "Дэ", "E": "Е", "F": "Эф", "G": "Гэ", "H": "Аш",
    "I": "И", "J": "Йот", "K": "Ка", "L": "Эль", "M": "Эм", "N": "Эн", "O": "О", "P": "Пэ",
    "Q": "Ку", "R": "Эр", "S": "Эс", "T": "Тэ", "U": "У", "V": "Вэ", "W": "Дубль-вэ",
    "X": "Икс", "Y": "Игрек", "Z": "Зэт",
}  # fmt: skip
# Cyrillic prefixes are called by their own letter names.
_RU_CYRILLIC: Final[Mapping[str, str]] = {
    "А": "А", "Б": "Бэ", "В": "Вэ", "Г": "Гэ", "Д": "Дэ", "Е": "Е", "Ё": "Ё", "Ж": "Жэ",
    "З": "Зэ", "И": "И", "Й": "И краткое", "К": "Ка", "Л": "Эль", "М": "Эм", "Н": "Эн",
    "О": "О", "П": "Пэ", "Р": "Эр", "С": "Эс", "Т": "Тэ", "У": "У", "Ф": "Эф", "Х": "Ха",
    "Ц": "Цэ", "Ч": "Че", "Ш": "Ша", "Щ": "Ща", "Ъ": "Твёрдый знак", "Ы": "Ы",
    "Ь": "Мягкий знак", "Э": "Э", "Ю": "Ю", "Я": "Я",
}  # fmt: skip
_MAX_CODE_LETTERS: Final = 3
_LATIN: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_TICKET_RE: Final = re.compile(r"^(?P<letters>[^\W\d_]*)[\s-]*(?P<digits>[0-9]*)$")


def en_cardinal(n: int) -> str:
    """Say 0..9999 in English words, American style ("one hundred one", no "and")."""
    _check_range(n)
    if n < 20:
        return _EN_ONES[n]
    thousands, rest = divmod(n, 1000)
    hundreds, rest = divmod(rest, 100)
    parts = []
    if thousands:
        parts.append(f"{_EN_ONES[thousands]} thousand")
    if hundreds:
        parts.append(f"{_EN_ONES[hundreds]} hundred")
    if rest:
        tens, ones = divmod(rest, 10)
        if rest < 20:
            parts.append(_EN_ONES[rest])
        else:
            parts.append(_EN_TENS[tens] + (f"-{_EN_ONES[ones]}" if ones else ""))
    return " ".join(parts)


def zh_cardinal(n: int, *, liang: bool = False) -> str:
    """Say 0..9999 in Chinese characters; ``liang`` uses 两 before 百/千 as in everyday speech.

    Inner runs of zeros become one 零 (1001 一千零一, 1010 一千零一十), trailing zeros are
    silent (1100 一千一百) and 10..19 drop the leading 一 (十一), but not inside larger numbers
    (110 一百一十).
    """
    _check_range(n)
    if n == 0:
        return _ZH_DIGITS[0]
    digits = str(n)
    out: list[str] = []
    zero_pending = False
    for index, char in enumerate(digits):
        digit = int(char)
        position = len(digits) - 1 - index
        if digit == 0:
            zero_pending = True
            continue
        if zero_pending:
            out.append(_ZH_DIGITS[0])
            zero_pending = False
        word = "两" if liang and digit == 2 and position >= 2 else _ZH_DIGITS[digit]
        out.append(word + _ZH_UNITS[position])
    text = "".join(out)
    return text[1:] if 10 <= n <= 19 else text


def ru_cardinal(n: int, gender: Gender = "masculine") -> str:
    """Say 0..9999 in Russian words; ``gender`` picks один/одна/одно and два/две for the last word.

    Labels (ticket and counter numbers) use the masculine form, the default.
    """
    _check_range(n)
    if n == 0:
        return _RU_ONES[0]
    thousands, rest = divmod(n, 1000)
    parts = []
    if thousands:
        parts.append(_ru_thousands(thousands))
    hundreds, rest = divmod(rest, 100)
    if hundreds:
        parts.append(_RU_HUNDREDS[hundreds])
    tens, ones = divmod(rest, 10)
    if tens == 1:
        parts.append(_RU_TEENS[ones])
    else:
        if tens:
            parts.append(_RU_TENS[tens])
        if ones:
            parts.append(_ru_unit(ones, gender))
    return " ".join(parts)


def spoken_ticket(number: str, lang: str, style: Style = "natural") -> str:
    """Turn a ticket number such as "A042" or "AB-12" into the words the voice should say.

    "natural" reads the digits as one number ("A- forty-two"), "digits" reads them one by one
    ("A- zero four two"), which some offices prefer for long numbers. Numbers above 9999 are
    always read digit by digit.
    """
    _check_lang(lang)
    letters, digits = _split(number)
    parts = [_spell_letters(letters, lang)] if letters else []
    if digits:
        if style == "digits" or int(digits) > MAX_CARDINAL:
            parts.append(" ".join(_cardinal(int(d), lang) for d in digits))
        elif style == "natural":
            parts.append(_cardinal(int(digits), lang))
        else:
            msg = f"style must be 'natural' or 'digits', got {style!r}"
            raise ValueError(msg)
    if lang == "zh":
        parts.append("号")
    return " ".join(parts)


def spoken_counter(name: str, lang: str) -> str:
    """Say a counter name word by word: numbers and codes as words, other words unchanged.

    "3" -> "three", "B2" -> "B- two", "Касса 2" -> "Касса два", "VIP" -> "V-I-P-". A code is
    at most three letters, either in capitals or followed by digits; anything else ("Cashier",
    "Bar") is a word the voice reads as written.
    """
    _check_lang(lang)
    return " ".join(_spoken_counter_word(word, lang) for word in name.split())


def announcement_text(
    number: str,
    counter: str,
    lang: str,
    style: Style = "natural",
    *,
    template: str | None = None,
) -> str:
    """Compose the full call ("Ticket A- forty-two, please go to counter three.").

    ``template`` is the translated phrase with ``{number}`` and ``{counter}`` fields; without it
    the built-in ``ANNOUNCEMENT_TEMPLATES`` are used.
    """
    _check_lang(lang)
    phrase = ANNOUNCEMENT_TEMPLATES[lang] if template is None else template
    return phrase.format(
        number=spoken_ticket(number, lang, style), counter=spoken_counter(counter, lang)
    )


def _split(number: str) -> tuple[str, str]:
    """Split "AB-012" into ("AB", "012"); raise ValueError for anything else."""
    match = _TICKET_RE.match(number.strip())
    if match is None or not (match["letters"] or match["digits"]):
        msg = f"not a ticket number (letters then digits): {number!r}"
        raise ValueError(msg)
    return match["letters"].upper(), match["digits"]


def _spell_letters(letters: str, lang: str) -> str:
    """Spell a letter prefix so that each letter is said by its name (see module docstring)."""
    if lang == "ru":
        names = [_RU_LATIN.get(letter) or _RU_CYRILLIC.get(letter) for letter in letters]
        if None in names:
            msg = f"no Russian name for the letters in {letters!r}"
            raise ValueError(msg)
        return " ".join(name for name in names if name)
    if not set(letters) <= _LATIN:
        msg = f"only Latin letters A-Z can be spoken in {lang!r}, got {letters!r}"
        raise ValueError(msg)
    return " ".join(letters) if lang == "zh" else "-".join(letters) + "-"


def _spoken_counter_word(word: str, lang: str) -> str:
    try:
        letters, digits = _split(word)
    except ValueError:
        return word
    is_code = len(letters) <= _MAX_CODE_LETTERS and (digits or word.isupper())
    if not is_code:
        return word
    try:
        parts = [_spell_letters(letters, lang)] if letters else []
    except ValueError:  # letters this language cannot spell: leave the word to the voice
        return word
    if digits:
        value = int(digits)
        parts.append(
            _cardinal(value, lang)
            if value <= MAX_CARDINAL
            else " ".join(_cardinal(int(d), lang) for d in digits)
        )
    return " ".join(parts)


def _cardinal(n: int, lang: str) -> str:
    if lang == "en":
        return en_cardinal(n)
    if lang == "zh":
        return zh_cardinal(n)
    return ru_cardinal(n)


def _ru_unit(digit: int, gender: Gender) -> str:
    if digit in (1, 2):
        return _RU_ONE_TWO[gender][digit - 1]
    return _RU_ONES[digit]


def _ru_thousands(count: int) -> str:
    """Say 1..9 thousand: тысяча, две тысячи, пять тысяч (тысяча is feminine)."""
    if count == 1:
        return "тысяча"
    word = "тысячи" if count <= 4 else "тысяч"
    return f"{_ru_unit(count, 'feminine')} {word}"


def _check_range(n: int) -> None:
    if isinstance(n, bool) or not 0 <= n <= MAX_CARDINAL:
        msg = f"number must be an int in 0..{MAX_CARDINAL}, got {n!r}"
        raise ValueError(msg)


def _check_lang(lang: str) -> None:
    if lang not in SPOKEN_LANGS:
        msg = f"lang must be one of {', '.join(SPOKEN_LANGS)}, got {lang!r}"
        raise ValueError(msg)
