"""The history page's "Changes" column as a reader wants it: a choice by its label (已关闭, not Closed),
a workflow's log by its newest move in local time (not a JSON list of UTC ISO times and state keys),
other structured values by a word, and nothing stored as None."""

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from simple_history.template_utils import HistoricalRecordContextHelper

from ..core import workflow


class DeskHistoryHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if value is None:
            return ""
        if getattr(field, "flatchoices", None) and not isinstance(value, list | dict):
            return dict(field.flatchoices).get(value, value)
        spec = getattr(self.model, "doctype", None)
        wf = getattr(spec, "workflow", None)
        if wf is not None and wf.log == change.field and isinstance(value, list):
            return self._last_move(value, dict(self.model._meta.get_field(wf.field).flatchoices))
        if isinstance(value, list | dict):
            return _("(%(count)s items)") % {"count": len(value)} if value else ""
        return super().prepare_delta_change_value(change, value)

    @staticmethod
    def _last_move(log: list, labels: dict) -> str:
        if not log:
            return ""
        move = log[-1]
        at = parse_datetime(move.get("at") or "")
        by = move.get("by")
        return "{} {} → {} ({})".format(
            timezone.localtime(at).strftime("%Y-%m-%d %H:%M") if at else "",
            labels.get(move.get("from"), move.get("from") or ""),
            labels.get(move.get("to"), move.get("to") or ""),
            pgettext("who did it", "the system") if by == workflow.SYSTEM else by,
        )
