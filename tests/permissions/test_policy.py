"""Role rights and record rules for the foundation's DocTypes, asked through the one policy module."""

import pytest

from securities_crm.core import registry
from securities_crm.doctype.branch.model import Branch
from securities_crm.doctype.notification_log.model import NotificationLog
from securities_crm.doctype.staff_profile.model import StaffProfile
from securities_crm.notifications import notify
from securities_crm.permissions import policy, rights


@pytest.fixture
def staff(make_user, branch, other_branch):
    return {
        "admin": make_user("boss", roles=["System Manager"], branch=branch),
        "bm_sh": make_user("bm_sh", roles=["Branch Manager"], branch=branch),
        "bm_bj": make_user("bm_bj", roles=["Branch Manager"], branch=other_branch),
        "cm": make_user("cm", roles=["Client Manager"], branch=branch),
        "nobody": make_user("nobody", roles=[], branch=branch),
    }


def test_every_role_in_the_fixture_exists_with_its_rights(db):
    from django.contrib.auth.models import Group

    table = rights.load_fixture()
    for role, doctypes in table.items():
        group = Group.objects.get(name=role)
        held = set(group.permissions.values_list("codename", flat=True))
        for spec in registry.all_doctypes():
            letters = doctypes.get(spec.name, doctypes.get("*", ""))
            expected = {f"{rights.LETTERS[ch]}_{spec.model._meta.model_name}" for ch in letters}
            expected |= {
                rights.codename(f"write@{lvl}", spec.model)
                for lvl in rights.levels_of(spec)
                if "w" in doctypes.get(f"{spec.name}@{lvl}", "")
            }  # field levels: by name only
            mine = {c for c in held if c.endswith("_" + spec.model._meta.model_name)}
            assert mine == expected, (role, spec.name)


def test_branch_manager_sees_only_their_branch_staff(staff, branch):
    visible = policy.filter_queryset(staff["bm_sh"], StaffProfile.objects.all())
    assert {p.username for p in visible} == {"boss", "bm_sh", "cm", "nobody"}
    other = StaffProfile.objects.get(username="bm_bj")
    assert not policy.can(staff["bm_sh"], "read", other)
    assert policy.can(staff["bm_bj"], "read", other)


def test_system_manager_sees_everything(staff):
    assert policy.filter_queryset(staff["admin"], StaffProfile.objects.all()).count() == 5
    assert policy.can(staff["admin"], "delete", Branch.objects.get(pk="BJ01"))


def test_rights_gate_before_records(staff):
    branch = Branch.objects.get(pk="SH01")
    assert policy.can(staff["bm_sh"], "read", branch)
    assert not policy.can(staff["bm_sh"], "write", branch)  # the fixture gives Branch Managers "r" only
    assert not policy.can(staff["nobody"], "read", branch)
    assert policy.filter_queryset(staff["nobody"], Branch.objects.all()).count() == 0


def test_notifications_are_private_to_their_user(staff):
    notify(staff["cm"], "你有一个新任务")
    notify(staff["bm_sh"], "Review needed")
    for user in (staff["cm"], staff["bm_sh"], staff["admin"]):
        mine = policy.filter_queryset(user, NotificationLog.objects.all())
        assert all(n.for_user_id == user.pk for n in mine)
    assert policy.filter_queryset(staff["cm"], NotificationLog.objects.all()).count() == 1
    other = NotificationLog.objects.get(for_user=staff["bm_sh"])
    assert not policy.can(staff["cm"], "read", other)


def test_has_perm_with_an_object_goes_through_the_policy(staff):
    other = StaffProfile.objects.get(username="bm_bj")
    assert staff["bm_bj"].has_perm("securities_crm.view_staffprofile", other)
    assert not staff["bm_sh"].has_perm("securities_crm.view_staffprofile", other)


def test_inactive_or_anonymous_users_may_do_nothing(staff):
    from django.contrib.auth.models import AnonymousUser

    staff["admin"].is_active = False
    assert not policy.can(staff["admin"], "read", Branch)
    assert not policy.can(AnonymousUser(), "read", Branch)


def test_no_placeholders_every_doctype_named_in_rights_and_sidebar_exists():
    """Rights and icons are added with a DocType's model, never ahead of it; roles are the fixture's."""
    import json

    from securities_crm.desk import sidebar

    names = {s.name for s in registry.all_doctypes()}
    fixture = json.loads(rights.FIXTURE.read_text(encoding="utf-8"))["rights"]
    for role, granted in fixture.items():
        assert set(granted) <= {"*", *rights.AUTH_MODELS}, (role, "DocType rights belong in the DocType's spec")
    for spec in registry.all_doctypes():
        assert set(spec.rights) <= set(fixture), (spec.name, "names a role that does not exist")
    for role, granted in rights.load_fixture().items():
        for key in granted:
            assert key in ("*", *rights.AUTH_MODELS) or key.split("@")[0] in names, (role, key)
    assert set(sidebar.DOCTYPE_ICONS) <= names
