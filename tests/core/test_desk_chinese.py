"""Words that read right in zh-hans: ambiguous English words by their context, keys shown by their
labels (roles, DocTypes, rule kinds, users), the admin picker's strings, the history without None,
the clients tile whose parts add up, and hashed static files."""

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from securities_crm.demo.clients import unique_resident_id
from securities_crm.desk.labels import doctype_label, field_label, role_label, user_label
from securities_crm.doctype.client.model import Client, ClientStatus
from securities_crm.doctype.fund_transfer.model import FundTransfer
from securities_crm.doctype.risk_alert.model import AlertStatus
from securities_crm.doctype.securities_account.model import AccountType


@pytest.fixture
def chinese():
    with translation.override("zh-hans"):
        yield


def test_ambiguous_words_take_their_meaning_from_their_context(chinese):
    assert str(Client._meta.get_field("education").verbose_name) == "学历"
    assert str(AlertStatus.CLOSED.label) == "已关闭"
    assert str(ClientStatus.CLOSED.label) == "已销户"
    assert str(FundTransfer._meta.get_field("is_cash").verbose_name) == "现金"
    assert str(AccountType.CASH.label) == "普通账户"
    assert translation.pgettext("proportion", "Share") == "占比"


def test_keys_are_shown_by_their_labels(chinese):
    assert role_label("Compliance Officer") == "合规专员"
    assert doctype_label("AML Report") == "反洗钱报告"
    assert doctype_label("Risk Alert") == "风险预警"
    assert user_label("Administrator") == "系统" and user_label("cm_li") == "cm_li"
    assert field_label("Client", "id_number") == "证件号码"
    assert field_label("Client", "no_such_field") == "no_such_field"


@pytest.mark.django_db
def test_the_role_picker_and_filter_speak_chinese(client, make_user, branch):
    admin = make_user("sysadmin", roles=["System Manager"], branch=branch, superuser=True)
    client.force_login(admin)
    page = client.get(f"/app/securities_crm/staffprofile/{admin.staff_profile.pk}/change/").content.decode()
    advisor = Group.objects.get(name="Advisor")
    assert f'<option value="{advisor.pk}">投资顾问</option>' in page
    catalogue = client.get("/app/jsi18n/").content.decode()
    assert '"Choose all %s": "\\u5168\\u9009%s"' in catalogue  # 全选%s, which Django's own catalogue lacks
    assert '"(click to clear)"' in catalogue
    groups = client.get("/app/auth/group/").content.decode()
    assert "合规专员" in groups and ">Compliance Officer<" not in groups


@pytest.mark.django_db
def test_the_history_shows_no_none_and_choices_by_label(client, make_user, branch):
    admin = make_user("sysadmin", roles=["System Manager"], branch=branch, superuser=True)
    person = Client(client_name="王五", id_number="11010519491231002X", branch=branch, status="Prospect")
    person.save()
    person.status = "Active"
    person.save()
    client.force_login(admin)
    page = client.get(f"/app/securities_crm/client/{person.pk}/history/").content.decode()
    assert "None" not in page
    assert "潜在客户" in page and "启用" in page  # Prospect -> Active by their labels


@pytest.mark.django_db
def test_the_clients_tile_counts_add_up(rf, make_user, branch):
    from securities_crm.doctype.client.figures import clients

    manager = make_user("cm_tile", roles=["Client Manager"], branch=branch)
    for n, status in enumerate(["Active", "Active", "Active", "Dormant", "Closed"]):
        id_number = unique_resident_id(n)[0]
        Client(client_name=f"客户{n}", id_number=id_number, branch=branch, client_manager=manager, status=status).save()
    request = rf.get("/app/")
    request.user = manager
    with translation.override("zh-hans"):
        tile = clients(request)
    assert tile.value == 5  # the number is every client the list behind the tile shows
    assert str(tile.hint) == "启用 3 名 · 休眠 1 名 · 已销户 1 名"


def test_static_files_are_hashed_and_fall_back_when_not_collected(settings, tmp_path):
    from django.core.files.storage import storages

    from securities_crm.core.staticfiles import HashedStaticFiles

    assert (
        "HashedStaticFiles"
        in __import__("securities_crm.site", fromlist=["DEFAULTS"]).DEFAULTS["STORAGES"]["staticfiles"]["BACKEND"]
    )
    root = tmp_path / "static"
    (root / "securities_crm").mkdir(parents=True)
    (root / "securities_crm" / "desk.css").write_text("body { color: red }")
    storage = HashedStaticFiles(location=str(root), base_url="/static/")
    list(storage.post_process({"securities_crm/desk.css": (storage, "securities_crm/desk.css")}))
    storage.save_manifest()
    storage = HashedStaticFiles(location=str(root), base_url="/static/")
    assert storage.url("securities_crm/desk.css").startswith("/static/securities_crm/desk.")
    assert storage.url("securities_crm/desk.css") != "/static/securities_crm/desk.css"  # hashed: cached for a year
    assert storage.url("securities_crm/missing.js") == "/static/securities_crm/missing.js"  # not collected
    del storages
