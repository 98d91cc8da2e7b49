"""Amounts read with thousands grouped in both languages, where templates ask for grouping."""

import pytest
from django.template import Context, Template
from django.utils import translation

TEMPLATE = Template('{% load humanize %}{{ n|intcomma }} {{ x|floatformat:"2g" }} {{ n }}')


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_amounts_group_by_thousands_with_commas(language):
    with translation.override(language):
        text = TEMPLATE.render(Context({"n": 1234567, "x": 1234567.891}))
    assert text == "1,234,567 1,234,567.89 1234567"  # plain output stays ungrouped (ids, years)
