"""Spoken ticket numbers, counters and number words in English, Chinese and Russian."""

from __future__ import annotations

import pytest

from hub.i18n.spoken_numbers import (
    ANNOUNCEMENT_TEMPLATES,
    MAX_CARDINAL,
    SPOKEN_LANGS,
    announcement_text,
    en_cardinal,
    ru_cardinal,
    spoken_counter,
    spoken_ticket,
    zh_cardinal,
)

CARDINALS = [
    # n, English, Chinese, Russian (masculine)
    (0, "zero", "零", "ноль"),
    (1, "one", "一", "один"),
    (2, "two", "二", "два"),
    (7, "seven", "七", "семь"),
    (10, "ten", "十", "десять"),
    (11, "eleven", "十一", "одиннадцать"),
    (12, "twelve", "十二", "двенадцать"),
    (19, "nineteen", "十九", "девятнадцать"),
    (20, "twenty", "二十", "двадцать"),
    (21, "twenty-one", "二十一", "двадцать один"),
    (40, "forty", "四十", "сорок"),
    (42, "forty-two", "四十二", "сорок два"),
    (99, "ninety-nine", "九十九", "девяносто девять"),
    (100, "one hundred", "一百", "сто"),
    (101, "one hundred one", "一百零一", "сто один"),
    (110, "one hundred ten", "一百一十", "сто десять"),
    (111, "one hundred eleven", "一百一十一", "сто одиннадцать"),
    (200, "two hundred", "二百", "двести"),
    (305, "three hundred five", "三百零五", "триста пять"),
    (999, "nine hundred ninety-nine", "九百九十九", "девятьсот девяносто девять"),
    (1000, "one thousand", "一千", "тысяча"),
    (1001, "one thousand one", "一千零一", "тысяча один"),
    (1010, "one thousand ten", "一千零一十", "тысяча десять"),
    (1100, "one thousand one hundred", "一千一百", "тысяча сто"),
    (1999, "one thousand nine hundred ninety-nine", "一千九百九十九",
     "тысяча девятьсот девяносто девять"),
    (2000, "two thousand", "二千", "две тысячи"),
    (2024, "two thousand twenty-four", "二千零二十四", "две тысячи двадцать четыре"),
    (4002, "four thousand two", "四千零二", "четыре тысячи два"),
    (5000, "five thousand", "五千", "пять тысяч"),
    (9999, "nine thousand nine hundred ninety-nine", "九千九百九十九",
     "девять тысяч девятьсот девяносто девять"),
]  # fmt: skip


@pytest.mark.parametrize(("n", "en", "zh", "ru"), CARDINALS)
def test_cardinals(n: int, en: str, zh: str, ru: str) -> None:
    assert en_cardinal(n) == en
    assert zh_cardinal(n) == zh
    assert ru_cardinal(n) == ru


@pytest.mark.parametrize(
    ("n", "expected"),
    [(2, "二"), (22, "二十二"), (200, "两百"), (222, "两百二十二"), (2000, "两千"),
     (2202, "两千两百零二"), (1020, "一千零二十")],
)  # fmt: skip
def test_zh_liang_is_optional_and_only_before_hundreds_and_thousands(n: int, expected: str) -> None:
    assert zh_cardinal(n, liang=True) == expected
    assert "两" not in zh_cardinal(n)


@pytest.mark.parametrize(
    ("n", "masculine", "feminine", "neuter"),
    [
        (1, "один", "одна", "одно"),
        (2, "два", "две", "два"),
        (21, "двадцать один", "двадцать одна", "двадцать одно"),
        (1002, "тысяча два", "тысяча две", "тысяча два"),
        (12, "двенадцать", "двенадцать", "двенадцать"),
        (2000, "две тысячи", "две тысячи", "две тысячи"),
    ],
)
def test_ru_gender_changes_only_one_and_two(
    n: int, masculine: str, feminine: str, neuter: str
) -> None:
    assert ru_cardinal(n) == masculine
    assert ru_cardinal(n, "masculine") == masculine
    assert ru_cardinal(n, "feminine") == feminine
    assert ru_cardinal(n, "neuter") == neuter


def test_every_number_has_words_and_no_stray_spaces() -> None:
    for n in range(MAX_CARDINAL + 1):
        for words in (en_cardinal(n), ru_cardinal(n)):
            assert words == words.strip()
            assert "  " not in words
            assert not any(ch.isdigit() for ch in words)
        zh = zh_cardinal(n)
        assert "零零" not in zh
        assert not zh.endswith("零") or n == 0


@pytest.mark.parametrize("bad", [-1, MAX_CARDINAL + 1, True])
@pytest.mark.parametrize("fn", [en_cardinal, zh_cardinal, ru_cardinal])
def test_cardinals_reject_out_of_range(fn: object, bad: int) -> None:
    with pytest.raises(ValueError, match=r"0\.\.9999"):
        fn(bad)  # type: ignore[operator]


