"""Frappe's `like` as a Django lookup: the database's own case-insensitive LIKE, with the caller's pattern.

Django's icontains/istartswith escape % and _ in the value, so a Frappe pattern such as "SH_0%" cannot
go through them. `frappe_like` compiles to exactly the SQL Django uses for icontains on each backend,
with the pattern itself as the bound parameter:

    PostgreSQL   UPPER("branch_code"::text) LIKE UPPER(%s)     (backslash is LIKE's default escape)
    SQLite       "branch_code" LIKE %s ESCAPE '\\'             (case-insensitive for ASCII)
    MariaDB      `branch_code` LIKE %s                        (the column's _ci collation; backslash escape)

so a backslash escapes the next character everywhere. api/query.py hands this lookup a normalised
pattern (its length and number of wildcards bounded), never the caller's text as it came.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Lookup


class FrappeLike(Lookup):
    lookup_name = "frappe_like"
    prepare_rhs = False  # the pattern is text as given, not a value of the field

    def as_sql(self, compiler, connection):
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        rhs_sql, rhs_params = self.process_rhs(compiler, connection)
        internal_type = self.lhs.output_field.get_internal_type()
        lhs_sql = connection.ops.lookup_cast("icontains", internal_type) % lhs_sql
        return f"{lhs_sql} {connection.operators['icontains'] % rhs_sql}", (*lhs_params, *rhs_params)


# The fields stored as text. A link is matched through its target's key (a CharField), a user link
# through the username.
for _field in (models.CharField, models.TextField, models.GenericIPAddressField, models.FileField):
    _field.register_lookup(FrappeLike)
