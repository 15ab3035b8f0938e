"""The docs and the schema stay honest: every setting documented, migrations complete."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


def test_every_environment_variable_the_settings_read_is_documented():
    settings_source = (ROOT / "riktning" / "settings.py").read_text(encoding="utf-8")
    pattern = r'env_(?:str|bool|list|int|float|map)\(\s*"([A-Z0-9_]+)"'
    read = set(re.findall(pattern, settings_source))
    assert read, "the settings read no variables? the pattern is out of date"
    documented = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = sorted(name for name in read if f"`{name}`" not in documented)
    assert not missing, f"document these in docs/configuration.md: {missing}"


@pytest.mark.django_db
def test_migrations_are_complete():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:
        pytest.fail(f"models changed without a migration:\n{out.getvalue()}\n{exit_}")


def test_the_readme_names_exactly_two_setup_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 bootstrap.py demo" in readme
    assert "python3 bootstrap.py test" in readme
