"""Backup and restore of a whole Riktning instance as one zip file.

The zip holds three members:

- `manifest.json`: format, Riktning version, time, database vendor, the latest migration of every
  app, the number of rows of every table in the backup and the hash manifest: the SHA-256 of
  every table's rows (as written in data.json) and of every file;
- `data.json`: every row of every Riktning table (and Django's groups and admin log) in Django's
  JSON serialisation, one row a line with its keys sorted, foreign keys to content types and
  permissions by natural key, primary keys kept, so links between rows survive;
- `media/…`: the uploaded files under MEDIA_ROOT, each with its file mode.

The dump is written in chunks inside one transaction (a consistent snapshot: SQLite's IMMEDIATE
transaction holds writers back, PostgreSQL uses REPEATABLE READ). The zip is readable by its
owner only: it holds password hashes and authenticator secrets.

Restore first checks every table and file against the hash manifest and refuses, writing nothing,
a backup whose content differs (edited or damaged), naming what differs; then it loads into an
empty, migrated database in one transaction, like `loaddata`, checks the counts against the
manifest and writes the files with the backup's modes, never readable by others (0640 when the
backup has none) in folders of mode 0750. A backup of format 1 (before the hash manifest) is
restored without that check.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
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
FORMAT_VERSION = 2  # 2: with the hash manifest
READABLE_VERSIONS = frozenset({1, 2})
CHUNK = 2000
# Django's own tables worth keeping; content types and permissions are made by `migrate`. The
# authenticator apps are kept so that a restored instance still takes its people's codes.
EXTRA_MODELS = ("auth.group", "admin.logentry", "otp_totp.totpdevice")
# Rows that are not records but a cache's key, left out: the data generation
# (followup/cache.py) is changed by every write, so a restored database gets a new one as its
# rows are written, and no cached roll-up of another state is ever read under it.
NOT_BACKED_UP = frozenset({"followup.datageneration", "reports.rendering"})  # + the render store
# Rows a data migration loads into every new database (reference data); restored by upsert.
REFERENCE_MODELS = frozenset({"indicators.area"})

Progress = Callable[[str, int], None]

# Restored uploads: never readable by others (drafts of statements are among them).
FILE_MODE = 0o640
FOLDER_MODE = 0o750
NOT_FOR_OTHERS = 0o770


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


def row_json(row: dict) -> str:
    """One row as data.json holds it, and as its hash is taken: keys sorted, no spaces, so the
    same row always gives the same text (a backup's and a restore's)."""
    return json.dumps(
        row, cls=ExactJSONEncoder, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete model of Riktning's apps and EXTRA_MODELS, in dependency order."""
    chosen = []
    for app_config in apps.get_app_configs():
        if not app_config.name.startswith("riktning."):
            continue
        chosen.extend(app_config.get_models())
    chosen.extend(apps.get_model(label) for label in EXTRA_MODELS)
    chosen = [
        m
        for m in chosen
        if m._meta.managed and not m._meta.proxy and m._meta.label_lower not in NOT_BACKED_UP
    ]
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
        table_hashes: dict[str, str] = {}
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
                    digest = hashlib.sha256()
                    for rows in _serialised_rows(model):
                        for row in rows:
                            text = row_json(row)
                            out.write("\n" if first else ",\n")
                            out.write(text)
                            digest.update(text.encode() + b"\n")
                            first = False
                        counts[label(model)] += len(rows)
                        progress("rows", len(rows))
                    table_hashes[label(model)] = digest.hexdigest()
                out.write("\n]\n")
        files = _media_files()
        media_root = Path(settings.MEDIA_ROOT)
        names = {path: "media/" + path.relative_to(media_root).as_posix() for path in files}
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "riktning_version": _version(),
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "database_vendor": connection.vendor,
            "migrations": _latest_migrations(),
            "counts": counts,
            "files": len(files),
            "sha256": {
                "tables": table_hashes,
                "files": {names[path]: _file_sha256(path) for path in files},
            },
        }
        partial = target.with_name(target.name + ".partial")
        # Created for its owner only: the backup holds password hashes and secrets.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)
        with (
            os.fdopen(descriptor, "wb") as stream,
            zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        ):
            archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
            archive.write(data_path, "data.json")
            for path in files:
                archive.write(path, names[path])  # with the file's mode
        os.replace(partial, target)
    return manifest


