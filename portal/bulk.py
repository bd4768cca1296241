"""Many new rows of one table at once, without model instances: COPY on PostgreSQL,
one INSERT … executemany elsewhere (SQLite).

For imports of tens of thousands of rows, where `bulk_create` spends most of its time
making instances and building the INSERT's text. The rows skip `save()` and signals:
the caller writes what those would have (audit entries, derived rows) itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection, models


def rows_insert(model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Write `rows` into `model`'s own table: each row gives the fields `names` (a
    foreign key by its name or attname, as an id) in order; every other column of the
    table takes its field's default, and an auto-increment key its next value.

    Values go to the database as they are (ids, str, int, Decimal, date, datetime,
    None, Django's choices).
    """
    given = _fields(model, names)
    rest = [
        field for field in model._meta.local_concrete_fields if field not in given and not _generated(field)
    ]
    defaults = tuple(field_defaults(rest).values())
    columns = given + rest
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    listed = ", ".join(quote(field.column) for field in columns)
    if connection.vendor == "postgresql":
        # psycopg writes Django's choices by their values (str and int come first in their MRO).
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({listed}) FROM STDIN") as copy:
            write = copy.write_row
            for row in rows:
                write((*row, *defaults))
        return
    marks = ", ".join(["%s"] * len(columns))
    prepared = [
        [
            field.get_db_prep_save(value, connection)
            for field, value in zip(columns, [*row, *defaults], strict=True)
        ]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({listed}) VALUES ({marks})", prepared)


def field_defaults(fields: Iterable[models.Field]) -> dict[str, object]:
    """Each field's default by name, worked out once for all the rows. A default made
    per row (a callable: a uuid, a time) cannot be shared, and must be given instead."""
    defaults = {}
    for field in fields:
        if field.has_default() and callable(field.default):
            raise TypeError(f"{field.model.__name__}.{field.name} has a per-row default: give it in the rows")
        defaults[field.name] = field.get_default()
    return defaults


def _fields(model: type[models.Model], names: Sequence[str]) -> list[models.Field]:
    by_name = {}
    for field in model._meta.local_concrete_fields:
        by_name[field.name] = by_name[field.attname] = field
    return [by_name[name] for name in names]


def _generated(field: models.Field) -> bool:
    """A column the database fills: an auto-increment key not given."""
    return isinstance(field, models.AutoField | models.BigAutoField | models.SmallAutoField)
