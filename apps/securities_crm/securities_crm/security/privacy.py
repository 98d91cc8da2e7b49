"""Privacy requests' answers (PIPL): the copy of what we hold about a client (Art. 45)."""

from __future__ import annotations

from ..core.fields import BlindIndexField
from ..doctype.client_profile.model import ClientProfile
from ..doctype.client_tag.model import ClientTag
from ..doctype.segment_membership.model import SegmentMembership
from ..doctype.survey_response.model import SurveyResponse
from .masking import may_reveal, present


def data_package(dsr, user, channel: str = "desk") -> dict:
    """What we hold about the client, for an Access request (PIPL Art. 45): the client record,
    accounts, contacts, consents and interactions, and what we derived from them: the profile, the
    segments the client is or was in (with the values that put them there), the tags on them, and their
    feedback: every survey response, with the scores and the sentiment we derived from it.
    Sensitive values go through masking.present, so they are full (and audited) only for a role
    that may see them."""

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
                    value  # JSON fields (a membership's why, a profile's preferences) stay structured
                    if isinstance(value, (dict, list))
                    else value.isoformat()
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
        "profile": next((record(p) for p in ClientProfile.objects.filter(client=client)), None),
        "segments": [
            record(m) for m in SegmentMembership.objects.filter(client=client).order_by("segment_id", "entered_on")
        ],
        "tags": [record(t) for t in ClientTag.objects.filter(client=client).order_by("tag")],
        "feedback": [
            record(r, skip=("client", "invitation", "dedup_key", "entered_by"))
            for r in SurveyResponse.objects.filter(client=client).order_by("submitted_at", "name")
        ],
    }
