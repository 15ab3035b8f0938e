"""Time to import a 40-page steering document (about 100,000 characters) from file to proposed
tree, as Word, PDF and text.

The document is the demo's adopted strategy with its six areas repeated (`--copies`, 17 by
default: 102 areas, 102 goals, 153 indicator links, ~103,000 characters, 48 A4 pages as PDF),
made by `riktning.devtools.sample_documents` before anything is timed. A fresh SQLite database
in a temporary folder holds the demo's indicator catalogue (not timed). Timed, --runs times
each after a warm-up, printing the median and the fastest:

- **import**: `propose_import(data, name)`, the whole path the CLI and the web take (checks of
  the file, reading, recognising, matching every indicator line against the catalogue);
- **baseline, same run**: only getting the text out of the same file with the library alone
  (python-docx's paragraphs, PDFium's text of every page, decoding the text file), which any
  import must do; the difference is what Riktning adds;
- **review**: the web's upload POST and the review page it leads to, as the coordinator
  (Django's test client: the views, the session, the templates; no network);
- **save**: `save_import` of the proposed tree as a new draft version (rolled back after each
  run).

Aim (issue 13): under 2 s to the proposed tree.

    .venv/bin/python bench/document_import.py [--runs 5] [--copies 17]
"""

import argparse
import statistics
import sys
import time
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script
from bench.demo_database import demo_database  # noqa: E402


def baseline_docx(data: bytes) -> int:
    import docx

    return sum(len(p.text) for p in docx.Document(BytesIO(data)).paragraphs)


def baseline_pdf(data: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        total = 0
        for page in document:
            textpage = page.get_textpage()
            total += len(textpage.get_text_range())
            textpage.close()
            page.close()
        return total
    finally:
        document.close()


def baseline_text(data: bytes) -> int:
    return len(data.decode("utf-8"))


def timed(function, runs: int) -> list[float]:
    function()  # warm-up: imports, fonts, caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--copies", type=int, default=17)
    args = parser.parse_args()
    with demo_database():
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.db import transaction
        from django.test import Client

        from riktning.accounts.models import User
        from riktning.devtools import sample_documents
        from riktning.strategy.importing import propose_import
        from riktning.strategy.importing.save import save_import

        parts = sample_documents.outline(copies=args.copies)
        text = sample_documents.as_text(parts)
        files = {
            "docx": (sample_documents.as_docx(parts), baseline_docx),
            "pdf": (sample_documents.as_pdf(parts), baseline_pdf),
            "txt": (text.encode("utf-8"), baseline_text),
        }
        pages = baseline_pages(files["pdf"][0])
        print(f"{len(text):,} characters, {pages} A4 pages as PDF, {args.copies} × six areas")
        for kind, (data, baseline) in files.items():
            tree = propose_import(data, f"strategi.{kind}")
            assert len(tree.areas) == 6 * args.copies, (kind, len(tree.areas))
            assert len(tree.links) == 9 * args.copies, (kind, len(tree.links))
            whole = timed(lambda data=data, kind=kind: propose_import(data, f"s.{kind}"), args.runs)
            alone = timed(lambda data=data, baseline=baseline: baseline(data), args.runs)
            print(
                f"{kind:4} {len(data):>9,} bytes  import median {statistics.median(whole):.3f} s"
                f" (fastest {min(whole):.3f} s)  baseline, text only: median"
                f" {statistics.median(alone):.3f} s (fastest {min(alone):.3f} s)"
            )
        client = Client(HTTP_HOST="localhost")
        client.force_login(User.objects.get(username="samordnare"))

        def review(kind: str, data: bytes) -> None:
            upload = SimpleUploadedFile(f"strategi.{kind}", data)
            answer = client.post("/dokument/importera/", {"file": upload}, secure=True)
            assert answer.status_code == 302, (
                answer.status_code,
                answer.headers,
                answer.content[:2000],
            )
            assert client.get("/dokument/importera/granska/", secure=True).status_code == 200

        for kind, (data, _baseline) in files.items():
            web = timed(lambda data=data, kind=kind: review(kind, data), args.runs)
            print(
                f"{kind:4} upload and review page: median {statistics.median(web):.3f} s"
                f" (fastest {min(web):.3f} s)"
            )
        tree = propose_import(files["docx"][0], "strategi.docx")

        def save() -> None:
            with transaction.atomic():
                save_import(tree, filename="strategi.docx", sha256="0" * 64, title="Bänk")
                transaction.set_rollback(True)

        saving = timed(save, args.runs)
        print(
            f"save_import of {len(tree.areas)} areas, {len(tree.links)} links: median"
            f" {statistics.median(saving):.3f} s (fastest {min(saving):.3f} s)"
        )


def baseline_pages(data: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


if __name__ == "__main__":
    main()
