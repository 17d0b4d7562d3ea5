"""The field rules themselves (no database): examples from the documents and property tests."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import iban as stdnum_iban
from stdnum.iso7064 import mod_97_10

from api.validation import rules
from api.validation.dates import parse_dutch_date

SUNDAY = date(2026, 11, 22)


# Bank codes that exist (python-stdnum also rejects unknown Belgian bank codes).
BANK_CODES = ("000", "001", "068", "096", "363", "734", "750")


def belgian_iban(bank_and_account: int) -> str:
    """A Belgian IBAN with correct national (mod 97) and IBAN check digits."""
    digits = f"{bank_and_account:010d}"
    national = int(digits) % 97 or 97
    bban = f"{digits}{national:02d}"
    return f"BE{mod_97_10.calc_check_digits(bban + 'BE')}{bban}"


def test_iban_with_wrong_belgian_national_check_is_invalid() -> None:
    # The IBAN check digits alone do not catch this one: the Belgian mod-97 check does.
    with pytest.raises(ValueError, match="controlecijfers kloppen niet"):
        rules.parse_iban("BE41091811735141")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("BE71 0961 2345 6769", "BE71096123456769"),
        ("be71096123456769", "BE71096123456769"),
        ("NL91 ABNA 0417 1643 00", "NL91ABNA0417164300"),
    ],
)
def test_valid_ibans_are_normalised(value: str, expected: str) -> None:
    assert rules.parse_iban(value) == expected


@pytest.mark.parametrize("value", ["BE71096123456768", "NL91ABNA0417164301", "BE7109612345", "hallo", ""])
def test_invalid_ibans_get_a_dutch_reason(value: str) -> None:
    with pytest.raises(ValueError, match="IBAN"):
        rules.parse_iban(value)


@given(st.sampled_from(BANK_CODES), st.integers(min_value=0, max_value=9_999_999))
def test_every_correctly_built_belgian_iban_is_accepted(bank: str, account: int) -> None:
    iban = belgian_iban(int(bank) * 10_000_000 + account)
    assert rules.parse_iban(iban) == iban
    assert rules.mask_iban(iban).endswith(iban[-4:])


@given(st.sampled_from(BANK_CODES), st.integers(min_value=0, max_value=9_999_999), st.integers(1, 96))
def test_a_wrong_belgian_national_check_is_always_rejected(bank: str, account: int, shift: int) -> None:
    digits = f"{int(bank) * 10_000_000 + account:010d}"
    wrong = ((int(digits) % 97 or 97) + shift - 1) % 97 + 1
    bban = f"{digits}{wrong:02d}"
    iban = f"BE{mod_97_10.calc_check_digits(bban + 'BE')}{bban}"
    assert stdnum_iban.is_valid(iban) is (wrong == (int(digits) % 97 or 97))
    with pytest.raises(ValueError):
        rules.parse_iban(iban)


@pytest.mark.parametrize(
    ("value", "country", "expected"),
    [("9000", "BE", "9000"), ("B-2000", "BE", "2000"), ("3511ab", "NL", "3511 AB"), ("3511 AB", None, "3511 AB")],
)
def test_postcodes(value: str, country: str | None, expected: str) -> None:
    assert rules.parse_postcode(value, country) == expected


@pytest.mark.parametrize(
    ("value", "country"), [("0999", "BE"), ("10000", "BE"), ("3511", "NL"), ("0123 AB", "NL"), ("3511 SS", "NL")]
)
def test_invalid_postcodes(value: str, country: str) -> None:
    with pytest.raises(ValueError, match="postcode"):
        rules.parse_postcode(value, country)


@given(st.integers(min_value=1000, max_value=9999))
def test_every_belgian_postcode_in_range_is_valid(number: int) -> None:
    assert rules.parse_postcode(str(number), "BE") == str(number)


@given(st.integers(min_value=1000, max_value=9999), st.text("ABCDEFGHIJKLMNOPQRTUVWXYZ", min_size=2, max_size=2))
def test_dutch_postcodes_normalise_to_digits_space_letters(number: int, letters: str) -> None:
    assert rules.parse_postcode(f"{number}{letters.lower()}", "NL") == f"{number} {letters}"


@pytest.mark.parametrize(
    ("value", "country", "expected"),
    [
        ("1abc123", "BE", "1-ABC-123"),
        ("1-ABC-123", None, "1-ABC-123"),
        ("abc 123", "BE", "ABC-123"),
        ("k123bb", "NL", "K-123-BB"),
        ("XX-99-99", "NL", "XX-99-99"),
        ("99XXX9", "NL", "99-XXX-9"),
    ],
)
def test_plates(value: str, country: str | None, expected: str) -> None:
    assert rules.parse_license_plate(value, country) == expected


@pytest.mark.parametrize(("value", "country"), [("ABCD123", "BE"), ("1-ABC-123", "NL"), ("123", None)])
def test_invalid_plates(value: str, country: str | None) -> None:
    with pytest.raises(ValueError, match="nummerplaat"):
        rules.parse_license_plate(value, country)


@given(st.text("ABCDEFGHJKLMNPRSTVWXYZ", min_size=3, max_size=3), st.integers(1, 9), st.integers(0, 999))
def test_belgian_plates_round_trip_in_any_spelling(letters: str, first: int, number: int) -> None:
    expected = f"{first}-{letters}-{number:03d}"
    assert rules.parse_license_plate(f"{first}{letters.lower()} {number:03d}", "BE") == expected
    assert rules.parse_license_plate(expected, None) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("45.210 km", 45210), ("45210", 45210), ("45 210", 45210), ("0", 0), ("1.234.567", 1234567)]
)
def test_odometer(value: str, expected: int) -> None:
    assert rules.parse_odometer(value) == expected


@pytest.mark.parametrize("value", ["45,2", "45.21", "-5", "veel", "3.000.000"])
def test_invalid_odometer(value: str) -> None:
    with pytest.raises(ValueError, match="kilometerstand"):
        rules.parse_odometer(value)


@given(st.integers(min_value=0, max_value=2_000_000))
def test_odometer_accepts_every_dutch_spelling_of_a_number(km: int) -> None:
    dotted = f"{km:,}".replace(",", ".")
    spaced = f"{km:,}".replace(",", " ")
    assert rules.parse_odometer(dotted) == rules.parse_odometer(spaced + " km") == rules.parse_odometer(str(km)) == km


@pytest.mark.parametrize(
    ("value", "expected"),
    [("14u30", "14:30"), ("14:30", "14:30"), ("9u", "09:00"), ("14 uur", "14:00"), ("8.05", "08:05")],
)
def test_times(value: str, expected: str) -> None:
    assert rules.parse_time(value) == expected


@given(st.integers(0, 23), st.integers(0, 59), st.sampled_from([":", "u", ".", "h"]))
def test_every_clock_time_is_understood(hour: int, minute: int, separator: str) -> None:
    assert rules.parse_time(f"{hour}{separator}{minute:02d}") == f"{hour:02d}:{minute:02d}"


@pytest.mark.parametrize(
    ("text", "direction", "expected"),
    [
        ("vorige vrijdag", "past", date(2026, 11, 20)),
        ("eergisteren", "any", date(2026, 11, 20)),
        ("gisteren", "past", date(2026, 11, 21)),
        ("12/11", "past", date(2026, 11, 12)),
        ("12/12", "past", date(2025, 12, 12)),
        ("12/12", "future", date(2026, 12, 12)),
        ("3 maart", "any", date(2026, 3, 3)),
        ("3 maart", "future", date(2027, 3, 3)),
        ("2026-11-02", "any", date(2026, 11, 2)),
        ("volgende maandag", "any", date(2026, 11, 23)),
        ("vrijdag", "future", date(2026, 11, 27)),
        ("12-11-25", "any", date(2025, 11, 12)),
    ],
)
def test_dutch_dates(text: str, direction: str, expected: date) -> None:
    assert parse_dutch_date(text, SUNDAY, direction) == expected


@pytest.mark.parametrize("text", ["", "blabla", "14u30", "31/02", "2026-13-01"])
def test_non_dates(text: str) -> None:
    assert parse_dutch_date(text, SUNDAY) is None


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_day_month_order_is_belgian(day: date) -> None:
    assert parse_dutch_date(f"{day.day}/{day.month}/{day.year}", SUNDAY) == day
    assert parse_dutch_date(day.isoformat(), SUNDAY) == day


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)), st.integers(0, 6))
def test_vorige_weekday_is_within_the_last_week(today: date, weekday: int) -> None:
    name = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")[weekday]
    found = parse_dutch_date(f"vorige {name}", today)
    assert found is not None and found.weekday() == weekday
    assert today - timedelta(days=7) <= found < today


def test_past_and_future_dates_are_checked() -> None:
    with pytest.raises(ValueError, match="toekomst"):
        rules.parse_date("morgen", SUNDAY, "past")
    with pytest.raises(ValueError, match="verleden"):
        rules.parse_date("gisteren", SUNDAY, "future")


@pytest.mark.parametrize(
    ("value", "country", "expected"),
    [
        ("0470 12 34 56", None, "+32470123456"),
        ("09 123 45 67", "BE", "+3291234567"),
        ("06-12345678", None, "+31612345678"),
        ("030 123 4567", "NL", "+31301234567"),
        ("0032 470 12 34 56", None, "+32470123456"),
    ],
)
def test_phones(value: str, country: str | None, expected: str) -> None:
    assert rules.parse_phone(value, country) == expected


@pytest.mark.parametrize(("value", "expected"), [("ja", True), ("Jawel!", True), ("neen", False), ("Nee.", False)])
def test_yes_no(value: str, expected: bool) -> None:
    assert rules.parse_yes_no(value) is expected


@given(st.text(max_size=40))
def test_validators_never_crash_on_arbitrary_text(text: str) -> None:
    for parse in (
        rules.parse_iban,
        rules.parse_postcode,
        rules.parse_license_plate,
        rules.parse_time,
        rules.parse_odometer,
        rules.parse_km_bundle,
        rules.parse_email,
        rules.parse_phone,
        rules.parse_debit_day,
        rules.parse_yes_no,
        lambda value: rules.parse_date(value, SUNDAY),
    ):
        try:
            parse(text)
        except ValueError as exc:
            assert str(exc)


# --- More properties: every spelling of a valid value is accepted, every near miss refused ---------


@given(
    st.sampled_from(BANK_CODES),
    st.integers(min_value=0, max_value=9_999_999),
    st.sampled_from(["", " ", "-"]),
    st.booleans(),
)
def test_every_spelling_of_a_belgian_iban_normalises_to_the_compact_form(
    bank: str, account: int, separator: str, lower: bool
) -> None:
    iban = belgian_iban(int(bank) * 10_000_000 + account)
    spelled = separator.join(iban[i : i + 4] for i in range(0, 16, 4))
    assert rules.parse_iban(spelled.lower() if lower else spelled) == iban


@given(
    st.sampled_from(BANK_CODES), st.integers(min_value=0, max_value=9_999_999), st.integers(4, 15), st.integers(1, 9)
)
def test_one_mistyped_digit_is_always_caught(bank: str, account: int, position: int, change: int) -> None:
    iban = belgian_iban(int(bank) * 10_000_000 + account)
    typo = iban[:position] + str((int(iban[position]) + change) % 10) + iban[position + 1 :]
    with pytest.raises(ValueError, match="IBAN"):
        rules.parse_iban(typo)


NL_SIDE_CODES = ("LLDDDD", "DDDDLL", "DDLLDD", "LLDDLL", "LLLLDD", "DDLLLL", "DDLLLD", "DLLLDD", "LLDDDL", "LDDDLL",
                 "LLLDDL", "LDDLLL", "DLLDDD", "DDDLLD")  # fmt: skip
PLATE_LETTERS = "BDFGHJKLNPRSTVXZ"  # the letters the RDW issues


@given(st.sampled_from(NL_SIDE_CODES), st.data())
def test_dutch_plates_of_every_side_code_round_trip(side_code: str, data: st.DataObject) -> None:
    chars = [data.draw(st.sampled_from(PLATE_LETTERS if kind == "L" else "0123456789")) for kind in side_code]
    compact = "".join(chars)
    normalised = rules.parse_license_plate(compact.lower(), "NL")
    assert normalised.replace("-", "") == compact
    assert rules.parse_license_plate(normalised, "NL") == normalised
    assert rules.parse_license_plate(" ".join(normalised.split("-")), None) == normalised


@given(st.integers(1000, 9999), st.sampled_from(["SA", "SD", "SS"]))
def test_dutch_postcodes_with_forbidden_letters_are_refused(number: int, letters: str) -> None:
    with pytest.raises(ValueError, match="postcode"):
        rules.parse_postcode(f"{number} {letters}", "NL")


@given(st.integers(0, 999))
def test_belgian_postcodes_below_1000_are_refused(number: int) -> None:
    with pytest.raises(ValueError, match="postcode"):
        rules.parse_postcode(f"{number:04d}", "BE")


@given(st.integers(min_value=rules.MAX_ODOMETER_KM + 1, max_value=10**9))
def test_implausible_odometer_readings_are_refused(km: int) -> None:
    with pytest.raises(ValueError, match="kilometerstand"):
        rules.parse_odometer(f"{km:,}".replace(",", "."))


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)), st.integers(-400, 400))
def test_past_and_future_dates_split_exactly_at_today(today: date, offset: int) -> None:
    day = today + timedelta(days=offset)
    if offset >= 0:
        assert rules.parse_date(day.isoformat(), today, "future") == day
    else:
        with pytest.raises(ValueError, match="verleden"):
            rules.parse_date(day.isoformat(), today, "future")
    if offset <= 0:
        assert rules.parse_date(day.isoformat(), today, "past") == day
    else:
        with pytest.raises(ValueError, match="toekomst"):
            rules.parse_date(day.isoformat(), today, "past")


@given(st.integers(-100, 100))
def test_debit_days_are_1_to_28(day: int) -> None:
    if 1 <= day <= 28:
        assert rules.parse_debit_day(f"{day}e") == day
    else:
        with pytest.raises(ValueError):
            rules.parse_debit_day(str(day))
