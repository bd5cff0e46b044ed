from django.db import migrations, models

from orgburo.core.text import alphabet_key


def sort_names(apps, schema_editor):  # type: ignore[no-untyped-def]
    """The alphabet's order of every person already on the register, a batch at a time."""
    Person = apps.get_model("register", "Person")
    names = Person.objects.values_list("pk", "family_name", "given_name", "patronymic")
    batch = []
    for pk, family, given, patronymic in names.iterator(chunk_size=5000):
        batch.append(Person(pk=pk, sort_name=alphabet_key(family, given, patronymic)))
        if len(batch) == 5000:
            Person.objects.bulk_update(batch, ["sort_name"])
            batch = []
    Person.objects.bulk_update(batch, ["sort_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0009_organisation_search_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="sort_name",
            field=models.CharField(default="", editable=False, max_length=310),
        ),
        migrations.RunPython(sort_names, migrations.RunPython.noop),
    ]
