"""Feedback methods: /api/method/securities_crm.api.feedback.<name>.

    submit(survey, answers, context=None, channel="App")   the signed-in client answers a survey, for the
                                            portal and the app. `answers` is {question key: answer};
                                            `context` is {"doctype": "Service Ticket", "name": "TKT-…"}
                                            (a ticket, event, care task or campaign of the client's own).
                                            Answering again about the same context replaces the answers.

A client answers only for themselves: naming another client (`client`), or another client's context, is
"not found" (404). A wrong answer is a 417 naming the question, and nothing is stored.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _

from ..core import registry
from ..doctype.client.model import Client
from ..doctype.shared.feedback import FeedbackChannel
from ..doctype.survey.model import Survey, SurveyStatus
from ..doctype.survey_response.model import SurveyResponse
from ..feedback import responses
from . import documents
from .errors import DoesNotExist, NotPermitted, ValidationError, validation_messages
from .response import loads
from .whitelist import whitelist


def _json(name: str, value, kind):
    if isinstance(value, str | bytes):
        try:
            value = loads(value)
        except ValueError:
            raise ValidationError(_("%(name)s: not valid JSON.") % {"name": name}, field=name) from None
    if value is not None and not isinstance(value, kind):
        raise ValidationError(_("%(name)s: not the expected shape.") % {"name": name}, field=name)
    return value


@whitelist(methods=("POST",))
def submit(request, survey=None, answers=None, context=None, channel=None, client=None) -> dict:
    """Answer a survey as the signed-in client (portal or app); returns the Survey Response."""
    user = request.user
    own = Client.objects.filter(user=user).first() if user.is_authenticated else None
    if own is None:
        raise NotPermitted(_("Only a client signed in to the portal or the app may answer a survey here."))
    if client not in (None, "", own.pk):
        raise DoesNotExist(_("Client %(name)s not found") % {"name": client})
    found = Survey.objects.filter(pk=str(survey or ""), status__in=[SurveyStatus.OPEN, SurveyStatus.CLOSED]).first()
    if found is None:
        raise DoesNotExist(_("Survey %(name)s not found") % {"name": survey})
    context = _json("context", context, dict) or {}
    doctype = str(context.get("doctype") or context.get("context_doctype") or "")
    name = str(context.get("name") or context.get("context_name") or "")
    chosen = str(channel or FeedbackChannel.APP)
    if chosen not in (FeedbackChannel.APP, FeedbackChannel.PORTAL):
        raise ValidationError(_("channel: App or Portal."), field="channel")
    try:
        response = responses.submit(
            found,
            own,
            _json("answers", answers, dict) or {},
            channel=chosen,
            context_doctype=doctype,
            context_name=name,
        )
    except DjangoValidationError as exc:
        if "context_name" in getattr(exc, "error_dict", {}):  # another client's record: as if it did not exist
            raise DoesNotExist(_("%(doctype)s %(name)s not found") % {"doctype": doctype, "name": name}) from None
        raise ValidationError(*validation_messages(exc, SurveyResponse)) from None
    return documents.get_doc(user, registry.require("Survey Response"), response.pk)
