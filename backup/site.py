"""What a site export holds, and how it is written and restored.

The archive is the newsroom's own state: every row of the content apps (media, authors,
articles, and taggit's tags), the users those rows name, and the original image files. It
leaves out what is rebuilt from those (renditions, the page cache) and what belongs to one
installation (sessions, lockouts, the accounts audit trail, two-factor devices).

Rows keep their primary keys, so URLs, cursors and references hold after a restore. They are
written with Django's serializers and restored as raw saves: no model `save()` runs, so
nothing is re-hashed or re-stamped (`modified_at` stays what it was). An archive is not trusted
for that: backup.checks refuses a malformed manifest, an unsafe name, a link or a file the
media library would refuse before anything is written; each row's values pass the checks a
form makes; and each app then sanitises and derives what its save() would have
(`after_restore`, e.g. articles.restore).
"""

import hashlib
import json
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from importlib import metadata
from uuid import UUID

import django
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    IntegrityError,
    connections,
    models,
    transaction,
)
from django.db.migrations.recorder import MigrationRecorder

from .checks import ImportRefused, check_manifest, check_row, checked_files

FORMAT = "newsroom-site-export"
FORMAT_VERSION = 1
CONTENT_APPS = ("media", "authors", "articles")
EXTRA_MODELS = ("taggit.tag",)
# Made again from the originals (`manage.py renditions warm`, or on a page's first view).
SKIPPED_MODELS = {"media.rendition"}
USER_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "is_staff",
    "is_active",
    "is_superuser",
    "date_joined",
    "last_login",
)
USERS = "auth.user"
IMAGES = "media.image"


class ExportError(Exception):
    pass


def label(model) -> str:
    return model._meta.label_lower


def exported_models() -> list[type[models.Model]]:
    """The content models, each after the models it points to (so a restore inserts in order)."""
    found = [
        model
        for app in CONTENT_APPS
        for model in apps.get_app_config(app).get_models()
        if label(model) not in SKIPPED_MODELS
    ]
    found += [apps.get_model(name) for name in EXTRA_MODELS]
    ordered: list = []

    def visit(model, path=()):
        if model in ordered or model in path:
            return
        for target in _targets(model):
            if target in found:
                visit(target, (*path, model))
        ordered.append(model)

    for model in found:
        visit(model)
    return ordered


def _targets(model) -> list:
    return [
        f.related_model
        for f in model._meta.get_fields()
        if f.concrete and f.is_relation and f.related_model is not None
    ] + [f.remote_field.through for f in model._meta.many_to_many if f.serialize]


def user_fields(model) -> list[models.ForeignKey]:
    """The foreign keys of `model` that name a user (created_by, actor, uploaded_by…)."""
    user_model = get_user_model()
    return [
        f for f in model._meta.concrete_fields if f.is_relation and f.related_model is user_model
    ]


def _json_default(value):
    # Full precision: DjangoJSONEncoder cuts datetimes to milliseconds, and a story's
    # published_at is half of its Show-more cursor.
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    raise TypeError(f"Cannot store {type(value).__name__} in an export")


def _jsonl(rows) -> bytes:
    return b"".join(
        json.dumps(row, default=_json_default, ensure_ascii=False).encode() + b"\n" for row in rows
    )


def data_name(model_label: str) -> str:
    return f"data/{model_label}.jsonl"


def _app_version() -> str:
    try:
        return metadata.version("newsroom")
    except metadata.PackageNotFoundError:
        return "unknown"


def _migration_state(connection) -> dict[str, list[str]]:
    applied = MigrationRecorder(connection).applied_migrations()
    names: dict[str, list[str]] = {}
    for app, name in sorted(applied):
        names.setdefault(app, []).append(name)
    return names


@dataclass
class Manifest:
    counts: dict[str, int] = field(default_factory=dict)
    files: list[dict] = field(default_factory=list)
    missing_files: list[str] = field(default_factory=list)


def export_site(writer, *, with_passwords: bool = False, progress: Callable = print) -> dict:
    """Write the whole site through `writer` (archive.TarWriter or FolderWriter); the manifest."""
    connection = connections[DEFAULT_DB_ALIAS]
    manifest = Manifest()
    user_ids: set[int] = set()
    image_model = apps.get_model("media", "Image")
    # One snapshot of the database, so rows written during the export don't half appear
    # (unless a caller's transaction is already open, as in tests).
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        order = exported_models()
        for model in order:
            queryset = model._base_manager.order_by("pk")
            rows = serializers.serialize("python", queryset.iterator(chunk_size=500))
            for fk in user_fields(model):
                user_ids.update(filter(None, (row["fields"][fk.name] for row in rows)))
            writer.add(data_name(label(model)), _jsonl(rows))
            manifest.counts[label(model)] = len(rows)
            progress(f"{label(model)}: {len(rows)}")
            if model is image_model:
                _export_files(writer, queryset, manifest)
        users = _user_rows(user_ids, with_passwords)
        writer.add(data_name(USERS), _jsonl(users))
        manifest.counts[USERS] = len(users)
        progress(f"{USERS}: {len(users)} (those the content names)")
        document = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": datetime.now(UTC).isoformat(),
            "django_version": django.get_version(),
            "app_version": _app_version(),
            "database": connection.vendor,
            "with_passwords": with_passwords,
            "migrations": _migration_state(connection),
            "models": [label(m) for m in order] + [USERS],
            "counts": manifest.counts,
            "files": manifest.files,
            "missing_files": manifest.missing_files,
        }
    writer.add("manifest.json", json.dumps(document, indent=2, ensure_ascii=False).encode())
    return document


