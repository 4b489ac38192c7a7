"""Model instances from rows fetched with raw SQL, converted as the ORM would convert them.

Pages load their cards, pictures and renditions with written-out statements
(`public.card_loading`, `media.renditions`): for a few dozen rows the ORM took longer to put
the query together, and a raw queryset longer to turn the rows into objects, than the
database took to run it. A reader names some of a model's columns for a SELECT (aliased apart
when joined) and turns their values back into an instance, applying each field's database
converters (on SQLite, aware datetimes and booleans) and building it without
`Model.__init__`'s per-field work (`instance_from_row`), or through the model's own `from_db`
where it has one. A field it did not read is deferred, as in `.only()`.
"""

from collections.abc import Iterable, Sequence

from django.db import connection, connections, router
from django.db.models import Model
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init


def instance_from_row(model, db: str, attnames: Sequence[str], values: Sequence, fetch_mode=None):
    """An instance as `model.from_db` makes it, for models whose `__init__` nothing listens to
    (no pre_init or post_init receiver): the values set directly, the fields not named left
    deferred. `Model.__init__`'s per-field work was most of the cost of a page's rows."""
    instance = model.__new__(model)
    instance.__dict__.update(zip(attnames, values, strict=True))
    state = instance._state = ModelState()
    state.adding = False
    state.db = db
    if fetch_mode is not None:
        state.fetch_mode = fetch_mode
    return instance


def placeholders(values) -> str:
    """`%s, %s, …`, one per value, for an `IN (…)` list."""
    return ", ".join(["%s"] * len(values))


class RowReader:
    """Reads some of one model's fields (all concrete ones by default), in order, from a row."""

    def __init__(self, model, fields: Iterable[str] | None = None):
        self.model = model
        concrete = model._meta.concrete_fields
        if fields is not None:
            names = set(fields)
            concrete = [f for f in concrete if f.name in names or f.attname in names]
        self._fields = list(concrete)
        self.attnames = [field.attname for field in self._fields]
        self.width = len(self._fields)
        self._pk = self.attnames.index(model._meta.pk.attname)
        self._steps = None  # converters, looked up on first use (the backend is ready then)
        self._columns = {}

    def columns(self, alias: str, prefix: str = "") -> list[str]:
        """The SELECT list for these fields of the table under `alias`; with a `prefix`, each
        column is named `prefix + attname` (joined tables share column names like `id`)."""
        found = self._columns.get((alias, prefix))
        if found is None:
            quote = connection.ops.quote_name
            named = f" AS {prefix}{{}}" if prefix else ""
            found = self._columns[alias, prefix] = [
                f"{alias}.{quote(field.column)}" + named.format(field.attname)
                for field in self._fields
            ]
        return list(found)

    def select(self, alias: str) -> str:
        """`SELECT` these fields `FROM` the model's table under `alias`: a statement up to its
        WHERE, for rows of this model alone."""
        table = connection.ops.quote_name(self.model._meta.db_table)
        return f"SELECT {', '.join(self.columns(alias))} FROM {table} {alias}"

    def __call__(self, values: Sequence, db: str = "default"):
        """The instance for these values (in `attnames` order), read from database `db`, or
        None for the missing row of an outer join (a NULL primary key)."""
        if values[self._pk] is None:
            return None
        if self._steps is None:
            self._steps = self._converters()
            model = self.model
            self._direct = model.from_db.__func__ is Model.from_db.__func__ and not (
                pre_init.has_listeners(model) or post_init.has_listeners(model)
            )
        values = list(values)
        for n, column, converters in self._steps:
            for converter in converters:
                values[n] = converter(values[n], column, connection)
        if self._direct:
            return instance_from_row(self.model, db, self.attnames, values)
        return self.model.from_db(db, self.attnames, values)

    def _converters(self) -> list:
        steps = []
        for n, field in enumerate(self._fields):
            column = field.get_col(self.model._meta.db_table)
            converters = connection.ops.get_db_converters(column)
            converters += column.get_db_converters(connection)
            if converters:
                steps.append((n, column, converters))
        return steps


def fetch_rows(model, sql: str, params: Sequence) -> tuple[str, list[tuple]]:
    """The rows of a statement about `model`, from the database the router reads it from, and
    that database's alias (for the readers)."""
    db = router.db_for_read(model)
    with connections[db].cursor() as cursor:
        cursor.execute(sql, params)
        return db, cursor.fetchall()
