"""The demo suitability step: assessments that agree with each client's level, products of every
rating, records of both kinds, and a second run that adds nothing."""

import pytest
from client_fixtures import english  # noqa: F401  (fixture)

from securities_crm import demo
from securities_crm.doctype.client.model import Client
from securities_crm.doctype.product.model import Product
from securities_crm.doctype.risk_assessment.model import RiskAssessment
from securities_crm.doctype.suitability_record.model import SuitabilityRecord
from securities_crm.suitability import questionnaires


@pytest.mark.django_db(transaction=True)
def test_demo_suitability(db):
    ctx = demo.Context(clients=80, quiet=True, password="demo-pass-123")
    demo.run(ctx)
    assert set(Product.objects.values_list("risk_rating", flat=True)) == {"R1", "R2", "R3", "R4", "R5"}
    assessed = Client.objects.exclude(risk_level="")
    assert RiskAssessment.objects.count() == assessed.count() > 20
    for client in assessed.prefetch_related("risk_assessments"):
        (ra,) = client.risk_assessments.all()
        assert ra.docstatus == 1 and ra.name.startswith("RA-")
        assert (ra.risk_level, ra.lowest_category, ra.valid_until) == (
            client.risk_level,
            client.lowest_category,
            client.risk_valid_until,
        )
        # The stored score is what the questionnaire gives for the stored answers.
        assert questionnaires.score(ra.questionnaire, ra.answers).score == ra.score
    results = set(SuitabilityRecord.objects.values_list("result", flat=True))
    assert results == {"match", "mismatch_confirmed"}
    assert not SuitabilityRecord.objects.filter(result="mismatch_confirmed", warning_text="").exists()
    counts = (RiskAssessment.objects.count(), SuitabilityRecord.objects.count(), Product.objects.count())
    demo.run(ctx)
    assert (RiskAssessment.objects.count(), SuitabilityRecord.objects.count(), Product.objects.count()) == counts
