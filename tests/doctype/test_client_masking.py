"""Masking per role, an Audit Log row for every full read (API/portal gate, desk forms), masked
lists and exports, and the audit of logins, failed logins, exports and role changes."""

import pytest
from client_fixtures import desk_for, english, world  # noqa: F401  (fixtures)
from django.contrib.auth.models import Group
from django.test import Client as Browser

from securities_crm.doctype.audit_log import audit
from securities_crm.doctype.audit_log.model import AuditLog
from securities_crm.doctype.client.model import Client
from securities_crm.doctype.securities_account.model import SecuritiesAccount
from securities_crm.security.masking import mask, present, present_all, present_many

pytestmark = pytest.mark.django_db


def test_mask_formats():
    assert mask("110105194912311238", "id_number") == "110105********1238"
    assert mask("13812345678", "mobile") == "138****5678"
    assert mask("6222020200112233445", "bank_account") == "6222***********3445"
    assert mask("+85251234567", "mobile") == "+85*****4567"
    assert mask("", "mobile") == "" and mask(None, "id_number") == ""
    assert "12" not in mask("1234", "id_number")[:2]


FULL = {"admin", "bm", "cm_a", "compliance"}  # may see ID number and mobile in full
MASKED = {"risk", "service", "marketing", "advisor", "nobody"}


@pytest.mark.parametrize("who", sorted(FULL | MASKED))
def test_present_reveals_by_role_and_audits_every_full_read(world, who):
    users, clients = world
    client = clients["a1"]
    before = AuditLog.objects.count()
    shown = present(users[who], client, "id_number", "api")
    shown_mobile = present(users[who], client, "mobile", "api")
    rows = AuditLog.objects.filter(action=audit.READ, user=users[who].username)
    if who in FULL:
        assert (shown, shown_mobile) == (client.id_number, client.mobile)
        assert sorted(rows.values_list("reference_doctype", "reference_name", "field_name", "channel")) == [
            ("Client", client.name, "id_number", "api"),
            ("Client", client.name, "mobile", "api"),
        ]
    else:
        assert shown == mask(client.id_number, "id_number") and shown_mobile == mask(client.mobile, "mobile")
        assert "*" in shown and client.id_number not in shown
        assert AuditLog.objects.count() == before


def test_bank_accounts_are_for_compliance_and_risk(world):
    users, clients = world
    account = SecuritiesAccount(account_number="A000000009", client=clients["a1"], bank_account="6222020200112233445")
    account.save()
    assert present(users["risk"], account, "bank_account", "api") == "6222020200112233445"
    assert present(users["cm_a"], account, "bank_account", "api") == "6222***********3445"
    assert (
        AuditLog.objects.filter(
            action=audit.READ,
            field_name="bank_account",
            user="risk",
            reference_doctype="Securities Account",
            reference_name="A000000009",
        ).count()
        == 1
    )


def test_a_portal_client_sees_only_their_own_values_in_full(world):
    users, clients = world
    assert present(users["portal"], clients["a1"], "id_number", "portal") == clients["a1"].id_number
    assert "*" in present(users["portal"], clients["a2"], "id_number", "portal")
    assert AuditLog.objects.filter(user="portal", action=audit.READ, channel="portal").count() == 1


def test_present_all_writes_one_row_per_revealed_field(world):
    users, clients = world
    shown = present_all(users["compliance"], clients["b1"], "api")
    assert shown == {"id_number": clients["b1"].id_number, "mobile": clients["b1"].mobile}
    assert AuditLog.objects.filter(user="compl", reference_name=clients["b1"].name).count() == 2


def test_present_many_reveals_a_page_by_role_with_one_audit_row_per_value(world):
    users, clients = world
    page = [clients["a1"], clients["a2"]]
    assert present_many(users["cm_a"], page, ["id_number"]) == [{"id_number": c.id_number} for c in page]
    assert AuditLog.objects.filter(user="cm_a", action=audit.READ, field_name="id_number").count() == 2
    masked_rows = present_many(users["service"], page)
    assert masked_rows[0] == {
        "id_number": mask(page[0].id_number, "id_number"),
        "mobile": mask(page[0].mobile, "mobile"),
    }
    assert not AuditLog.objects.filter(user="service", action=audit.READ).exists()


# --- the desk ---------------------------------------------------------------------------------
def test_desk_form_is_masked_for_everyone_and_reveals_on_request_audited(world):
    users, clients = world
    client = clients["a1"]
    url = f"/app/securities_crm/client/{client.pk}/change/"
    reveal = f"/app/securities_crm/client/{client.pk}/reveal/id_number/"
    service = desk_for(users["service"])
    page = service.get(url).content.decode()
    assert client.id_number not in page and client.mobile not in page
    assert mask(client.id_number, "id_number") in page and mask(client.mobile, "mobile") in page
    assert "crm-reveal" not in page  # no reveal for a role that may not see the value
    assert service.post(reveal).status_code == 403

    manager = desk_for(users["cm_a"])
    page = manager.get(url).content.decode()
    assert client.id_number not in page and client.mobile not in page  # masked for the manager too...
    assert mask(client.id_number, "id_number") in page and page.count('class="crm-reveal') == 2  # ...with reveal
    assert not AuditLog.objects.filter(action=audit.READ).exists()  # opening the form reveals nothing
    assert manager.get(reveal).status_code == 405  # a reveal is a POST, never a prefetchable GET
    assert manager.post(reveal).json() == {"value": client.id_number}
    assert list(
        AuditLog.objects.filter(action=audit.READ, user="cm_a", channel="desk").values_list(
            "reference_name", "field_name"
        )
    ) == [(client.name, "id_number")]


