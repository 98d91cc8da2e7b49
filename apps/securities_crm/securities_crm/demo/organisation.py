"""Branches and one staff member per role in each, plus the named demo logins."""

from django.contrib.auth.models import Group, User
from django.db import transaction

from ..core.session import acting_as
from ..doctype.branch.model import Branch
from ..doctype.staff_profile.model import StaffProfile
from ..permissions import roles
from . import chinese, step

BRANCHES = [
    ("BJ01", "北京建国门营业部", "北京"),
    ("BJ02", "北京中关村营业部", "北京"),
    ("SH01", "上海陆家嘴营业部", "上海"),
    ("SH02", "上海徐家汇营业部", "上海"),
    ("SZ01", "深圳福田营业部", "深圳"),
    ("GZ01", "广州天河营业部", "广州"),
    ("HZ01", "杭州西湖营业部", "杭州"),
    ("NJ01", "南京新街口营业部", "南京"),
    ("CD01", "成都天府营业部", "成都"),
    ("WH01", "武汉江汉营业部", "武汉"),
]
# The named logins the README lists: one per role, all in the first branch.
DEMO_LOGINS = {
    roles.BRANCH_MANAGER: "branch_manager",
    roles.CLIENT_MANAGER: "client_manager",
    roles.ADVISOR: "advisor",
    roles.COMPLIANCE_OFFICER: "compliance",
    roles.RISK_OFFICER: "risk",
    roles.SERVICE_AGENT: "service",
    roles.MARKETING: "marketing",
}
STAFF_PER_BRANCH = {roles.BRANCH_MANAGER: 1, roles.CLIENT_MANAGER: 6, roles.ADVISOR: 2, roles.SERVICE_AGENT: 2}


def _user(username, password_hash, full_name="", superuser=False):
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={"is_staff": True, "is_superuser": superuser, "first_name": full_name, "password": password_hash},
    )
    return user


def _staff(user, full_name, branch, role_names, manager=None, employee_no=""):
    profile = StaffProfile.objects.filter(user=user).first()
    if profile is None:
        profile = StaffProfile(user=user, full_name=full_name, branch=branch, manager=manager, employee_no=employee_no)
        profile.save()
    profile.roles.set(Group.objects.filter(name__in=role_names))
    return profile


@step(10)
def organisation(ctx):
    rng = ctx.rng("organisation")
    password = ctx.password_hash()
    with transaction.atomic(), acting_as("Administrator"):
        branches = []
        for code, name, city in BRANCHES:
            branch = Branch.objects.filter(branch_code=code).first()
            if branch is None:
                branch = Branch(
                    branch_code=code, branch_name=name, city=city, phone=f"400-820-{rng.randrange(10000):04d}"
                )
                branch.save()
            branches.append(branch)

        _staff(
            _user("admin", password, "系统管理员", superuser=True), "系统管理员", branches[0], [roles.SYSTEM_MANAGER]
        )
        head = None
        for role, username in DEMO_LOGINS.items():
            full = chinese.name(rng)
            profile = _staff(
                _user(username, password, full),
                full,
                branches[0],
                [role],
                employee_no=f"E{len(username):02d}{username[:3].upper()}",
            )
            if role == roles.BRANCH_MANAGER:
                head = profile
        managers = []
        for i, branch in enumerate(branches):
            boss = head if i == 0 else None
            for role, count in STAFF_PER_BRANCH.items():
                for n in range(count):
                    username = f"{branch.branch_code.lower()}_{role.split()[0].lower()}{n + 1}"
                    full = chinese.name(rng)
                    profile = _staff(
                        _user(username, password, full),
                        full,
                        branch,
                        [role],
                        manager=boss,
                        employee_no=f"{branch.branch_code}{n + 1:03d}",
                    )
                    if role == roles.BRANCH_MANAGER and boss is None:
                        boss = profile
                    if role == roles.CLIENT_MANAGER:
                        managers.append(profile)
        ctx.data["branches"] = branches
        ctx.data["client_managers"] = [User.objects.get(username="client_manager")] + [p.user for p in managers]
