"""Professional Investor Application: criteria checked on save, evidence stored under MEDIA_ROOT,
approval sets the investor type, refusal needs a reason, and a professional may revert."""

from decimal import Decimal as D

import pytest
from client_fixtures import english, new_client, uscc  # noqa: F401  (fixtures)
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from securities_crm.core.errors import DocumentImmutable
from securities_crm.doctype.professional_investor_application.model import ProfessionalInvestorApplication as App


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def person(branch):
    return new_client(branch, annual_income="500k-1m")


def application(client, kind="Professional III", evidence=True, **values):
    app = App(client=client, application_type=kind, **values)
    if evidence:
        app.evidence.save("assets.pdf", ContentFile(b"%PDF-1.4 asset certificate"), save=False)
    app.save()
    return app


def test_conversion_approved_sets_investor_type(person, make_user, branch, tmp_path):
    reviewer = make_user("compl", roles=["Compliance Officer"], branch=branch)
    app = application(person, financial_assets=D(3_000_000), investment_years=D(1))
    assert app.criteria_met and app.status == "Pending"
    assert (tmp_path / app.evidence.name).read_bytes().startswith(b"%PDF")
    app.approve(reviewer, "材料齐全")
    person.refresh_from_db()
    assert person.investor_type == "Professional III"
    assert (app.status, app.reviewer) == ("Approved", reviewer)
    app.review_comment = "changed"
    with pytest.raises(DocumentImmutable):
        app.save()


def test_criteria_not_met_cannot_be_approved_but_can_be_refused(person):
    app = application(person, financial_assets=D(2_999_999), average_income=D(299_999), investment_years=D(5))
    assert not app.criteria_met and "income" in app.criteria_report
    with pytest.raises(ValidationError) as exc:
        app.approve()
    assert "criteria_met" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        app.refuse()
    assert "review_comment" in exc.value.message_dict
    app.refuse(comment="资产证明不足")
    person.refresh_from_db()
    assert app.status == "Refused" and person.investor_type == "Ordinary"


def test_entity_first_grant_uses_entity_thresholds(branch):
    firm = new_client(
        branch,
        client_name="某投资公司",
        client_type="Institution",
        id_type="Unified Social Credit Code",
        id_number=uscc(),
    )
    app = application(
        firm, "Professional II", net_assets=D(20_000_000), financial_assets=D(10_000_000), investment_years=D(2)
    )
    assert app.criteria_met
    app.approve()
    firm.refresh_from_db()
    assert firm.investor_type == "Professional II"


def test_first_grant_needs_evidence(person):
    with pytest.raises(ValidationError) as exc:
        application(person, "Professional II", evidence=False, financial_assets=D(9_000_000), investment_years=D(3))
    assert "evidence" in exc.value.message_dict
    assert not App.objects.exists()


def test_a_professional_may_revert_to_ordinary(person):
    person.investor_type = "Professional III"
    person.save()
    with pytest.raises(ValidationError):
        application(person, "Professional III", financial_assets=D(9_000_000), investment_years=D(3))
    app = application(person, "Revert to Ordinary", evidence=False)
    app.approve()
    person.refresh_from_db()
    assert person.investor_type == "Ordinary"
