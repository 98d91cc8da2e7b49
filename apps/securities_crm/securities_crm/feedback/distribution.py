"""Who is asked which survey, when, and how: invitations, the throttle and signed one-time links.

- After a ticket is resolved the client rates it (service/csat.py); the rating is also a response to the
  open CSAT survey (`after_rating`, the `ticket_rated` app event). Transactional: never throttled.
- After an event (`after_event`, the `event_ended` app event) each attendee is invited to the open
  post-event survey, about that event.
- After a 回访 call staff type the client's answers in the desk (channel Phone; survey_response/desk.py).
- A scheduled survey goes to its segment when its cron expression comes round (`run_schedules`, hourly).

The throttle is data (Feedback Settings, kept by Marketing): a client is invited at most once in that many
days across all surveys (transactional CSAT aside). Each invitation has a nonce; its link is the nonce
signed with django.core.signing and valid for the settings' link lifetime. The response that uses it points back to the
invitation through a unique column, so a link answers once whatever races. `send` is the one function
that delivers an invitation, through the notification outbox (outbox.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import secrets

from croniter import croniter
from django.conf import settings
from django.core import signing
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from .. import outbox
from ..doctype.client.model import Client
from ..doctype.feedback_settings.model import FeedbackSettings
from ..doctype.outbox_message.model import Channel as OutboxChannel
from ..doctype.shared.feedback import FeedbackChannel
from ..doctype.survey import questions as q
from ..doctype.survey.model import Survey, SurveyStatus, Trigger
from ..doctype.survey_invitation.model import SurveyInvitation
from ..doctype.survey_response.model import SurveyResponse
from ..segments.membership import current_members
from . import responses, surveys

log = logging.getLogger(__name__)
SALT = "securities_crm.feedback.link"


def throttle_days() -> int:
    return FeedbackSettings.get_solo().throttle_days


def link_days() -> int:
    return FeedbackSettings.get_solo().link_days


# --- the throttle ------------------------------------------------------------------------------
def throttled(client, now=None) -> bool:
    """Was the client asked in the last N days (an invitation, or answers staff took down), CSAT aside?"""
    since = (now or timezone.now()) - dt.timedelta(days=throttle_days())
    asked = SurveyInvitation.objects.filter(client=client, transactional=False, creation__gte=since)
    taken = SurveyResponse.objects.filter(client=client, entered_by__isnull=False, submitted_at__gte=since).exclude(
        survey__trigger=Trigger.TICKET_RESOLVED
    )
    return asked.exists() or taken.exists()


# --- invitations -------------------------------------------------------------------------------
def channel_for(client) -> str:
    if client.user_id:
        return FeedbackChannel.PORTAL
    return FeedbackChannel.EMAIL if client.email else FeedbackChannel.SMS


def invite(survey: Survey, client, *, occasion: str = "", context=None, channel: str | None = None):
    """Invite the client, once per survey and occasion (None when throttled or already invited)."""
    if survey.status != SurveyStatus.OPEN:
        return None
    context_doctype = "" if context is None else getattr(context, "_doctype_name", "") or context.doctype.name
    context_name = "" if context is None else str(context.pk)
    key = f"{survey.pk}:{client.pk}:{occasion or context_name}"[:200]
    if SurveyInvitation.objects.filter(dedup_key=key).exists():
        return None
    if not survey.transactional and throttled(client):
        return None
    now = timezone.now()
    invitation = SurveyInvitation(
        survey=survey,
        client=client,
        channel=channel or channel_for(client),
        context_doctype=context_doctype,
        context_name=context_name,
        nonce=secrets.token_urlsafe(24),
        expires_at=now + dt.timedelta(days=link_days()),
        transactional=survey.transactional,
        dedup_key=key,
    )
    try:
        with transaction.atomic():
            invitation.save()
            send(invitation)
    except IntegrityError:  # the same invitation made meanwhile by another run
        return None
    return invitation


def token(invitation: SurveyInvitation) -> str:
    return signing.dumps({"n": invitation.nonce}, salt=SALT)


def link(invitation: SurveyInvitation) -> str:
    base = getattr(settings, "CRM_PORTAL_BASE_URL", "").rstrip("/")
    return base + reverse("portal:survey_link", args=[token(invitation)])


def send(invitation: SurveyInvitation) -> None:
    """Deliver one invitation through the notification outbox (once per invitation): to the portal inbox
    of a client who signs in, and the link by email when that is the channel. Written in Chinese, the
    site's language: the outbox stores text as given."""
    client = invitation.client
    with override("zh-hans"):
        subject = _("We would value your opinion: %(survey)s") % {"survey": invitation.survey.survey_name}
        body = _("Please answer a short survey (the link works once, for %(days)d days):\n%(link)s") % {
            "days": link_days(),
            "link": link(invitation),
        }
    if client.user_id:
        outbox.queue(
            recipient_client=client,
            recipient_user=client.user,
            channel=OutboxChannel.PORTAL,
            subject=subject,
            body=body,
            dedup_key=f"survey-invitation:{invitation.pk}:portal",
            context=invitation,
        )
    if invitation.channel == FeedbackChannel.EMAIL and client.email:
        outbox.queue(
            recipient_client=client,
            channel=OutboxChannel.EMAIL,
            subject=subject,
            body=body,
            dedup_key=f"survey-invitation:{invitation.pk}:email",
            context=invitation,
        )


