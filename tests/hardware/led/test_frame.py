import pytest

from hardware.led import clear_frame, show_frame


def test_show_steady_blink_and_clear_bytes() -> None:
    assert show_frame(1, "A042") == bytes.fromhex("02 30 31 53 41 30 34 32 03")
    assert show_frame(1, "A042", blink=True) == bytes.fromhex("02 30 31 42 41 30 34 32 03")
    assert clear_frame(1) == bytes.fromhex("02 30 31 43 03")
    assert show_frame(0, "7") == bytes.fromhex("02 30 30 53 37 03")
    assert show_frame(42, "") == bytes.fromhex("02 34 32 53 03")


def test_cp1251_cyrillic() -> None:
    assert show_frame(1, "Б7", encoding="cp1251") == bytes.fromhex("02 30 31 53 c1 37 03")
    assert show_frame(3, "Ёж-12", encoding="cp1251") == bytes.fromhex(
        "02 30 33 53 a8 e6 2d 31 32 03"
    )


def test_unencodable_and_control_characters_become_question_marks() -> None:
    assert show_frame(1, "Б7", encoding="ascii") == bytes.fromhex("02 30 31 53 3f 37 03")
    assert show_frame(1, "中A", encoding="cp1251") == bytes.fromhex("02 30 31 53 3f 41 03")
    assert show_frame(1, "A\x02\x03\n\x7f") == bytes.fromhex("02 30 31 53 41 3f 3f 3f 3f 03")


def test_long_text_is_cut_to_32_characters() -> None:
    frame = show_frame(1, "9" * 40)
    assert frame == b"\x0201S" + b"9" * 32 + b"\x03"


@pytest.mark.parametrize("address", [-1, 100, True, "1"])
def test_bad_address(address: object) -> None:
    with pytest.raises(ValueError, match="address"):
        show_frame(address, "1")  # type: ignore[arg-type]
