"""Client import from CSV or XLSX (django-import-export): every row checked, valid rows kept.

    report = import_clients(uploaded_file_bytes, "clients.xlsx", user)
    report.imported            # how many clients were created
    report.rejected            # [Rejection(line=3, field="id_number", reason="...")]

Two passes. The first imports the whole file as a dry run, so each row meets every check
a desk form would apply (identity numbers, mobile, duplicates — also against earlier rows
of the same file), and collects the rejected rows. The second imports only the valid rows,
in one transaction: either all of them are written or, if anything unexpected fails, none.
Line numbers are the file's: the header is line 1.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field

import tablib
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from ...core.session import acting_as
from ...permissions import policy
from ...permissions.roles import BRANCH_MANAGER, CLIENT_MANAGER, user_roles
from ..audit_log import audit
from ..branch.model import Branch
from .model import Client

COLUMNS = (
    "client_name",
    "client_type",
    "id_type",
    "id_number",
    "mobile",
    "email",
    "address",
    "occupation",
    "employer",
    "education",
    "annual_income",
    "financial_assets",
    "net_assets",
    "investment_years",
    "investor_type",
    "status",
    "source_channel",
    "branch",
    "client_manager",
)
MAX_ROWS = 50_000


@dataclass
class Rejection:
    line: int
    field: str
    reason: str


@dataclass
class ImportReport:
    total: int = 0
    imported: int = 0
    names: list[str] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)

    @property
    def rejected_lines(self) -> list[int]:
        return sorted({r.line for r in self.rejected})


class ClientImportResource(resources.ModelResource):
    branch = fields.Field(
        attribute="branch", column_name="branch", widget=widgets.ForeignKeyWidget(Branch, field="branch_code")
    )
    client_manager = fields.Field(
        attribute="client_manager",
        column_name="client_manager",
        widget=widgets.ForeignKeyWidget(get_user_model(), field="username"),
    )

    class Meta:
        model = Client
        fields = COLUMNS
        import_id_fields = ()
        skip_diff = True
        clean_model_instances = True
        use_transactions = True

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    def get_instance(self, instance_loader, row):
        return None  # an import only creates clients; a known ID number is a duplicate

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        try:
            super().import_field(field, instance, row, is_m2m, **kwargs)
        except (ValueError, ArithmeticError) as exc:
            reason = (
                str(exc)
                if isinstance(exc, ValueError) and str(exc)
                else _("%(v)s is not a valid value.") % {"v": row.get(field.column_name)}
            )
            raise ValidationError({field.attribute: reason}) from None
        except get_user_model().DoesNotExist:
            raise ValidationError({field.attribute: _("No user %(v)s.") % {"v": row.get(field.column_name)}}) from None
        except Branch.DoesNotExist:
            raise ValidationError(
                {field.attribute: _("No branch %(v)s.") % {"v": row.get(field.column_name)}}
            ) from None

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        for f in self.get_import_fields():
            if f.column_name not in row:
                continue
            try:
                self.import_field(f, instance, row, **kwargs)
            except ValidationError as exc:
                errors.update(exc.update_error_dict({}))
        if errors:  # import-export adds the model's own checks of the other fields
            raise ValidationError(errors)
        self._apply_scope(instance)

    def _apply_scope(self, instance):
        """Import only what the importer could have entered by hand (record rules)."""
        user = self.user
        if user is None or policy.scope(user, Client) is None:
            return
        roles = user_roles(user)
        if CLIENT_MANAGER in roles and not instance.client_manager_id:
            instance.client_manager = user
        if not instance.branch_id and policy.user_branch_id(user):
            instance.branch_id = policy.user_branch_id(user)
        ok = (BRANCH_MANAGER in roles and instance.branch_id == policy.user_branch_id(user)) or (
            CLIENT_MANAGER in roles and instance.client_manager_id == user.pk
        )
        if not ok:
            raise ValidationError({"client_manager": _("You may only import clients you manage, in your branch.")})


def read_dataset(content: bytes, filename: str) -> tablib.Dataset:
    name = filename.lower()
    if name.endswith(".xlsx"):
        return tablib.Dataset().load(content, format="xlsx")
    if name.endswith(".csv"):
        text = content.decode("utf-8-sig")
        return tablib.Dataset().load(text, format="csv")
    raise ValidationError(_("Upload a .csv or .xlsx file."))


def _check_headers(dataset):
    headers = [str(h or "").strip() for h in (dataset.headers or [])]
    unknown = [h for h in headers if h not in COLUMNS]
    if unknown:
        raise ValidationError(
            _("Unknown columns: %(cols)s. Known columns: %(known)s.")
            % {"cols": ", ".join(unknown), "known": ", ".join(COLUMNS)}
        )
    for required in ("client_name", "id_number"):
        if required not in headers:
            raise ValidationError(_("The file needs a %(col)s column.") % {"col": required})
    if len(dataset) > MAX_ROWS:
        raise ValidationError(_("At most %(n)d rows per file.") % {"n": MAX_ROWS})
    dataset.headers = headers


def import_clients(content: bytes | tablib.Dataset, filename: str = "clients.csv", user=None) -> ImportReport:
    """Import clients; return what was written and every rejected row with its line, field and reason."""
    dataset = content if isinstance(content, tablib.Dataset) else read_dataset(content, filename)
    _check_headers(dataset)
    report = ImportReport(total=len(dataset))
    username = user.get_username() if user is not None else None
    with acting_as(username) if username else nullcontext():
        resource = ClientImportResource(user=user)
        checked = resource.import_data(dataset, dry_run=True, raise_errors=False, use_transactions=True)
        bad_lines = set()
        for invalid in checked.invalid_rows:
            bad_lines.add(invalid.number)
            for fieldname, messages in invalid.error_dict.items():
                for message in messages:
                    report.rejected.append(
                        Rejection(invalid.number + 1, "" if fieldname == NON_FIELD_ERRORS else fieldname, message)
                    )
        for number, errors in checked.row_errors():
            bad_lines.add(number)
            for error in errors:
                report.rejected.append(Rejection(number + 1, "", str(error.error)))
        report.rejected.sort(key=lambda r: (r.line, r.field))

        good = tablib.Dataset(headers=dataset.headers)
        for number, row in enumerate(dataset, 1):
            if number not in bad_lines:
                good.append(row)
        if len(good):
            with transaction.atomic():
                result = ClientImportResource(user=user).import_data(
                    good, dry_run=False, raise_errors=False, use_transactions=True
                )
                if result.has_validation_errors() or result.has_errors():  # changed between the passes
                    raise ValidationError(_("The data changed during the import; nothing was written. Try again."))
                report.imported = result.totals.get("new", 0)
                report.names = [r.object_id for r in result.rows if r.object_id] if result.rows else []
                audit.log(
                    audit.IMPORT,
                    user=user,
                    doctype="Client",
                    channel="desk",
                    detail=f"{report.imported} imported, {len(bad_lines)} rejected of {report.total}",
                )
    return report
