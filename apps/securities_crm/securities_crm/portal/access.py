"""Who may use a portal page, and the querysets a page may read.

Every portal page is a `client_page`: a signed-in, active user with the Client role, not staff,
linked to one Client (request.client). Staff are sent to the desk: one login is never both.
Pages read records through `mine()`, the record rules of permissions/policy.py, so another
client's ids simply are not there (404).
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect

from ..doctype.client.model import Client
from ..permissions import policy
from ..permissions.roles import CLIENT, user_roles

DESK_URL = "/app/"


def is_portal_user(user) -> bool:
    return user.is_authenticated and user.is_active and CLIENT in user_roles(user) and not user.is_staff


def linked_client(user):
    return Client.objects.select_related("branch").filter(user=user).first()


def client_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if user.is_staff:
            return redirect(DESK_URL)
        if not is_portal_user(user):
            raise PermissionDenied
        request.client = linked_client(user)
        if request.client is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def mine(request, queryset, action: str = "read"):
    """The rows of `queryset` the signed-in client may act on (their own), per the record rules."""
    return policy.filter_queryset(request.user, queryset, action)


def get_mine(request, queryset, **lookup):
    obj = mine(request, queryset).filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


def client_ip(request):
    return (request.META.get("REMOTE_ADDR") or "")[:45] or None
