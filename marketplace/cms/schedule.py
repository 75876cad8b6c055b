"""The livestream schedule by day or by week, in Vietnam time, over whichever
livestreams the caller may show (the page passes the published ones)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone


@dataclass
class ScheduleDay:
    day: date
    livestreams: list


@dataclass
class Schedule:
    view: str
    start: date
    end: date
    days: list[ScheduleDay]
    previous: date
    next: date


SCHEDULE_YEARS = 10


def schedule(
    *, livestreams: QuerySet, view: str, day: str, today: date | None = None
) -> Schedule:
    """Livestreams of one day or one week (Monday to Sunday), Vietnam time. A
    missing or malformed date, or one beyond SCHEDULE_YEARS of today (where the
    week's arithmetic would leave the calendar), means today, never an error page."""
    view = view if view in ("day", "week") else "week"
    today = today or timezone.localdate()
    try:
        chosen = date.fromisoformat(day) if day else today
    except ValueError:
        chosen = today
    if abs((chosen - today).days) > SCHEDULE_YEARS * 366:
        chosen = today
    if view == "day":
        start, length = chosen, 1
    else:
        start, length = chosen - timedelta(days=chosen.weekday()), 7
    end = start + timedelta(days=length - 1)
    zone = timezone.get_current_timezone()
    window_start = datetime.combine(start, time.min, tzinfo=zone)
    window_end = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    livestreams = livestreams.filter(starts_at__lt=window_end, ends_at__gt=window_start)
    days = [ScheduleDay(start + timedelta(days=n), []) for n in range(length)]
    for livestream in livestreams:
        first = max(timezone.localtime(livestream.starts_at).date(), start)
        days[(first - start).days].livestreams.append(livestream)
    return Schedule(
        view=view,
        start=start,
        end=end,
        days=days,
        previous=start - timedelta(days=length),
        next=start + timedelta(days=length),
    )
