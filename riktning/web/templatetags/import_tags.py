"""The record of the import a version was made from, for the version page's facts."""

from types import SimpleNamespace

from django import template

from riktning.accounts.access import is_member

register = template.Library()


@register.simple_tag
def document_import(version, user):
    """The version's DocumentImport (file name, when, SHA-256), or None; the person who imported
    it is named only to members of the municipality's organisations."""
    record = version.imports.select_related("imported_by").first()
    if record is None:
        return None
    return SimpleNamespace(
        filename=record.filename,
        imported_at=record.imported_at,
        sha256=record.sha256,
        imported_by=record.imported_by if is_member(user) else None,
    )
