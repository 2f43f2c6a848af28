"""The group agreement: members raise and discuss points; staff publish numbered versions;
each member records that they agree to the current one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.core.audit import log_action
from coproduce.panels.domain import tell
from coproduce.panels.models import (
    AgreementComment,
    AgreementPoint,
    AgreementSignature,
    AgreementVersion,
    Panel,
    PanelMember,
)
from coproduce.people.models import Person

if TYPE_CHECKING:
    from coproduce.accounts.models import User

# A starting point the group changes (domain.md section 7: LEAP, Mind, communication cards):
# the point, its easy read (a line each), and the built-in picture chosen for it (a name in
# coproduce.pictures.builtin), so easy read shows a fitting picture from the start.
TEMPLATE_POINTS = [
    (
        gettext_lazy(
            "One person speaks at a time. Raise your hand, or use the hand button online."
        ),
        gettext_lazy("One person talks at a time.\nPut your hand up to talk."),
        "raised-hand",
    ),
    (
        gettext_lazy("Ask if you do not understand something. There are no silly questions."),
        gettext_lazy("Ask if you do not understand."),
        "question",
    ),
    (
        gettext_lazy("We can disagree about ideas, politely. We do not criticise people."),
        gettext_lazy("It is OK to disagree.\nBe kind to people."),
        "heart",
    ),
    (
        gettext_lazy("Share only what you are comfortable sharing. You can pass."),
        gettext_lazy("You only share what you want to.\nYou can say pass."),
        "speech",
    ),
    (
        gettext_lazy("You can take a break or leave the room at any time, without saying why."),
        gettext_lazy("You can have a break at any time."),
        "cafe",
    ),
    (
        gettext_lazy("What people share about their lives stays in the room."),
        gettext_lazy("We keep people's stories private."),
        "lock",
    ),
    (
        gettext_lazy(
            "If something worries you, talk to the chair or your named contact privately."
        ),
        gettext_lazy("Worried? Talk to your named contact."),
        "worried",
    ),
]


def raise_agreement_point(
    panel: Panel,
    *,
    person: Person | None,
    text: str,
    easy_read: str = "",
    picture: str = "",
    actor: User,
) -> AgreementPoint:
    """Anyone on the panel can raise a point, at any time. `picture` is for our own
    ready-made points only (a built-in picture's name, see TEMPLATE_POINTS).

    Side effects: saves an AgreementPoint; logs "panels.agreement.point_raised".
    """
    if not text.strip():
        raise ValidationError(_("Write the point you want to raise."))
    last = panel.agreement_points.aggregate(Max("position"))["position__max"] or 0
    point = AgreementPoint.objects.create(
        organisation=panel.organisation,
        panel=panel,
        text=text.strip(),
        easy_read=easy_read.strip(),
        picture=picture,
        proposed_by=person,
        position=last + 1,
    )
    log_action(panel, "panels.agreement.point_raised", actor=actor, data={"point": point.pk})
    return point


def add_template_points(panel: Panel, *, actor: User) -> int:
    """Start a draft from the usual points, if the panel has none yet, each with the
    picture chosen for it.

    Side effects: saves AgreementPoints; logs "panels.agreement.template_added".
    """
    if panel.agreement_points.exists():
        return 0
    with transaction.atomic():
        AgreementPoint.objects.bulk_create(
            AgreementPoint(
                organisation=panel.organisation,
                panel=panel,
                text=str(text),
                easy_read=str(easy_read),
                picture=picture,
                position=n,
            )
            for n, (text, easy_read, picture) in enumerate(TEMPLATE_POINTS, start=1)
        )
        log_action(panel, "panels.agreement.template_added", actor=actor)
    return len(TEMPLATE_POINTS)


def comment_on_point(
    point: AgreementPoint, *, person: Person | None, text: str, actor: User
) -> AgreementComment:
    """Side effects: saves an AgreementComment; logs "panels.agreement.commented"."""
    if not text.strip():
        raise ValidationError(_("Write your comment."))
    comment = AgreementComment.objects.create(
        organisation=point.organisation, point=point, person=person, text=text.strip()
    )
    log_action(point.panel, "panels.agreement.commented", actor=actor, data={"point": point.pk})
    return comment


def set_point_state(point: AgreementPoint, state: str, *, actor: User) -> None:
    """Mark a point in or out of the next version, as the group decided.

    Side effects: saves the point; logs "panels.agreement.point_<state>".
    """
    if state not in AgreementPoint.State.values:
        raise ValidationError(_("Choose in, out or still being talked about."))
    point.state = state
    point.save(update_fields=["state"])
    log_action(
        point.panel, f"panels.agreement.point_{state}", actor=actor, data={"point": point.pk}
    )


def current_version(panel: Panel) -> AgreementVersion | None:
    return panel.agreement_versions.order_by("-number").first()


def publish_agreement_version(panel: Panel, *, actor: User) -> AgreementVersion:
    """Make the points marked "in" the next numbered version. Members then agree to it again.

    Raises ValidationError when no point is in. Side effects: saves an AgreementVersion; logs
    "panels.agreement.published"; asks each current member to read it (sent after commit).
    """

    points = list(panel.agreement_points.filter(state=AgreementPoint.State.IN))
    if not points:
        raise ValidationError(_("Mark at least one point as in the agreement first."))
    with transaction.atomic():
        last = panel.agreement_versions.aggregate(Max("number"))["number__max"] or 0
        version = AgreementVersion.objects.create(
            organisation=panel.organisation,
            panel=panel,
            number=last + 1,
            points=[
                {"text": p.text, "easy_read": p.easy_read, "picture": p.picture} for p in points
            ],
            published_by=actor,
        )
        log_action(
            panel, "panels.agreement.published", actor=actor, data={"version": version.number}
        )
        tell.agreement_published(version)
    return version


def agree_to_version(
    version: AgreementVersion, person: Person, *, actor: User | None, how_told: str = ""
) -> bool:
    """Record that someone agrees to this version. Returns False if they already had.

    `actor` is the person themselves, or staff recording it for someone without a login (then
    `how_told` says how they told us: by phone, by letter...; shown as "Recorded by Alice on
    7 December 2026, by phone"). Refuses (ValidationError) staff recording for someone who is
    not on the panel now.
    Side effects: saves an AgreementSignature; logs "panels.agreement.agreed" (or
    "panels.agreement.agreed_recorded" by staff).
    """
    on_behalf = actor is not None and actor.pk != person.user_id
    recorder = None
    if on_behalf:
        if not PanelMember.objects.filter(
            panel_id=version.panel_id, person=person, ended_on__isnull=True
        ).exists():
            raise ValidationError(
                _("%(name)s is not on this panel now.") % {"name": person.display_name},
                code="not_member",
            )
        recorder = Person.objects.filter(
            organisation_id=version.organisation_id, user=actor
        ).first()
    try:
        with transaction.atomic():
            AgreementSignature.objects.create(
                organisation=version.organisation,
                version=version,
                person=person,
                recorded_by=recorder,
                how_told=how_told if on_behalf else "",
            )
            log_action(
                version.panel,
                "panels.agreement.agreed_recorded" if on_behalf else "panels.agreement.agreed",
                actor=actor,
                data={"version": version.number, "person": person.pk},
            )
    except IntegrityError:
        return False
    return True
