from django.db import migrations, models

from orgburo.core.text import fold


def fold_names(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Fill the folded name of every organisation already on the register, a batch at a time."""
    Organisation = apps.get_model("register", "Organisation")
    batch = []
    for pk, name in Organisation.objects.values_list("pk", "name").iterator(chunk_size=5000):
        batch.append(Organisation(pk=pk, search_name=fold(name)))
        if len(batch) == 5000:
            Organisation.objects.bulk_update(batch, ["search_name"])
            batch = []
    Organisation.objects.bulk_update(batch, ["search_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0008_person_email"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="search_name",
            field=models.CharField(blank=True, editable=False, max_length=200),
        ),
        migrations.RunPython(fold_names, migrations.RunPython.noop),
    ]
