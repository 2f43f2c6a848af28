"""Agreement points keep the built-in picture our ready-made points come with.

Points already made from the ready-made list (their easy read unchanged, in English) get the
picture now, in the draft and in published versions, so easy read shows it straight away.
"""

from django.db import migrations, models

# The ready-made points' easy read, as it was written then, and the picture chosen for each.
READY_MADE = {
    "One person talks at a time.\nPut your hand up to talk.": "raised-hand",
    "Ask if you do not understand.": "question",
    "It is OK to disagree.\nBe kind to people.": "heart",
    "You only share what you want to.\nYou can say pass.": "speech",
    "You can have a break at any time.": "cafe",
    "We keep people's stories private.": "lock",
    "Worried? Talk to your named contact.": "worried",
}


def _picture(easy_read: str) -> str:
    wanted = " ".join((easy_read or "").split())
    for words, picture in READY_MADE.items():
        if " ".join(words.split()) == wanted:
            return picture
    return ""


def add_pictures(apps, schema_editor):
    AgreementPoint = apps.get_model("panels", "AgreementPoint")
    AgreementVersion = apps.get_model("panels", "AgreementVersion")
    for point in AgreementPoint.objects.filter(picture=""):
        picture = _picture(point.easy_read)
        if picture:
            point.picture = picture
            point.save(update_fields=["picture"])
    for version in AgreementVersion.objects.all():
        points = [
            {**p, "picture": p.get("picture") or _picture(p.get("easy_read", ""))}
            for p in version.points
        ]
        if points != version.points:
            version.points = points
            version.save(update_fields=["points"])


class Migration(migrations.Migration):
    dependencies = [
        ("panels", "0016_access_needs_to_person_drop"),
    ]

    operations = [
        migrations.AddField(
            model_name="agreementpoint",
            name="picture",
            field=models.CharField(blank=True, default="", max_length=40),
        ),
        migrations.RunPython(add_pictures, migrations.RunPython.noop),
    ]
