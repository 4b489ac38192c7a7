"""The one door: a statement's columns as parts of models, and `read()`, which runs it where
the router reads the model and converts each column as the ORM would."""

from collections.abc import Callable, Sequence

from django.db import connections, router


class Part:
    """Some of one model's fields, read from its table under `alias` (and named apart with
    `prefix` when joined: tables share column names like `id`); `raw` ones not converted."""

    def __init__(
        self, model, names: Sequence[str], alias: str, prefix: str = "", raw: Sequence[str] = ()
    ):
        self.model, self.alias, self.prefix = model, alias, prefix
        self.fields = [model._meta.get_field(name) for name in names]
        # Columns read as the database gives them, left to the reader to convert (a JSON
        # column most pages never look into).
        self.raw = frozenset(raw)

    def sql(self, quote) -> list[str]:
        named = f" AS {self.prefix}{{}}" if self.prefix else ""
        return [
            f"{self.alias}.{quote(field.column)}" + named.format(field.column)
            for field in self.fields
        ]


class Columns:
    """The columns of a statement's rows: parts of models, then `computed` ones that the
    statement writes after them itself (converted by no field, as a part's `raw` ones)."""

    def __init__(self, *parts: Part, computed: Sequence[str] = ()):
        self.parts = parts
        self.fields = [
            None if field.name in part.raw else field for part in parts for field in part.fields
        ]
        self.fields += [None] * len(computed)
        self._sql: dict[str, str] = {}
        self._steps: dict[str, list] = {}

    def sql(self, connection) -> str:
        found = self._sql.get(connection.vendor)
        if found is None:
            quote = connection.ops.quote_name
            names = [name for part in self.parts for name in part.sql(quote)]
            found = self._sql[connection.vendor] = ", ".join(names)
        return found

    def steps(self, alias: str, connection) -> list:
        """(position, column, converters) for each column that has converters. The schema
        decides them, not the data: worked out once per database."""
        found = self._steps.get(alias)
        if found is None:
            found = []
            for n, field in enumerate(self.fields):
                if field is None:
                    continue
                column = field.get_col(field.model._meta.db_table)
                converters = connection.ops.get_db_converters(column)
                converters += column.get_db_converters(connection)
                if converters:
                    found.append((n, column, converters))
            self._steps[alias] = found
        return found


Statement = Callable[[object], tuple[str, list]]


def read(model, columns: Columns, statement: Statement) -> list[list]:
    """The rows of `statement(connection)` (SQL and its parameters, written for that
    connection) from the database the router reads `model` from, each column converted as
    the ORM converts it."""
    alias = router.db_for_read(model)
    connection = connections[alias]
    sql, params = statement(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    steps = columns.steps(alias, connection)
    if not steps:
        return rows
    converted = []
    for row in rows:
        row = list(row)
        for n, column, converters in steps:
            value = row[n]
            for convert in converters:
                value = convert(value, column, connection)
            row[n] = value
        converted.append(row)
    return converted


def table(model, connection) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def placeholders(values) -> str:
    """`%s, %s, …`, one per value, for an `IN (…)` list."""
    return ", ".join(["%s"] * len(values))