def _export_files(writer, images, manifest: Manifest) -> None:
    """Each original once, named by the SHA-256 of its bytes; renditions are left out."""
    stored: set[str] = set()
    for image in images.exclude(file="").iterator(chunk_size=200):
        name = image.file.name
        try:
            with default_storage.open(name, "rb") as handle:
                data = handle.read()
        except (FileNotFoundError, OSError):
            manifest.missing_files.append(name)
            continue
        digest = hashlib.sha256(data).hexdigest()
        archive_name = f"files/{digest}{posixpath.splitext(name)[1].lower()}"
        if archive_name not in stored:
            writer.add(archive_name, data)
            stored.add(archive_name)
        manifest.files.append(
            {"name": name, "archive": archive_name, "sha256": digest, "size": len(data)}
        )


def _user_rows(user_ids: set[int], with_passwords: bool) -> list[dict]:
    wanted = USER_FIELDS + (("password",) if with_passwords else ())
    rows = []
    users = get_user_model()._base_manager.filter(pk__in=user_ids).order_by("pk")
    for user in users.prefetch_related("groups"):
        fields = {name: getattr(user, name) for name in wanted}
        fields["groups"] = sorted(group.name for group in user.groups.all())
        rows.append({"model": USERS, "pk": user.pk, "fields": fields})
    return rows


# Restore ------------------------------------------------------------------------------------


def site_has_content() -> list[str]:
    """What already exists that a restore would collide with: models with rows, files."""
    found = [
        f"{model._meta.verbose_name_plural} ({model._base_manager.count()})"
        for model in [*exported_models(), get_user_model()]
        if model._base_manager.exists()
    ]
    return found


def read_manifest(reader) -> dict:
    try:
        manifest = json.loads(reader.read("manifest.json"))
    except ValueError as error:
        raise ImportRefused(f"manifest.json is not JSON ({error}).") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ImportRefused("This is not a Newsroom site export (manifest.json has no format).")
    version = manifest.get("format_version")
    if type(version) is int and version > FORMAT_VERSION:
        raise ImportRefused(
            f"The archive's format version {version!r} is newer than this release reads "
            f"({FORMAT_VERSION}): restore it with the release that made it."
        )
    if type(version) is not int or version < 1:
        raise ImportRefused(f"manifest.json: 'format_version' {version!r} is not a version.")
    check_manifest(manifest, known_models={label(m) for m in exported_models()} | {USERS})
    applied = _migration_state(connections[DEFAULT_DB_ALIAS])
    unknown = [
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        if app in (*CONTENT_APPS, "taggit", "auth")
        for name in names
        if name not in applied.get(app, [])
    ]
    if unknown:
        raise ImportRefused(
            "The archive was made by a newer release (its database had migrations this one "
            f"has not applied: {', '.join(unknown[:5])}). Upgrade and migrate, then restore."
        )
    return manifest


def import_site(reader, *, dry_run: bool = False, progress: Callable = print) -> dict[str, int]:
    """Restore an export into an empty site, in one transaction; the rows restored per model.

    The manifest and the files are checked (backup.checks) before anything is written; a row
    that fails rolls back every row before it, and files are written last. With `dry_run`
    every row is inserted and rolled back, and no file is written.
    """
    manifest = read_manifest(reader)
    existing = site_has_content()
    if existing:
        raise ImportRefused(
            "The site is not empty: it already has " + ", ".join(existing) + ". Restore into "
            "a new database (migrate, then import_site) so nothing is overwritten."
        )
    files = checked_files(reader, manifest)
    stored_names = {*files, *manifest["missing_files"]}
    busy = [name for name in files if default_storage.exists(name)]
    if busy:
        raise ImportRefused(
            f"Media storage already holds {len(busy)} of the archive's files (e.g. {busy[0]}): "
            "restore into empty storage."
        )
    counts: dict[str, int] = {}
    written: list[str] = []
    models_by_label = {label(m): m for m in exported_models()}
    try:
        with transaction.atomic():
            counts[USERS] = _restore_users(reader)
            for model_label in manifest["models"]:
                if model_label == USERS:
                    continue
                counts[model_label] = _restore_rows(reader, model_label, stored_names)
                progress(f"{model_label}: {counts[model_label]}")
            _check_counts(manifest, counts)
            _check_references([*models_by_label.values(), get_user_model()])
            # Rows are inserted raw (no save()): an app derives what its save() would have.
            for config in apps.get_app_configs():
                if hasattr(config, "after_restore"):
                    config.after_restore()
            _reset_sequences([*models_by_label.values(), get_user_model(), Group])
            if dry_run:
                transaction.set_rollback(True)
            else:
                for name, data in files.items():
                    written.append(name)
                    saved = default_storage.save(name, ContentFile(data))
                    if saved != name:
                        written[-1] = saved
                        raise ImportRefused(f"Storage renamed {name} to {saved}; is it empty?")
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    return counts


