# Access needs move from each panel to the person (issue 19, point 4), step 3 of 3: each
# adjustment's key now points to the person's need, and the panel needs table goes.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("panels", "0015_access_needs_to_person_move")]

    operations = [
        migrations.RemoveField(model_name="adjustment", name="need"),
        migrations.RenameField(model_name="adjustment", old_name="person_need", new_name="need"),
        migrations.AlterField(
            model_name="adjustment",
            name="need",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="adjustments",
                to="people.accessneed",
            ),
        ),
        migrations.DeleteModel(name="AccessNeed"),
    ]
