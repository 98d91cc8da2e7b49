"""The DocType base (core/document.py): standard fields, docstatus, immutability and history.

No DocType of the app is submittable yet, so the docstatus rules are exercised on two
throwaway DocTypes declared here (a submittable one and an immutable one). Their app label is
not installed, so Django's flush and the DocType registry never see them; each test that
uses them creates their tables and drops them afterwards.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, models

from securities_crm.core.document import DocStatus, Document, doctype
from securities_crm.core.errors import DocumentImmutable
from securities_crm.core.session import SYSTEM_USER, acting_as
from securities_crm.doctype.branch.model import Branch
from securities_crm.doctype.notification_log.model import NotificationLog


@doctype("Test Assessment", naming="series:TST-.#####", submittable=True, history=False, allow_on_submit=("remarks",))
class SampleAssessment(Document):
    score = models.IntegerField(default=0)
    remarks = models.CharField(max_length=100, blank=True)
    submitted_score = models.IntegerField(null=True, blank=True)

    class Meta(Document.Meta):
        app_label = "crm_document_tests"
        db_table = "crm_test_assessment"

    def before_submit(self):
        self.submitted_score = self.score


@doctype("Test Trade", naming="hash", immutable=True, history=False)
class SampleTrade(Document):
    quantity = models.IntegerField()

    class Meta(Document.Meta):
        app_label = "crm_document_tests"
        db_table = "crm_test_trade"


@pytest.fixture
def test_tables(transactional_db):
    with connection.schema_editor() as editor:
        editor.create_model(SampleAssessment)
        editor.create_model(SampleTrade)
    yield
    with connection.schema_editor() as editor:
        editor.delete_model(SampleAssessment)
        editor.delete_model(SampleTrade)


# --- standard fields ----------------------------------------------------------------------


@pytest.mark.django_db
def test_standard_fields_are_stamped_with_the_acting_user():
    with acting_as("alice"):
        branch = Branch(branch_code="GZ01", branch_name="广州天河营业部", city="广州")
        branch.save()
    assert (branch.name, branch.owner, branch.modified_by) == ("GZ01", "alice", "alice")
    assert branch.docstatus == DocStatus.DRAFT and branch.creation is not None
    created = branch.creation

    with acting_as("bob"):
        branch.city = "广州市"
        branch.save()
    stored = Branch.objects.get(pk="GZ01")
    assert (stored.owner, stored.modified_by, stored.city) == ("alice", "bob", "广州市")
    assert stored.creation == created and stored.modified >= created


@pytest.mark.django_db
def test_outside_a_request_or_acting_as_the_user_is_administrator():
    branch = Branch(branch_code="CD01", branch_name="成都天府营业部", city="成都")
    branch.save()
    assert branch.owner == branch.modified_by == SYSTEM_USER


@pytest.mark.django_db
def test_field_validation_runs_on_save_and_writes_nothing():
    with pytest.raises(ValidationError) as err:
        Branch(branch_code="XA01", branch_name="", city="西安").save()
    assert "branch_name" in err.value.message_dict
    assert not Branch.objects.filter(pk="XA01").exists()


# --- history (django-simple-history) ----------------------------------------------------


@pytest.mark.django_db
def test_every_write_leaves_a_history_row():
    with acting_as("alice"):
        branch = Branch(branch_code="NJ01", branch_name="南京新街口营业部", city="南京")
        branch.save()
        branch.phone = "025-12345678"
        branch.save()
    rows = list(Branch.history.filter(name="NJ01").order_by("history_id"))
    assert [r.history_type for r in rows] == ["+", "~"]
    assert rows[0].phone == "" and rows[1].phone == "025-12345678"
    assert rows[1].modified_by == "alice"
    branch.delete()
    assert Branch.history.filter(name="NJ01").latest("history_id").history_type == "-"


def test_doctypes_without_history_get_no_history_table():
    assert not hasattr(NotificationLog, "history")
    assert hasattr(Branch, "history")


# --- docstatus on a DocType that is not submittable -------------------------------------------


@pytest.mark.django_db
def test_a_non_submittable_doctype_stays_a_draft():
    branch = Branch(branch_code="WH01", branch_name="武汉江汉营业部", city="武汉")
    with pytest.raises(ValidationError):
        branch.submit()
    branch.docstatus = DocStatus.SUBMITTED
    with pytest.raises(ValidationError) as err:
        branch.save()
    assert "docstatus" in err.value.message_dict
    branch.docstatus = DocStatus.DRAFT
    branch.save()
    branch.docstatus = DocStatus.SUBMITTED
    with pytest.raises(ValidationError):
        branch.save()
    assert Branch.objects.get(pk="WH01").docstatus == DocStatus.DRAFT


# --- docstatus 0 → 1 → 2 on a submittable DocType -------------------------------------------


def test_draft_submit_cancel_and_nothing_else(test_tables):
    with acting_as("cm"):
        doc = SampleAssessment(score=42)
        doc.save()
    assert doc.name == "TST-00001" and doc.docstatus == DocStatus.DRAFT

    doc.score = 43  # a draft may change freely
    doc.save()
    doc.submit()
    stored = SampleAssessment.objects.get(pk=doc.pk)
    assert stored.docstatus == DocStatus.SUBMITTED and stored.submitted_score == 43  # before_submit ran

    stored.docstatus = DocStatus.DRAFT  # 1 → 0 is refused
    with pytest.raises(ValidationError):
        stored.save()
    stored = SampleAssessment.objects.get(pk=doc.pk)
    stored.cancel()
    assert SampleAssessment.objects.get(pk=doc.pk).docstatus == DocStatus.CANCELLED

    cancelled = SampleAssessment.objects.get(pk=doc.pk)
    cancelled.remarks = "reopened?"
    with pytest.raises(DocumentImmutable):  # 2 is final
        cancelled.save()
    cancelled.docstatus = DocStatus.SUBMITTED
    with pytest.raises(DocumentImmutable):
        cancelled.save()


def test_a_draft_cannot_jump_to_cancelled_and_a_new_document_cannot_start_cancelled(test_tables):
    doc = SampleAssessment(score=1)
    doc.save()
    with pytest.raises(ValidationError):
        doc.cancel()
    assert SampleAssessment.objects.get(pk=doc.pk).docstatus == DocStatus.DRAFT
    with pytest.raises(ValidationError):
        SampleAssessment(score=1, docstatus=DocStatus.CANCELLED).save()
    inserted = SampleAssessment(score=5, docstatus=DocStatus.SUBMITTED)  # inserting as submitted is allowed
    inserted.save()
    assert SampleAssessment.objects.get(pk=inserted.pk).docstatus == DocStatus.SUBMITTED


def test_a_submitted_document_changes_only_its_allow_on_submit_fields(test_tables):
    doc = SampleAssessment(score=10)
    doc.save()
    doc.submit()
    doc.remarks = "reviewed by compliance"
    doc.save()
    assert SampleAssessment.objects.get(pk=doc.pk).remarks == "reviewed by compliance"

    doc.score = 99
    with pytest.raises(DocumentImmutable) as err:
        doc.save()
    assert "score" in str(err.value)
    assert SampleAssessment.objects.get(pk=doc.pk).score == 10


def test_a_submitted_document_must_be_cancelled_before_deleting(test_tables):
    doc = SampleAssessment(score=3)
    doc.save()
    doc.submit()
    with pytest.raises(DocumentImmutable):
        doc.delete()
    doc.cancel()
    doc.delete()
    assert not SampleAssessment.objects.filter(pk=doc.pk).exists()


# --- immutable DocTypes (trades and the like) ---------------------------------------------


def test_an_immutable_record_refuses_change_and_delete(test_tables):
    trade = SampleTrade(quantity=100)
    trade.save()
    trade.quantity = 200
    with pytest.raises(DocumentImmutable):
        trade.save()
    with pytest.raises(DocumentImmutable):
        trade.delete()
    assert SampleTrade.objects.get(pk=trade.pk).quantity == 100
