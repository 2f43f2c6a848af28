# Access needs move from each panel to the person (issue 19, point 4), step 1 of 3:
# each adjustment gets a second key, to the person's need. Kept apart from the data move,
# so PostgreSQL never alters a table that has changes waiting in the same transaction.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("panels", "0013_status_messages_through_people"),
        ("people", "0004_person_access_needs"),
    ]

    operations = [
        migrations.AddField(
            model_name="adjustment",
            name="person_need",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="people.accessneed",
            ),
        ),
    ]
