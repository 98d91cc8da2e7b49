"""Profile: identity shown masked (security/masking.py), contact details the client may change,
and a new mobile confirmed with a one-time code sent to it (otp.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ...core import ownership
from ...security.masking import masked
from .. import otp
from ..access import client_ip, client_page
from ..forms import CodeForm, ContactForm, MobileForm
from .auth import CODE_LIMIT_CLIENT, CODE_LIMIT_IP

PURPOSE = "mobile"
PORTAL_LEVELS = frozenset({0})


def _render(request, contact=None, mobile=None, code=None, status=200):
    client = request.client
    return render(
        request,
        "portal/profile.html",
        {
            "client": client,
            "id_number": masked(client, "id_number"),
            "mobile": masked(client, "mobile"),
            "contact": contact or ContactForm(initial={"email": client.email, "address": client.address}),
            "mobile_form": mobile or MobileForm(),
            "code_form": code,
            "pending_mobile": request.session.get("portal_new_mobile", ""),
        },
        status=status,
    )


@client_page
def profile(request):
    return _render(request)


@client_page
@require_POST
def contact(request):
    form = ContactForm(request.POST)
    if form.is_valid():
        client = request.client
        try:
            # Through the same field rules as every route: a client changes only level-0 fields they own.
            ownership.assign(client.doctype, client, form.cleaned_data, levels=PORTAL_LEVELS)
            client.save()
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Your contact details were saved."))
            return redirect("portal:profile")
    return _render(request, contact=form, status=400)


@client_page
@require_http_methods(["POST"])
def mobile(request):
    form = MobileForm(request.POST)
    if form.is_valid():
        new = form.cleaned_data["mobile"]
        if not (
            otp.allow(f"code-ip:{client_ip(request)}", *CODE_LIMIT_IP)
            and otp.allow(f"code-client:{request.client.pk}", *CODE_LIMIT_CLIENT)
        ):
            form.add_error(None, _("Too many codes requested. Wait a few minutes and try again."))
        else:
            code = otp.issue(PURPOSE, request.client.pk, payload=new)
            otp.deliver(code, mobile=new, channel="sms")
            request.session["portal_new_mobile"] = masked_new = new[:3] + "****" + new[-4:]
            messages.info(request, _("We sent a code to %(mobile)s.") % {"mobile": masked_new})
            return redirect("portal:profile")
    return _render(request, mobile=form, status=400)


@client_page
@require_POST
def mobile_code(request):
    form = CodeForm(request.POST)
    if form.is_valid():
        new = otp.verify(PURPOSE, request.client.pk, form.cleaned_data["code"])
        if new is None:
            form.add_error("code", _("The code is wrong or has expired. Request a new one."))
        else:
            client = request.client
            ownership.assign(client.doctype, client, {"mobile": new}, levels=PORTAL_LEVELS)
            client.save()
            request.session.pop("portal_new_mobile", None)
            messages.success(request, _("Your mobile number was changed."))
            return redirect("portal:profile")
    return _render(request, code=form, status=400)