def test_desk_form_edits_without_revealing_and_keeps_what_was_not_retyped(world):
    users, clients = world
    client = clients["a1"]
    url = f"/app/securities_crm/client/{client.pk}/change/"
    manager = desk_for(users["cm_a"])
    page = manager.get(url)
    form = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    form = {k: (v.pk if hasattr(v, "pk") else v) for k, v in form.items()}
    form.update({"id_number": "", "mobile": mask(client.mobile, "mobile"), "occupation": "律师"})
    response = manager.post(url, _with_inline_management(page, form))
    assert response.status_code == 302, response.content.decode()[:3000]
    client.refresh_from_db()
    assert client.occupation == "律师"
    assert client.id_number == clients["a1"].id_number and client.mobile == clients["a1"].mobile
    form["mobile"] = "13911112222"  # a new value, typed without revealing the old one
    assert manager.post(url, _with_inline_management(page, form)).status_code == 302
    client.refresh_from_db()
    assert client.mobile == "13911112222" and client.id_number == clients["a1"].id_number
    assert not AuditLog.objects.filter(action=audit.READ, user="cm_a").exists()


def _with_inline_management(page, form):
    """The POST body of the change form: its fields plus each tab's (inline formset's) management form."""
    data = dict(form)
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name, field in management.fields.items():
            data[management.add_prefix(name)] = management.initial.get(name, field.initial) or 0
    return data


def test_desk_lists_history_and_exports_stay_masked(world):
    users, clients = world
    desk = desk_for(users["compliance"])
    listing = desk.get("/app/securities_crm/client/").content.decode()
    assert all(c.id_number not in listing and c.mobile not in listing for c in clients.values())
    assert mask(clients["a1"].id_number, "id_number") in listing
    client = clients["a1"]
    client.mobile = "13900009999"
    client.save()
    history = desk.get(f"/app/securities_crm/client/{client.pk}/history/").content.decode()
    assert "13900009999" not in history and "13812340001" not in history
    exported = desk.post("/app/securities_crm/client/export/", {"format": "0", "resource": "0"})
    body = exported.content.decode("utf-8-sig")
    assert exported.status_code == 200 and clients["bj"].name in body
    assert all(c.id_number not in body for c in clients.values())
    assert mask(clients["bj"].id_number, "id_number") in body
    assert "id_number_index" not in body and clients["bj"].id_number_index not in body
    assert AuditLog.objects.filter(action=audit.EXPORT, user="compl", reference_doctype="Client").count() == 1


def test_logins_failed_logins_and_role_changes_are_audited(world):
    users, _ = world
    browser = Browser()
    assert browser.login(username="cm_a", password="pw-cm_a")
    assert not browser.login(username="cm_a", password="wrong")
    assert AuditLog.objects.filter(action=audit.LOGIN, user="cm_a").count() == 1
    assert AuditLog.objects.filter(action=audit.LOGIN_FAILED, user="cm_a").count() == 1
    users["cm_a"].groups.add(Group.objects.get(name="Compliance Officer"))
    row = AuditLog.objects.filter(action=audit.ROLE_CHANGE, reference_name="cm_a").latest("creation")
    assert "Compliance Officer" in row.detail and row.detail.startswith("added")
    assert AuditLog.objects.filter(action=audit.ROLE_CHANGE).count() >= 1


def test_desk_add_form_saves_sealed_values_and_shows_a_duplicate_beside_the_field(world, branch):
    users, clients = world
    desk = desk_for(users["cm_a"])
    form = {
        "client_name": "新客户",
        "client_type": "Individual",
        "id_type": "Resident ID",
        "id_number": clients["bj"].id_number,
        "mobile": "13712345678",
        "nationality": "CN",
        "investor_type": "Ordinary",
        "branch": branch.pk,
        "client_manager": users["cm_a"].pk,
        "status": "Prospect",
    }
    page = desk.post("/app/securities_crm/client/add/", form)
    assert page.status_code == 200 and "already exists" in page.content.decode()
    assert not Client.objects.filter(client_name="新客户").exists()
    form["id_number"] = "110105199003071234"[:17]
    form["id_number"] += "10X98765432"[
        sum(int(d) * w for d, w in zip(form["id_number"], [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])) % 11
    ]
    page = desk.post("/app/securities_crm/client/add/", form)
    assert page.status_code == 302, page.content.decode()[:2000]
    created = Client.objects.get(client_name="新客户")
    assert created.id_number == form["id_number"] and created.mobile == "13712345678"
    assert Client.objects.filter(id_number=form["id_number"]).count() == 1
