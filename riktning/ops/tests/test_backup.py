"""`riktning backup` and `riktning restore`: the demo survives a round trip exactly."""

import io
import json
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
