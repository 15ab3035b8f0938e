from django.db import migrations


def load(apps, schema_editor):
    from riktning.indicators.reference import reference_areas, reference_groups, store_areas

    store_areas(reference_areas(), reference_groups(), Area=apps.get_model("indicators", "Area"))


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_observations")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
