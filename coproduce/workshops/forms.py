"""All input to workshops, from web forms and from live sockets alike."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coproduce.core.forms import RecordChoiceField, how_told_field, limited_text
from coproduce.core.plain_check import CHECKED_SUFFIX, PlainCheckMixin
from coproduce.initiatives.models import Capacity
from coproduce.initiatives.sections import PeopleGroup
from coproduce.workshops.models import (
    AccessNeed,
    Activity,
    Group,
    Idea,
    Participant,
    Rating,
    StoryStep,
    Workshop,
)
from coproduce.workshops.plans import plan_choices
from coproduce.workshops.queries import access_needs_for
from coproduce.workshops.warmups import warm_up_choices, warm_up_for

# A whole storyboard step: four boxes of 1,000 letters, each with the text it started from.
MAX_MESSAGE_CHARS = 9000


class WorkshopForm(PlainCheckMixin, forms.ModelForm):
    plain_fields = {"title": False, "purpose": False, "venue": False}

    class Meta:
        model = Workshop
        formfield_callback = limited_text
        fields = [
            "title",
            "stage",
            "purpose",
            "starts_at",
            "length_minutes",
            "place",
            "venue",
            "online_link",
            "lived_target_percent",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "place": forms.RadioSelect,
            "stage": forms.RadioSelect,
            "purpose": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "title": _("A short name people will see, for example: Garden ideas morning."),
            "stage": _(
                "Workshops help at every stage. Knowing which one helps you choose methods."
            ),
            "purpose": _(
                "One or two sentences for everyone, for example: To choose together what to "
                "change in the garden first."
            ),
            "starts_at": _("For example 2026-11-04 10:00."),
            "length_minutes": _(
                "From the welcome to the goodbye, breaks included. We add up your agenda "
                "against it. Two hours is 120."
            ),
            "venue": _("Where to go, if people meet in person."),
            "lived_target_percent": _(
                "We warn you if fewer people than this bring lived experience. Usually 50."
            ),
        }

    def __init__(self, *args: Any, with_plans: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        starts_at: forms.DateTimeField = self.fields["starts_at"]  # type: ignore[assignment]  # fields are typed Field; this one is narrower
        starts_at.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        stage: forms.ChoiceField = self.fields["stage"]  # type: ignore[assignment]  # fields are typed Field; this one is narrower
        stage.choices = [("", _("Not decided yet")), *Workshop.Stage.choices]
        if with_plans:
            self.fields["plan"] = forms.ChoiceField(
                label=_("Start from a ready-made plan?"),
                choices=[("", _("No, start with an empty agenda")), *plan_choices()],
                required=False,
                widget=forms.RadioSelect,
                help_text=_(
                    "A plan fills in the agenda for you. You can change, move or remove "
                    "anything in it afterwards."
                ),
            )


class CopyWorkshopForm(forms.Form):
    plain_exempt = frozenset({"title"})

    title = forms.CharField(
        label=_("Title of the new workshop"),
        max_length=200,
        error_messages={"required": _("Give the new workshop a title.")},
    )
    starts_at = forms.DateTimeField(
        label=_("Date and time it starts"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("For example 2026-11-04 10:00."),
        error_messages={
            "required": _("Say when the new workshop starts."),
            "invalid": _("Write the date and time like 2026-11-04 10:00."),
        },
    )


class AccessArrangedForm(forms.Form):
    """Staff tick that what someone needs is in place (or untick it)."""

    need = RecordChoiceField(queryset=AccessNeed.objects.none(), widget=forms.HiddenInput)
    arranged = forms.TypedChoiceField(
        choices=[("yes", "yes"), ("no", "no")], coerce=lambda value: value == "yes"
    )

    def __init__(self, *args: Any, workshop: Workshop, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        needs: forms.ModelChoiceField = self.fields["need"]  # type: ignore[assignment]  # fields are typed Field; this one is narrower
        needs.queryset = access_needs_for(workshop)


# Activities: one form per kind. The kind is chosen first (`KindForm`); the form then shows
# only that kind's own boxes, so a warm-up never asks about dots.
COMMON_FIELDS = ("title", "instruction", "easy_read_instruction")
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    Activity.Kind.PLAIN: (*COMMON_FIELDS, "planned_minutes"),
    Activity.Kind.WARM_UP: ("warm_up", *COMMON_FIELDS, "planned_minutes"),
    Activity.Kind.ONE_TWO_FOUR: (
        "title",
        "question",
        "instruction",
        "easy_read_instruction",
        "alone_minutes",
        "pairs_minutes",
        "fours_minutes",
        "all_minutes",
    ),
    Activity.Kind.STORYBOARD: (*COMMON_FIELDS, "planned_minutes", "group_size"),
    Activity.Kind.DOTMOCRACY: (
        *COMMON_FIELDS,
        "planned_minutes",
        "mode",
        "dots_per_person",
        "max_dots_per_idea",
        "hide_tallies",
    ),
}
ONE_TWO_FOUR_STEPS = ("alone_minutes", "pairs_minutes", "fours_minutes", "all_minutes")


class KindForm(forms.Form):
    """The first step of adding an activity: which method. Sent by GET, so it needs no script."""

    kind = forms.ChoiceField(
        label=_("What kind of activity?"),
        choices=Activity.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a kind of activity."),
            "invalid_choice": _("Choose one of the kinds of activity."),
        },
    )


class ActivityForm(PlainCheckMixin, forms.ModelForm):
    """One activity, with only the boxes its kind uses. `kind` comes from the first step (a
    new activity) or from the activity itself; it is never typed here."""

    plain_fields = {
        "title": False,
        "question": False,
        "instruction": False,
        "easy_read_instruction": True,
    }
    plain_exempt = frozenset({"warm_up"})

    class Meta:
        model = Activity
        formfield_callback = limited_text
        fields = [
            "title",
            "warm_up",
            "question",
            "instruction",
            "easy_read_instruction",
            "planned_minutes",
            "mode",
            "dots_per_person",
            "max_dots_per_idea",
            "hide_tallies",
            "alone_minutes",
            "pairs_minutes",
            "fours_minutes",
            "all_minutes",
            "group_size",
        ]
        widgets = {
            "question": forms.Textarea(attrs={"rows": 2}),
            "mode": forms.RadioSelect,
            "instruction": forms.Textarea(attrs={"rows": 3}),
            "easy_read_instruction": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "instruction": _("Say what people do, in short sentences."),
            "easy_read_instruction": _(
                "The same in easy read: one idea in each sentence, no more than 15 words."
            ),
            "dots_per_person": _(
                "Leave empty and we give one dot for every three ideas when the activity starts."
            ),
            "hide_tallies": _("Hidden counts stop people following the crowd."),
            "question": _(
                "One open question. For example: What should we do next to make the garden "
                "easier to use?"
            ),
            "alone_minutes": _("Usually 1."),
            "pairs_minutes": _("Usually 2."),
            "fours_minutes": _("Usually 4."),
            "all_minutes": _("Usually 5. Allow more when there are many groups of four."),
            "group_size": _("Groups of 3 or 4 work well."),
        }

    OPTIONAL_NUMBERS = (
        "mode",
        "max_dots_per_idea",
        *ONE_TWO_FOUR_STEPS,
        "group_size",
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["warm_up"] = forms.ChoiceField(
            label=_("Which warm-up?"),
            choices=[("", _("None: I will write my own")), *warm_up_choices()],
            required=False,
            help_text=_(
                "Choose one and leave the boxes below empty: we fill in the title, what to "
                "do and the easy read for you."
            ),
        )
        # A warm-up from the library brings its own title; every other kind needs one typed.
        self.fields["title"].required = kind != Activity.Kind.WARM_UP
        self.fields["title"].error_messages["required"] = _("Give the activity a title.")
        self.fields["question"].required = kind == Activity.Kind.ONE_TWO_FOUR
        self.fields["question"].error_messages["required"] = _(
            "Write the question people will think about."
        )
        self.fields["planned_minutes"].required = False
        for name in self.OPTIONAL_NUMBERS:
            self.fields[name].required = False
        keep = KIND_FIELDS.get(kind, KIND_FIELDS[Activity.Kind.PLAIN])
        for name in list(self.fields):
            if name not in keep and not name.endswith(CHECKED_SUFFIX):
                del self.fields[name]
        self.order_fields(keep)
        self.place_ticks()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.OPTIONAL_NUMBERS:
            if name in self.fields and data.get(name) is None and name not in self.errors:
                data[name] = getattr(self.instance, name)
        kind = self.kind
        library = warm_up_for(data.get("warm_up") or "")
        if kind == Activity.Kind.WARM_UP and library is not None:
            data["title"] = data.get("title") or str(library.title)
            data["instruction"] = data.get("instruction") or str(library.what_to_do)
            data["easy_read_instruction"] = data.get("easy_read_instruction") or str(
                library.easy_read
            )
            if data.get("planned_minutes") is None and "planned_minutes" not in self.errors:
                data["planned_minutes"] = library.minutes
        self._keep_started_dots(data)
        if not data.get("title") and "title" not in self.errors:
            self.add_error("title", _("Give the activity a title."))
        if (
            "planned_minutes" in self.fields
            and data.get("planned_minutes") is None
            and "planned_minutes" not in self.errors
        ):
            self.add_error("planned_minutes", _("Say how many minutes it takes."))
        return data

    def _keep_started_dots(self, data: dict[str, Any]) -> None:
        """A vote that has started keeps its number of dots or gets more: with none set, the
        number would follow the ideas showing, so hiding or merging would take dots away."""
        fixed = self.instance.dots_per_person
        started = self.instance.is_voting and self.instance.state != Activity.State.PENDING
        if not (started and fixed) or "dots_per_person" in self.errors:
            return
        given = data.get("dots_per_person")
        if given is None or given < fixed:
            told = ngettext(
                "The vote has started, so people keep their %(n)s dot. You can give more.",
                "The vote has started, so people keep their %(n)s dots. You can give more.",
                fixed,
            )
            self.add_error("dots_per_person", told % {"n": fixed})

    def activity_fields(self) -> dict[str, Any]:
        """What to save: the boxes shown, the kind, and a 1-2-4-All's minutes (its steps
        added up). Kept out of `cleaned_data`, which Django copies onto the form's instance
        only for the boxes the form shows."""
        fields = {**self.cleaned_data, "kind": self.kind}
        if self.kind == Activity.Kind.ONE_TWO_FOUR:
            fields["planned_minutes"] = sum(fields[name] for name in ONE_TWO_FOUR_STEPS)
        return fields


class IdeaForm(forms.Form):
    plain_exempt = frozenset({"text"})

    text = forms.CharField(
        label=_("Idea"),
        max_length=280,
        help_text=_("One idea, in a short sentence."),
        error_messages={"required": _("Write the idea first.")},
    )


class JoinCodeForm(forms.Form):
    plain_exempt = frozenset({"code"})

    code = forms.CharField(
        label=_("Join code"),
        max_length=20,
        help_text=_("It is on the big screen, for example ABC-DEF."),
        error_messages={"required": _("Type the join code.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


CAPACITY_CHOICES = [
    (Capacity.LIVED_CARE, _("Lived experience: I draw on care and support")),
    (Capacity.LIVED_CARER, _("Lived experience: I am a carer")),
    (Capacity.LEARNT, _("Learnt experience: I am here because of my job")),
]


class TakingPartForm(forms.Form):
    """What we ask everyone taking part, when they join on the day or sign up beforehand:
    lived or learnt experience, access needs (kept only with consent), and, in a hybrid
    workshop, in the room or online."""

    plain_exempt = frozenset({"other_needs"})  # the person's own words, read only by staff

    capacity = forms.ChoiceField(
        label=_("How are you taking part?"),
        choices=CAPACITY_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you are taking part.")},
    )
    needs = forms.MultipleChoiceField(
        label=_("Do you need anything to take part?"),
        choices=AccessNeed.Need.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only the people running the workshop see this. You do not have to say."),
    )
    other_needs = forms.CharField(
        label=_("Anything else we should know?"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    consent = forms.BooleanField(
        label=_("The people running this workshop may see what I need, so they can help."),
        required=False,
    )
    joins_from = forms.ChoiceField(
        label=_("Where are you taking part?"),
        choices=Participant.JoinsFrom.choices,
        widget=forms.RadioSelect,
        help_text=_("So we put you in pairs and groups with people in the same place."),
        error_messages={"required": _("Say if you are in the room or online.")},
    )

    def __init__(self, *args: Any, hybrid: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not hybrid:  # everyone is in one place: nothing to ask
            del self.fields["joins_from"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("needs") or data.get("other_needs", "").strip()) and not data.get("consent"):
            self.add_error(
                "consent",
                _("Tick this box so we may keep what you need. Or leave the needs empty."),
            )
        return data


class JoinForm(TakingPartForm):
    plain_exempt = frozenset({"display_name", "other_needs", "invited"})
    field_order = [
        "display_name",
        "capacity",
        "joins_from",
        "needs",
        "other_needs",
        "consent",
        "invited",
    ]

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=60,
        required=False,
        help_text=_("Leave this empty to stay anonymous. Then we do not keep any name."),
    )
    # The private sign-up link they came from, if any (the join page's ?invited=).
    invited = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, signed_up: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if signed_up:  # what they need is kept with their sign-up: not asked twice
            for name in ("needs", "other_needs", "consent"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data.setdefault("needs", [])
        data.setdefault("other_needs", "")
        data.setdefault("consent", False)
        return data


class SignUpForm(TakingPartForm):
    """The sign-up page from an invitation: coming or not, and if coming, the rest."""

    field_order = [
        "answer",
        "capacity",
        "joins_from",
        "needs",
        "other_needs",
        "consent",
    ]

    answer = forms.ChoiceField(
        label=_("Can you come?"),
        choices=[("yes", _("Yes, I can come")), ("no", _("No, I cannot come"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Say if you can come.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["capacity"].help_text = _("Only if you can come.")
        if "joins_from" in self.fields:
            self.fields["joins_from"].help_text = _(
                "Only if you can come. So we put you in pairs and groups with people in the "
                "same place."
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("answer") != "yes":  # nothing more is needed from someone not coming
            for name in ("capacity", "joins_from"):
                self.errors.pop(name, None)
        return data


class RecordSignUpForm(SignUpForm):
    """Staff write down the answer of someone without a login, and how they told us."""

    field_order = [*SignUpForm.field_order, "how_told"]

    how_told = how_told_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        answer: forms.ChoiceField = self.fields["answer"]  # type: ignore[assignment]  # declared a ChoiceField
        answer.label = _("Can they come?")
        answer.choices = [("yes", _("Yes, they can come")), ("no", _("No, they cannot come"))]
        self.fields["capacity"].label = _("How are they taking part?")
        self.fields["capacity"].help_text = _("Only if they can come.")
        if "joins_from" in self.fields:
            self.fields["joins_from"].label = _("Where are they taking part?")
            self.fields["joins_from"].help_text = _("Only if they can come.")
        self.fields["needs"].label = _("Do they need anything to take part?")
        self.fields["consent"].label = _(
            "They agreed that the people running this workshop may see what they need."
        )


class InviteForm(forms.Form):
    """Staff choose whom to invite: people one by one, or everyone in a group."""

    people = forms.TypedMultipleChoiceField(
        label=_("People to invite"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    everyone_in = forms.MultipleChoiceField(
        label=_("Invite everyone in"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, groups: list[PeopleGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups = groups
        chosen: forms.TypedMultipleChoiceField = self.fields["people"]  # type: ignore[assignment]  # declared above
        everyone: forms.MultipleChoiceField = self.fields["everyone_in"]  # type: ignore[assignment]  # declared above
        chosen.choices = [(p.pk, p.display_name) for g in groups for p in g.people]
        everyone.choices = [(g.key, g.name) for g in groups]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ids = set(data.get("people") or [])
        keys = set(data.get("everyone_in") or [])
        chosen = {}
        for group in self.groups:
            for person in group.people:
                if group.key in keys or person.pk in ids:
                    chosen[person.pk] = person
        if not chosen and not self.errors:
            raise forms.ValidationError(_("Choose at least one person to invite."))
        data["chosen"] = list(chosen.values())
        return data


# Live messages from a participant's phone. The same form checks the buttons on the page
# when JavaScript is off, so both ways take exactly the same path.


MESSAGE_KINDS = [
    "dot",
    "undot",
    "rate",
    "pass",
    "unpass",
    "idea",
    "withdraw",  # take back one's own idea
    "me",
    # warm-ups
    "warm",
    "unwarm",  # take back one's own word
    # 1-2-4-All
    "note",
    "share",
    "unshare",
    "best",
    # storyboards
    "step_add",
    "step_save",
    "step_edit",
    "step_feel",
    "step_move",
    "step_remove",
    "board_title",
]
STEP_KINDS = ("step_save", "step_edit", "step_feel", "step_move", "step_remove")


def _step_box() -> forms.CharField:
    return forms.CharField(required=False, max_length=1000, strip=False)


def _feeling() -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        choices=[("", ""), *StoryStep.Feeling.choices], coerce=int, required=False, empty_value=None
    )


class RoomMessageForm(forms.Form):
    plain_exempt = frozenset(
        {"text", "base", *StoryStep.TEXT_FIELDS, *(f"{n}_base" for n in StoryStep.TEXT_FIELDS)}
    )

    t = forms.ChoiceField(choices=[(kind, kind) for kind in MESSAGE_KINDS])
    idea = forms.IntegerField(required=False, min_value=1, max_value=2**62)
    value = forms.ChoiceField(choices=Rating.Value.choices, required=False)
    text = forms.CharField(required=False, max_length=2000, strip=False)
    ref = forms.IntegerField(required=False, min_value=0, max_value=2**31)
    rev = forms.IntegerField(required=False, min_value=0, max_value=2**31)
    step = forms.IntegerField(required=False, min_value=1, max_value=2**62)
    field = forms.ChoiceField(
        choices=[(name, name) for name in StoryStep.TEXT_FIELDS], required=False
    )
    base = _step_box()
    feeling = _feeling()
    # "Save this step": each box, what it held when the person started, and the same for the
    # feeling. A box left out of a message is left as it is.
    happening = _step_box()
    happening_base = _step_box()
    who = _step_box()
    who_base = _step_box()
    opportunities = _step_box()
    opportunities_base = _step_box()
    barriers = _step_box()
    barriers_base = _step_box()
    feeling_base = _feeling()
    # Not a checkbox: its widget reads "0" (a socket's number, as text) as ticked.
    up = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("t")
        if kind in ("dot", "undot", "rate", "withdraw") and not data.get("idea"):
            self.add_error("idea", _("Choose an idea."))
        if kind == "rate" and not data.get("value"):
            self.add_error("value", _("Choose one of the answers."))
        if kind in ("idea", "warm", "best") and not data.get("text", "").strip():
            self.add_error("text", _("Write something first."))
        if kind in STEP_KINDS and not data.get("step"):
            self.add_error("step", _("Choose a step."))
        if kind == "step_edit" and not data.get("field"):
            self.add_error("field", _("Choose a box."))
        return data


class QuickMessage:
    """A socket message that needed no form: only whole numbers, all within the form's limits.

    A room of a thousand phones sends hundreds of dots a second, and building a Django form
    copies every one of its fields each time (measured: most of the server's time for a dot).
    These kinds carry nothing but numbers, so they are checked here against the same limits,
    and `cleaned_data` is exactly what `RoomMessageForm` would have given (tests compare them).
    Anything else, or anything out of range, goes through the form and its messages.
    """

    KINDS: ClassVar[dict[str, tuple[str, ...]]] = {
        "dot": ("idea",),
        "undot": ("idea",),
        "pass": (),
        "unpass": (),
        "me": (),
        "share": (),
        "unshare": (),
        "step_add": (),
    }
    LIMITS: ClassVar[dict[str, tuple[int, int]]] = {"idea": (1, 2**62), "ref": (0, 2**31)}
    EMPTY: ClassVar[dict[str, Any]] = {
        "idea": None,
        "value": "",
        "text": "",
        "ref": None,
        "rev": None,
        "step": None,
        "field": "",
        "base": "",
        "feeling": None,
        "up": False,
        **dict.fromkeys(StoryStep.TEXT_FIELDS, ""),
        **{f"{name}_base": "" for name in StoryStep.TEXT_FIELDS},
        "feeling_base": None,
    }

    def __init__(self, cleaned_data: dict[str, Any]) -> None:
        self.cleaned_data = cleaned_data

    @classmethod
    def read(cls, data: dict[str, Any]) -> QuickMessage | None:
        """The message, if it is one of the quick kinds and every value is in range."""
        needed = cls.KINDS.get(data.get("t"))  # type: ignore[arg-type]  # a missing kind reads as None
        if needed is None:
            return None
        cleaned = {"t": data["t"], **cls.EMPTY}
        for key, value in data.items():
            if key == "t":
                continue
            limits = cls.LIMITS.get(key)
            if limits is None or type(value) is not int or not limits[0] <= value <= limits[1]:
                return None
            cleaned[key] = value
        if any(cleaned[key] is None for key in needed):
            return None
        return cls(cleaned)


def _is_text(value: str) -> bool:
    """False for text that cannot be saved: half of an emoji on its own (JSON's "\\ud800" gives
    one, and encoding it fails) or a NUL character (PostgreSQL refuses it)."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def parse_room_message(text: str | None) -> RoomMessageForm | QuickMessage | str:
    """A validated socket message, or a polite message saying what was wrong."""
    if not text or len(text) > MAX_MESSAGE_CHARS:
        return str(_("That message was too long or empty."))
    try:
        data = json.loads(text)
    except ValueError:
        return str(_("We could not read that message."))
    if not isinstance(data, dict) or not all(
        isinstance(v, str | int) and not isinstance(v, bool) for v in data.values()
    ):
        return str(_("We could not read that message."))
    if not all(_is_text(v) for v in (*data.keys(), *data.values()) if isinstance(v, str)):
        return str(_("Some of the letters in that message cannot be saved. Please type it again."))
    quick = QuickMessage.read(data)
    if quick is not None:
        return quick
    form = RoomMessageForm(data={k: str(v) for k, v in data.items()})
    if not form.is_valid():
        return " ".join(str(e) for errors in form.errors.values() for e in errors)
    return form


# The facilitator console


class ControlForm(forms.Form):
    ACTIONS = [
        "start",
        "pause",
        "resume",
        "extend",
        "next",
        "back",
        "finish",
        "end",
        "reopen",  # undo "end" within Workshop.UNDO_SECONDS
        "phase",  # 1-2-4-All: the next step
        "hide",  # warm-up: take an answer off the screen
        "show",
        "swap",  # groups: swap two people
        "idea",  # Dotmocracy: add an idea from the console
        "hide_idea",  # Dotmocracy: take an idea off the phones and screen, with a reason
        "show_idea",
        "edit_idea",  # Dotmocracy: change an idea's words (the record keeps the first ones)
        "merge_idea",  # Dotmocracy: merge `idea` into `into` (optional new words in `text`)
        "unmerge_idea",  # Dotmocracy: undo the merge of `idea`, while the vote is open
    ]
    # Reasons to hide an idea, or the facilitator types their own ("other").
    REASONS = [
        ("repeat", _("It says the same as another idea")),
        ("off_topic", _("It is not about this question")),
        ("private", _("It shares someone's private details")),
        ("hurtful", _("It is unkind or hurtful")),
        ("other", _("Another reason (write it below)")),
    ]
    plain_exempt = frozenset({"text", "other_reason"})
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    # The idea's words; the domain says what is wrong with them (empty, too long).
    text = forms.CharField(required=False, max_length=2000)
    activity = forms.IntegerField(required=False, min_value=1)
    minutes = forms.IntegerField(required=False, min_value=1, max_value=60)
    answer = forms.IntegerField(required=False, min_value=1)
    idea = forms.IntegerField(required=False, min_value=1)
    into = forms.IntegerField(required=False, min_value=1)
    reason = forms.ChoiceField(choices=REASONS, required=False)
    other_reason = forms.CharField(required=False, max_length=2000)

    def hiding_reason(self) -> str:
        """The reason in words: the chosen one, or the one typed. The domain checks it."""
        chosen = self.cleaned_data.get("reason") or ""
        if chosen in ("", "other"):
            return self.cleaned_data.get("other_reason") or ""
        return str(dict(self.REASONS)[chosen])


class SwapForm(forms.Form):
    """A facilitator swaps two people between groups (pairs, fours or storyboards)."""

    first = RecordChoiceField(label=_("Swap this person"), queryset=Participant.objects.none())
    second = RecordChoiceField(label=_("with this person"), queryset=Participant.objects.none())

    def __init__(self, *args: Any, workshop: Workshop, **kw: Any) -> None:
        super().__init__(*args, **kw)
        for name in ("first", "second"):
            people: forms.ModelChoiceField = self.fields[name]  # type: ignore[assignment]  # fields are typed Field; this one is narrower
            people.queryset = Participant.objects.filter(workshop=workshop, left_at__isnull=True)
            people.label_from_instance = proxy_label  # type: ignore[method-assign,assignment]  # Django's way to label choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("first") and data.get("first") == data.get("second"):
            self.add_error("second", _("Choose two different people."))
        return data


class PaperParticipantForm(forms.Form):
    plain_exempt = frozenset({"display_name"})

    display_name = forms.CharField(
        label=_("Their name"),
        max_length=60,
        required=False,
        help_text=_("Leave empty if they want to stay anonymous."),
    )
    capacity = forms.ChoiceField(
        label=_("How are they taking part?"), choices=CAPACITY_CHOICES, widget=forms.RadioSelect
    )


class ProxyForm(forms.Form):
    """A facilitator enters a paper note, a dot or a rating for someone in the room."""

    plain_exempt = frozenset({"text", "happening", "who", "opportunities", "barriers"})

    participant = RecordChoiceField(label=_("Who is it for?"), queryset=Participant.objects.none())
    action = forms.ChoiceField(
        label=_("What do you want to enter?"),
        choices=[
            ("idea", _("An idea from their paper note")),
            ("dot", _("A dot on an idea")),
            ("undot", _("Take a dot off an idea")),
            ("rate", _("A rating of an idea")),
            ("warm", _("Their word or emoji for the warm-up")),
            ("note", _("Their note for this step of 1-2-4-All")),
            ("best", _("Their four's best idea, for everyone to see")),
            ("step", _("A step of a paper storyboard")),
            ("pass", _("They pass on this activity")),
        ],
        widget=forms.RadioSelect,
    )
    idea = RecordChoiceField(label=_("Which idea?"), queryset=Idea.objects.none(), required=False)
    value = forms.ChoiceField(
        label=_("Their rating"), choices=[("", "—"), *Rating.Value.choices], required=False
    )
    text = forms.CharField(
        label=_("Their idea, word or note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    board = RecordChoiceField(
        label=_("Which storyboard?"), queryset=Group.objects.none(), required=False
    )
    happening = forms.CharField(label=_("What is happening"), max_length=1000, required=False)
    who = forms.CharField(label=_("Who is involved"), max_length=1000, required=False)
    opportunities = forms.CharField(label=_("Opportunities"), max_length=1000, required=False)
    barriers = forms.CharField(label=_("Barriers"), max_length=1000, required=False)
    feeling = forms.TypedChoiceField(
        label=_("How the person feels"),
        choices=[("", _("Not said")), *StoryStep.Feeling.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args: Any, workshop: Workshop, activity: Activity | None, **kw: Any):
        super().__init__(*args, **kw)
        boards: forms.ModelChoiceField = self.fields["board"]  # type: ignore[assignment]  # fields are typed Field; this one is narrower
        boards.queryset = (
            Group.objects.filter(activity=activity, phase=Group.Phase.BOARD)
            if activity
            else Group.objects.none()
        )
        people: forms.ModelChoiceField = self.fields["participant"]  # type: ignore[assignment]  # fields are typed Field; this one is narrower
        people.queryset = Participant.objects.filter(workshop=workshop, left_at__isnull=True)
        people.label_from_instance = proxy_label  # type: ignore[method-assign,assignment]  # Django's way to label choices
        ideas: forms.ModelChoiceField = self.fields["idea"]  # type: ignore[assignment]  # fields are typed Field; this one is narrower
        ideas.queryset = Idea.objects.filter(activity=activity) if activity else Idea.objects.none()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        action = data.get("action")
        if action in ("dot", "undot", "rate") and not data.get("idea"):
            self.add_error("idea", _("Choose an idea."))
        if action == "rate" and not data.get("value"):
            self.add_error("value", _("Choose their rating."))
        if action in ("idea", "warm", "note", "best") and not data.get("text", "").strip():
            self.add_error("text", _("Write what they said."))
        if action == "step" and not data.get("board"):
            self.add_error("board", _("Choose a storyboard."))
        return data

    def room_message(self) -> dict[str, Any]:
        """What was entered, as the room message the person's own phone would send (the
        actions table reads both). A paper storyboard's step names its board and boxes."""
        data = self.cleaned_data
        idea, board = data.get("idea"), data.get("board")
        return {
            "t": "step_add" if data["action"] == "step" else data["action"],
            "idea": idea.pk if idea else None,
            "value": data.get("value") or "",
            "text": data.get("text") or "",
            "board": board.pk if board else None,
            "fields": {name: data[name] for name in (*StoryStep.TEXT_FIELDS, "feeling")}
            if data["action"] == "step"
            else {},
        }


def proxy_label(participant: Participant) -> str:
    where = _("on paper") if participant.on_paper else _("on a phone")
    name = participant.display_name or _("Anonymous person %(n)s") % {"n": participant.pk}
    return f"{name} ({where})"
