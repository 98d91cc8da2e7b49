"""Simplified Chinese formats: Django's, except that numbers group by thousands with commas.

Django's zh_Hans leaves the thousand separator empty, so `intcomma` and `floatformat:"2g"` print
¥1234567.89. Chinese statements, broker apps and the exchanges' own pages write ¥1,234,567.89,
which is what staff and clients read amounts in. Numbers are only grouped where a template asks
(USE_THOUSAND_SEPARATOR stays off), so ids and years are never split.
"""

from django.conf.locale.zh_Hans.formats import *  # noqa: F401,F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
