"""Professional investor thresholds (inclusive), person and entity, first grant and conversion."""

from decimal import Decimal as D

import pytest

from securities_crm.suitability.professional import CONVERSION, FIRST_GRANT, Evidence, failures, qualifies

M = D(1_000_000)


@pytest.mark.parametrize(
    "target,assets,income,years,ok",
    [
        (FIRST_GRANT, 5 * M, None, 2, True),  # assets exactly at the line
        (FIRST_GRANT, 5 * M - 1, None, 2, False),
        (FIRST_GRANT, None, D(500_000), 2, True),  # or income exactly at the line
        (FIRST_GRANT, None, D(499_999.99), 2, False),
        (FIRST_GRANT, 5 * M, D(500_000), D("1.9"), False),  # experience is needed too
        (CONVERSION, 3 * M, None, 1, True),
        (CONVERSION, 3 * M - 1, None, 1, False),
        (CONVERSION, None, D(300_000), 1, True),
        (CONVERSION, None, D(299_999), 1, False),
        (CONVERSION, 3 * M, None, D("0.9"), False),
    ],
)
def test_person(target, assets, income, years, ok):
    evidence = Evidence(entity=False, financial_assets=assets, average_income=income, investment_years=D(years))
    assert qualifies(target, evidence) is ok


@pytest.mark.parametrize(
    "target,net,financial,years,ok",
    [
        (FIRST_GRANT, 20 * M, 10 * M, 2, True),
        (FIRST_GRANT, 20 * M - 1, 10 * M, 2, False),
        (FIRST_GRANT, 20 * M, 10 * M - 1, 2, False),
        (FIRST_GRANT, 20 * M, 10 * M, 1, False),
        (CONVERSION, 10 * M, 5 * M, 1, True),
        (CONVERSION, 10 * M - 1, 5 * M, 1, False),
        (CONVERSION, 10 * M, 5 * M - 1, 1, False),
        (CONVERSION, 10 * M, 5 * M, D("0.5"), False),
    ],
)
def test_entity(target, net, financial, years, ok):
    evidence = Evidence(entity=True, net_assets=net, financial_assets=financial, investment_years=D(years))
    assert qualifies(target, evidence) is ok


def test_an_entity_is_not_judged_on_income():
    evidence = Evidence(entity=True, average_income=100 * M, investment_years=D(5))
    assert len(failures(FIRST_GRANT, evidence)) == 2  # net assets and financial assets
