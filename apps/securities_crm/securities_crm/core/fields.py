"""Model fields for personal data: EncryptedField holds the sealed value, BlindIndexField its search key.

    id_number = EncryptedField(_("ID Number"), kind="id_number", index_field="id_number_index")
    id_number_index = BlindIndexField(source="id_number")

On a loaded instance `obj.id_number` is the plaintext; the column holds only "<key id>$<sealed>".
Only exact matches (`exact`, `iexact`, `in`) and `isnull` are offered: they are answered by the
blind index column, so `Client.objects.filter(id_number="...")` works without decrypting anything.
Any other lookup (contains, ordering by the value...) cannot work on ciphertext and is refused.
"""

from __future__ import annotations

import phonenumbers
from django.core import checks
from django.core.exceptions import FieldError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.expressions import Col
from django.db.models.lookups import IsNull, Lookup
from django.utils.translation import gettext

from . import crypto


# --- normalisers: the same value always gives the same blind index ---------------------------
def normalize_id_number(value: str) -> str:
    return "".join(str(value).split()).upper()


def normalize_mobile(value: str) -> str:
    """Mainland numbers as their 11 digits, others as E.164 (+852...); unparsable input stripped."""
    text = "".join(str(value).split())
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        return text
    if number.country_code == 86:
        return str(number.national_number)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_account(value: str) -> str:
    return "".join(ch for ch in str(value) if ch.isalnum()).upper()


NORMALIZERS = {
    "id_number": normalize_id_number,
    "mobile": normalize_mobile,
    "bank_account": normalize_account,
}


def normalize(kind: str, value: str) -> str:
    return NORMALIZERS.get(kind, lambda v: str(v).strip())(value)


def blind_index(kind: str, value: str) -> str:
    """The search key for `value` in a field of this kind ("id_number", "mobile", "bank_account")."""
    return crypto.blind_index(kind, normalize(kind, value))


# --- the fields -------------------------------------------------------------------------------
class KeyCharField(models.CharField):
    """Text stored as an English key and shown translated: a tier's name, the tag a segment gives, a
    default's name from a fixture. The catalogue holds the key as a msgid (scripts/fixture_msgids.py);
    a value it does not hold (a tag a person typed) is shown as stored."""

    shown_translated = True

    def deconstruct(self):
        # Stored exactly as a CharField: how it is shown is no schema change.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs


def shown(field, value):
    """A value as the reader sees it: a KeyCharField's key translated, anything else unchanged."""
    if value and getattr(field, "shown_translated", False):
        return gettext(value)
    return value


class EncryptedField(models.CharField):
    """A text value sealed with AES-GCM. `kind` picks its normaliser, its mask and the audit policy."""

    sensitive = True
    description = "Encrypted text (AES-GCM)"

    def __init__(self, *args, kind: str = "text", plain_max_length: int = 64, index_field: str | None = None, **kwargs):
        kwargs.setdefault("max_length", 255)  # the sealed form: key id, nonce, ciphertext, tag, base64
        self.kind = kind
        self.plain_max_length = plain_max_length
        self.index_field = index_field
        super().__init__(*args, **kwargs)
        self.validators.append(MaxLengthValidator(plain_max_length))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["kind"] = self.kind
        kwargs["plain_max_length"] = self.plain_max_length
        if self.index_field:
            kwargs["index_field"] = self.index_field
        if kwargs.get("max_length") == 255:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if self.unique or getattr(self, "db_index", False):
            errors.append(
                checks.Error(
                    "An EncryptedField cannot be unique or indexed: its ciphertext is random. "
                    "Put the constraint on its BlindIndexField.",
                    obj=self,
                    id="crm.E001",
                )
            )
        return errors

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return crypto.decrypt(value, self.kind)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value), self.kind)

    def get_lookup(self, lookup_name):
        if lookup_name in ("exact", "iexact"):
            return BlindExact
        if lookup_name == "in":
            return BlindIn
        if lookup_name == "isnull":
            return IsNull
        return None

    def get_transform(self, name):
        return None


class BlindIndexField(models.CharField):
    """HMAC of another field's normalised plaintext, kept up to date on every save (bulk_create too)."""

    def __init__(self, *args, source: str = "", **kwargs):
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("db_index", not kwargs.get("unique", False))
        self.source = source
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, default in (("max_length", 64), ("editable", False), ("blank", True)):
            if kwargs.get(key, default) == default:
                kwargs.pop(key, None)
        return name, path, args, kwargs

    def compute(self, instance) -> str | None:
        source = instance._meta.get_field(self.source)
        value = getattr(instance, source.attname)
        if not value:
            return None if self.null else ""
        return blind_index(source.kind, value)

    def pre_save(self, model_instance, add):
        value = self.compute(model_instance)
        setattr(model_instance, self.attname, value)
        return value


# --- lookups answered by the blind index ------------------------------------------------------
class _BlindLookup(Lookup):
    prepare_rhs = False
    can_use_none_as_rhs = False

    def _index_column(self, compiler, connection):
        field = self.lhs.output_field
        name = getattr(field, "index_field", None)
        if not name or not hasattr(self.lhs, "alias"):
            raise FieldError(f"{field.name} is encrypted and has no blind index: it cannot be searched.")
        index = field.model._meta.get_field(name)
        return compiler.compile(Col(self.lhs.alias, index))

    def _key(self, value) -> str:
        if hasattr(value, "resolve_expression"):
            raise FieldError("An encrypted field can only be compared with a literal value.")
        return "" if value in (None, "") else blind_index(self.lhs.output_field.kind, value)

    def get_db_prep_lookup(self, value, connection):
        return ("%s", [value])

    def process_rhs(self, compiler, connection):
        return "%s", [self.rhs]


class BlindExact(_BlindLookup):
    lookup_name = "exact"

    def as_sql(self, compiler, connection):
        sql, params = self._index_column(compiler, connection)
        return f"{sql} = %s", [*params, self._key(self.rhs)]


class BlindIn(_BlindLookup):
    lookup_name = "in"

    def as_sql(self, compiler, connection):
        values = [v for v in self.rhs if v not in (None, "")] if not isinstance(self.rhs, str) else [self.rhs]
        if not values:
            return "1 = 0", []
        sql, params = self._index_column(compiler, connection)
        keys = [self._key(v) for v in values]
        return f"{sql} IN ({', '.join(['%s'] * len(keys))})", [*params, *keys]


def sensitive_fields(model) -> list[EncryptedField]:
    return [f for f in model._meta.concrete_fields if getattr(f, "sensitive", False)]