def read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError) as error:
        raise BackupError(_("This is not a Riktning backup: the manifest is missing.")) from error
    if manifest.get("format") != FORMAT or manifest.get("format_version") not in READABLE_VERSIONS:
        raise BackupError(_("This is not a Riktning backup this version can read."))
    if manifest["format_version"] >= 2 and not isinstance(manifest.get("sha256"), dict):
        raise BackupError(_("The backup's manifest has no hashes to check its content with."))
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


def _read_rows(archive: zipfile.ZipFile) -> list[dict]:
    try:
        with archive.open("data.json") as stream:
            rows = json.load(stream)
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(
            _("The backup's data cannot be read: %(error)s") % {"error": error}
        ) from error
    if not isinstance(rows, list) or not all(
        isinstance(row, dict) and isinstance(row.get("model"), str) for row in rows
    ):
        raise BackupError(_("The backup's data cannot be read: %(error)s") % {"error": "data.json"})
    return rows


def _member_sha256(archive: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    with archive.open(name) as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def check_content(archive: zipfile.ZipFile, manifest: dict, rows: list[dict]) -> None:
    """Refuse (BackupError naming them) the tables and files whose content differs from the
    manifest's hashes: edited, damaged, added or missing. Writes nothing."""
    hashes = manifest.get("sha256")
    if hashes is None:  # format 1: made before the hash manifest
        return
    digests = {}  # table → its running SHA-256
    for row in rows:
        digest = digests.setdefault(row["model"], hashlib.sha256())
        digest.update(row_json(row).encode() + b"\n")
    empty = hashlib.sha256().hexdigest()
    found = {name: digest.hexdigest() for name, digest in digests.items()}
    expected = hashes.get("tables") or {}
    tables = sorted(
        name
        for name in set(found) | set(expected)
        if found.get(name, empty) != expected.get(name, empty)
    )
    members = [n for n in archive.namelist() if n.startswith("media/") and not n.endswith("/")]
    expected_files = hashes.get("files") or {}
    files = sorted(
        name
        for name in set(members) | set(expected_files)
        if name not in members
        or name not in expected_files
        or _member_sha256(archive, name) != expected_files[name]
    )
    if tables or files:
        differs = [_("table %(name)s") % {"name": name} for name in tables]
        differs += [_("file %(name)s") % {"name": name.removeprefix("media/")} for name in files]
        raise BackupError(
            _(
                "The backup's content does not match its hash manifest (it was changed or "
                "damaged after the backup was made): %(differs)s."
            )
            % {"differs": ", ".join(differs)}
        )


def _make_folders(folder: Path, media_root: Path) -> None:
    """Create `folder` and the folders above it up to MEDIA_ROOT that are missing, 0750."""
    media_root.parent.mkdir(parents=True, exist_ok=True)
    missing = []
    while not folder.exists():
        missing.append(folder)
        if folder == media_root:
            break
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
        os.chmod(path, FOLDER_MODE)


def _write_member(archive: zipfile.ZipFile, name: str, target: Path) -> None:
    """The file with the backup's mode less anything for others (0640 when it has none)."""
    mode = stat.S_IMODE(archive.getinfo(name).external_attr >> 16) & NOT_FOR_OTHERS
    mode = mode or FILE_MODE
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    os.fchmod(descriptor, mode)  # whatever the umask, and for a file that was there
    with archive.open(name) as source, os.fdopen(descriptor, "wb") as out:
        while block := source.read(1 << 20):
            out.write(block)


def restore_backup(path: Path, progress: Progress | None = None) -> dict:
    """Load the backup into the (migrated) database and MEDIA_ROOT; return the manifest.
    Nothing is written when the backup's content does not match its hash manifest."""
    progress = progress or (lambda what, n: None)
    archive, manifest = open_backup(Path(path))
    media_root = Path(settings.MEDIA_ROOT)
    with archive:
        members = [n for n in archive.namelist() if n.startswith("media/") and not n.endswith("/")]
        targets = {name: _media_target(media_root, name) for name in members}
        rows = _read_rows(archive)
        check_content(archive, manifest, rows)
        progress("start", sum(manifest["counts"].values()))
        loaded_models: set[type[models.Model]] = set()
        try:
            with transaction.atomic(), connection.constraint_checks_disabled():
                objects = serializers.deserialize("python", rows, handle_forward_references=True)
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
            _make_folders(target.parent, media_root.resolve())
            _write_member(archive, name, target)
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
