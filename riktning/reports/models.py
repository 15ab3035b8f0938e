"""The render store (`store.py`): charts and PDF files kept between runs, keyed by content."""

from django.db import models


class Rendering(models.Model):
    """A chart as vl-convert drew it (SVG text as UTF-8, or PNG) or a PDF file as WeasyPrint
    wrote it, under the SHA-256 of what it was drawn from (`store.content_key`): the same key
    always means the same output, so a row is never stale, only unused. Not a record: left out
    of backups (ops/backup.py) and pruned to the RIKTNING_RENDER_STORE_KEEP most recently used
    rows."""

    key = models.CharField(max_length=64, primary_key=True)
    fmt = models.CharField(max_length=8)
    content = models.BinaryField()
    used_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.fmt} {self.key[:12]}"
