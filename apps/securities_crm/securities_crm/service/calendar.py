"""Working time, for SLA due times: the arithmetic of "N working minutes after this instant".

A calendar is the working weekdays, the hours of a working day (with an optional break) and the dates
that are not working days (Holiday records). Everything is in local time (settings.TIME_ZONE); results
are aware datetimes. Pure functions of the calendar and the instants: tests give them exact minutes.

    cal = WorkingCalendar(weekdays={0, 1, 2, 3, 4}, start=time(9), end=time(17, 30), holidays={...})
    cal.add(created, 60)              # the instant one working hour after `created`
    cal.minutes_between(a, b)         # working minutes from a to b (0 if b <= a)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

MAX_DAYS = 3 * 366  # no target is longer than this many calendar days of searching


@dataclass(frozen=True)
class WorkingCalendar:
    weekdays: frozenset[int]  # Python's weekday(): 0 Monday ... 6 Sunday
    start: dt.time
    end: dt.time
    holidays: frozenset[dt.date] = field(default_factory=frozenset)
    break_start: dt.time | None = None
    break_end: dt.time | None = None

    @classmethod
    def of(
        cls,
        weekdays: Iterable[int],
        start: dt.time,
        end: dt.time,
        holidays: Iterable[dt.date] = (),
        break_start: dt.time | None = None,
        break_end: dt.time | None = None,
    ) -> WorkingCalendar:
        return cls(frozenset(weekdays), start, end, frozenset(holidays), break_start, break_end)

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() in self.weekdays and day not in self.holidays

    def periods(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        """The working periods of one day, as aware local datetimes (none on a day off)."""
        if not self.is_working_day(day):
            return []
        tz = timezone.get_current_timezone()

        def at(t: dt.time) -> dt.datetime:
            return dt.datetime.combine(day, t, tzinfo=tz)

        if self.break_start is not None and self.break_end is not None:
            return [(at(self.start), at(self.break_start)), (at(self.break_end), at(self.end))]
        return [(at(self.start), at(self.end))]

    def add(self, start: dt.datetime, minutes: int) -> dt.datetime:
        """The instant when `minutes` working minutes have passed since `start`.

        Zero minutes from outside working time is the next working instant; the clock runs only inside
        the periods, so a target that ends exactly at a period's end is due at that end, not at the next
        day's start."""
        remaining = dt.timedelta(minutes=minutes)
        local = timezone.localtime(start)
        day = local.date()
        for _ in range(MAX_DAYS):
            for begin, finish in self.periods(day):
                if finish <= local:
                    continue
                begin = max(begin, local)
                if remaining <= finish - begin:
                    return begin + remaining
                remaining -= finish - begin
            day += dt.timedelta(days=1)
        raise ValueError("no working time in the calendar within %d days" % MAX_DAYS)

    def minutes_between(self, a: dt.datetime, b: dt.datetime) -> int:
        """Working minutes from `a` to `b` (whole minutes, rounded down; 0 when b is not after a)."""
        if b <= a:
            return 0
        a, b = timezone.localtime(a), timezone.localtime(b)
        total = dt.timedelta()
        day = a.date()
        while day <= b.date():
            for begin, finish in self.periods(day):
                lo, hi = max(begin, a), min(finish, b)
                if hi > lo:
                    total += hi - lo
            day += dt.timedelta(days=1)
        return int(total.total_seconds() // 60)
