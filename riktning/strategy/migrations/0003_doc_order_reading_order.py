"""One reading order per version (riktning/strategy/reading.py): top-level sections and areas
share one numbering, and an area's own sections and its goals share one. Existing versions keep
their text first and their areas after it (the version page used to show the areas first, the
paper has them after the general text); inside an area its sections come before its goals. A
section of an area that hung under a section outside the area becomes one of the area's own
top-level sections."""

from django.db import migrations


def renumber(rows):
    for number, row in enumerate(rows, start=1):
        if row.order != number:
            type(row).objects.filter(pk=row.pk).update(order=number)


def forwards(apps, schema_editor):
    Version = apps.get_model("strategy", "Version")
    Section = apps.get_model("strategy", "Section")
    DevelopmentArea = apps.get_model("strategy", "DevelopmentArea")
    Goal = apps.get_model("strategy", "Goal")
    for section in Section.objects.filter(area__isnull=False, parent__isnull=False).select_related(
        "parent"
    ):
        if section.parent.area_id != section.area_id:
            Section.objects.filter(pk=section.pk).update(parent=None)
    for version in Version.objects.all():
        top = list(Section.objects.filter(version=version, parent=None, area=None).order_by("order", "id"))
        areas = list(DevelopmentArea.objects.filter(version=version).order_by("order", "id"))
        renumber(top + areas)
        for area in areas:
            own = list(Section.objects.filter(area=area, parent=None).order_by("order", "id"))
            goals = list(Goal.objects.filter(area=area).order_by("order", "id"))
            renumber(own + goals)


class Migration(migrations.Migration):
    dependencies = [("strategy", "0002_goalindicator_wording")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
