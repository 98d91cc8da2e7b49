"""My requests (我的服务请求): the client's service tickets. Open one, read the thread (never the internal
notes, never a confidential ticket), reply with an attachment, see the status, rate it once resolved.
Another client's ticket is simply not there (404). The signed rating link needs no sign-in."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...doctype.service_ticket.model import ServiceTicket
from ...doctype.service_ticket_message.model import ServiceTicketMessage
from ...doctype.shared.service import DONE, TicketChannel
from ...doctype.ticket_category.model import TicketCategory
from ...service import attachments, csat, tickets
from ..access import client_page, get_mine, mine
from ..forms import RatingForm, ReplyForm, RequestForm


def _categories():
    english = (get_language() or "").startswith("en")
    return [(c.pk, (c.label_en or c.pk) if english else c.pk) for c in TicketCategory.objects.filter(portal=True)]


def _errors(form, exc: ValidationError):
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else ("attachment" if field == "attachments" else None), errors)


def _files(form):
    upload = form.cleaned_data.get("attachment")
    return [upload] if upload else []


@client_page
def request_list(request):
    form = RequestForm(request.POST or None, request.FILES or None, categories=_categories())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ticket = tickets.open_ticket(
                data["subject"],
                data["body"],
                channel=TicketChannel.PORTAL,
                client=request.client,
                sender=request.user,
                files=_files(form),
                category=TicketCategory.objects.filter(pk=data["category"]).first(),
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Your request %(name)s was sent. We will answer soon.") % {"name": ticket.pk})
            return redirect("portal:request", ticket.pk)
    rows = mine(request, ServiceTicket.objects.filter(client=request.client)).order_by("-creation")[:50]
    return render(request, "portal/requests.html", {"tickets": rows, "form": form}, status=400 if form.errors else 200)


def _ticket(request, name):
    return get_mine(request, ServiceTicket.objects.select_related("category"), pk=name)


@client_page
def request_detail(request, name):
    ticket = _ticket(request, name)
    reply = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and reply.is_valid():
        try:
            message = tickets.client_message(
                ticket,
                reply.cleaned_data["body"],
                channel=TicketChannel.PORTAL,
                sender=request.user,
                files=_files(reply),
            )
        except ValidationError as exc:
            _errors(reply, exc)
        else:
            messages.success(request, _("Your reply was sent."))
            return redirect("portal:request", message.ticket_id)
    thread = mine(request, ServiceTicketMessage.objects.filter(ticket=ticket)).order_by("sent_at", "name")
    return render(
        request,
        "portal/request.html",
        {
            "ticket": ticket,
            "thread": thread,
            "reply": reply,
            "rating": RatingForm() if ticket.status in DONE and ticket.csat_at is None else None,
        },
        status=400 if reply.errors else 200,
    )


@client_page
@require_POST
def request_rate(request, name):
    ticket = _ticket(request, name)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            csat.rate(ticket, form.cleaned_data["csat_score"], form.cleaned_data["csat_comment"])
        except ValidationError as exc:
            messages.error(request, " ".join(m for ms in exc.message_dict.values() for m in ms))
        else:
            messages.success(request, _("Thank you for your rating."))
    else:
        messages.error(request, _("Choose a rating from 1 to 5."))
    return redirect("portal:request", ticket.pk)


@client_page
def request_file(request, name, message, index):
    ticket = _ticket(request, name)
    found = mine(request, ServiceTicketMessage.objects.filter(ticket=ticket)).filter(pk=message).first()
    if found is None or not 0 <= index < len(found.attachments or []):
        raise Http404
    entry = found.attachments[index]
    return FileResponse(
        attachments.open_file(entry), as_attachment=True, filename=entry["name"], content_type=entry["content_type"]
    )


def rate_link(request, token):
    """The signed link in the resolution email: rate without signing in."""
    ticket = csat.ticket_for(token)
    if ticket is None:
        raise Http404
    form = RatingForm(request.POST or None)
    done = ticket.csat_at is not None
    if request.method == "POST" and form.is_valid() and not done:
        try:
            csat.rate(ticket, form.cleaned_data["csat_score"], form.cleaned_data["csat_comment"], channel="Email")
        except ValidationError as exc:
            form.add_error(None, " ".join(m for ms in exc.message_dict.values() for m in ms))
        else:
            done = True
    return render(
        request, "portal/rate.html", {"ticket": ticket, "form": form, "done": done}, status=400 if form.errors else 200
    )