TICKETS = [
    # number, lang, style, expected
    ("A042", "en", "natural", "A- forty-two"),
    ("A042", "en", "digits", "A- zero four two"),
    ("A042", "zh", "natural", "A 四十二 号"),
    ("A042", "zh", "digits", "A 零 四 二 号"),
    ("A042", "ru", "natural", "А сорок два"),
    ("A042", "ru", "digits", "А ноль четыре два"),
    ("AB12", "en", "natural", "A-B- twelve"),
    ("AB-12", "zh", "natural", "A B 十二 号"),
    ("ab 12", "ru", "natural", "А Бэ двенадцать"),
    ("W7", "ru", "natural", "Дубль-вэ семь"),
    ("XYZ100", "ru", "natural", "Икс Игрек Зэт сто"),
    ("A000", "en", "natural", "A- zero"),
    ("A000", "zh", "natural", "A 零 号"),
    ("B2024", "en", "natural", "B- two thousand twenty-four"),
    ("C1001", "zh", "natural", "C 一千零一 号"),
    ("042", "en", "natural", "forty-two"),
    ("042", "zh", "natural", "四十二 号"),
    ("A", "en", "natural", "A-"),
    ("A12345", "en", "natural", "A- one two three four five"),
    ("Б15", "ru", "natural", "Бэ пятнадцать"),
    ("ЙЖ3", "ru", "digits", "И краткое Жэ три"),
]


@pytest.mark.parametrize(("number", "lang", "style", "expected"), TICKETS)
def test_spoken_ticket(number: str, lang: str, style: str, expected: str) -> None:
    assert spoken_ticket(number, lang, style) == expected  # type: ignore[arg-type]


def test_every_latin_letter_has_a_spelling_in_every_language() -> None:
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        assert spoken_ticket(f"{letter}1", "en") == f"{letter}- one"
        assert spoken_ticket(f"{letter}1", "zh") == f"{letter} 一 号"
        ru = spoken_ticket(f"{letter}1", "ru")
        assert ru.endswith(" один")
        assert all("А" <= ch <= "я" or ch in "Ёё -" for ch in ru), ru


@pytest.mark.parametrize(
    ("number", "lang"),
    [("", "en"), ("42A", "en"), ("A-4-2", "en"), ("A4.2", "en"), ("Б1", "en"), ("Б1", "zh"),
     ("A1", "de"), ("A1", "EN")],
)  # fmt: skip
def test_spoken_ticket_rejects_what_it_cannot_say(number: str, lang: str) -> None:
    with pytest.raises(ValueError):
        spoken_ticket(number, lang)


def test_unknown_style_is_an_error() -> None:
    with pytest.raises(ValueError, match="style"):
        spoken_ticket("A1", "en", "roman")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "lang", "expected"),
    [
        ("3", "en", "three"),
        ("3", "zh", "三"),
        ("3", "ru", "три"),
        ("1", "ru", "один"),  # "окно один": a label, masculine after an implied "номер"
        ("12", "zh", "十二"),
        ("B2", "en", "B- two"),
        (" B2 ", "ru", "Бэ два"),
        ("Cashier", "en", "Cashier"),
        ("Касса 2", "ru", "Касса два"),
        ("Window 12", "en", "Window twelve"),
        ("VIP", "en", "V-I-P-"),
        ("VIP", "ru", "Вэ И Пэ"),
        ("Bar", "en", "Bar"),
        ("b2", "zh", "B 二"),
        ("Касса 2", "zh", "Касса 二"),
        ("  ", "en", ""),
    ],
)
def test_spoken_counter(name: str, lang: str, expected: str) -> None:
    assert spoken_counter(name, lang) == expected


ANNOUNCEMENTS = [
    ("en", "natural", "Ticket A- forty-two, please go to counter three."),
    ("en", "digits", "Ticket A- zero four two, please go to counter three."),
    ("zh", "natural", "A 四十二 号，请到三号窗口。"),
    ("ru", "natural", "Талон А сорок два, окно три."),
    ("ru", "digits", "Талон А ноль четыре два, окно три."),
]


@pytest.mark.parametrize(("lang", "style", "expected"), ANNOUNCEMENTS)
def test_announcement_text(lang: str, style: str, expected: str) -> None:
    assert announcement_text("A042", "3", lang, style) == expected  # type: ignore[arg-type]


def test_announcement_template_can_be_overridden_by_a_translation() -> None:
    text = announcement_text("A042", "3", "en", template="Number {number} to desk {counter}")
    assert text == "Number A- forty-two to desk three"


def test_there_is_a_template_for_every_language() -> None:
    assert set(ANNOUNCEMENT_TEMPLATES) == set(SPOKEN_LANGS)
    for template in ANNOUNCEMENT_TEMPLATES.values():
        assert "{number}" in template
        assert "{counter}" in template
