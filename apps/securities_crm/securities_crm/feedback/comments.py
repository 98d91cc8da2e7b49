"""The comment analysis applied to Survey Responses (hooks.py).

- validate (every save, so an answer submitted again is analysed again): the sentiment (Positive, Neutral or
  Negative; a Negative comment is the flagged one), its score and the keywords (which carry the topic
  words, so `text.topics(keywords)` gives the topics without re-reading the comment) from feedback/text.py.
- after_insert, and any later save: a comment classed as a complaint opens a complaint ticket through the
  service module, once per response (the ticket's first message carries the response's name as its
  external id, as channel messages do). service/complaints.py opens the Complaint with its deadlines.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..doctype.service_ticket_message.model import ServiceTicketMessage
from ..doctype.shared.feedback import FeedbackChannel
from ..doctype.shared.service import TicketChannel
from ..doctype.ticket_category.model import TicketCategory
from ..service import tickets
from . import text

CHANNELS = {
    FeedbackChannel.PORTAL: TicketChannel.PORTAL,
    FeedbackChannel.APP: TicketChannel.APP,
    FeedbackChannel.EMAIL: TicketChannel.EMAIL,
    FeedbackChannel.SMS: TicketChannel.SMS,
    FeedbackChannel.PHONE: TicketChannel.PHONE,
    FeedbackChannel.EVENT: TicketChannel.BRANCH,
}
DEFAULT_CATEGORY = ("服务投诉", "Service complaint")  # made once when the site has no complaint category


def analyse_response(response) -> None:
    """validate: store what the analysis says about the response's comment."""
    result = text.analyse(response.comment)
    if not result.tokens:
        response.sentiment, response.sentiment_score, response.keywords = "", None, []
        return
    response.sentiment = result.sentiment
    response.sentiment_score = result.sentiment_score
    response.keywords = result.keywords
    if not response.is_new and result.complaint:
        open_complaint(response, result)  # inside the save's transaction: a refused save leaves no ticket


def after_response(response) -> None:
    """feedback_recorded (every submission, a re-submission too): a complaint in the comment opens a
    complaint ticket, once per response."""
    result = text.analyse(response.comment)
    if result.complaint:
        open_complaint(response, result)


def complaint_category() -> TicketCategory:
    category = TicketCategory.objects.filter(complaint=True).order_by("category_name").first()
    if category is None:
        category = TicketCategory(
            category_name=DEFAULT_CATEGORY[0], label_en=DEFAULT_CATEGORY[1], complaint=True, portal=False
        )
        category.save()
    return category


def external_id(response) -> str:
    return f"survey-response:{response.pk}"


def open_complaint(response, result=None):
    """The complaint ticket of a response, opened once; None when it exists already."""
    if ServiceTicketMessage.objects.filter(external_id=external_id(response)).exists():
        return None
    result = result or text.analyse(response.comment)
    return tickets.open_ticket(
        _("Complaint in feedback %(name)s: %(markers)s") % {"name": response.pk, "markers": "、".join(result.markers)},
        response.comment,
        channel=CHANNELS.get(response.channel, TicketChannel.PORTAL),
        client=response.client,
        category=complaint_category(),
        external_id=external_id(response),
    )