# --- signed links ------------------------------------------------------------------------------
@dataclasses.dataclass
class Opened:
    invitation: SurveyInvitation | None
    problem: str = ""  # "forged", "expired", "used", "closed" or "" when the link may be answered


def open_link(value: str, now=None) -> Opened:
    """What a signed link names, and why it may not be answered, if it may not."""
    try:
        data = signing.loads(value, salt=SALT, max_age=dt.timedelta(days=link_days()))
    except signing.SignatureExpired:
        return Opened(None, "expired")
    except signing.BadSignature:
        return Opened(None, "forged")
    invitation = (
        SurveyInvitation.objects.select_related("survey", "client").filter(nonce=str(data.get("n", ""))).first()
    )
    if invitation is None:
        return Opened(None, "forged")
    if invitation.expires_at <= (now or timezone.now()):
        return Opened(invitation, "expired")
    try:
        invitation.response  # noqa: B018 -- a response already answers this link
    except ObjectDoesNotExist:
        pass
    else:
        return Opened(invitation, "used")
    if invitation.survey.status != SurveyStatus.OPEN:
        return Opened(invitation, "closed")
    return Opened(invitation)


def answer_link(value: str, answers) -> tuple[SurveyResponse | None, str]:
    """Answer through a signed link: (the response, "") or (None, why not). A wrong answer raises the
    model's ValidationError, and the link stays usable."""
    opened = open_link(value)
    if opened.problem:
        return None, opened.problem
    invitation = opened.invitation
    assert invitation is not None
    try:
        response = responses.submit(
            invitation.survey, invitation.client, answers, channel=invitation.channel, invitation=invitation
        )
    except ValidationError as exc:
        if SurveyResponse.objects.filter(invitation=invitation).exists():
            return None, "used"  # answered by another request a moment ago
        raise exc
    return response, ""


# --- the triggers ------------------------------------------------------------------------------
def after_rating(ticket, channel: str = FeedbackChannel.PORTAL) -> None:
    """A rated ticket is also a response to the open CSAT survey, about the ticket (hooks.py). The
    ticket's own rating is the record; a survey that cannot take it (none open, other required
    questions) is logged and left, so that rating a ticket never fails on the survey's account."""
    survey = surveys.open_for(Trigger.TICKET_RESOLVED)
    if survey is None or ticket.client_id is None:
        return
    score = next((x["key"] for x in survey.questions if x["type"] == q.CSAT), None)
    text = next((x["key"] for x in survey.questions if x["type"] == q.TEXT), None)
    answers = {score: ticket.csat_score} if score else {}
    if text and ticket.csat_comment:
        answers[text] = ticket.csat_comment
    try:
        responses.submit(
            survey,
            ticket.client,
            answers,
            channel=channel if channel in FeedbackChannel.values else FeedbackChannel.PORTAL,
            context_doctype=ticket.doctype.name,
            context_name=ticket.pk,
        )
    except ValidationError as exc:
        log.warning("CSAT of %s not recorded on survey %s: %s", ticket.pk, survey.pk, exc.messages)


@dataclasses.dataclass
class _Named:
    """A context known by its DocType name and key only (an Event: feedback does not import its model)."""

    _doctype_name: str
    pk: str


def after_event(event, client_ids) -> int:
    """Invite each attendee to the open post-event survey, about this event (app event event_ended)."""
    survey = surveys.open_for(Trigger.EVENT_ENDED)
    if survey is None:
        return 0
    context = _Named("Event", str(event.pk))
    return sum(
        1
        for client in Client.objects.filter(pk__in=list(client_ids or []))
        if invite(survey, client, occasion=f"Event:{event.pk}", context=context) is not None
    )


def due(survey: Survey, now) -> dt.datetime | None:
    """When the survey's schedule last came round, if that is after its last run (or its creation)."""
    since = timezone.localtime(survey.last_run_at or survey.creation)
    last = croniter(survey.schedule, timezone.localtime(now)).get_prev(dt.datetime)
    return last if last > since else None


def run_schedules(now=None) -> dict[str, int]:
    """Every open scheduled survey whose time has come goes to its segment's current members, each
    throttled; idempotent (an occasion per firing)."""
    now = now or timezone.now()
    sent = {}
    for survey in Survey.objects.filter(status=SurveyStatus.OPEN, trigger=Trigger.SCHEDULE).select_related("segment"):
        fired = due(survey, now)
        if fired is None or survey.segment is None:
            continue
        occasion = f"schedule:{fired:%Y-%m-%dT%H:%M}"
        members = Client.objects.filter(current_members(survey.segment))
        sent[survey.pk] = sum(1 for c in members.iterator() if invite(survey, c, occasion=occasion) is not None)
        Survey.objects.filter(pk=survey.pk).update(last_run_at=now)
    return sent