def _lines(reader, model_label: str):
    for number, line in enumerate(reader.read(data_name(model_label)).splitlines(), 1):
        if line.strip():
            try:
                yield json.loads(line)
            except ValueError as error:
                raise ImportRefused(f"{data_name(model_label)} line {number}: {error}") from error


def _restore_rows(reader, model_label: str, stored_names: set[str]) -> int:
    count = 0
    rows = list(_lines(reader, model_label))
    where = data_name(model_label)
    try:
        for obj in serializers.deserialize("python", rows, ignorenonexistent=True):
            instance = obj.object
            if label(type(instance)) != model_label:
                raise ImportRefused(f"{where} holds a {label(type(instance))}.")
            check_row(instance)
            if model_label == IMAGES and instance.file and instance.file.name not in stored_names:
                raise ValidationError(
                    f"file {instance.file.name!r} is neither among the archive's files nor "
                    "listed as missing"
                )
            # A raw insert: no save() logic runs, auto_now fields keep their stored values.
            obj.save(force_insert=True)
            count += 1
    except ValidationError as error:
        raise ImportRefused(f"{where}, row {count + 1}: {' '.join(error.messages)}") from error
    except (DeserializationError, DatabaseError, ValueError, TypeError) as error:
        raise ImportRefused(f"{where}, row {count + 1}: {type(error).__name__}: {error}") from error
    return count


def _restore_users(reader) -> int:
    User = get_user_model()
    groups = {}
    users, memberships = [], []
    for number, row in enumerate(_lines(reader, USERS), 1):
        try:
            user, names = _user(User, row)
        except (KeyError, TypeError, ValueError, ValidationError) as error:
            detail = " ".join(error.messages) if isinstance(error, ValidationError) else error
            raise ImportRefused(f"{data_name(USERS)}, row {number}: {detail}") from None
        users.append(user)
        for name in names:
            if name not in groups:
                groups[name], _ = Group.objects.get_or_create(name=name)
            memberships.append(User.groups.through(user_id=user.pk, group_id=groups[name].pk))
    try:
        User.objects.bulk_create(users)
        User.groups.through.objects.bulk_create(memberships)
    except DatabaseError as error:
        raise ImportRefused(f"{data_name(USERS)}: {type(error).__name__}: {error}") from error
    return len(users)


def _user(User, row):
    """A user row of the archive as a User (not saved) and the names of its groups."""
    if not isinstance(row, dict) or type(row.get("pk")) is not int:
        raise ValueError("a user row needs a whole-number pk")
    fields = row["fields"]
    if not isinstance(fields, dict):
        raise ValueError("'fields' must be an object")
    names = fields.get("groups", [])
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise ValueError("'groups' must be a list of group names")
    user = User(pk=row["pk"], **{k: v for k, v in fields.items() if k in USER_FIELDS})
    for name in ("date_joined", "last_login"):
        value = getattr(user, name)
        if isinstance(value, str):
            setattr(user, name, datetime.fromisoformat(value))
    password = fields.get("password")
    if password is not None and not isinstance(password, str):
        raise ValueError("'password' must be text")
    if password:
        user.password = password
    else:
        user.set_unusable_password()
    check_row(user)
    return user, names


def _check_counts(manifest: dict, counts: dict[str, int]) -> None:
    expected = manifest.get("counts", {})
    wrong = {k: (expected.get(k), counts.get(k)) for k in expected if expected[k] != counts.get(k)}
    if wrong:
        detail = ", ".join(f"{k}: {n} listed, {m} found" for k, (n, m) in wrong.items())
        raise ImportRefused(f"The archive is incomplete ({detail}).")


def _check_references(model_list) -> None:
    """Every restored reference names a row that exists. Checked now, inside the transaction:
    the database checks deferred foreign keys only at commit, after the files are written, and
    says so with a traceback."""
    connection = connections[DEFAULT_DB_ALIAS]
    tables = [model._meta.db_table for model in model_list] + [
        field.remote_field.through._meta.db_table
        for model in model_list
        for field in model._meta.many_to_many
    ]
    try:
        connection.check_constraints(table_names=tables)
    except IntegrityError as error:
        raise ImportRefused(f"The archive's rows name rows it does not hold: {error}") from error


def _reset_sequences(model_list) -> None:
    """Next ids continue after the restored ones (PostgreSQL; SQLite needs nothing)."""
    connection = connections[DEFAULT_DB_ALIAS]
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
