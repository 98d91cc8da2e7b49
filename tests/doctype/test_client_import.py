"""Client import (CSV and XLSX): every row checked, valid rows committed together, each rejected
row reported with its line, field and reason; record rules apply to what may be imported."""

import io

import openpyxl
import pytest
from client_fixtures import desk_for, english, new_client, resident_id, uscc, world  # noqa: F401  (fixtures)
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from securities_crm.doctype.audit_log.model import AuditLog
from securities_crm.doctype.client.importing import import_clients
from securities_crm.doctype.client.model import Client

pytestmark = pytest.mark.django_db

HEADER = "client_name,client_type,id_type,id_number,mobile,email,branch,client_manager,financial_assets"


def _csv(*rows):
    return "\n".join([HEADER, *rows]).encode()


def test_valid_rows_are_committed_and_every_bad_row_is_reported(world, branch):
    users, clients = world
    good1, good2 = resident_id(seq=101), resident_id(seq=102)
    bad_check = resident_id(seq=103)[:-1] + ("0" if resident_id(seq=103)[-1] != "0" else "1")
    content = _csv(
        f"张一,Individual,Resident ID,{good1.lower()},13800001111,,SH01,cm_a,500000",  # line 2: good
        f"张二,Individual,Resident ID,{bad_check},13800001112,,SH01,cm_a,",  # line 3: check char
        f"张三,Individual,Resident ID,{clients['a1'].id_number},13800001113,,SH01,cm_a,",  # line 4: duplicate
        f"张四,Individual,Resident ID,{good1},13800001114,,SH01,cm_a,",  # line 5: dup in file
        f"张五,Individual,Resident ID,{resident_id(seq=104)},12345,bad@,XX99,ghost,abc",  # line 6: five faults
        f"某公司,Institution,Unified Social Credit Code,{uscc()},,ir@example.cn,SH01,cm_a,",  # line 7: good
        f"张六,Individual,Resident ID,{good2},+86 139 0000 2222,,SH01,,",  # line 8: good
    )
    before = Client.objects.count()
    report = import_clients(content, "clients.csv", users["admin"])
    assert (report.total, report.imported) == (7, 3)
    assert report.rejected_lines == [3, 4, 5, 6]
    reasons = {(r.line, r.field) for r in report.rejected}
    assert {
        (3, "id_number"),
        (4, "id_number"),
        (5, "id_number"),
        (6, "mobile"),
        (6, "email"),
        (6, "branch"),
        (6, "client_manager"),
        (6, "financial_assets"),
    } <= reasons
    assert all(r.reason for r in report.rejected)
    assert any("already exists" in r.reason for r in report.rejected if r.line == 4)
    assert Client.objects.count() == before + 3
    imported = Client.objects.get(id_number=good1)
    assert imported.id_number == good1.upper() and imported.client_manager == users["cm_a"]
    assert Client.objects.get(id_number=good2).mobile == "13900002222"
    assert not Client.objects.filter(client_name__in=["张二", "张三", "张四", "张五"]).exists()
    assert AuditLog.objects.filter(action="Import", user="sysman").count() == 1


def test_xlsx_import(world):
    users, _ = world
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(["李一", "Individual", "Resident ID", resident_id(seq=201), "13700001111", "", "SH01", "", None])
    sheet.append(["李二", "Individual", "Resident ID", "123", "13700001112", "", "SH01", "", None])
    buf = io.BytesIO()
    book.save(buf)
    report = import_clients(buf.getvalue(), "clients.xlsx", users["bm"])
    assert report.imported == 1 and report.rejected_lines == [3]


def test_a_client_manager_imports_only_their_own_clients(world):
    users, _ = world
    content = _csv(
        f"王一,Individual,Resident ID,{resident_id(seq=301)},13600001111,,SH01,,",
        f"王二,Individual,Resident ID,{resident_id(seq=302)},13600001112,,SH01,cm_b,",
    )
    report = import_clients(content, "clients.csv", users["cm_a"])
    assert report.imported == 1 and report.rejected_lines == [3]
    assert [r.field for r in report.rejected] == ["client_manager"]
    assert Client.objects.get(id_number=resident_id(seq=301)).client_manager == users["cm_a"]


def test_an_unusable_file_is_refused_as_a_whole(world):
    users, _ = world
    with pytest.raises(ValidationError, match="Unknown columns: colour"):
        import_clients(b"client_name,id_number,colour\nx,y,z\n", "c.csv", users["admin"])
    with pytest.raises(ValidationError, match=".csv or .xlsx"):
        import_clients(b"...", "c.pdf", users["admin"])


def test_the_desk_import_page_reports_rejected_lines(world):
    users, _ = world
    desk = desk_for(users["bm"])
    upload = SimpleUploadedFile(
        "c.csv",
        _csv(
            f"赵一,Individual,Resident ID,{resident_id(seq=401)},13500001111,,,,",
            "赵二,Individual,Resident ID,110105,13500001112,,,,",
        ),
    )
    page = desk.post("/app/securities_crm/client/import/", {"import_file": upload}).content.decode()
    assert 'id="import-rejects"' in page and "18 characters" in page
    assert Client.objects.filter(client_name="赵一").exists()
    service = desk_for(users["service"])
    assert service.get("/app/securities_crm/client/import/").status_code == 403
