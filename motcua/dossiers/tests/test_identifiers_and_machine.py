import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.dossiers import machine
from motcua.dossiers.choices import State
from motcua.dossiers.identifiers import (
    IdentifierError,
    citizen_id_century,
    initials,
    normalise_phone,
    validate_citizen_id,
    validate_tax_code,
)


def test_every_state_maps_to_exactly_one_national_code():
    assert set(machine.NATIONAL_CODE) == set(State.values)
    assert set(machine.NATIONAL_CODE.values()) == set(range(1, 11))


@pytest.mark.parametrize("state", State.values)
@pytest.mark.parametrize("action", [a for a in machine.ACTIONS if a != "submit"])
def test_transition_table(state, action):
    transition = machine.TRANSITIONS[action]
    if state in transition.sources:
        assert machine.check(action, state) == (transition.target or state)
    else:
        with pytest.raises(machine.TransitionError):
            machine.check(action, state)


def test_terminal_states_allow_nothing_but_rating():
    for state in machine.TERMINAL:
        assert set(machine.allowed_actions(state)) <= {"rate"}


def test_citizen_id_structure_and_birth_year():
    assert validate_citizen_id("068190001234", dt.date(1990, 1, 1)) == "068190001234"
    assert validate_citizen_id("001305001234", dt.date(2005, 7, 1))  # 3: female born 2000-2099
    with pytest.raises(IdentifierError):
        validate_citizen_id("068190001234", dt.date(1991, 1, 1))  # year mismatch
    with pytest.raises(IdentifierError):
        validate_citizen_id("003190001234")  # 003 is not a province code
    with pytest.raises(IdentifierError):
        validate_citizen_id("06819000123")  # 11 digits
    with pytest.raises(IdentifierError):
        validate_citizen_id("123456789")  # old CMND: legacy only
    assert validate_citizen_id("123456789", allow_legacy=True) == "123456789"
    assert citizen_id_century(0) == citizen_id_century(1) == 1900
    assert citizen_id_century(2) == 2000 and citizen_id_century(9) == 2300


@given(st.sampled_from(["001", "079", "096", "068"]), st.integers(0, 3), st.integers(0, 99), st.integers(0, 999_999))
def test_citizen_id_birth_year_round_trip(province, century_sex, yy, rest):
    year = citizen_id_century(century_sex) + yy
    number = f"{province}{century_sex}{yy:02d}{rest:06d}"
    if year <= dt.date.today().year:
        assert validate_citizen_id(number, dt.date(year, 6, 1)) == number
        with pytest.raises(IdentifierError):
            validate_citizen_id(number, dt.date(year + 1 if year < 2025 else year - 1, 6, 1))


def _tax(first9: str) -> str:
    remainder = sum(int(d) * w for d, w in zip(first9, (31, 29, 23, 19, 17, 13, 7, 5, 3), strict=True)) % 11
    return first9 + str(10 - remainder) if remainder not in (0, 1) else ""


def test_tax_code_check_digit():
    code = _tax("010123456") or _tax("010123457")
    assert validate_tax_code(code) == code
    assert validate_tax_code(code + "-001") == code + "-001"
    wrong = code[:9] + str((int(code[9]) + 1) % 10)
    with pytest.raises(IdentifierError):
        validate_tax_code(wrong)
    with pytest.raises(IdentifierError):
        validate_tax_code("12345")


def test_phone_numbers_are_stored_in_e164():
    assert normalise_phone("0912 345 678") == "+84912345678"
    assert normalise_phone("+84 912.345.678") == "+84912345678"
    assert normalise_phone("02633 812 345") == "+842633812345"
    for bad in ("0123", "0612345678", "+1 202 555 0100"):
        with pytest.raises(IdentifierError):
            normalise_phone(bad)


def test_initials():
    assert initials("Nguyễn Thị Bình") == "N. T. B."
