"""A welcome message in each named demo login's inbox, so the desk's and the portal's inboxes show real rows."""

from django.contrib.auth.models import User

from ..core.session import acting_as
from ..notifications import notify
from . import step
from .organisation import DEMO_LOGINS

WELCOME = "欢迎使用证券公司客户管理系统"
WELCOME_TEXT = "这是您的消息中心：系统提醒、任务分派和风险预警都会发送到这里。"


@step(95)
def notifications(ctx):
    usernames = ["admin", *DEMO_LOGINS.values(), "client"]
    with acting_as("Administrator"):
        for user in User.objects.filter(username__in=usernames):
            if not user.notifications.exists():
                notify(user, WELCOME, WELCOME_TEXT, kind="Reminder")
