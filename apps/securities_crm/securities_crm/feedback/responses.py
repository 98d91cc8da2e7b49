"""Recording a response: the one way in for the portal, the app, signed links and the desk's phone entry.

The model checks the answers against the questions (range, required, skip logic) and derives the
scores; here we check the context belongs to the client, keep one response per (survey, client,
context) (submitting again replaces the answers), and close the loop for low scores (loop.py).
Everything happens in one transaction: a refused answer leaves nothing behind.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..core import registry
from ..doctype.shared.feedback import FeedbackChannel
from ..doctype.survey.model import Survey
from ..doctype.survey_response.model import SurveyResponse
from . import loop

# What a response may be about: a ticket, an event, a care task (回访) or a campaign.
CONTEXTS = ("Service Ticket", "Event", "Care Task", "Campaign")


def check_context(client, context_doctype: str, context_name: str) -> None:
    """A context must be one we know and, when it names a client, this client's."""
    if not context_doctype and not context_name:
        return
    if context_doctype not in CONTEXTS or not context_name:
        raise ValidationError(
            {"context_doctype": _("A response may be about a ticket, an event, a care task or a campaign.")}
        )
    spec = registry.get(context_doctype)
    if spec is None:  # a DocType this site does not have yet (events arrive with education): keep the name
        return
    rows = spec.model._default_manager.filter(pk=context_name)
    if spec.client_path is not None:
        rows = rows.filter(**{spec.client_path: client})
    if not rows.exists():
        raise ValidationError(
            {
                "context_name": _("%(doctype)s %(name)s was not found.")
                % {"doctype": context_doctype, "name": context_name}
            }
        )


def key(survey: Survey, client, context_doctype: str = "", context_name: str = "") -> str | None:
    """One response per survey, client and context; free feedback without a context may be given often."""
    if not context_name:
        return None
    return f"{survey.pk}:{client.pk}:{context_doctype}:{context_name}"[:200]


def submit(
    survey: Survey,
    client,
    answers,
    *,
    channel: str = FeedbackChannel.PORTAL,
    context_doctype: str = "",
    context_name: str = "",
    invitation=None,
    entered_by=None,
) -> SurveyResponse:
    """Record (or, for the same survey, client and context, replace) a response; ValidationError (a 417)
    naming the question when an answer is refused, and then nothing is written."""
    if channel not in FeedbackChannel.values:
        raise ValidationError({"channel": _("Choose a channel from the list.")})
    if invitation is not None:
        context_doctype, context_name = invitation.context_doctype, invitation.context_name
    check_context(client, context_doctype, context_name)
    dedup = (
        f"invitation:{invitation.pk}" if invitation is not None else key(survey, client, context_doctype, context_name)
    )
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.select_for_update().filter(dedup_key=dedup).first() if dedup else None
            if response is not None and invitation is not None:
                raise ValidationError({"survey": _("This survey has already been answered.")})
            if response is None:
                response = SurveyResponse(
                    survey=survey,
                    client=client,
                    channel=channel,
                    context_doctype=context_doctype,
                    context_name=context_name,
                    invitation=invitation,
                    dedup_key=dedup,
                )
            elif response.survey_id != survey.pk:
                raise ValidationError({"survey": _("This survey has already been answered.")})
            response.answers = answers
            response.entered_by = entered_by if getattr(entered_by, "pk", None) else None
            response.submitted_at = timezone.now()
            response.save()
            loop.follow_up(response)
    except IntegrityError:  # the same link or context answered at the same moment by another request
        raise ValidationError({"survey": _("This survey has already been answered.")}) from None
    return response
