"""What an inspector will find missing in a town's 台账: every gap by unit and month.

Each rule of the town's checklist (`inspection.Checklist`, the defaults where it has
none) is a database query over the period; the queries are the same however many
records the town holds (tests/inspection pin them). A gap names its unit and month,
says what is missing in the words an inspector uses, and links to the record or the
form that fixes it. A check that passed and a gap both count toward the completeness
score ("台账完整度"); what is still open in the current month is a reminder, not a gap.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from django.db.models import Count, Exists, F, OuterRef, Q, Window
from django.db.models.functions import ExtractMonth, RowNumber
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import PublicityEvent, StudySession
from figures.metrics import Period
from ideology.models import IdeologyWork
from inspection.models import Checklist
from portal.models import OrgUnit, in_subtree
from records.models import Attachment, Photo, Record

# Records listed by name under each unit for one rule; the rest are counted.
LISTED = 20
# The kinds whose records an inspector expects pictures of (an honour's certificate is
# a scan, not a photo of the day).
PHOTO_KINDS = ("study", "event", "volunteer", "ideology")
CHECKED = (Record.Status.APPROVED, Record.Status.SUBMITTED, Record.Status.RETURNED)
ORDER = ("central_group", "attendance", "details", "ideology", "moral_forum", "station", "returned", "photos")


@dataclass
class Gap:
    code: str  # photos, central_group, attendance, details, station, moral_forum, ideology, returned
    unit: OrgUnit
    message: str
    url: str = ""
    month: int | None = None
    count: int = 1  # a gap standing for several records ("另有 12 条记录没有照片")
    current: bool = False  # the month or quarter still running: a reminder


@dataclass
class UnitCompleteness:
    unit: OrgUnit
    checks: int = 0
    gaps: list[Gap] = field(default_factory=list)

    @property
    def missing(self) -> int:
        return sum(gap.count for gap in self.gaps if not gap.current)

    @property
    def percent(self) -> int | None:
        if not self.checks:
            return None
        return max(0, round(100 * (self.checks - self.missing) / self.checks))


@dataclass
class Completeness:
    town: OrgUnit
    year: int
    units: list[UnitCompleteness]
    waiting: int  # records waiting for review longer than the checklist allows
    waiting_examples: list[Record]
    checklist: Checklist

    @property
    def checks(self) -> int:
        return sum(unit.checks for unit in self.units)

    @property
    def missing(self) -> int:
        return sum(unit.missing for unit in self.units)

    @property
    def percent(self) -> int | None:
        return max(0, round(100 * (self.checks - self.missing) / self.checks)) if self.checks else None

    def of(self, unit: OrgUnit) -> UnitCompleteness | None:
        return next((entry for entry in self.units if entry.unit.pk == unit.pk), None)


def checklist_for(town: OrgUnit) -> Checklist:
    return Checklist.objects.filter(town=town).first() or Checklist(town=town)


def _edit(pk: int) -> str:
    """A record's edit page. Built from one reversed pattern: a page can list hundreds of
    gaps, and `reverse` for each cost the 迎检 page a sixth of its time at 100,000 records."""
    head, tail = _edit_parts(get_script_prefix())
    return f"{head}{pk}{tail}"


def _fix(row: dict, *, only_files: bool = False) -> str:
    """Where a record's gap is fixed: its form while it can be edited; once approved, its
    page, to add the missing file there (补充附件) or for a reviewer to reopen it."""
    if row["status"] in (Record.Status.DRAFT, Record.Status.RETURNED, Record.Status.SUBMITTED):
        return _edit(row["pk"])
    detail = reverse("records:detail", args=[row["pk"]])
    return f"{detail}?attach=1#attachments-add" if only_files else detail


@lru_cache
def _edit_parts(prefix: str) -> tuple[str, str]:
    head, _zero, tail = reverse("records:edit", args=[0]).rpartition("0")
    return head, tail


def _create(kind: str, copy: int | None = None) -> str:
    url = reverse("records:create", args=[kind])
    return f"{url}?copy={copy}" if copy else url


def completeness(town: OrgUnit, year: int, *, today: date | None = None) -> Completeness:
    """Every gap of `town`'s year up to `today`, with each unit's checks counted."""
    today = today or timezone.localdate()
    rules = checklist_for(town)
    start, end = date(year, 1, 1), min(date(year, 12, 31), today)
    units = {unit.pk: unit for unit in OrgUnit.objects.filter(in_subtree(town, field=""))}
    entries = {pk: UnitCompleteness(unit=unit) for pk, unit in units.items()}
    ended = [
        month
        for month in range(1, 13)
        if date(year, month, 1) <= end and Period.month(year, month).end < today
    ]
    running = end.month if year == today.year and end >= start else None
    records = Record.objects.filter(
        in_subtree(town), date__gte=start, date__lte=end, status__in=CHECKED
    ).order_by()
    if end >= start and rules.photos_required:
        _photos(records, entries)
    if end >= start:
        _central_group(town, year, start, end, ended, running, rules, entries)
        _stations(records, units, ended, running, rules, entries)
        _moral_forum(town, year, start, end, today, rules, entries)
        _ideology(town, year, start, end, today, rules, entries)
        _returned(records, today, rules, entries)
    waiting = Record.objects.filter(
        in_subtree(town),
        status=Record.Status.SUBMITTED,
        submitted_at__lt=timezone.now() - timedelta(days=rules.review_days),
    )
    examples = list(waiting.select_related("unit").order_by("submitted_at")[:LISTED])
    count = len(examples) if len(examples) < LISTED else waiting.count()
    for entry in entries.values():  # what an inspector asks first, first; photos last
        entry.gaps.sort(key=lambda gap: (ORDER.index(gap.code), gap.month or 13))
    ordered = sorted(entries.values(), key=lambda entry: (entry.unit.depth, entry.unit.name))
    return Completeness(
        town=town,
        year=year,
        units=[entry for entry in ordered if entry.checks or entry.gaps],
        waiting=count,
        waiting_examples=examples,
        checklist=rules,
    )


def _photos(records, entries: dict[int, UnitCompleteness]) -> None:
    """Each record of the photographed kinds is a check; one without a photo is a gap."""
    checked = records.filter(kind__in=PHOTO_KINDS).annotate(
        has_photo=Exists(Photo.objects.filter(record=OuterRef("pk")))
    )
    totals = {}
    for row in checked.values("unit_id").annotate(n=Count("pk"), bare=Count("pk", filter=Q(has_photo=False))):
        entries[row["unit_id"]].checks += row["n"]
        totals[row["unit_id"]] = row["bare"]
    bare = (
        checked.filter(has_photo=False)
        .annotate(
            listed=Window(RowNumber(), partition_by=[F("unit_id")], order_by=[F("date").asc(), F("pk").asc()])
        )
        .filter(listed__lte=LISTED + 1)
        .values("pk", "unit_id", "title", "date", "status", "listed")
    )
    shown: dict[int, int] = defaultdict(int)
    for row in bare:
        entry = entries[row["unit_id"]]
        if row["listed"] <= LISTED:
            shown[row["unit_id"]] += 1
            entry.gaps.append(
                Gap(
                    "photos",
                    entry.unit,
                    _("“%(title)s”（%(day)s）没有照片")
                    % {"title": row["title"], "day": f"{row['date']:%m-%d}"},
                    _fix(row, only_files=True),
                    month=row["date"].month,
                )
            )
    for unit_pk, total in totals.items():
        rest = total - shown[unit_pk]
        if rest > 0:
            entry = entries[unit_pk]
            entry.gaps.append(
                Gap("photos", entry.unit, _("另有 %(n)s 条记录没有照片") % {"n": rest}, count=rest)
            )


def _central_group(town, year, start, end, ended, running, rules, entries) -> None:
    """The town's 中心组: a session each month, 参学率, the record's particulars."""
    sessions = list(
        _central_group_sessions(town)
        .filter(
            date__gte=start,
            date__lte=end,
            status__in=CHECKED,
        )
        .order_by("date", "pk")
        .annotate(
            has_sign_in=Exists(Attachment.objects.filter(record=OuterRef("pk"), sort=Attachment.Sort.SIGN_IN))
        )
        .values(
            "pk",
            "status",
            "has_sign_in",
            "title",
            "date",
            "participants",
            "expected_attendance",
            "host",
            "absentees",
            "discussion_points",
        )
    )
    entry = entries[town.pk]
    held = {session["date"].month for session in sessions}
    last = sessions[-1]["pk"] if sessions else None
    if rules.central_group_monthly:
        for month in ended:
            entry.checks += 1
            if month not in held:
                entry.gaps.append(
                    Gap(
                        "central_group",
                        town,
                        _("%(month)s月没有中心组学习记录") % {"month": month},
                        _create("study", last),
                        month=month,
                    )
                )
        if running and running not in held:
            entry.gaps.append(
                Gap(
                    "central_group",
                    town,
                    _("本月尚未登记中心组学习"),
                    _create("study", last),
                    month=running,
                    current=True,
                )
            )
    for session in sessions:
        day = f"{session['date']:%m-%d}"
        expected, present = session["expected_attendance"], session["participants"]
        if expected:
            entry.checks += 1
            rate = 100 * (present or 0) / expected
            if rate < rules.attendance_min:
                entry.gaps.append(
                    Gap(
                        "attendance",
                        town,
                        _("%(day)s中心组学习参学率 %(rate)s%%，低于 %(min)s%%")
                        % {"day": day, "rate": round(rate), "min": rules.attendance_min},
                        _fix(session),
                        month=session["date"].month,
                    )
                )
        if rules.central_group_details or rules.sign_in_required:
            entry.checks += 1
            missing = _session_missing(session, rules)
            if missing:
                entry.gaps.append(
                    Gap(
                        "details",
                        town,
                        _("%(day)s中心组学习记录缺：%(what)s") % {"day": day, "what": "、".join(missing)},
                        _fix(session, only_files=missing == [_("签到表")]),
                        month=session["date"].month,
                    )
                )


def _session_missing(session: dict, rules: Checklist) -> list[str]:
    """What a 中心组 session's record lacks of what the checklist asks of it."""
    expected, present = session["expected_attendance"], session["participants"]
    missing = []
    if rules.sign_in_required and not session["has_sign_in"]:
        missing.append(_("签到表"))
    if not rules.central_group_details:
        return missing
    if not session["host"].strip():
        missing.append(_("主持人"))
    if expected and (present or 0) < expected and not session["absentees"].strip():
        missing.append(_("缺席人员及原因"))
    if not session["discussion_points"].strip():
        missing.append(_("研讨发言要点"))
    elif _speakers(session["discussion_points"]) < rules.speakers_min:
        missing.append(_("中心发言不足 %(n)s 人") % {"n": rules.speakers_min})
    return missing


