"""Shared fixtures. Tests talk to real servers: the database from DATABASE_URL, Redis from
REDIS_URL (or an embedded redis-server), and Debian's Chromium for the browser tests."""
import os

os.environ.setdefault("CRM_DEMO", "1")  # generated keys under sites/var/, as for the demo

import pytest  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def redis_server():
    """Redis for the whole session: REDIS_URL's, or an embedded one started for the run."""
    from securities_crm.core import embedded_redis

    with embedded_redis.ensure_running():
        import django_rq

        django_rq.get_connection("default").flushdb()
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 costs a second per user on this machine; tests don't need slow hashes."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_user(db):
    """make_user("alice", roles=["Client Manager"], branch=branch) -> a staff user with a profile."""
    from django.contrib.auth.models import Group, User

    from securities_crm.doctype.staff_profile.model import StaffProfile

    def make(username, roles=(), branch=None, staff=True, superuser=False):
        user = User.objects.create_user(username, password="pw-" + username, is_staff=staff, is_superuser=superuser)
        if staff:
            profile = StaffProfile(user=user, full_name=username, branch=branch)
            profile.save()
            profile.roles.set(Group.objects.filter(name__in=roles))
        else:
            user.groups.set(Group.objects.filter(name__in=roles))
        return user

    return make


@pytest.fixture
def branch(db):
    from securities_crm.doctype.branch.model import Branch

    b = Branch(branch_code="SH01", branch_name="上海陆家嘴营业部", city="上海")
    b.save()
    return b


@pytest.fixture
def other_branch(db):
    from securities_crm.doctype.branch.model import Branch

    b = Branch(branch_code="BJ01", branch_name="北京建国门营业部", city="北京")
    b.save()
    return b
