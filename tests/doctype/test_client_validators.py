"""Identity checks: resident ID (GB 11643-1999), unified social credit code (GB 32100-2015),
mobile and e-mail, and the client's own rules (duplicates, types) that use them."""

import datetime as dt

import pytest
from client_fixtures import english, new_client, resident_id, uscc  # noqa: F401  (fixtures)
from django.core.exceptions import ValidationError

from securities_crm.core.errors import DuplicateEntry
from securities_crm.doctype.client import validators as v
from securities_crm.doctype.client.model import Client


# --- resident ID -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002X",  # the standard's own example
        resident_id("440305", dt.date(1990, 2, 28), 7),
        resident_id("310104", dt.date(2000, 2, 29), 88),  # a leap day
        resident_id("510107", dt.date(1950, 1, 1), 999),
    ],
)
def test_valid_resident_ids_pass(number):
    assert v.parse_resident_id(number).number == number


def test_lower_case_x_is_accepted_and_stored_upper_case():
    parsed = v.parse_resident_id("11010519491231002x")
    assert parsed.number == "11010519491231002X"
    assert parsed.birth_date == dt.date(1949, 12, 31)
    assert parsed.gender == "Female"  # sequence 002: even


def test_birth_date_and_gender_are_derived():
    parsed = v.parse_resident_id(resident_id("110105", dt.date(1985, 6, 15), 123))
    assert (parsed.birth_date, parsed.gender) == (dt.date(1985, 6, 15), "Male")


def _with_wrong_check(number):
    wrong = next(c for c in "0123456789X" if c != number[-1])
    return number[:-1] + wrong


@pytest.mark.parametrize(
    "number, reason",
    [
        (_with_wrong_check("11010519491231002X"), "check character"),
        ("110105194912310", "18 characters"),  # the old 15-digit form
        ("1101051949123100211", "18 characters"),
        ("11010519491231002A", "17 digits followed by a digit or X"),
        ("1101051985023012", "18 characters"),
    ],
)
def test_invalid_resident_ids_fail_with_a_reason(number, reason):
    with pytest.raises(ValidationError, match=reason):
        v.parse_resident_id(number)


def test_a_birth_date_that_does_not_exist_fails_even_with_a_right_check_character():
    body = "11010519850230123"  # 30 February
    number = (
        body
        + "10X98765432"[
            sum(int(d) * w for d, w in zip(body, [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])) % 11
        ]
    )
    with pytest.raises(ValidationError, match="not a real date"):
        v.parse_resident_id(number)
    future = resident_id(birth=dt.date.today() + dt.timedelta(days=400))
    with pytest.raises(ValidationError, match="not plausible"):
        v.parse_resident_id(future)


# --- unified social credit code -------------------------------------------------------------------
@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",  # the example printed in GB 32100-2015 material
        uscc("91110108MA01ABCD1"),
        uscc("12100000400000624"),
        uscc("5311000050000000X"),
    ],
)
def test_valid_credit_codes_pass(code):
    assert v.validate_uscc(code.lower()) == code


@pytest.mark.parametrize(
    "code, reason",
    [
        (uscc("91110108MA01ABCD1")[:-1] + ("0" if uscc("91110108MA01ABCD1")[-1] != "0" else "1"), "check character"),
        ("91110108MA01ABCD", "18 characters"),
        ("91110108MA01ABCDI4", "cannot contain I"),  # I, O, S, V, Z are not in the alphabet
        ("9111A108MA01ABCD14", "area code"),
    ],
)
def test_invalid_credit_codes_fail_with_a_reason(code, reason):
    with pytest.raises(ValidationError, match=reason):
        v.validate_uscc(code)


# --- mobile and e-mail ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "raw, stored",
    [
        ("13812345678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+852 5123 4567", "+85251234567"),
    ],
)
def test_mobiles_are_checked_and_normalised(raw, stored):
    assert v.validate_mobile(raw) == stored


@pytest.mark.parametrize("raw", ["12345678901", "1381234567", "abc", "010 6552 9988"])
def test_bad_mobiles_fail(raw):
    with pytest.raises(ValidationError):
        v.validate_mobile(raw)


def test_email():
    assert v.validate_email(" Wang@Example.CN ") == "wang@example.cn"
    with pytest.raises(ValidationError, match="not a valid e-mail"):
        v.validate_email("wang@")


# --- the Client document ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_client_stores_the_normalised_id_and_derives_birth_and_gender(branch):
    client = new_client(branch, id_number="11010519491231002x")
    client.refresh_from_db()
    assert client.id_number == "11010519491231002X"
    assert client.birth_date == dt.date(1949, 12, 31)
    assert client.gender == "Female"


@pytest.mark.django_db
def test_a_second_client_with_the_same_id_number_is_a_duplicate(branch):
    first = new_client(branch, seq=1)
    with pytest.raises(DuplicateEntry) as exc:
        new_client(branch, seq=2, id_number=first.id_number.lower())
    assert "id_number" in exc.value.message_dict
    assert first.name in exc.value.message_dict["id_number"][0]
    assert Client.objects.count() == 1


@pytest.mark.django_db
def test_bad_input_names_the_field_and_writes_nothing(branch):
    with pytest.raises(ValidationError) as exc:
        new_client(branch, id_number=_with_wrong_check(resident_id()), mobile="123", email="x@")
    assert set(exc.value.message_dict) == {"id_number", "mobile", "email"}
    with pytest.raises(ValidationError) as exc:
        new_client(branch, client_type="Institution", id_type="Resident ID")
    assert "id_type" in exc.value.message_dict
    assert Client.objects.count() == 0


@pytest.mark.django_db
def test_an_institution_is_identified_by_its_credit_code(branch):
    client = new_client(
        branch,
        client_type="Institution",
        id_type="Unified Social Credit Code",
        id_number=uscc().lower(),
        client_name="某某投资管理有限公司",
    )
    assert client.id_number == uscc()
    assert client.birth_date is None
