"""Fixtures for the desk, portal and jobs tests: one staff user per role in two branches."""

import pytest

ROLES = [
    "System Manager",
    "Branch Manager",
    "Client Manager",
    "Advisor",
    "Compliance Officer",
    "Risk Officer",
    "Service Agent",
    "Marketing",
]


@pytest.fixture
def staff_by_role(make_user, branch, other_branch):
    """{role: user}, each in the SH01 branch, plus a second Branch Manager and Client Manager in BJ01."""
    users = {role: make_user(role.lower().replace(" ", "_"), roles=[role], branch=branch) for role in ROLES}
    make_user("bj_branch_manager", roles=["Branch Manager"], branch=other_branch)
    make_user("bj_client_manager", roles=["Client Manager"], branch=other_branch)
    return users


@pytest.fixture
def portal_client(make_user):
    """A portal user: the Client role, no staff flag."""
    return make_user("client_user", roles=["Client"], staff=False)
