"""`riktning backup` and `riktning restore`: the demo survives a round trip exactly."""

import hashlib
import io
import json
import os
import shutil
import stat
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection

from riktning.devtools.demo import seed_demo
from riktning.indicators.models import Observation
from riktning.ops.backup import BackupError, backed_up_models, restore_backup, row_counts

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.PASSWORD_HASHERS = FAST_HASHER
    return settings.MEDIA_ROOT


def _empty_the_database():
    """What a new, migrated database holds: no rows in Riktning's tables."""
    tables = [model._meta.db_table for model in backed_up_models()]
    tables += [
        field.remote_field.through._meta.db_table
        for model in backed_up_models()
        for field in model._meta.local_many_to_many
    ]
    if connection.vendor == "postgresql":
        # The test's transaction has deferred foreign-key checks pending; TRUNCATE needs them done.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _backup(path: Path) -> None:
    call_command("backup", "-o", str(path), verbosity=0, stdout=io.StringIO())


def _export() -> list[str]:
    out = io.StringIO()
    call_command("export", "observations", "--format", "csv", stdout=out)
    return sorted(out.getvalue().splitlines())


@pytest.mark.django_db
def test_the_demo_round_trips_exactly(media, tmp_path):
    seed_demo(stdout=io.StringIO())
    (media / "attachments").mkdir(parents=True)
    (media / "attachments" / "yttrande.pdf").write_bytes(b"%PDF-1.7 statement")
    first = tmp_path / "first.bak"
    _backup(first)
    before_counts, before_export = row_counts(), _export()
    assert Observation.objects.exists()

    _empty_the_database()
    (media / "attachments" / "yttrande.pdf").unlink()
    assert not Observation.objects.exists()
    out = io.StringIO()
    call_command("restore", str(first), verbosity=0, stdout=out)

    assert "återställd" in out.getvalue()
    assert row_counts() == before_counts
    assert _export() == before_export
    assert (media / "attachments" / "yttrande.pdf").read_bytes() == b"%PDF-1.7 statement"
    second = tmp_path / "second.bak"
    _backup(second)
    with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
        assert a.read("data.json") == b.read("data.json"), "every row comes back as it was"
        manifest = json.loads(a.read("manifest.json"))
    assert manifest["counts"] == before_counts
    assert manifest["files"] == 1


@pytest.mark.django_db
def test_restore_refuses_a_database_that_holds_rows(media, tmp_path):
    seed_demo(stdout=io.StringIO())
    path = tmp_path / "demo.bak"
    _backup(path)
    counts = row_counts()
    with pytest.raises(CommandError, match="inte tom"):
        call_command("restore", str(path), verbosity=0)
    assert row_counts() == counts


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [b"not a zip file at all", "zip without manifest", "zip with a wrong format"],
)
def test_restore_refuses_a_damaged_file_and_writes_nothing(media, tmp_path, content):
    path = tmp_path / "broken.bak"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("data.json", "[]")
            if content == "zip with a wrong format":
                archive.writestr("manifest.json", json.dumps({"format": "something-else"}))
    before = row_counts()
    with pytest.raises(CommandError, match="Återställningen avbröts"):
        call_command("restore", str(path), verbosity=0)
    assert row_counts() == before


