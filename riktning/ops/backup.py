"""Backup and restore of a whole Riktning instance as one zip file.

The zip holds three members:

- `manifest.json`: format, Riktning version, time, database vendor, the latest migration of every
  app and the number of rows of every table in the backup;
- `data.json`: every row of every Riktning table (and Django's groups and admin log) in Django's
  JSON serialisation, foreign keys to content types and permissions by natural key, primary keys
  kept, so links between rows survive;
- `media/…`: the uploaded files under MEDIA_ROOT.

The dump is written in chunks inside one transaction (a consistent snapshot: SQLite's IMMEDIATE
transaction holds writers back, PostgreSQL uses REPEATABLE READ). Restore loads into an empty,
migrated database in one transaction, like `loaddata`, and checks the counts against the manifest.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, time
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

FORMAT = "riktning-backup"
FORMAT_VERSION = 1
CHUNK = 2000
# Django's own tables worth keeping; content types and permissions are made by `migrate`. The
# authenticator apps are kept so that a restored instance still takes its people's codes.
EXTRA_MODELS = ("auth.group", "admin.logentry", "otp_totp.totpdevice")
# Rows a data migration loads into every new database (reference data); restored by upsert.
REFERENCE_MODELS = frozenset({"indicators.area"})

Progress = Callable[[str, int], None]


class BackupError(Exception):
    """A backup file that cannot be restored, or a database it must not be restored into."""


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps them to the microsecond, so
    that a restored row is the row that was backed up (Django's deserialiser reads both)."""

    def default(self, o):
        if isinstance(o, datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, time):
            return o.isoformat()
        return super().default(o)


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete model of Riktning's apps and EXTRA_MODELS, in dependency order."""
    chosen = []
    for app_config in apps.get_app_configs():
        if not app_config.name.startswith("riktning."):
            continue
        chosen.extend(app_config.get_models())
    chosen.extend(apps.get_model(label) for label in EXTRA_MODELS)
    chosen = [m for m in chosen if m._meta.managed and not m._meta.proxy]
    ordered = serializers.sort_dependencies([(None, chosen)], allow_cycles=True)
    return ordered


def label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def row_counts() -> dict[str, int]:
    return {label(model): model._base_manager.count() for model in backed_up_models()}


def _latest_migrations() -> dict[str, list[str]]:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    leaves: dict[str, list[str]] = {}
    for app_label, name in loader.graph.leaf_nodes():
        leaves.setdefault(app_label, []).append(name)
    return leaves


def _version() -> str:
    try:
        return metadata.version("riktning")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "unknown"


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def _serialised_rows(model: type[models.Model]) -> Iterable[list[dict]]:
    """The model's rows as Django's python serialisation, CHUNK rows at a time."""
    queryset = model._base_manager.order_by("pk")
    chunk: list[models.Model] = []
    for obj in queryset.iterator(chunk_size=CHUNK):
        chunk.append(obj)
        if len(chunk) >= CHUNK:
            yield serializers.serialize("python", chunk, use_natural_foreign_keys=True)
            chunk = []
    if chunk:
        yield serializers.serialize("python", chunk, use_natural_foreign_keys=True)


def write_backup(target: Path, progress: Progress | None = None) -> dict:
    """Write the backup zip to `target` (atomically: a temporary file renamed at the end)."""
    progress = progress or (lambda what, n: None)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="riktning-backup-") as scratch:
        data_path = Path(scratch) / "data.json"
        counts: dict[str, int] = {}
        snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
        with transaction.atomic():
            if snapshot:  # a consistent snapshot of every table, while others go on writing
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            model_list = backed_up_models()
            totals = {label(m): m._base_manager.count() for m in model_list}
            progress("start", sum(totals.values()))
            with data_path.open("w", encoding="utf-8") as out:
                out.write("[")
                first = True
                for model in model_list:
                    counts[label(model)] = 0
                    for rows in _serialised_rows(model):
                        for row in rows:
                            out.write("\n" if first else ",\n")
                            out.write(json.dumps(row, cls=ExactJSONEncoder, ensure_ascii=False))
                            first = False
                        counts[label(model)] += len(rows)
                        progress("rows", len(rows))
                out.write("\n]\n")
        files = _media_files()
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "riktning_version": _version(),
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "database_vendor": connection.vendor,
            "migrations": _latest_migrations(),
            "counts": counts,
            "files": len(files),
        }
        partial = target.with_name(target.name + ".partial")
        media_root = Path(settings.MEDIA_ROOT)
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
            archive.write(data_path, "data.json")
            for path in files:
                archive.write(path, "media/" + path.relative_to(media_root).as_posix())
        os.replace(partial, target)
    return manifest


