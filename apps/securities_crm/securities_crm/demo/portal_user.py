"""The portal login `client`, a user with the Client role (linked to a demo client once clients exist)."""

from django.contrib.auth.models import Group, User

from ..permissions import roles
from . import step


@step(90)
def portal_user(ctx):
    user, _ = User.objects.get_or_create(
        username="client", defaults={"first_name": "演示客户", "password": ctx.password_hash()}
    )
    user.groups.add(Group.objects.get(name=roles.CLIENT))
    ctx.data["portal_user"] = user
