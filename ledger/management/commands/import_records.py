"""Imports a ledger workbook (DESIGN §6) into a town: the preview, then all or nothing.

    python manage.py import_records 2022台账.xlsx --org 青溪镇 [--create-units] [--dry-run]

Exits with status 1, having written nothing, if any row is bad; every bad cell is
listed as `sheet!row column: reason`.
"""

from __future__ import annotations

from pathlib import Path

from auditlog.context import set_actor
from django.core.management.base import BaseCommand, CommandError

from ledger.services import LedgerPlan, ledger_import, ledger_read
from portal.management.towns import town_argument
from portal.models import OrgUnit, User, in_subtree
from portal.roles import Role

KIND_LABELS = {"village": "村", "community": "社区", "department": "部门"}


class Command(BaseCommand):
    help = "Import a ledger workbook into a town as approved records; all or nothing."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="the .xlsx workbook")
        parser.add_argument("--org", required=True, help="the town's name, e.g. 青溪镇")
        parser.add_argument(
            "--create-units", action="store_true", help="create units the workbook names that do not exist"
        )
        parser.add_argument("--dry-run", action="store_true", help="show the preview, write nothing")
        parser.add_argument(
            "--user",
            help="username recorded as author and reviewer (default: the town's first active reviewer)",
        )

    def handle(self, *args, file: str, org: str, create_units: bool, dry_run: bool, user, **options):
        town = town_argument(org)
        by = self._importer(town, user)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件 {path}。")
        plan = ledger_read(path, town=town, create_units=create_units)
        self._preview(plan)
        if plan.errors:
            self.stderr.write(f"错误（{len(plan.errors)} 处）：")
            for line in plan.errors:
                self.stderr.write(f"  {line}")
            if plan.unknown_units:
                self.stderr.write("如要新建表中的单位，请加 --create-units。")
            raise CommandError(f"台账中有 {len(plan.errors)} 处错误，未导入任何记录。")
        if dry_run:
            self.stdout.write("试运行（--dry-run）：未写入任何数据。")
            return
        with set_actor(by):  # the units and outlets it creates are in the trail as theirs
            result = ledger_import(plan, by=by)
        created = "，".join(f"{plan.sheets[kind].name} {n} 条" for kind, n in result.created.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"已导入 {result.total} 条记录（{created or '无'}）；"
                f"新建单位 {len(result.units)} 个{_rows_made(result.rows)}；"
                f"跳过已有 {result.present} 条、文件内重复 {result.repeated} 条。"
            )
        )

    def _importer(self, town: OrgUnit, username: str | None) -> User:
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"没有名为 {username} 的有效用户。")
        else:
            user = (
                User.objects.filter(in_subtree(town), is_active=True, groups__name=Role.REVIEWER)
                .order_by("pk")
                .first()
            )
            if user is None:
                raise CommandError(f"{town.name}没有审核员账号；请用 --user 指定导入人。")
        if not user.has_perm("records.review_record"):
            raise CommandError(f"{user} 没有审核权限，导入的记录是已通过的记录，须由审核员导入。")
        return user

    def _preview(self, plan: LedgerPlan) -> None:
        write = self.stdout.write
        write(f"台账 {plan.file_name} → {plan.town.name}")
        for summary in plan.sheets.values():
            write(
                f"  {summary.name}：{summary.rows} 行，新增 {summary.new}，"
                f"已有 {summary.present}，文件内重复 {summary.repeated}"
            )
        if plan.new_units:
            units = "、".join(f"{name}（{KIND_LABELS[kind]}）" for name, kind in plan.new_units.items())
            write(f"将新建单位（{len(plan.new_units)}）：{units}")
        for lookup, rows in plan.new_rows.items():
            if rows:
                write(f"将新建{lookup.label}（{len(rows)}）：{'、'.join(rows)}")
        write(f"已有记录（跳过）：{plan.present} 条；文件内重复（跳过）：{plan.repeated} 条")
        if plan.warnings:
            write(f"警告（{len(plan.warnings)}）：")
            for line in plan.warnings:
                write(f"  {line}")


def _rows_made(rows: dict[str, list[str]]) -> str:
    return "".join(f"，新建{label} {len(names)} 个" for label, names in rows.items())
