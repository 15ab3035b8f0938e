"""The chart store (`charts.py`): rendered charts kept between runs, keyed by their content."""

from django.db import models


class RenderedChart(models.Model):
    """One chart as vl-convert drew it (PNG bytes or SVG text as UTF-8), under the SHA-256 of
    what it was drawn from (`charts.chart_key`): the same key always means the same picture, so
    a row is never stale, only unused. Not a record: left out of backups (ops/backup.py) and
    pruned to the RIKTNING_CHART_STORE_KEEP most recently used rows."""

    key = models.CharField(max_length=64, primary_key=True)
    fmt = models.CharField(max_length=8)
    content = models.BinaryField()
    used_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.fmt} {self.key[:12]}"
