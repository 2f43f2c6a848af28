"""Adding and deleting an organisation's own pictures, and choosing a picture for a point."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from coproduce.core.audit import log_action
from coproduce.pictures.builtin import builtin_pictures
from coproduce.pictures.models import OrgPicture, PointPicture

if TYPE_CHECKING:
    from coproduce.accounts.models import User
    from coproduce.core.models import Organisation


def add_picture(
    organisation: Organisation,
    *,
    actor: User,
    upload: UploadedFile,
    content_type: str,
    alt_text: str,
    words: str = "",
) -> OrgPicture:
    """Keep an uploaded picture for the organisation's easy read pages.

    Saves the file and an `OrgPicture`; logs "pictures.picture.added".
    """
    picture = OrgPicture(
        organisation=organisation,
        content_type=content_type,
        alt_text=alt_text,
        words=words,
        added_by=actor,
    )
    picture.image.save(upload.name or "picture", upload, save=False)
    picture.save()
    log_action(picture, "pictures.picture.added", actor=actor, data={"alt_text": alt_text})
    return picture


def choose_point_picture(
    organisation: Organisation, *, actor: User, owner: str, index: int, picture: str
) -> PointPicture:
    """Use `picture` for point `index` of `owner`'s easy read text.

    Saves (creates or replaces) a `PointPicture`; logs "pictures.point.chosen".
    """
    row, _created = PointPicture.objects.update_or_create(
        organisation=organisation,
        owner=owner,
        index=index,
        defaults={"picture": picture, "chosen_by": actor},
    )
    log_action(
        row,
        "pictures.point.chosen",
        actor=actor,
        data={"owner": owner, "index": index, "picture": picture},
    )
    return row


def give_ready_made_pictures(
    organisation: Organisation, *, owner: str, pictures: Sequence[str]
) -> None:
    """The built-in pictures our own ready-made copy comes with (a name a point, by place,
    "" for none) for `owner`'s text, as if chosen, so staff can change them like any other.

    Part of making the text (a workshop from a ready-made plan): saves `PointPicture`s
    (chosen by nobody) and logs nothing itself; a point staff already chose keeps its own.
    """
    known = builtin_pictures()
    PointPicture.objects.bulk_create(
        [
            PointPicture(
                organisation=organisation, owner=owner, index=index, picture=f"openmoji:{name}"
            )
            for index, name in enumerate(pictures)
            if name in known
        ],
        ignore_conflicts=True,
    )


def copy_point_pictures(organisation: Organisation, owners: Sequence[tuple[str, str]]) -> None:
    """Give each new text the pictures chosen for the text it was copied from:
    `owners` is (from, to) pairs of owner keys. Saves `PointPicture`s; logs nothing itself
    (part of copying, which the caller logs)."""
    to_owner = dict(owners)
    PointPicture.objects.bulk_create(
        [
            PointPicture(
                organisation=organisation,
                owner=to_owner[row.owner],
                index=row.index,
                picture=row.picture,
                chosen_by_id=row.chosen_by_id,
            )
            for row in PointPicture.objects.filter(
                organisation=organisation, owner__in=list(to_owner)
            )
        ],
        ignore_conflicts=True,
    )


def delete_picture(picture: OrgPicture, *, actor: User) -> int:
    """Delete one of the organisation's own pictures. Returns how many points had it.

    Those points lose the choice, so each shows the picture suggested from its words again
    (a speech bubble when no word suggests one), as before anyone chose.
    Side effects: deletes the points' `PointPicture` rows and the `OrgPicture`; logs
    "pictures.picture.deleted" (its alt text and how many points had it); deletes the file
    after commit.
    """
    with transaction.atomic():
        points, _kinds = PointPicture.objects.filter(
            organisation=picture.organisation, picture=picture.key
        ).delete()
        log_action(
            picture,
            "pictures.picture.deleted",
            actor=actor,
            data={"alt_text": picture.alt_text, "points": points},
        )
        storage, name = picture.image.storage, picture.image.name
        picture.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))
    return points
