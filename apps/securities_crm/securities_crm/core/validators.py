"""Value ranges declared with a field (`validators=[NON_NEGATIVE]`), checked by full_clean() on every
save, and read by bulk ingestion and the OpenAPI document, so a range is written once."""

from django.core.validators import BaseValidator, MinValueValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


@deconstructible
class GreaterThanValidator(BaseValidator):
    message = _("Ensure this value is greater than %(limit_value)s.")
    code = "min_value"

    def compare(self, a, b):
        return a <= b


NON_NEGATIVE = MinValueValidator(0)
POSITIVE = GreaterThanValidator(0)


def sign(field) -> str:
    """ "positive", "nonnegative" or "any": the lower bound a field's validators declare."""
    for v in field.validators:
        if isinstance(v, GreaterThanValidator) and v.limit_value == 0:
            return "positive"
        if isinstance(v, MinValueValidator) and v.limit_value == 0:
            return "nonnegative"
    return "any"
