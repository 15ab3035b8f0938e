"""`riktning report <kind> <ref> --format F -o FILE` writes the file or says what was wrong."""

import pytest
from django.core.management import CommandError, call_command

from riktning.reports import registry


@pytest.fixture
def sample():
    registry.register("sample", "riktning.reports.tests.sample_report")
    yield
    registry._REGISTRY.pop("sample")


def test_the_report_is_written_to_the_file(sample, tmp_path):
    out = tmp_path / "r.csv"

    call_command("report", "sample", "latest", "--format", "csv", "-o", str(out))

    assert out.read_bytes() == b"id;1\n"


@pytest.mark.parametrize(
    "args, message",
    [
        (["nonsense", "1", "--format", "csv"], "Okänd rapport"),
        (["sample", "1", "--format", "pdf"], "inte ”pdf”"),
        (["sample", "7", "--format", "csv"], "Det finns ingen rapport 7."),
    ],
)
def test_a_wrong_request_says_what_was_wrong_and_writes_nothing(sample, tmp_path, args, message):
    out = tmp_path / "r.csv"

    with pytest.raises(CommandError, match=message):
        call_command("report", *args, "-o", str(out))
    assert not out.exists()


def test_a_registered_report_whose_module_is_not_there_says_so(tmp_path):
    registry.register("missing", "riktning.reports.tests.no_such_module")
    try:
        with pytest.raises(CommandError, match="är inte tillgänglig ännu"):
            call_command("report", "missing", "1", "--format", "pdf", "-o", str(tmp_path / "x"))
    finally:
        registry._REGISTRY.pop("missing")
