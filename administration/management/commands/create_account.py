"""Creates an account with its roles from the command line.

A new installation has nobody to sign in as; this makes the first system, security and
audit administrators without a superuser (who would bypass the separation of duties).
"""

from __future__ import annotations

import getpass
import os
import sys

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.models import OrgUnit, User
from portal.roles import Role, admin_role_conflict


class Command(BaseCommand):
    help = "Create an account in a unit with one or more roles; asks for the password."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="the person's name")
        parser.add_argument("--unit", required=True, help="the unit's name, e.g. 青溪镇")
        parser.add_argument(
            "--role",
            action="append",
            required=True,
            choices=[role.value for role in Role],
            help="repeat for several work roles",
        )

    def handle(self, *args, username: str, name: str, unit: str, role: list[str], **options) -> None:
        if admin_role_conflict(role):
            raise CommandError(
                f"Separation of duties: {', '.join(role)} cannot be held by one person; "
                "an administrator account holds exactly one administrator role."
            )
        units = list(OrgUnit.objects.filter(name=unit)[:2])
        if len(units) != 1:
            raise CommandError(f"No unit named {unit}." if not units else f"Several units are named {unit}.")
        taken = User.objects.filter(username__iexact=username).values_list("username", flat=True).first()
        if taken:
            raise CommandError(f"The user name {username} is taken (by {taken}; user names ignore case).")
        user = User(username=username, name=name, unit=units[0])
        password = os.environ.get("PORTAL_PASSWORD") or self._ask_password()
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        user.set_password(password)
        with transaction.atomic():
            user.save()
            user.groups.set(Group.objects.filter(name__in=role))
        self.stdout.write(self.style.SUCCESS(f"Created {username} ({', '.join(role)}) in {unit}."))

    def _ask_password(self) -> str:
        if not sys.stdin.isatty():
            raise CommandError(
                "No password: set PORTAL_PASSWORD in the environment, or run this in a terminal to be asked."
            )
        try:
            password = getpass.getpass("Password: ")
        except EOFError:
            raise CommandError("No password given.") from None
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return password
