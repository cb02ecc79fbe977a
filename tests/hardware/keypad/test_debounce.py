import pytest

from hardware.keypad import Debouncer


def test_chatter_of_five_presses_in_30ms_counts_once() -> None:
    bounce = Debouncer(0.3)
    accepted = [bounce.accept((0, "call"), 10.0 + i * 0.0075) for i in range(5)]
    assert accepted == [True, False, False, False, False]


def test_new_press_after_quiet_window() -> None:
    bounce = Debouncer(0.3)
    assert bounce.accept("k", 1.0)
    assert not bounce.accept("k", 1.2)
    assert not bounce.accept("k", 1.45)  # the window restarts on every repeat (held button)
    assert bounce.accept("k", 1.80)


def test_keys_are_independent() -> None:
    bounce = Debouncer(0.3)
    assert bounce.accept((1, "call"), 5.0)
    assert bounce.accept((2, "call"), 5.0)
    assert bounce.accept((1, "start"), 5.01)
    assert not bounce.accept((1, "call"), 5.02)


def test_zero_window_accepts_everything_and_negative_is_rejected() -> None:
    bounce = Debouncer(0)
    assert all(bounce.accept("k", 1.0) for _ in range(3))
    with pytest.raises(ValueError, match="negative"):
        Debouncer(-0.1)


def test_reset_forgets() -> None:
    bounce = Debouncer(0.3)
    bounce.accept("k", 1.0)
    bounce.reset()
    assert bounce.accept("k", 1.1)
