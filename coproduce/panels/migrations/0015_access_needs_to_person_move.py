# Access needs move from each panel to the person (issue 19, point 4), step 2 of 3: the data.
#
# Each person's current needs of one kind, told to one panel or several, become one need.
# Nothing is lost: the ticked choices are joined; when the panels hold different words, all
# are kept, each labelled with the panel it was told to; the earliest date we found out is
# kept. The need is shared with staff who run meetings only if the person agreed to that on
# every panel, so nobody reads words the person did not agree to share with them. Ended
# needs move one by one, as they were. Each adjustment now points to the merged need and
# stays with its own panel.

from collections import defaultdict
from typing import Any

from django.db import migrations


def merged_fields(olds: list[Any]) -> dict[str, Any]:
    """The fields of one person-level need made from one or more panel needs (oldest first)."""
    first = olds[0]
    options: list[str] = []
    for old in olds:
        options += [option for option in old.options or [] if option not in options]
    texts: list[tuple[str, str]] = []
    for old in olds:
        text = (old.detail or "").strip()
        if text and text not in [t for _panel, t in texts]:
            texts.append((old.panel.name, text))
    if len(texts) == 1:
        detail = texts[0][1]
    else:
        detail = "\n\n".join(f"Told to {panel}: {text}" for panel, text in texts)
    consents = [old for old in olds if old.consent_given_at is not None]
    latest_consent = max(consents, key=lambda old: old.consent_given_at) if consents else None
    return {
        "organisation_id": first.organisation_id,
        "person_id": first.person_id,
        "kind": first.kind,
        "options": options,
        "detail": detail,
        "identified_on": min(old.identified_on for old in olds),
        "identified_how": first.identified_how,
        "share_with_facilitators": all(old.share_with_facilitators for old in olds),
        "consent_given_at": latest_consent.consent_given_at if latest_consent else None,
        "consent_via": latest_consent.consent_via if latest_consent else "",
        "recorded_by_id": first.recorded_by_id,
        "ended_on": first.ended_on,
    }


def move_needs_to_people(apps: Any, schema_editor: Any) -> None:
    PanelNeed = apps.get_model("panels", "AccessNeed")
    PersonNeed = apps.get_model("people", "AccessNeed")
    Adjustment = apps.get_model("panels", "Adjustment")
    groups: dict[tuple[int, str, int], list[Any]] = defaultdict(list)
    olds = PanelNeed.objects.select_related("panel").order_by("identified_on", "created_at", "id")
    for old in olds:
        # Current needs of one kind merge; an ended need stays a record of its own.
        key = (old.person_id, old.kind, 0 if old.ended_on is None else old.pk)
        groups[key].append(old)
    for group in groups.values():
        new = PersonNeed.objects.create(**merged_fields(group))
        PersonNeed.objects.filter(pk=new.pk).update(
            created_at=min(old.created_at for old in group),
            updated_at=max(old.updated_at for old in group),
        )
        Adjustment.objects.filter(need_id__in=[old.pk for old in group]).update(person_need=new)


class Migration(migrations.Migration):

    dependencies = [("panels", "0014_access_needs_to_person_add")]

    operations = [migrations.RunPython(move_needs_to_people, migrations.RunPython.noop)]
