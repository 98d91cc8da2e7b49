"""The client portal shell: sign-in, home and sign-out. Mobile first, zh-hans by default.

The portal is for users with the Client role. Staff work in the desk: a staff member who
signs in here is sent to /app/, and an account with neither role is refused. Clients never
get `is_staff`, so the desk at /app/ turns them away.
"""
from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from ..permissions.roles import CLIENT, user_roles

DESK_URL = "/app/"


def is_portal_user(user) -> bool:
    return user.is_authenticated and user.is_active and CLIENT in user_roles(user) and not user.is_staff


class PortalLoginForm(auth_views.AuthenticationForm):
    error_messages = {
        **auth_views.AuthenticationForm.error_messages,
        "not_a_client": _("This account cannot use the client portal."),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_staff and CLIENT not in user_roles(user):
            raise forms.ValidationError(self.error_messages["not_a_client"], code="not_a_client")


class PortalLoginView(auth_views.LoginView):
    template_name = "portal/login.html"
    form_class = PortalLoginForm
    redirect_authenticated_user = True
    next_page = "portal:home"

    def get_success_url(self):
        # Staff belong in the desk, whatever `next` says.
        if self.request.user.is_staff:
            return DESK_URL
        return super().get_success_url()


@login_required
def home(request):
    if request.user.is_staff:
        return redirect(DESK_URL)
    if not is_portal_user(request.user):
        raise PermissionDenied
    from ..doctype.notification_log.model import NotificationLog
    from ..permissions import policy

    inbox = policy.filter_queryset(request.user, NotificationLog.objects.filter(for_user=request.user))
    return render(request, "portal/home.html", {"inbox": inbox.order_by("-creation")[:5]})
