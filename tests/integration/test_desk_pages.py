"""The desk's shell: Chinese by default and English a click away, who may enter, Background Jobs, ping."""

import pytest
from django.urls import reverse


@pytest.fixture
def sysman(staff_by_role):
    return staff_by_role["System Manager"]


def test_the_desk_speaks_chinese_by_default(client, sysman):
    client.force_login(sysman)
    html = client.get(reverse("admin:index")).content.decode()
    assert '<html lang="zh-hans"' in html
    for text in ("欢迎", "未读通知", "系统管理员", "仪表板", "消息通知", "营业部"):
        assert text in html, text
    for english in ("Unread notifications", "Welcome,", ">Dashboard<", "Search apps and models"):
        assert english not in html, english


def test_english_is_one_click_away(client, sysman):
    client.force_login(sysman)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/app/"})
    assert response.status_code == 302
    html = client.get(reverse("admin:index")).content.decode()
    assert '<html lang="en"' in html
    for text in ("Welcome,", "Unread notifications", "System Manager", "Staff per branch"):
        assert text in html, text
    assert "未读通知" not in html


def test_the_login_page_offers_the_language_switch(client):
    html = client.get(reverse("admin:login")).content.decode()
    assert 'data-testid="language-switch"' in html and 'value="en"' in html and "欢迎回来" in html
    client.post(reverse("set_language"), {"language": "en", "next": "/app/login/"})
    html = client.get(reverse("admin:login")).content.decode()
    assert "Welcome back to" in html


def test_lists_and_forms_are_chinese(client, sysman, branch):
    client.force_login(sysman)
    html = client.get(reverse("admin:securities_crm_branch_changelist")).content.decode()
    assert "营业部代码" in html and "城市" in html
    html = client.get(reverse("admin:securities_crm_branch_change", args=[branch.pk])).content.decode()
    assert "营业部名称" in html and "保存" in html


def test_a_client_cannot_enter_the_desk(client, portal_client):
    client.force_login(portal_client)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    client.logout()
    response = client.post(reverse("admin:login"), {"username": "client_user", "password": "pw-client_user"})
    assert response.status_code == 200  # the form again: clients are not staff
    assert client.get(reverse("admin:index")).status_code == 302


def test_background_jobs_are_for_system_managers_only(client, staff_by_role):
    url = reverse("admin:django_rq_home")
    client.force_login(staff_by_role["System Manager"])
    html = client.get(url).content.decode()
    assert "default" in html and "short" in html and "long" in html
    assert "任务队列" in html and "工作进程" in html  # our translated landing page
    assert "securities_crm/rq.css" in html  # django-rq's pages wear the desk's look
    assert reverse("admin:django_rq_home") in client.get(reverse("admin:index")).content.decode()
    for role, user in staff_by_role.items():
        if role == "System Manager":
            continue
        client.force_login(user)
        assert client.get(url).status_code == 403, role
        assert client.get(reverse("admin:django_rq_jobs", args=[0])).status_code == 403, role
        assert url not in client.get(reverse("admin:index")).content.decode(), role


def test_the_sidebar_groups_doctypes_by_module(client, staff_by_role):
    client.force_login(staff_by_role["Advisor"])
    html = client.get(reverse("admin:index")).content.decode()
    assert "组织架构" in html and reverse("admin:securities_crm_branch_changelist") in html
    assert reverse("admin:auth_user_changelist") not in html  # administration is for System Managers


@pytest.mark.parametrize("path", ["/api/method/ping", "/api/v1/method/ping"])
def test_ping_answers_pong(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.json() == {"message": "pong"}


def test_django_groups_are_called_roles(client, make_user):
    client.force_login(make_user("root", superuser=True))
    html = client.get(reverse("admin:auth_group_changelist")).content.decode()
    assert "角色" in html and ">组<" not in html


def test_the_sidebar_links_users_and_roles_only_for_those_who_may_open_them(client, sysman, make_user):
    client.force_login(make_user("plain", roles=["Client Manager"]))
    html = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:auth_user_changelist") not in html
    assert reverse("admin:django_rq_home") not in html
    client.force_login(sysman)  # roles.json grants the System Manager "User" and "Role" by name
    html = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:auth_user_changelist") in html and reverse("admin:auth_group_changelist") in html
    assert reverse("admin:django_rq_home") in html


def test_a_system_manager_manages_staff_but_cannot_make_or_touch_a_superuser(client, sysman, make_user):
    staff = make_user("teller", roles=["Service Agent"])
    root = make_user("root", superuser=True)
    client.force_login(sysman)
    url = reverse("admin:auth_user_change", args=[staff.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert "is_superuser" not in form.fields and "user_permissions" not in form.fields
    data = {
        "username": "teller",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "groups": [g.pk for g in staff.groups.all()],
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
    }
    assert client.post(url, data).status_code == 302
    staff.refresh_from_db()
    assert not staff.is_superuser
    assert client.get(reverse("admin:auth_user_change", args=[root.pk])).status_code in (200, 403)
    assert (
        client.post(
            reverse("admin:auth_user_change", args=[root.pk]), {"username": "root2", "is_active": ""}
        ).status_code
        == 403
    )
    root.refresh_from_db()
    assert root.username == "root" and root.is_active
    assert (
        client.post(
            reverse("admin:auth_user_password_change", args=[root.pk]),
            {"password1": "x-Very-long-9", "password2": "x-Very-long-9"},
        ).status_code
        == 403
    )
