"""Privacy requests' answers (PIPL): the copy of what we hold about a client (Art. 45)."""

from __future__ import annotations

from ..core.fields import BlindIndexField
from .masking import may_reveal, present


def data_package(dsr, user, channel: str = "desk") -> dict:
    """What we hold about the client, for an Access request (PIPL Art. 45): the client record,
    accounts, contacts, consents and interactions. Sensitive values go through masking.present,
    so they are full (and audited) only for a role that may see them."""

    def record(obj, skip=("client",)):
        out = {}
        derived = obj.doctype.masked_with  # a birth date gives back an ID number's masked digits
        for f in obj._meta.concrete_fields:
            if f.name in skip or isinstance(f, BlindIndexField):
                continue
            if getattr(f, "sensitive", False):
                out[f.name] = present(user, obj, f.name, channel)
            elif (
                f.name in derived and getattr(obj, f.attname) is not None and not may_reveal(user, obj, derived[f.name])
            ):
                out[f.name] = "****"
            else:
                value = getattr(obj, f.attname)
                out[f.name] = (
                    value.isoformat()
                    if hasattr(value, "isoformat")
                    else (None if value is None else str(value) if not isinstance(value, (int, bool)) else value)
                )
        return out

    client = dsr.client
    return {
        "request": dsr.name,
        "client": record(client, skip=()),
        "accounts": [record(a) for a in client.accounts.all()],
        "contacts": [record(c) for c in client.contacts.all()],
        "consents": [record(c) for c in client.consents.all()],
        "interactions": [record(i) for i in client.interactions.all()],
    }
