"""Live workshops: an agenda of activities that people join with a short code, no account needed.

Privacy by design: a participant who stays anonymous has no name, no person and no login
stored against them; only a hash of the secret in their cookie. Access needs live in their
own table, read only by facilitators, and never go into a live snapshot.
"""

from __future__ import annotations

import datetime
import hashlib
import math
import re
import secrets
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import OrganisationOwned
from coproduce.initiatives.models import Capacity

# Join codes: letters and digits with no look-alikes (no I, L, O, 0 or 1), shown as ABC-DEF.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
_NOT_CODE = re.compile(r"[^A-Z0-9]")


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """What someone typed, as a stored code: capitals, no spaces or dashes."""
    return _NOT_CODE.sub("", typed.upper())[:20]


def hash_token(token: str) -> str:
    """We keep only a hash of a participant's secret, so a copy of the database cannot rejoin."""
    return hashlib.sha256(token.encode()).hexdigest()


class Workshop(OrganisationOwned):
    """One workshop of an initiative: when, where, and the agenda (its activities, in order)."""

    class Place(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("In person and online")

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        LIVE = "live", _("Happening now")
        ENDED = "ended", _("Ended")

    class Stage(models.TextChoices):
        """The stages of co-production a workshop can serve (the first seed's list)."""

        UNDERSTANDING = "understanding", _("Understanding a problem")
        INSIGHTS = "insights", _("Gathering insights from a range of people")
        CO_CREATING = "co_creating", _("Co-creating ideas and solutions")
        EVALUATING = "evaluating", _("Evaluating how something went")

    # How long after ending it the facilitator may undo that ("Ended. Undo").
    UNDO_SECONDS = 30

    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="workshops"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("date and time it starts"))
    place = models.CharField(
        _("where it happens"), max_length=10, choices=Place.choices, default=Place.IN_PERSON
    )
    venue = models.CharField(_("address or room"), max_length=300, blank=True)
    online_link = models.URLField(_("link to the online meeting"), blank=True)
    lived_target_percent = models.PositiveSmallIntegerField(
        _("target share of people with lived experience (%)"),
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    purpose = models.TextField(_("what this workshop is for"), blank=True, max_length=500)
    stage = models.CharField(
        _("stage of the work"), max_length=20, choices=Stage.choices, blank=True
    )
    length_minutes = models.PositiveSmallIntegerField(
        _("how long it lasts, in minutes"),
        default=120,
        validators=[MinValueValidator(15), MaxValueValidator(600)],
    )
    join_code = models.CharField(_("join code"), max_length=CODE_LENGTH, default=new_join_code)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PLANNED)
    current_activity = models.ForeignKey(
        "workshops.Activity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Goes up by one with every change people in the room can see. Live snapshots carry it,
    # so a screen can ignore a snapshot older than the one it already shows.
    version = models.PositiveBigIntegerField(default=0)
    # Goes up with every change except a dot. While it stands still, a live snapshot only
    # needs its counts read again, not the agenda, the activity and the ideas (events.py).
    frame_version = models.PositiveBigIntegerField(default=0)
    # The calendar entry's SEQUENCE (RFC 5545): goes up when the time or place changes, so a
    # calendar that has the workshop replaces it rather than adding a second one.
    calendar_sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            # A code is only needed while people can still join, so it may come back later.
            models.UniqueConstraint(
                fields=["join_code"],
                condition=~Q(state="ended"),
                name="workshop_join_code_unique_while_open",
            ),
            models.CheckConstraint(
                condition=Q(lived_target_percent__lte=100), name="workshop_target_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state != self.State.ENDED

    def end_can_be_undone(self, now: datetime.datetime | None = None) -> bool:
        """Ended less than `UNDO_SECONDS` ago: the console offers "Undo" and the room's
        sockets stay open, so phones come back if it is undone."""
        if self.is_open or self.ended_at is None:
            return False
        since = (now or timezone.now()) - self.ended_at
        return since < datetime.timedelta(seconds=self.UNDO_SECONDS)

    @property
    def booked_until(self) -> datetime.datetime:
        """When the time booked for the workshop runs out."""
        return self.starts_at + datetime.timedelta(minutes=self.length_minutes)

    @property
    def display_code(self) -> str:
        half = len(self.join_code) // 2
        return f"{self.join_code[:half]}-{self.join_code[half:]}"


class Activity(OrganisationOwned):
    """One item on the agenda, with its own timer held by the server.

    The timer is an end time while it runs and the seconds left while it is paused, so every
    screen works out the same time left, whatever its own clock says.
    """

    class Kind(models.TextChoices):
        PLAIN = "plain", _("Agenda item (welcome, break)")
        WARM_UP = "warm_up", _("Warm-up: everyone may send a word or an emoji, or pass")
        ONE_TWO_FOUR = "one_two_four", _("1-2-4-All: think alone, then in pairs, fours, all")
        STORYBOARD = "storyboard", _("Storyboard: small groups build a journey step by step")
        DOTMOCRACY = "dotmocracy", _("Dotmocracy: choose the most important ideas")

    class Phase(models.TextChoices):
        ALONE = "alone", _("On your own")
        PAIRS = "pairs", _("In pairs")
        FOURS = "fours", _("In fours")
        ALL = "all", _("All together")

    class Mode(models.TextChoices):
        DOTS = "dots", _("Dots: everyone places a number of dots")
        RATING = "rating", _("Rating: everyone says how much they agree with each idea")

    class State(models.TextChoices):
        PENDING = "pending", _("Not started")
        RUNNING = "running", _("Running")
        PAUSED = "paused", _("Paused")
        DONE = "done", _("Finished")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="activities")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PLAIN)
    title = models.CharField(_("title"), max_length=200)
    instruction = models.TextField(_("what to do"), blank=True)
    easy_read_instruction = models.TextField(_("what to do, in easy read"), blank=True)
    planned_minutes = models.PositiveSmallIntegerField(
        _("minutes planned"), default=10, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    started_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    remaining_seconds = models.PositiveIntegerField(null=True, blank=True)

    # Dotmocracy settings
    mode = models.CharField(
        _("how people vote"), max_length=10, choices=Mode.choices, default="dots"
    )
    dots_per_person = models.PositiveSmallIntegerField(
        _("dots for each person"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    max_dots_per_idea = models.PositiveSmallIntegerField(
        _("most dots one person can put on one idea"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    hide_tallies = models.BooleanField(_("hide the counts until voting closes"), default=True)

    # Warm-up: which one from the library (coproduce/workshops/warmups.py)
    warm_up = models.CharField(_("warm-up"), max_length=40, blank=True)

    # 1-2-4-All: the question, the minutes for each step, and the step now
    question = models.TextField(_("the question"), blank=True, max_length=500)
    alone_minutes = models.PositiveSmallIntegerField(
        _("minutes on your own"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    pairs_minutes = models.PositiveSmallIntegerField(
        _("minutes in pairs"), default=2, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    fours_minutes = models.PositiveSmallIntegerField(
        _("minutes in fours"), default=4, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    all_minutes = models.PositiveSmallIntegerField(
        _("minutes all together"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    phase = models.CharField(max_length=10, choices=Phase.choices, default=Phase.ALONE)
    # Storyboard: people in each group
    group_size = models.PositiveSmallIntegerField(
        _("people in each storyboard group"),
        default=4,
        validators=[MinValueValidator(2), MaxValueValidator(8)],
    )

    class Meta:
        ordering = ["workshop", "order", "id"]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return self.title

    @property
    def is_voting(self) -> bool:
        return self.kind == self.Kind.DOTMOCRACY

    @property
    def is_open(self) -> bool:
        """People can vote or pass while it runs, and while the timer is paused."""
        return self.state in (self.State.RUNNING, self.State.PAUSED)

    @property
    def has_groups(self) -> bool:
        return self.kind in (self.Kind.ONE_TWO_FOUR, self.Kind.STORYBOARD)

    def phase_minutes(self, phase: str) -> int:
        return int(getattr(self, f"{phase}_minutes"))

    @property
    def shows_results(self) -> bool:
        return self.is_voting and (self.state == self.State.DONE or not self.hide_tallies)

    def seconds_left(self, now: object = None) -> int | None:
        if self.state == self.State.PAUSED:
            return self.remaining_seconds
        if self.state == self.State.RUNNING and self.ends_at is not None:
            now = now or timezone.now()
            return max(0, math.ceil((self.ends_at - now).total_seconds()))  # type: ignore[operator]  # now is a datetime here
        return None

    def budget(self, idea_count: int | None = None) -> int:
        """Dots each person has: as set, or one for every three ideas (at least one)."""
        if self.dots_per_person:
            return self.dots_per_person
        if idea_count is None:
            idea_count = self.ideas.filter(hidden=False).count()
        return suggested_dots(idea_count)


def suggested_dots(idea_count: int) -> int:
    """The usual rule of thumb: one dot for every three ideas, at least one."""
    return max(1, math.ceil(idea_count / 3))


class Participant(OrganisationOwned):
    """Someone in the room. Anonymous means anonymous here too: no name, person or login.

    A participant who joins on their own phone holds a secret in a cookie (we keep its hash).
    A paper participant has no phone: a facilitator enters their notes and dots by proxy.
    """

    class JoinsFrom(models.TextChoices):
        ROOM = "room", _("In the room")
        ONLINE = "online", _("Online")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    display_name = models.CharField(_("name to show"), max_length=60, blank=True)
    # Where they take part, in a hybrid workshop: groups stay within one place where they can.
    joins_from = models.CharField(
        _("taking part from"), max_length=10, choices=JoinsFrom.choices, default=JoinsFrom.ROOM
    )
    capacity = models.CharField(_("taking part with"), max_length=20, choices=Capacity.choices)
    # Only when a signed-in member chose to take part under their own name.
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["workshop", "joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["token_hash"], condition=~Q(token_hash=""), name="participant_token_unique"
            )
        ]

    def __str__(self) -> str:
        return self.display_name or str(_("Anonymous participant"))

    @property
    def is_lived(self) -> bool:
        return self.capacity in Capacity.lived()

    @property
    def on_paper(self) -> bool:
        return not self.token_hash


def new_invitation_token() -> str:
    return secrets.token_urlsafe(24)


class Invitation(OrganisationOwned):
    """Someone invited to a workshop, and their sign-up: coming or not, with lived or learnt
    experience, in the room or online.

    The token makes their private sign-up link (no login needed). What they need to take
    part is an `AccessNeed`, kept apart exactly as for people who join on the day: only with
    consent, read only by staff, every reading logged. Nothing here is special category data,
    so the sign-up list and its counts can show on the workshop page.
    """

    class Answer(models.TextChoices):
        YES = "yes", _("Yes, I am coming")
        NO = "no", _("No, I cannot come")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    token = models.CharField(
        max_length=64, unique=True, default=new_invitation_token, editable=False
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    answer = models.CharField(
        _("are you coming?"), max_length=3, choices=Answer.choices, blank=True
    )
    capacity = models.CharField(
        _("taking part with"), max_length=20, choices=Capacity.choices, blank=True
    )
    joins_from = models.CharField(
        _("taking part from"), max_length=10, choices=Participant.JoinsFrom.choices, blank=True
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    # Staff who wrote down the answer of someone without a login, and how they told us.
    recorded_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    how_told = models.CharField(_("how they told us"), max_length=100, blank=True)
    # They joined the room from their sign-up. Only that: the participant is not linked to
    # the invitation, so someone who takes part anonymously stays anonymous in the record.
    came = models.BooleanField(_("came"), default=False)

    class Meta:
        ordering = ["workshop", "invited_at", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["workshop", "person"], name="one_invitation_each")
        ]

    def __str__(self) -> str:
        return f"{self.person} to {self.workshop}"

    @property
    def coming(self) -> bool:
        return self.answer == self.Answer.YES

    @property
    def is_lived(self) -> bool:
        return self.capacity in Capacity.lived()


class AccessNeed(OrganisationOwned):
    """What someone needs to take part. Special category data: only facilitators read it,
    every reading is logged, and it never leaves the server in a live message."""

    class Need(models.TextChoices):
        LARGER_TEXT = "larger_text", _("Larger text")
        EASY_READ = "easy_read", _("Easy read")
        MORE_TIME = "more_time", _("More time")
        READING_SUPPORT = "reading_support", _("Someone to help with reading")
        SUPPORTER = "supporter", _("A supporter with me")

    # Someone who joined, or someone who signed up from an invitation: one of the two.
    participant = models.OneToOneField(
        Participant, null=True, blank=True, on_delete=models.CASCADE, related_name="access_need"
    )
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.CASCADE, related_name="access_need"
    )
    needs = models.JSONField(default=list, blank=True)
    other = models.TextField(_("anything else"), blank=True, max_length=500)
    consent = models.BooleanField(default=False)
    # Staff tick this once what the person needs is in place (the planning checklist counts it).
    arranged = models.BooleanField(_("arranged"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=Q(participant__isnull=False, invitation__isnull=True)
                | Q(participant__isnull=True, invitation__isnull=False),
                name="access_need_for_one_person",
            )
        ]

    def __str__(self) -> str:
        return f"Access needs #{self.pk}"

    @property
    def workshop(self) -> Workshop:
        owner = self.invitation if self.invitation_id is not None else self.participant
        return owner.workshop  # type: ignore[union-attr]  # one of the two is always set

    @property
    def who(self) -> str:
        """The name staff see beside it: who joined, or who signed up."""
        if self.invitation_id is not None:
            return self.invitation.person.display_name  # type: ignore[union-attr]  # set above
        return self.participant.display_name if self.participant else ""

    def get_needs_display(self) -> list[str]:
        labels = dict(self.Need.choices)
        return [str(labels[n]) for n in self.needs if n in labels]


class Contribution(OrganisationOwned):
    """What ideas, dots, ratings and passes share: who, and whether it came by proxy."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    by_proxy = models.BooleanField(default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class Group(OrganisationOwned):
    """A pair, a four, or a storyboard group in one activity. Numbered from 1 for people."""

    class Phase(models.TextChoices):
        PAIRS = "pairs", _("Pair")
        FOURS = "fours", _("Four")
        BOARD = "board", _("Storyboard group")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="groups")
    phase = models.CharField(max_length=10, choices=Phase.choices)
    number = models.PositiveSmallIntegerField()
    title = models.CharField(_("name of the journey"), max_length=120, blank=True)
    # Goes up with every change to the group's note or board: the room snapshot carries it
    # (never the words), so members' screens know to fetch their group's words again.
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["activity", "phase", "number"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["activity", "phase", "number"], name="group_number_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_phase_display()} {self.number}"


class GroupMember(OrganisationOwned):
    """Someone in a group. One group each per activity and phase."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    phase = models.CharField(max_length=10, choices=Group.Phase.choices)
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["activity", "phase", "participant"], name="one_group_per_phase"
            )
        ]


class Note(OrganisationOwned):
    """One person's words in one step of a 1-2-4-All.

    On your own, the note is private: only its writer sees it, until they share it with
    their pair and four. In pairs and fours, the group's note is its members' paragraphs:
    each person writes only their own, so people writing at the same moment never overwrite
    each other; two tabs of one person are caught by `revision` (see methods.write_note).
    The group is not stored here: whoever is in the group now sees the paragraphs.
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="notes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    phase = models.CharField(max_length=10, choices=Activity.Phase.choices)
    text = models.TextField(_("note"), max_length=2000, blank=True)
    shared = models.BooleanField(default=False)
    revision = models.PositiveIntegerField(default=0)
    by_proxy = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["activity", "phase", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["activity", "participant", "phase"], name="one_note_per_phase"
            )
        ]


class NoteRevision(OrganisationOwned):
    """Every save of a note, kept: a later save never takes away what was written before.

    The note itself holds the newest words (what people see now); the record shows each
    revision in turn, with who entered it.
    """

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveIntegerField()
    text = models.TextField(max_length=2000, blank=True)
    by_proxy = models.BooleanField(default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["note", "revision", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["note", "revision"], name="note_revision_once")
        ]


class WarmUpAnswer(Contribution):
    """A word or an emoji sent in a warm-up. Shown on the room screen without a name,
    unless a facilitator hides it."""

    text = models.CharField(max_length=30)
    hidden = models.BooleanField(default=False)
    withdrawn = models.BooleanField(default=False)  # taken back by them (hidden too)

    class Meta:
        ordering = ["activity", "created_at", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["activity", "participant"], name="one_warm_up_answer")
        ]


class StoryStep(OrganisationOwned):
    """One step of a group's journey on a storyboard."""

    class Feeling(models.IntegerChoices):
        VERY_BAD = 1, _("Very bad")
        BAD = 2, _("Bad")
        OK = 3, _("OK")
        GOOD = 4, _("Good")
        VERY_GOOD = 5, _("Very good")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(default=0)
    happening = models.TextField(_("What is happening"), max_length=1000, blank=True)
    who = models.TextField(_("Who is involved"), max_length=1000, blank=True)
    opportunities = models.TextField(_("Opportunities"), max_length=1000, blank=True)
    barriers = models.TextField(_("Barriers"), max_length=1000, blank=True)
    feeling = models.PositiveSmallIntegerField(
        _("How the person feels"), choices=Feeling.choices, null=True, blank=True
    )
    revision = models.PositiveIntegerField(default=0)
    by_proxy = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    TEXT_FIELDS: ClassVar[tuple[str, ...]] = ("happening", "who", "opportunities", "barriers")

    @classmethod
    def label(cls, name: str) -> str:
        """A box's name as people see it ("What is happening")."""
        return str(cls._meta.get_field(name).verbose_name)  # type: ignore[union-attr]  # TEXT_FIELDS are fields, not relations

    class Meta:
        ordering = ["group", "position", "id"]


class Idea(OrganisationOwned):
    """One idea to vote on. Only a facilitator changes its words (`edit_idea`), and the
    record keeps the words first given.

    Ideas also come from earlier activities: a four's best idea in 1-2-4-All (`group`), and
    a Dotmocracy can take them in (`source` says where a copy came from).
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="ideas")
    text = models.CharField(_("idea"), max_length=280)
    group = models.OneToOneField(
        Group, null=True, blank=True, on_delete=models.SET_NULL, related_name="best_idea"
    )
    source = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    added_by = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    by_proxy = models.BooleanField(default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # A four's best idea that another offer replaced: it leaves `group` (which holds only
    # the four's idea now) but is kept, with the four it came from and what replaced it.
    replaced_in = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.SET_NULL, related_name="replaced_ideas"
    )
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # An idea taken in from a storyboard: the step, and which box (opportunities, barriers).
    source_step = models.ForeignKey(
        StoryStep, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_box = models.CharField(max_length=20, blank=True)
    # A facilitator took it off the phones and the screen, saying why. It stays in the
    # record, and its dots and ratings stay there too, but they count in no results.
    hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=120, blank=True)
    # The words first given, kept when a facilitator changes them (empty: never changed).
    original_text = models.CharField(max_length=280, blank=True)
    # The person who gave it took it back (it is hidden too, and only they can undo that).
    withdrawn = models.BooleanField(default=False)
    # A facilitator merged it into another idea (`merge_ideas`): it is hidden too, and the
    # record says which idea it went into. Its votes moved there, or were given back.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_ideas"
    )

    class Meta:
        ordering = ["activity", "created_at", "id"]

    @property
    def from_facilitator(self) -> bool:
        """Added by a facilitator in their own right, not entered for someone."""
        return (
            self.entered_by_id is not None
            and self.added_by_id is None
            and self.source_id is None
            and not self.source_box
            and self.group_id is None
            and self.replaced_in_id is None
        )

    def __str__(self) -> str:
        return self.text[:80]


class Dot(Contribution):
    """One dot. `slot` numbers a person's dots 1..budget in an activity and `stack` numbers
    their dots on one idea 1..cap; unique constraints on both mean two requests at the same
    moment can never take the same place, so the budget holds even if a lock were missed."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="dots")
    slot = models.PositiveSmallIntegerField()
    stack = models.PositiveSmallIntegerField()
    # The idea it was placed on, when a merge moved it to `idea` (`merge_ideas`).
    moved_from = models.ForeignKey(
        Idea, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A merge gave it back to its owner (their limit on the idea kept was reached), and the
    # merge was then undone (`unmerge_idea`): it stays on its idea in the record, keeps its
    # slot and stack, but counts nowhere, as its owner may have placed it again elsewhere.
    given_back = models.BooleanField(default=False, db_default=False)  # the raw INSERT omits it

    class Meta:
        ordering = ["activity", "slot"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["activity", "participant", "slot"], name="dot_slot_once_per_person"
            ),
            models.UniqueConstraint(
                fields=["idea", "participant", "stack"], name="dot_stack_once_per_idea"
            ),
            models.CheckConstraint(condition=Q(slot__gte=1), name="dot_slot_from_one"),
            models.CheckConstraint(condition=Q(stack__gte=1), name="dot_stack_from_one"),
        ]


class Rating(Contribution):
    """How much one person agrees with one idea (the idea rating sheet scale)."""

    class Value(models.TextChoices):
        STRONGLY_AGREE = "strongly_agree", _("Strongly agree")
        AGREE = "agree", _("Agree")
        NEUTRAL = "neutral", _("Not sure either way")
        DISAGREE = "disagree", _("Disagree")
        STRONGLY_DISAGREE = "strongly_disagree", _("Strongly disagree")
        CONFUSED = "confused", _("I do not understand it")

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="ratings")
    value = models.CharField(max_length=20, choices=Value.choices)
    # The idea it was given to, when a merge moved it to `idea` (`merge_ideas`).
    moved_from = models.ForeignKey(
        Idea, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["idea", "participant"], name="one_rating_per_idea")
        ]


class Pass(Contribution):
    """Someone chose to pass on this activity. They can change their mind."""

    class Meta:
        verbose_name_plural = "passes"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["activity", "participant"], name="one_pass_per_activity"
            )
        ]
