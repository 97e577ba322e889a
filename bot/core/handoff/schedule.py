"""When a wijkteam is open: the answer time we promise, and when a reminder is due.

Times are local (Europe/Amsterdam): opening hours in the catalogue are wall-clock times.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot.core.catalogue.model import WEEKDAYS, OpeningHours

LOCAL = ZoneInfo("Europe/Amsterdam")


def _parse(hhmm: str) -> dt.time:
    hours, minutes = hhmm.split(":")
    return dt.time(int(hours), int(minutes))


def is_open(hours: tuple[OpeningHours, ...], moment: dt.datetime) -> bool:
    """Whether `moment` falls in the opening hours; no hours known means always reachable."""
    if not hours:
        return True
    local = moment.astimezone(LOCAL)
    day = WEEKDAYS[local.weekday()]
    return any(day in h.days and _parse(h.opens) <= local.time() < _parse(h.closes) for h in hours)


def next_opening(hours: tuple[OpeningHours, ...], moment: dt.datetime) -> dt.datetime:
    """The next moment the team opens after `moment` (or `moment` itself when open)."""
    if is_open(hours, moment):
        return moment
    local = moment.astimezone(LOCAL)
    for offset in range(8):
        date = local.date() + dt.timedelta(days=offset)
        day = WEEKDAYS[date.weekday()]
        starts = sorted(_parse(h.opens) for h in hours if day in h.days)
        for start in starts:
            candidate = dt.datetime.combine(date, start, tzinfo=LOCAL)
            if candidate > local:
                return candidate
    return moment


def working_time_between(
    hours: tuple[OpeningHours, ...], start: dt.datetime, end: dt.datetime
) -> dt.timedelta:
    """Open time between two moments: a case waits in working hours, not over the weekend."""
    if end <= start:
        return dt.timedelta(0)
    if not hours:
        return end - start
    total = dt.timedelta(0)
    local_start, local_end = start.astimezone(LOCAL), end.astimezone(LOCAL)
    date = local_start.date()
    while date <= local_end.date():
        day = WEEKDAYS[date.weekday()]
        for h in hours:
            if day not in h.days:
                continue
            opens = dt.datetime.combine(date, _parse(h.opens), tzinfo=LOCAL)
            closes = dt.datetime.combine(date, _parse(h.closes), tzinfo=LOCAL)
            overlap = min(closes, local_end) - max(opens, local_start)
            if overlap > dt.timedelta(0):
                total += overlap
        date += dt.timedelta(days=1)
    return total


def reminder_due(
    hours: tuple[OpeningHours, ...],
    waiting_since: dt.datetime,
    now: dt.datetime,
    *,
    urgent: bool,
    normal_after: dt.timedelta,
    urgent_after: dt.timedelta,
) -> bool:
    """An unclaimed case needs a reminder after `normal_after` of working time; an urgent one
    after `urgent_after` of clock time (danger does not wait for office hours)."""
    if urgent:
        return now - waiting_since >= urgent_after
    return working_time_between(hours, waiting_since, now) >= normal_after