def _central_group_sessions(town: OrgUnit):
    """The town Party committee's 中心组 sessions: logged for the town or by one of its
    departments (the 宣传办 logs them for the committee)."""
    return StudySession.objects.filter(
        Q(unit=town) | Q(unit__in=town.subtree_ids, unit__kind=OrgUnit.Kind.DEPARTMENT),
        study_type=StudySession.Type.CENTRAL_GROUP,
    )


def _speakers(points: str) -> int:
    """The speakers a 研讨发言要点 names: a line each, "张三：……" or "张三同志发言……"."""
    names = set()
    for line in points.splitlines():
        head = line.strip().split("：")[0].split(":")[0]
        if line.strip() and 1 < len(head) <= 12:
            names.add(head)
    return len(names)


def _stations(records, units, ended, running, rules, entries) -> None:
    """Each 文明实践站: at least N activities a month."""
    stations = [unit for unit in units.values() if unit.kind == OrgUnit.Kind.STATION and unit.is_active]
    if not stations or not rules.station_monthly_min:
        return
    counts = {
        (row["unit_id"], row["m"]): row["n"]
        for row in records.filter(unit__in=stations, kind__in=("event", "volunteer", "study"))
        .annotate(m=ExtractMonth("date"))
        .values("unit_id", "m")
        .annotate(n=Count("pk"))
    }
    wanted = rules.station_monthly_min
    for station in stations:
        entry = entries[station.pk]
        for month in [*ended, *([running] if running else [])]:
            held = counts.get((station.pk, month), 0)
            current = month == running
            if not current:
                entry.checks += 1
            if held < wanted:
                message = (
                    _("本月已开展 %(n)s 次活动，每月不少于 %(min)s 次")
                    if current
                    else _("%(month)s月开展活动 %(n)s 次，少于 %(min)s 次")
                ) % {"month": month, "n": held, "min": wanted}
                entry.gaps.append(
                    Gap("station", station, message, _create("event"), month=month, current=current)
                )


