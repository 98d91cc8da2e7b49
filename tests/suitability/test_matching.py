"""The matching rules as pure functions: the full C1–C5 and professional × R1–R5 matrix, the
lowest category, expiry, horizon, variety and professional-only products."""

import datetime as dt

import pytest

from securities_crm.suitability.matching import ClientFacts, ProductFacts, check, reason_text

TODAY = dt.date(2026, 6, 1)
LEVELS = ["C1", "C2", "C3", "C4", "C5"]
RATINGS = ["R1", "R2", "R3", "R4", "R5"]
ALL_VARIETIES = ["Cash", "Fixed Income", "Equity", "Derivatives", "Complex"]


def client(
    level="C3",
    investor_type="Ordinary",
    lowest=False,
    valid_until=TODAY + dt.timedelta(days=1),
    horizon="Long",
    varieties=ALL_VARIETIES,
):
    return ClientFacts(
        investor_type=investor_type,
        risk_level=level,
        lowest_category=lowest,
        valid_until=valid_until,
        horizon=horizon,
        varieties=list(varieties),
    )


def product(rating="R1", horizon="Short", variety="Cash", professional_only=False, on_sale=True):
    return ProductFacts(
        risk_rating=rating,
        horizon=horizon,
        variety=variety,
        professional_only=professional_only,
        on_sale=on_sale,
        label="P1 Test",
    )


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("rating", RATINGS)
def test_ordinary_matrix(level, rating):
    result = check(client(level), product(rating), TODAY)
    allowed = RATINGS.index(rating) <= LEVELS.index(level)
    assert result.risk == ("match" if allowed else "mismatch")
    assert result.result == ("match" if allowed else "mismatch_confirmable")
    assert result.recommendable is allowed
    assert (result.warning_text != "") is (not allowed)
    if not allowed:
        assert [r.code for r in result.reasons] == ["risk_above_level"]
        assert rating in result.warning_text and level in result.warning_text


@pytest.mark.parametrize("professional", ["Professional I", "Professional II", "Professional III"])
@pytest.mark.parametrize("rating", RATINGS)
def test_professional_matrix(professional, rating):
    result = check(client("C1", investor_type=professional), product(rating, professional_only=True), TODAY)
    assert (result.risk, result.result, result.reasons) == ("match", "match", [])


@pytest.mark.parametrize("rating", RATINGS)
def test_lowest_category_is_r1_only_with_no_override(rating):
    result = check(client("C1", lowest=True), product(rating), TODAY)
    if rating == "R1":
        assert result.result == "match"
    else:
        assert (result.risk, result.result) == ("blocked", "blocked")
        assert result.reasons[0].code == "lowest_category"
        assert result.warning_text == ""


def test_lowest_category_with_a_horizon_mismatch_on_r1_is_confirmable():
    result = check(client("C1", lowest=True, horizon="Short"), product("R1", horizon="Long"), TODAY)
    assert (result.risk, result.horizon, result.result) == ("match", "mismatch", "mismatch_confirmable")


def test_no_assessment_blocks():
    result = check(ClientFacts(), product("R1"), TODAY)
    assert result.result == "blocked" and result.reasons[0].code == "no_assessment"


def test_expired_assessment_blocks_even_a_professional():
    for investor_type in ("Ordinary", "Professional II"):
        result = check(
            client("C5", investor_type=investor_type, valid_until=TODAY - dt.timedelta(days=1)), product("R1"), TODAY
        )
        assert result.result == "blocked" and result.reasons[0].code == "assessment_expired"


def test_assessment_valid_through_its_last_day():
    assert check(client("C5", valid_until=TODAY), product("R1"), TODAY).result == "match"


@pytest.mark.parametrize(
    "client_horizon,product_horizon,expected",
    [
        ("Short", "Short", "match"),
        ("Short", "Medium", "mismatch"),
        ("Short", "Long", "mismatch"),
        ("Medium", "Short", "match"),
        ("Medium", "Medium", "match"),
        ("Medium", "Long", "mismatch"),
        ("Long", "Short", "match"),
        ("Long", "Medium", "match"),
        ("Long", "Long", "match"),
    ],
)
def test_horizon(client_horizon, product_horizon, expected):
    result = check(client("C5", horizon=client_horizon), product("R1", horizon=product_horizon), TODAY)
    assert result.horizon == expected
    assert result.risk == "match" and result.variety == "match"
    assert result.result == ("match" if expected == "match" else "mismatch_confirmable")
    if expected == "mismatch":
        assert [r.code for r in result.reasons] == ["horizon_longer"]


def test_variety_mismatch_has_its_own_result():
    result = check(client("C5", varieties=["Cash", "Fixed Income"]), product("R3", variety="Equity"), TODAY)
    assert (result.risk, result.horizon, result.variety) == ("match", "match", "mismatch")
    assert result.result == "mismatch_confirmable"
    assert [r.code for r in result.reasons] == ["variety_not_chosen"]


def test_every_mismatch_is_listed_in_the_warning():
    result = check(
        client("C2", horizon="Short", varieties=["Cash"]), product("R4", horizon="Long", variety="Equity"), TODAY
    )
    assert (result.risk, result.horizon, result.variety) == ("mismatch", "mismatch", "mismatch")
    assert {r.code for r in result.reasons} == {"risk_above_level", "horizon_longer", "variety_not_chosen"}
    for reason in result.reasons:
        assert reason.for_client in result.warning_text
    # The client reads the warning: it speaks to them (您), never of "the client", and shows the horizon
    # and variety by their labels, not by their stored keys.
    assert "客户" not in result.warning_text.replace("客户经理", "")
    assert "Long" not in result.warning_text and "Equity" not in result.warning_text
    assert "长期（5 年以上）" in result.warning_text and "您的投资期限（短期" in result.warning_text


def test_reasons_keep_their_parameters_and_read_as_sentences_in_either_voice(english):
    result = check(client("C2", horizon="Short", varieties=["Cash"]), product("R2", horizon="Medium"), TODAY)
    (stored,) = [r.as_dict() for r in result.reasons]
    assert stored["params"] == {"product": "Medium", "client": "Short"}
    assert (
        reason_text(stored)
        == "The product's horizon (Medium (1 to 5 years)) is longer than the client's (Short (under 1 year))."
    )
    assert reason_text(stored, for_client=True).endswith("is longer than yours (Short (under 1 year)).")
    # A reason stored before reasons kept their parameters shows its stored message.
    assert reason_text({"code": "horizon_longer", "message": "old words"}) == "old words"


@pytest.mark.parametrize("level", LEVELS)
def test_professional_only_blocks_every_ordinary_investor(level):
    result = check(client(level), product("R1", professional_only=True), TODAY)
    assert (result.risk, result.result) == ("blocked", "blocked")
    assert result.reasons[0].code == "professional_only"


def test_a_product_not_on_sale_is_blocked():
    result = check(client("C5"), product("R1", on_sale=False), TODAY)
    assert result.result == "blocked" and result.reasons[-1].code == "not_on_sale"
