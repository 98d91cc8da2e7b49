from django.contrib import admin

from ...desk.base import DocTypeAdmin
from .model import Holiday


@admin.register(Holiday)
class HolidayDesk(DocTypeAdmin):
    list_display = ("holiday_date", "description")
    fields = ("holiday_date", "description")
