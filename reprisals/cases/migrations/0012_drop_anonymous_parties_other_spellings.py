"""An anonymous person has no other spellings in the clear (they would give the name away): drop those
stored before the party form and services refused them."""

from django.db import migrations


def drop_spellings(apps, schema_editor):  # noqa: ANN001, ANN201
    AffectedParty = apps.get_model("cases", "AffectedParty")
    stale = [pk for pk, variants in AffectedParty.objects.filter(is_anonymous=True).values_list("pk", "name_variants")
             if variants]
    for start in range(0, len(stale), 500):
        AffectedParty.objects.filter(pk__in=stale[start:start + 500]).update(name_variants=[])


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0011_search_vector_splits_punctuation"),
    ]

    operations = [
        migrations.RunPython(drop_spellings, migrations.RunPython.noop),
    ]
