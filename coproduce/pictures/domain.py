"""Adding an organisation's own pictures and choosing a picture for a point."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile

from coproduce.core.audit import log_action
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
