"""The weekly 迎检 digest: each town's reviewers told on Monday what an inspector would find.

Each run reads a town's completeness once (inspection.gaps) and gives every reviewer of
the town (an active account of the town holding `records.review_record`) one `Digest`
for the week: the town's 台账完整度 and gaps, the records left waiting for review, the
records returned and not resubmitted, and what the running month still lacks, each line
with a link. It shows on the reviewer's home until they mark it read; where EMAIL_HOST is
set it is also mailed to those with an address. A Digest is unique per reviewer and
week, so a second run in the same week makes none and mails none; a mail that failed is
logged and tried again by a run later that week (`manage.py inspection_digest`), and
never stops the others.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from inspection.gaps import completeness
from inspection.models import Digest
from portal.models import OrgUnit, User

log = logging.getLogger(__name__)

# Records or reminders named one by one under each heading; the rest are counted, with a
# link to the page that lists them all. A notice is read in a minute, not studied.
LISTED = 3
# with_perm needs one backend named when several are configured (django-axes is first).
PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclass
class Content:
    """What one town's digest says this week: a one-sentence summary and linked lines."""

    summary: str
    lines: list[dict[str, str]] = field(default_factory=list)

    def add(self, message: str, url: str) -> None:
        self.lines.append({"message": message, "url": url})


def week_of(day: date) -> date:
    """The Monday of `day`'s week, which names the digest."""
    return day - timedelta(days=day.weekday())


def town_reviewers(town: OrgUnit) -> QuerySet[User]:
    """The active accounts of `town` that may review records (superusers are not a town's)."""
    return (
        User.objects.with_perm("records.review_record", include_superusers=False, backend=PERMISSION_BACKEND)
        .filter(unit__in=town.subtree_ids)
        .order_by("pk")
    )


def digest_content(town: OrgUnit, *, today: date) -> Content | None:
    """This week's digest of `town`, or None when there is nothing at all to report."""
    found = completeness(town, today.year, today=today)
    gaps = [gap for entry in found.units for gap in entry.gaps]
    returned = [gap for gap in gaps if gap.code == "returned"]
    reminders = [gap for gap in gaps if gap.current]
    page = reverse("inspection:gaps")
    parts: list[str] = []
    content = Content(summary="")
    if found.percent is not None:
        parts.append(_("台账完整度 %(percent)s%%") % {"percent": found.percent})
        if found.missing:
            parts.append(_("缺项 %(n)s 项") % {"n": found.missing})
        content.add(
            _("台账完整度 %(percent)s%%：检查 %(checks)s 项，缺 %(missing)s 项")
            % {"percent": found.percent, "checks": found.checks, "missing": found.missing},
            page,
        )
    if found.waiting:
        waiting = _("待审核超过 %(days)s 天 %(n)s 条") % {
            "days": found.checklist.review_days,
            "n": found.waiting,
        }
        parts.append(waiting)
        content.add(waiting, reverse("records:review_queue"))
        for record in found.waiting_examples[:LISTED]:
            content.add(
                _("%(unit)s“%(title)s”%(day)s 提交，尚未审核")
                % {
                    "unit": record.unit.name,
                    "title": record.title,
                    "day": f"{timezone.localtime(record.submitted_at):%m-%d}",
                },
                reverse("records:detail", args=[record.pk]),
            )
    if returned:
        parts.append(_("退回未重新提交 %(n)s 条") % {"n": sum(gap.count for gap in returned)})
        _listed(content, returned, _("另有 %(n)s 条退回记录未重新提交"), page)
    if reminders:
        parts.append(_("本月待办 %(n)s 项") % {"n": sum(gap.count for gap in reminders)})
        _listed(content, reminders, _("另有 %(n)s 项本月待办"), page)
    if not content.lines:
        return None
    content.summary = "；".join(parts)
    return content


def _listed(content: Content, gaps: list, rest: str, page: str) -> None:
    for gap in gaps[:LISTED]:
        content.add(
            _("%(unit)s：%(message)s") % {"unit": gap.unit.name, "message": gap.message}, gap.url or page
        )
    if len(gaps) > LISTED:  # a gap may stand for several records ("另有 5 条…")
        content.add(rest % {"n": sum(gap.count for gap in gaps[LISTED:])}, page)


def digests_send(*, today: date | None = None, town: OrgUnit | None = None) -> int:
    """Give each reviewer of each active town (or of `town`) this week's digest, and mail it
    where e-mail is set up. Returns how many digests were made; a run already made this
    week makes none."""
    today = today or timezone.localdate()
    week = week_of(today)
    towns = [town] if town is not None else OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWN, is_active=True)
    made = 0
    # The notice is written once, in the site's language, whoever runs it and from where.
    with translation.override(settings.LANGUAGE_CODE):
        for each in towns:
            reviewers = list(town_reviewers(each))
            content = digest_content(each, today=today) if reviewers else None
            if content is None:
                continue
            for user in reviewers:
                digest, created = Digest.objects.get_or_create(
                    user=user,
                    week=week,
                    defaults={"town": each, "summary": content.summary[:300], "lines": content.lines},
                )
                made += created
                if settings.EMAIL_HOST and user.email:
                    digest_mail(digest, user=user)
    return made


def digest_unread(user: User) -> Digest | None:
    """The reviewer's latest digest while they have not marked it read, for their home
    (one query); an older one left unread is not brought back by reading the newest."""
    latest = Digest.objects.filter(user=user).order_by("-week").first()
    return latest if latest is not None and latest.read_at is None else None


def digest_mail(digest: Digest, *, user: User) -> bool:
    """Mail `digest` to `user` unless it has been mailed (or is being mailed) already.

    The mail is claimed by setting `mailed_at` in one UPDATE, so two runs at once send it
    once; a failure is logged and the claim released for the next run to try again.
    """
    claimed = Digest.objects.filter(pk=digest.pk, mailed_at__isnull=True).update(mailed_at=timezone.now())
    if not claimed:
        return False
    try:
        send_mail(digest.title, digest_text(digest, user=user), None, [user.email])
    except Exception:  # whatever the backend raises, the notice stands and the others are sent
        log.exception("The 迎检 digest %s could not be mailed to user %s", digest.pk, user.pk)
        Digest.objects.filter(pk=digest.pk).update(mailed_at=None)
        return False
    return True


def digest_text(digest: Digest, *, user: User) -> str:
    """The digest as a plain-text mail, its links absolute where SITE_URL is set."""
    lines = [
        _("%(name)s：") % {"name": user.get_full_name()},
        "",
        f"{digest.title}：{digest.summary}",
        "",
    ]
    for line in digest.lines:
        lines.append(f"· {line['message']}")
        if line.get("url"):
            lines.append(f"  {settings.SITE_URL}{line['url']}")
    lines += ["", _("往期提示：%(url)s") % {"url": f"{settings.SITE_URL}{reverse('inspection:digests')}"}]
    lines.append(_("（本邮件由宣传思想文化工作平台自动发送，请勿直接回复。）"))
    return "\n".join(lines) + "\n"
