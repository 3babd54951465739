"""Property tests for the small readers every importer shares."""

from __future__ import annotations

import math
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.importers.base import ImportFormatError
from tracker.importers.common import clock_seconds, parse_duration_minutes, parse_number, read_text, whole_reps

FEW = settings(max_examples=60, deadline=None)

hours = st.integers(min_value=0, max_value=300)
minutes = st.integers(min_value=0, max_value=59)
seconds = st.integers(min_value=0, max_value=59)
space = st.sampled_from([" ", "  "])  # "1h3m" (no space) is refused: see the report


# ---------------------------------------------------------------------------------------------
# parse_duration_minutes


@FEW
@given(hours, minutes, space)
def test_duration_hours_and_minutes(h, m, gap):
    assert parse_duration_minutes(f"{h}h{gap}{m}m") == h * 60 + m


@FEW
@given(minutes, st.sampled_from(["m", "min", " min", "mins"]))
def test_duration_minutes_only(m, suffix):
    assert parse_duration_minutes(f"{m}{suffix}") == m


@FEW
@given(hours, st.sampled_from(["h", "hr", " hours"]))
def test_duration_hours_only(h, suffix):
    assert parse_duration_minutes(f"{h}{suffix}") == h * 60


@FEW
@given(st.integers(min_value=0, max_value=99), minutes, seconds)
def test_duration_clock(h, m, s):
    assert parse_duration_minutes(f"{h}:{m:02d}:{s:02d}") == pytest.approx(h * 60 + m + s / 60)


@FEW
@given(st.integers(min_value=0, max_value=10**6))
def test_duration_bare_number_is_seconds(total):
    assert parse_duration_minutes(str(total)) == pytest.approx(total / 60)


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_duration_empty_is_none(empty):
    assert parse_duration_minutes(empty) is None


@pytest.mark.parametrize("bad", ["abc", "1h abc", "soon", "3 weeks", "1:2:3:4"])
def test_duration_unreadable_raises(bad):
    with pytest.raises(ValueError, match="duration"):
        parse_duration_minutes(bad)


# ---------------------------------------------------------------------------------------------
# parse_number

finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
weights = st.integers(min_value=0, max_value=200_000).map(lambda n: n / 100)  # 0.00 … 2000.00


@FEW
@given(finite)
def test_number_round_trips_str(value):
    assert parse_number(str(value), column="Weight") == round(value, 6)


@FEW
@given(weights, st.integers(min_value=-4, max_value=4), st.floats(min_value=-1e-9, max_value=1e-9))
def test_number_float_noise_is_rounded_away(value, ulps, epsilon):
    noisy = value + epsilon
    for _ in range(abs(ulps)):
        noisy = math.nextafter(noisy, math.copysign(math.inf, ulps))
    parsed = parse_number(repr(noisy), column="Weight")
    assert parsed == round(value, 6)
    assert len(repr(parsed).split(".")[-1]) <= 6


def test_number_known_noise():
    assert parse_number("149.99999999999997", column="Weight") == 150.0
    assert parse_number("245.00000000000003", column="Weight") == 245.0
    assert parse_number("82,5", column="Weight") == 82.5
    assert parse_number('"60.0"', column="Weight") == 60.0
    assert parse_number("-0.0", column="Weight") == 0.0


@pytest.mark.parametrize("empty", [None, "", "  ", '""'])
def test_number_empty_is_none(empty):
    assert parse_number(empty, column="Reps") is None


@FEW
@given(
    st.text(alphabet=string.ascii_letters + "%$#@!?", min_size=1, max_size=12),
    st.sampled_from(["Weight", "Reps", "Weight (kg)", "RPE"]),
)
def test_number_refuses_text_and_names_the_column(text, column):
    with pytest.raises(ValueError) as raised:
        parse_number(text, column=column)
    assert str(raised.value).startswith(f"{column}: ")
    assert repr(text) in str(raised.value)


@pytest.mark.parametrize("bad", ["1.2.3", "12kg", "inf", "nan", "1,2,3", "--1"])
def test_number_refuses_near_numbers(bad):
    with pytest.raises(ValueError, match="^Seconds: "):
        parse_number(bad, column="Seconds")


# ---------------------------------------------------------------------------------------------
# clock_seconds


@FEW
@given(st.integers(min_value=0, max_value=999), minutes, seconds)
def test_clock_round_trips(h, m, s):
    assert clock_seconds(f"{h}:{m:02d}:{s:02d}") == h * 3600 + m * 60 + s


@FEW
@given(minutes, seconds)
def test_clock_minutes_and_seconds(m, s):
    assert clock_seconds(f"{m}:{s:02d}") == m * 60 + s


def test_clock_empty_and_bad():
    assert clock_seconds("") is None and clock_seconds(None) is None
    with pytest.raises(ValueError, match="0:09:21"):
        clock_seconds("9 minutes")


# ---------------------------------------------------------------------------------------------
# whole_reps


@FEW
@given(st.integers(min_value=0, max_value=10_000))
def test_whole_reps_accepts_n_point_zero(n):
    reps = whole_reps(float(n))
    assert reps == n and type(reps) is int


@FEW
@given(
    st.integers(min_value=0, max_value=1000),
    st.floats(min_value=0.001, max_value=0.999),
    st.sampled_from(["Reps", "reps"]),
)
def test_whole_reps_refuses_fractions(n, fraction, column):
    with pytest.raises(ValueError, match=f"^{column}: "):
        whole_reps(n + fraction, column=column)


def test_whole_reps_none_and_negative():
    assert whole_reps(None) is None
    with pytest.raises(ValueError):
        whole_reps(-1.0)


# ---------------------------------------------------------------------------------------------
# read_text


@pytest.mark.parametrize("empty", [b"", b"   ", b"\n\r\n\t"])
def test_read_text_refuses_empty(empty):
    with pytest.raises(ImportFormatError, match="empty"):
        read_text(empty)


@FEW
@given(st.binary(max_size=200), st.binary(max_size=200))
def test_read_text_refuses_nul_bytes(before, after):
    with pytest.raises(ImportFormatError, match="binary"):
        read_text(before + b"\x00" + after)


@FEW
@given(st.integers(min_value=1, max_value=500), st.integers(min_value=1, max_value=100))
def test_read_text_refuses_over_the_limit(limit, extra):
    with pytest.raises(ImportFormatError, match="limit"):
        read_text(b"a" * (limit + extra), limit=limit)
    assert read_text(b"a" * limit, limit=limit) == "a" * limit


@FEW
@given(st.text(alphabet=st.characters(blacklist_characters="\x00\r", blacklist_categories=("Cs",)), max_size=80))
def test_read_text_strips_a_bom(text):
    assert read_text(b"\xef\xbb\xbf" + text.encode("utf-8")) == text


def test_read_text_normalises_line_ends_and_falls_back_to_cp1252():
    assert read_text(b"a,b\r\nc,d\re") == "a,b\nc,d\ne"
    assert read_text(b"Caf\xe9,1") == "Café,1"
