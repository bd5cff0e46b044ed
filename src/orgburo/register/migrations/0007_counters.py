# The register's counters were called tallies, a word the count of votes uses too.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0006_person_search_order"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="membertally", name="member_tally_key"),
        migrations.RemoveConstraint(model_name="organisationtally", name="organisation_tally_key"),
        migrations.RenameModel(old_name="MemberTally", new_name="MemberCount"),
        migrations.RenameModel(old_name="OrganisationTally", new_name="OrganisationCount"),
        migrations.AddConstraint(
            model_name="membercount",
            constraint=models.UniqueConstraint(
                fields=("organisation", "status", "social_category", "field"),
                name="member_count_key",
            ),
        ),
        migrations.AddConstraint(
            model_name="organisationcount",
            constraint=models.UniqueConstraint(
                fields=("organisation", "level"), name="organisation_count_key"
            ),
        ),
    ]
