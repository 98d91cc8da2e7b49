"""Identity checks for clients and their contacts: PRC resident ID, unified social credit code,
other identity documents, mobile numbers and e-mail.

Each check returns the value in its stored form (resident IDs upper-case, mobiles normalised)
or raises django ValidationError with a message naming what is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email as _django_validate_email
from django.utils.translation import gettext as _

from ...core.fields import normalize_mobile

# GB 11643-1999
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
# GB 32100-2015
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


@dataclass(frozen=True)
class ResidentId:
    number: str
    birth_date: dt.date
    gender: str  # "Male" or "Female"


def resident_id_check_char(first17: str) -> str:
    return ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS)) % 11]


def parse_resident_id(value: str, today: dt.date | None = None) -> ResidentId:
    """Check an 18-character resident ID (GB 11643-1999); return it upper-case with birth date and gender."""
    number = "".join(str(value or "").split()).upper()
    if len(number) != 18:
        raise ValidationError(_("A resident ID number has 18 characters; this one has %(n)d.") % {"n": len(number)})
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise ValidationError(_("A resident ID number is 17 digits followed by a digit or X."))
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _("The birth date in the resident ID number (%(d)s) is not a real date.") % {"d": number[6:14]}
        ) from None
    today = today or dt.date.today()
    if birth.year < 1900 or birth > today:
        raise ValidationError(
            _("The birth date in the resident ID number (%(d)s) is not plausible.") % {"d": number[6:14]}
        )
    if resident_id_check_char(number[:17]) != number[17]:
        raise ValidationError(_("The check character of the resident ID number is wrong."))
    return ResidentId(number, birth, "Male" if int(number[16]) % 2 else "Female")


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(value: str) -> str:
    """Check an 18-character unified social credit code (GB 32100-2015); return it upper-case."""
    code = "".join(str(value or "").split()).upper()
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(n)d.") % {"n": len(code)}
        )
    bad = sorted({c for c in code if c not in USCC_ALPHABET})
    if bad:
        raise ValidationError(_("A unified social credit code cannot contain %(chars)s.") % {"chars": "".join(bad)})
    if not code[2:8].isdigit():
        raise ValidationError(_("Characters 3 to 8 of a unified social credit code are the area code (digits)."))
    if uscc_check_char(code[:17]) != code[17]:
        raise ValidationError(_("The check character of the unified social credit code is wrong."))
    return code


def validate_passport(value: str) -> str:
    number = "".join(str(value or "").split()).upper()
    if not re.fullmatch(r"[A-Z0-9]{5,17}", number):
        raise ValidationError(_("A passport number is 5 to 17 letters and digits."))
    return number


def validate_hk_macau_permit(value: str) -> str:
    """Mainland travel permit for Hong Kong and Macau residents: H or M, then 8 or 10 digits."""
    number = "".join(str(value or "").split()).upper()
    if not re.fullmatch(r"[HM]\d{8}(\d{2})?", number):
        raise ValidationError(_("A Hong Kong/Macau permit number is H or M followed by 8 or 10 digits."))
    return number


def validate_taiwan_permit(value: str) -> str:
    number = "".join(str(value or "").split()).upper()
    if not re.fullmatch(r"\d{8}(\d{2})?", number):
        raise ValidationError(_("A Taiwan permit number is 8 or 10 digits."))
    return number


def validate_mobile(value: str) -> str:
    """A valid mobile number (mainland by default, or with its +country code); returned normalised."""
    text = "".join(str(value or "").split())
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        raise ValidationError(_("%(value)s is not a phone number.") % {"value": text}) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("%(value)s is not a valid phone number.") % {"value": text})
    kind = phonenumbers.number_type(number)
    if kind not in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE):
        raise ValidationError(_("%(value)s is not a mobile number.") % {"value": text})
    return normalize_mobile(text)


def validate_email(value: str) -> str:
    email = str(value or "").strip()
    try:
        _django_validate_email(email)
    except ValidationError:
        raise ValidationError(_("%(value)s is not a valid e-mail address.") % {"value": email}) from None
    return email.lower()