def _moral_forum(town, year, start, end, today, rules, entries) -> None:
    if not rules.moral_forum_yearly_min:
        return
    held = PublicityEvent.objects.filter(
        in_subtree(town),
        event_type=PublicityEvent.Type.MORAL_FORUM,
        date__gte=start,
        date__lte=end,
        status__in=CHECKED,
    ).count()
    entry = entries[town.pk]
    over = date(year, 12, 31) < today
    if over:
        entry.checks += 1
    if held < rules.moral_forum_yearly_min:
        entry.gaps.append(
            Gap(
                "moral_forum",
                town,
                _("道德讲堂全年 %(n)s 场，不少于 %(min)s 场")
                % {"n": held, "min": rules.moral_forum_yearly_min},
                _create("event"),
                current=not over,
            )
        )


def _ideology(town, year, start, end, today, rules, entries) -> None:
    if not rules.ideology_quarterly:
        return
    months = set(
        IdeologyWork.objects.filter(
            in_subtree(town),
            work_type=IdeologyWork.Type.ANALYSIS,
            date__gte=start,
            date__lte=end,
            status__in=CHECKED,
        )
        .annotate(m=ExtractMonth("date"))
        .values_list("m", flat=True)
    )
    held = {(int(month) - 1) // 3 + 1 for month in months}
    entry = entries[town.pk]
    for quarter in range(1, 5):
        first = date(year, 3 * quarter - 2, 1)
        if first > end:
            break
        over = Period.month(year, 3 * quarter).end < today
        if over:
            entry.checks += 1
        if quarter not in held:
            message = (
                _("第%(q)s季度没有意识形态研判会议记录") if over else _("本季度尚未召开意识形态研判会议")
            )
            entry.gaps.append(
                Gap(
                    "ideology",
                    town,
                    message % {"q": quarter},
                    _create("ideology"),
                    month=3 * quarter,
                    current=not over,
                )
            )


def _returned(records, today, rules, entries) -> None:
    """A record returned for changes and left so longer than the checklist allows: each is
    a check failed; the first LISTED of a unit are named, the rest counted (one query)."""
    since = timezone.make_aware(datetime.combine(today - timedelta(days=rules.returned_days), time.min))
    stale = (
        records.filter(status=Record.Status.RETURNED, reviewed_at__lt=since)
        .annotate(
            total=Window(Count("pk"), partition_by=[F("unit_id")]),
            listed=Window(
                RowNumber(), partition_by=[F("unit_id")], order_by=[F("reviewed_at").asc(), F("pk").asc()]
            ),
        )
        .filter(listed__lte=LISTED)
        .values("pk", "unit_id", "title", "reviewed_at", "total", "listed")
    )
    for row in stale:
        entry = entries[row["unit_id"]]
        entry.checks += 1
        entry.gaps.append(
            Gap(
                "returned",
                entry.unit,
                _("“%(title)s”退回已 %(days)s 天未重新提交")
                % {"title": row["title"], "days": (today - timezone.localdate(row["reviewed_at"])).days},
                _edit(row["pk"]),
            )
        )
        rest = row["total"] - LISTED
        if row["listed"] == LISTED and rest > 0:
            entry.checks += rest
            entry.gaps.append(
                Gap("returned", entry.unit, _("另有 %(n)s 条退回记录未重新提交") % {"n": rest}, count=rest)
            )


@dataclass
class Reminder:
    message: str
    url: str


def unit_reminders(user, today: date | None = None) -> list[Reminder]:
    """What a liaison's unit still lacks this month, for their home (a few queries)."""
    unit = user.unit
    town = unit.town if unit is not None else None
    if town is None:
        return []
    today = today or timezone.localdate()
    rules = checklist_for(town)
    first = today.replace(day=1)
    reminders = []
    month = Record.objects.filter(unit=unit, date__gte=first, date__lte=today, status__in=CHECKED)
    if rules.photos_required:
        bare = month.filter(kind__in=PHOTO_KINDS).exclude(Exists(Photo.objects.filter(record=OuterRef("pk"))))
        count = bare.count()
        if count:
            earliest = bare.order_by("date").values("pk", "status").first()
            message = _("本月有 %(n)s 条记录还没有照片") % {"n": count}
            reminders.append(Reminder(message, _fix(earliest, only_files=True)))
    if unit.kind == OrgUnit.Kind.STATION and rules.station_monthly_min:
        held = month.filter(kind__in=("event", "volunteer", "study")).count()
        if held < rules.station_monthly_min:
            reminders.append(
                Reminder(
                    _("本月已开展 %(n)s 次活动，每月不少于 %(min)s 次")
                    % {"n": held, "min": rules.station_monthly_min},
                    _create("event"),
                )
            )
    if rules.central_group_monthly:
        sessions = _central_group_sessions(town).exclude(status=Record.Status.VOID)
        latest = sessions.order_by("-date", "-pk").values("pk", "unit_id", "date").first()
        keeper = latest["unit_id"] if latest else town.pk
        if unit.pk in (keeper, town.pk) and not (latest and latest["date"] >= first):
            reminders.append(
                Reminder(_("本月尚未登记中心组学习"), _create("study", latest["pk"] if latest else None))
            )
    return reminders