@pytest.mark.django_db
def test_a_truncated_data_file_rolls_back(media, tmp_path):
    seed_demo(stdout=io.StringIO())
    good = tmp_path / "demo.bak"
    _backup(good)
    _empty_the_database()
    bad = tmp_path / "cut.bak"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
        target.writestr("manifest.json", source.read("manifest.json"))
        data = source.read("data.json")
        target.writestr("data.json", data[: len(data) // 2])
    with pytest.raises(CommandError, match="Återställningen avbröts"):
        call_command("restore", str(bad), verbosity=0)
    assert not Observation.objects.exists()


@pytest.mark.django_db
def test_a_file_outside_the_uploads_folder_is_refused(media, tmp_path):
    seed_demo(stdout=io.StringIO())
    good = tmp_path / "demo.bak"
    _backup(good)
    _empty_the_database()
    evil = tmp_path / "evil.bak"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(evil, "w") as target:
        for name in ("manifest.json", "data.json"):
            target.writestr(name, source.read(name))
        target.writestr("media/../../outside.txt", b"x")
    with pytest.raises(BackupError):
        restore_backup(evil)
    assert not (tmp_path / "outside.txt").exists()
    assert not Observation.objects.exists()


def test_times_keep_their_microseconds_in_a_backup():
    import datetime as dt

    from riktning.ops.backup import ExactJSONEncoder

    moment = dt.datetime(2026, 11, 25, 12, 0, 0, 500, tzinfo=dt.UTC)

    assert json.dumps(moment, cls=ExactJSONEncoder) == '"2026-11-25T12:00:00.000500Z"'


# --- file modes and the hash manifest (issue 11) -----------------------------------------------


@pytest.fixture
def server_umask():
    """The usual umask of a server account (022): files 0644, folders 0755 unless told."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.django_db
def test_restore_writes_uploads_never_readable_by_others(media, tmp_path, server_umask):
    _empty_the_database()
    drafts = media / "remiss" / "utkast"
    drafts.mkdir(parents=True)
    private, shared = drafts / "yttrande.pdf", media / "bilaga.docx"
    private.write_bytes(b"%PDF-1.7 draft")
    shared.write_bytes(b"PK word")
    private.chmod(0o600)
    shared.chmod(0o644)  # as an older Riktning, or a copy by hand, left it
    path = tmp_path / "media.bak"
    _backup(path)
    assert _mode(path) == 0o600, "the backup holds password hashes: its owner's only"
    shutil.rmtree(media)

    restore_backup(path)

    assert private.read_bytes() == b"%PDF-1.7 draft"
    assert _mode(private) == 0o600  # the backup's own mode
    assert _mode(shared) == 0o640  # the backup's less what others could read
    for folder in (media, media / "remiss", drafts):
        assert _mode(folder) == 0o750, folder


@pytest.mark.django_db
def test_a_file_without_a_mode_in_the_backup_is_restored_0640(media, tmp_path, server_umask):
    _empty_the_database()
    good = tmp_path / "good.bak"
    (media / "a").mkdir(parents=True)
    (media / "a" / "b.pdf").write_bytes(b"%PDF")
    _backup(good)
    shutil.rmtree(media)
    bare = tmp_path / "bare.bak"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bare, "w") as target:
        for name in source.namelist():
            info = zipfile.ZipInfo(name)
            target.writestr(info, source.read(name))
            info.external_attr = 0  # as a zip tool that records no Unix mode writes it

    restore_backup(bare)

    assert _mode(media / "a" / "b.pdf") == 0o640


@pytest.mark.django_db
def test_the_manifest_holds_a_sha256_of_every_table_and_file(media, tmp_path):
    seed_demo(stdout=io.StringIO())
    media.mkdir(parents=True)
    (media / "yttrande.pdf").write_bytes(b"%PDF-1.7 statement")
    path = tmp_path / "demo.bak"
    _backup(path)

    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["format_version"] == 2
    assert set(manifest["sha256"]["tables"]) == set(manifest["counts"])
    assert manifest["sha256"]["files"] == {
        "media/yttrande.pdf": hashlib.sha256(b"%PDF-1.7 statement").hexdigest()
    }


def _edited(good: Path, target: Path, name: str, edit) -> Path:
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(target, "w") as out:
        for member in source.namelist():
            data = source.read(member)
            out.writestr(member, edit(data) if member == name else data)
    return target


@pytest.mark.django_db
def test_restore_refuses_a_backup_edited_after_it_was_made_and_writes_nothing(media, tmp_path):
    seed_demo(stdout=io.StringIO())
    media.mkdir(parents=True)
    (media / "yttrande.pdf").write_bytes(b"%PDF-1.7 statement")
    good = tmp_path / "demo.bak"
    _backup(good)
    _empty_the_database()
    shutil.rmtree(media)
    before = row_counts()
    # Same rows, same counts, one title changed: what the counts alone let through.
    title = "Föräldrastöd".encode()
    with zipfile.ZipFile(good) as archive:
        assert title in archive.read("data.json")
    retitled = _edited(
        good, tmp_path / "retitled.bak", "data.json", lambda d: d.replace(title, b"Foraldrastod")
    )
    swapped = _edited(
        good, tmp_path / "swapped.bak", "media/yttrande.pdf", lambda d: b"%PDF-1.7 another"
    )

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(retitled), verbosity=0)
    assert "stämmer inte med dess hashmanifest" in str(refused.value)
    assert "tabellen strategy.developmentarea" in str(refused.value)
    with pytest.raises(BackupError, match="filen yttrande.pdf"):
        restore_backup(swapped)

    assert row_counts() == before
    assert not media.exists()


@pytest.mark.django_db
def test_a_backup_from_before_the_hash_manifest_is_still_restored(media, tmp_path):
    _empty_the_database()
    good = tmp_path / "good.bak"
    _backup(good)

    def as_format_1(data: bytes) -> bytes:
        manifest = json.loads(data)
        del manifest["sha256"]
        return json.dumps({**manifest, "format_version": 1}).encode()

    old = _edited(good, tmp_path / "old.bak", "manifest.json", as_format_1)
    out = io.StringIO()
    call_command("restore", str(old), verbosity=0, stdout=out)

    assert "inget hashmanifest" in out.getvalue()
