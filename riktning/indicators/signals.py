"""Signals of writes that Django's model signals do not see (bulk and raw SQL writes)."""

from django.dispatch import Signal

# Sent after a bulk write to the indicators' tables (reference.store_areas); `sender` is the
# model written. Model saves and deletes send Django's own post_save/post_delete.
bulk_written = Signal()