def read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError) as error:
        raise BackupError(_("This is not a Riktning backup: the manifest is missing.")) from error
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(_("This is not a Riktning backup this version can read."))
    if "data.json" not in archive.namelist():
        raise BackupError(_("The backup is incomplete: data.json is missing."))
    return manifest


def open_backup(path: Path) -> tuple[zipfile.ZipFile, dict]:
    try:
        archive = zipfile.ZipFile(path)
        bad = archive.testzip()
    except (OSError, zipfile.BadZipFile) as error:
        raise BackupError(_("The backup file is damaged or not a zip file.")) from error
    if bad is not None:
        raise BackupError(_("The backup file is damaged (%(name)s).") % {"name": bad})
    return archive, read_manifest(archive)


def rows_in_database() -> dict[str, int]:
    """Tables that already hold rows (reference data loaded by migrations does not count)."""
    return {
        name: count
        for name, count in row_counts().items()
        if count and name not in REFERENCE_MODELS
    }


def _media_target(media_root: Path, name: str) -> Path:
    relative = name.removeprefix("media/")
    target = (media_root / relative).resolve()
    if not target.is_relative_to(media_root.resolve()) or relative.startswith("/"):
        raise BackupError(
            _("The backup holds a file outside the uploads folder: %(name)s") % {"name": name}
        )
    return target


def restore_backup(path: Path, progress: Progress | None = None) -> dict:
    """Load the backup into the (migrated) database and MEDIA_ROOT; return the manifest."""
    progress = progress or (lambda what, n: None)
    archive, manifest = open_backup(Path(path))
    media_root = Path(settings.MEDIA_ROOT)
    with archive, tempfile.TemporaryDirectory(prefix="riktning-restore-") as scratch:
        members = [n for n in archive.namelist() if n.startswith("media/") and not n.endswith("/")]
        targets = {name: _media_target(media_root, name) for name in members}
        data_path = Path(archive.extract("data.json", scratch))
        progress("start", sum(manifest["counts"].values()))
        loaded_models: set[type[models.Model]] = set()
        try:
            with transaction.atomic(), connection.constraint_checks_disabled():
                with data_path.open(encoding="utf-8") as stream:
                    objects = serializers.deserialize(
                        "json", stream, handle_forward_references=True
                    )
                    deferred = []
                    done = 0
                    for done, obj in enumerate(objects, start=1):
                        obj.save()
                        loaded_models.add(type(obj.object))
                        if obj.deferred_fields:
                            deferred.append(obj)
                        if done % 500 == 0:
                            progress("rows", 500)
                    for obj in deferred:
                        obj.save_deferred_fields()
                progress("rows", done % 500)
                connection.check_constraints(table_names=[m._meta.db_table for m in loaded_models])
                _reset_sequences(loaded_models)
                _verify_counts(manifest)
        except serializers.base.DeserializationError as error:
            raise BackupError(
                _("The backup's data cannot be read: %(error)s") % {"error": error}
            ) from error
        for name, target in targets.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(name) as source, target.open("wb") as out:
                while block := source.read(1 << 20):
                    out.write(block)
    return manifest


def _reset_sequences(loaded: set[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(loaded))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _verify_counts(manifest: dict) -> None:
    now = row_counts()
    wrong = []
    for name, expected in manifest["counts"].items():
        found = now.get(name)
        if found is None:
            wrong.append(f"{name}: ?")
        elif found != expected and not (name in REFERENCE_MODELS and found >= expected):
            wrong.append(f"{name}: {found} ≠ {expected}")
    if wrong:
        raise BackupError(
            _("The restored rows do not match the backup's manifest: %(tables)s")
            % {"tables": ", ".join(wrong)}
        )
