"""Sends this week's 迎检 digest to the reviewers, for an office that runs no Celery beat.

    python manage.py inspection_digest [--town 青溪镇] [--dry-run]

Safe to run again (from cron, or by hand after the beat): a reviewer gets one digest a week.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone, translation

from inspection.digest import digest_content, digests_send, town_reviewers
from portal.management.towns import town_argument
from portal.models import OrgUnit


class Command(BaseCommand):
    help = "Give each town's reviewers this week's 迎检 digest (and mail it when EMAIL_HOST is set)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--town", help="only this town, by name, e.g. 青溪镇")
        parser.add_argument("--dry-run", action="store_true", help="show what would be sent, write nothing")

    def handle(self, *args, town: str | None, dry_run: bool, **options) -> None:
        chosen = town_argument(town) if town else None
        if dry_run:
            with translation.override(settings.LANGUAGE_CODE):  # as digests_send writes it
                self._preview(chosen)
            return
        made = digests_send(town=chosen)
        self.stdout.write(self.style.SUCCESS(f"已生成本周迎检提示 {made} 份。"))

    def _preview(self, town: OrgUnit | None) -> None:
        today = timezone.localdate()
        towns = [town] if town else OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWN, is_active=True)
        for each in towns:
            reviewers = list(town_reviewers(each))
            content = digest_content(each, today=today)
            names = "、".join(user.get_full_name() for user in reviewers) or "（没有审核员）"
            self.stdout.write(f"{each.name} → {names}")
            if content is None:
                self.stdout.write("  本周没有需要提示的内容。")
                continue
            self.stdout.write(f"  {content.summary}")
            for line in content.lines:
                self.stdout.write(f"  · {line['message']}  {line['url']}")
        self.stdout.write("试运行（--dry-run）：未写入任何数据，未发送邮件。")
