"""Sign-in, activation and password reset for clients.

Activation and reset are the same two steps: the client proves who they are with their ID
number and the mobile on file, a one-time code goes out by the configured channel (otp.py),
and the code plus a new password finish it. Activation makes the portal user (username: the
client number) with the Client role; a reset changes the password of the existing one.
Sign-in failures lock out through django-axes; code requests and sign-ins are rate limited.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import Group
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ...doctype.client.model import Client
from ...permissions.roles import CLIENT
from ...security.masking import mask
from .. import otp
from ..access import DESK_URL, client_ip
from ..forms import CodeForm, IdentityForm, NewPasswordForm, PortalLoginForm  # noqa: F401

LOGIN_LIMIT = (20, 300)  # sign-in posts per IP per 5 minutes
CODE_LIMIT_IP = (10, 3600)  # code requests per IP per hour
CODE_LIMIT_CLIENT = (3, 600)  # codes per client per 10 minutes
SESSION_KEY = "portal_identity"


class PortalLoginView(auth_views.LoginView):
    template_name = "portal/login.html"
    form_class = PortalLoginForm
    redirect_authenticated_user = True
    next_page = "portal:home"

    def post(self, request, *args, **kwargs):
        if not otp.allow(f"login:{client_ip(request)}", *LOGIN_LIMIT):
            return render(
                request,
                "portal/locked.html",
                {"message": _("Too many sign-in attempts from your network. Wait a few minutes and try again.")},
                status=429,
            )
        return super().post(request, *args, **kwargs)

    def get_success_url(self):
        if self.request.user.is_staff:  # staff belong in the desk, whatever `next` says
            return DESK_URL
        return super().get_success_url()


def _rate_limited(request, client_pk: str) -> bool:
    return not (
        otp.allow(f"code-ip:{client_ip(request)}", *CODE_LIMIT_IP)
        and otp.allow(f"code-client:{client_pk}", *CODE_LIMIT_CLIENT)
    )


def _identify(request, purpose: str):
    """Step one: ID number and mobile -> a code is sent; returns a response."""
    form = IdentityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = Client.by_id_number(form.cleaned_data["id_number"])
        if client is None or client.mobile != form.cleaned_data["mobile"] or client.processing_restricted:
            form.add_error(
                None, _("We found no client with this ID number and mobile. Check them, or ask your client manager.")
            )
        elif purpose == "activate" and client.user_id:
            form.add_error(None, _("Your portal account is already active. Sign in, or reset your password."))
        elif purpose == "reset" and not client.user_id:
            form.add_error(None, _("Your portal account is not active yet. Activate it first."))
        elif _rate_limited(request, client.pk):
            form.add_error(None, _("Too many codes requested. Wait a few minutes and try again."))
        else:
            code = otp.issue(purpose, client.pk)
            if not otp.deliver(code, email=client.email, mobile=client.mobile):
                form.add_error(None, _("We have no address to send your code to. Ask your client manager."))
            else:
                request.session[SESSION_KEY] = {"purpose": purpose, "client": client.pk}
                return redirect(f"portal:{purpose}_code")
    return render(request, "portal/activate.html", {"form": form, "purpose": purpose, "step": 1})


def _finish(request, purpose: str):
    """Step two: the code and a new password."""
    pending = request.session.get(SESSION_KEY) or {}
    if pending.get("purpose") != purpose:
        return redirect(f"portal:{purpose}")
    client = Client.objects.filter(pk=pending["client"]).first()
    if client is None:
        return redirect(f"portal:{purpose}")
    User = get_user_model()
    user = client.user if purpose == "reset" else User(username=client.pk, email=client.email)
    form = NewPasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        if otp.verify(purpose, client.pk, form.cleaned_data["code"]) is None:
            form.add_error("code", _("The code is wrong or has expired. Request a new one."))
        else:
            with transaction.atomic():
                user.set_password(form.cleaned_data["password1"])
                user.is_staff = False
                user.save()
                if purpose == "activate":
                    user.groups.add(Group.objects.get(name=CLIENT))
                    Client.objects.filter(pk=client.pk).update(user=user)
            del request.session[SESSION_KEY]
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Your login name is %(username)s. Use it with your new password.")
                % {"username": user.get_username()},
            )
            return redirect("portal:home")
    sent_to = _mask_email(client.email) if client.email else mask(client.mobile, "mobile")
    return render(request, "portal/activate.html", {"form": form, "purpose": purpose, "step": 2, "sent_to": sent_to})


def _mask_email(email: str) -> str:
    """chen@example.com -> c***@example.com: enough for the client to know which mailbox to look in."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"


@require_http_methods(["GET", "POST"])
def activate(request):
    return _identify(request, "activate")


@require_http_methods(["GET", "POST"])
def activate_code(request):
    return _finish(request, "activate")


@require_http_methods(["GET", "POST"])
def reset(request):
    return _identify(request, "reset")


@require_http_methods(["GET", "POST"])
def reset_code(request):
    return _finish(request, "reset")
