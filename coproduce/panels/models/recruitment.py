from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import OrganisationOwned
from coproduce.people.models import ContactMethod
from coproduce.people.models import Route as _Route

__all__ = [
    "Application",
    "ApplicationStatusChange",
    "ContactTask",
    "DecisionPower",
    "EqualityRecord",
    "EthnicityList",
    "Panel",
    "PanelMember",
    "PanelTarget",
    "Route",
    "Status",
    "new_token",
]


def new_token() -> str:
    return secrets.token_urlsafe(32)


class DecisionPower(models.TextChoices):
    ADVISES = "advises", _("Advises: gives views that staff take into account")
    RECOMMENDS = "recommends", _("Recommends: makes recommendations that get a written answer")
    DECIDES_JOINTLY = "decides_jointly", _("Decides jointly: makes decisions together with staff")
    DECIDES = "decides", _("Decides: makes the decision itself")


class EthnicityList(models.TextChoices):
    """Which nation's census list of ethnic groups the equality questions use (`panels.nations`)."""

    ENGLAND_WALES = "england_wales", _("England and Wales (Census 2021)")
    SCOTLAND = "scotland", _("Scotland (Scotland's Census 2022)")
    NORTHERN_IRELAND = "northern_ireland", _("Northern Ireland (Census 2021)")


class Panel(OrganisationOwned):
    """A lived experience panel: a standing group with a purpose, a scope and real power.

    The role description is made from the set-up fields by `roles.build_role_description` and
    can then be edited. `role_generated_at` and `role_edited_at` record which came last, so
    making it again never silently replaces someone's edits.
    """

    name = models.CharField(_("name of the panel"), max_length=200)
    slug = models.SlugField(_("short name for its web address"), max_length=80)
    purpose = models.TextField(_("what the panel is for"))
    influences = models.TextField(_("what the panel will influence"))
    outside_control = models.TextField(_("what is outside the panel's control"))
    decision_power = models.CharField(
        _("the power the panel has"), max_length=20, choices=DecisionPower.choices
    )
    initiatives = models.ManyToManyField(
        "initiatives.Initiative", blank=True, related_name="panels", verbose_name=_("initiatives")
    )
    meeting_frequency = models.CharField(_("how often it meets"), max_length=200)
    hours_per_month = models.DecimalField(
        _("hours asked each month, including preparation"), max_digits=4, decimal_places=1
    )
    term_months = models.PositiveSmallIntegerField(_("how long members join for, in months"))
    places = models.PositiveSmallIntegerField(_("how many members it needs"), null=True, blank=True)
    payment_offer = models.TextField(_("what we pay"))
    training_offered = models.TextField(_("training we offer"))
    support_offered = models.TextField(_("support we offer"))
    other_ways_to_apply = models.TextField(_("other ways to apply"), blank=True)
    named_contact = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("named contact"),
    )
    deputy_contact = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("deputy contact"),
    )
    backed_by = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("leader who backs the panel"),
    )
    backed_by_role = models.CharField(_("the leader's job"), max_length=200)
    lived_experience_target = models.PositiveSmallIntegerField(
        _("share of people in a meeting with lived experience we aim for, in per cent"),
        default=50,
    )

    role_standard = models.TextField(_("role description"), blank=True)
    role_easy_read = models.TextField(_("role description in easy read"), blank=True)
    role_generated_at = models.DateTimeField(null=True, blank=True)
    role_edited_at = models.DateTimeField(null=True, blank=True)
    role_source = models.CharField(max_length=64, blank=True)  # hash of the fields it came from

    ethnicity_list = models.CharField(
        _("which list of ethnic groups to ask about"),
        max_length=20,
        choices=EthnicityList.choices,
        default=EthnicityList.ENGLAND_WALES,
    )

    published_at = models.DateTimeField(null=True, blank=True)
    # When the public page last came down (recruitment closed); the retention clock for the
    # equality answers of applicants still waiting. Cleared when it is published again.
    recruitment_closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="panel_slug_per_org")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def role_has_edits(self) -> bool:
        """True when someone changed the role description by hand after it was last made."""
        if self.role_edited_at is None:
            return False
        return self.role_generated_at is None or self.role_edited_at > self.role_generated_at


class PanelTarget(OrganisationOwned):
    """A target range for one value of one equality category, as a percentage of members."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="targets")
    category = models.CharField(max_length=40)
    value = models.CharField(max_length=40)
    min_percent = models.PositiveSmallIntegerField()
    max_percent = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["panel", "category", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "category", "value"], name="one_target_per_value"
            ),
            models.CheckConstraint(
                condition=models.Q(min_percent__lte=models.F("max_percent"), max_percent__lte=100),
                name="target_range_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category}={self.value}: {self.min_percent}-{self.max_percent}%"


# How an application, an answer or an agreement reached us: one list, kept with people.
Route = _Route


class Status(models.TextChoices):
    DRAFT = "draft", _("Not sent yet")
    RECEIVED = "received", _("Received")
    CONTACTED = "contacted", _("Contacted")
    INVITED = "invited", _("Invited to a chat")
    OFFERED = "offered", _("Offered a place")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WAITING_LIST = "waiting_list", _("Waiting list")

    @classmethod
    def submitted(cls) -> list[Status]:
        return [status for status in cls if status != cls.DRAFT]


class HeardFrom(models.TextChoices):
    """How an applicant heard about the panel, so staff can see which ways reach people."""

    POSTER = "poster", _("A poster or leaflet")
    WORKER = "worker", _("A worker, carer or personal assistant told me")
    FRIEND = "friend", _("A friend or someone in my family")
    GROUP = "group", _("A group or charity I go to")
    WEBSITE = "website", _("The council's website or newsletter")
    SOCIAL = "social", _("Social media")
    OTHER = "other", _("Somewhere else")


class Application(OrganisationOwned):
    """Someone asking to join a panel: online (saved as they go) or entered by staff.

    Equality answers are NOT here: they live in `EqualityRecord`, which has no reverse accessor
    on this model, so no template or serializer can reach them by accident.
    """

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="applications")
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    name = models.CharField(_("your name"), max_length=200, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    address = models.TextField(_("postal address"), blank=True)
    contact_channel = models.CharField(
        _("how should we contact you?"), max_length=20, choices=ContactMethod.choices, blank=True
    )
    wants_easy_read = models.BooleanField(_("send me easy read"), default=False)
    why_join = models.TextField(_("why do you want to join?"), blank=True)
    experience = models.TextField(_("what experience would you bring?"), blank=True)
    area = models.CharField(_("which area do you live in?"), max_length=100, blank=True)
    heard_from = models.CharField(
        _("how did you hear about the panel?"), max_length=20, choices=HeardFrom.choices, blank=True
    )
    # Answers to the panel's own questions (`PanelQuestion`): question id -> option value.
    extra_answers = models.JSONField(default=dict, blank=True)
    attachment = models.FileField(upload_to="panels/applications/%Y/%m/", blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    route = models.CharField(max_length=20, choices=Route.choices, default=Route.ONLINE)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["panel", "status", "-submitted_at"])]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "panel",
                condition=models.Q(submitted_at__isnull=False) & ~models.Q(email=""),
                name="one_application_per_email_per_panel",
            )
        ]

    def __str__(self) -> str:
        return self.name or str(_("Unnamed application"))

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT


class ApplicationStatusChange(OrganisationOwned):
    """One step in an application's history, and how the applicant was told."""

    class Delivery(models.TextChoices):
        MESSAGE = "message", _("By the way they chose")  # see `sent_message`
        # Before people.messages: an email sent here, or a ContactTask for staff.
        EMAIL = "email", _("Email")
        STAFF_TASK = "staff_task", _("Task for staff")
        NONE = "none", _("Not sent")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(blank=True)
    delivery = models.CharField(max_length=20, choices=Delivery.choices)
    # Set when staff recorded the applicant's own answer to an offer (accept or decline), with
    # how the applicant told them; `actor` is then the staff member.
    recorded_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    how_told = models.CharField(_("how they told us"), max_length=100, blank=True)
    # True when the applicant answered the offer themselves, from their private link.
    by_applicant = models.BooleanField(default=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The message that told the applicant, by the way they chose (people.messages).
    sent_message = models.OneToOneField(
        "people.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.application}: {self.from_status} -> {self.to_status}"

    def delivery_summary(self) -> str:
        """How the applicant was told of this step, and whether that has happened yet."""
        if self.sent_message:
            status = self.sent_message.get_status_display().lower()
            return f"{self.sent_message.get_channel_display()}: {status}"
        if self.delivery == self.Delivery.EMAIL:
            return gettext("email sent") if self.sent_at else gettext("email waiting to send")
        if self.delivery == self.Delivery.STAFF_TASK:
            task = getattr(self, "contact_task", None)  # older steps may have none
            kind = task.get_kind_display() if task else ""
            if task and task.done_at:
                return gettext("%(kind)s: done") % {"kind": kind}
            return gettext("%(kind)s: to do") % {"kind": kind}
        return gettext("no message sent")


class ContactTask(OrganisationOwned):
    """A letter to post or a phone call to make, because the applicant chose that channel."""

    class Kind(models.TextChoices):
        LETTER = "letter", _("Send a letter")
        PHONE = "phone", _("Phone them")
        TEXT = "text", _("Send a text message")
        SUPPORTER = "supporter", _("Contact their supporter")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="contact_tasks")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="contact_tasks"
    )
    status_change = models.OneToOneField(
        ApplicationStatusChange, on_delete=models.CASCADE, related_name="contact_task"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.application}"


class PanelMember(OrganisationOwned):
    """A person on a panel, in a role, from a start date (and to an end date when they leave)."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        CO_CHAIR = "co_chair", _("Co-chair")
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice-chair")
        PEER_SUPPORTER = "peer_supporter", _("Peer supporter")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="panel_memberships"
    )
    role = models.CharField(_("role in the panel"), max_length=20, choices=Role.choices)
    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["ended_on", "person__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "person"],
                condition=models.Q(ended_on__isnull=True),
                name="one_current_membership_per_panel",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="member_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()}) on {self.panel}"


class EqualityRecord(OrganisationOwned):
    """One applicant's equality monitoring answers, kept apart from their application.

    Special category data (UK GDPR Art. 9). Read it only through `panels.domain.equality`:
    aggregates for staff, one record for an admin (logged). `related_name="+"` on both keys
    means there is no `application.equality...` for a template to print. Deleted, not blanked,
    when consent is withdrawn. Never put answers in the audit log, a log line, an export or a
    live event.
    """

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="+")
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="+")
    answers = models.JSONField(default=dict)
    questions_version = models.CharField(max_length=20)
    consent_given_at = models.DateTimeField()
    consent_version = models.CharField(max_length=20)
    # Optional, separate explicit consent (Art. 9(2)(a)) to use the answers when choosing a mix
    # of members. Monitoring alone (Sch. 1 para 8) does not allow decisions about one person.
    selection_consent_at = models.DateTimeField(null=True, blank=True)
    collected_via = models.CharField(max_length=20, choices=Route.choices)
    # Staff who typed in answers given on paper or by phone; None when the applicant answered
    # online themselves. `consent_given_at` is then the date the applicant gave consent.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ethnicity_list = models.CharField(
        max_length=20, choices=EthnicityList.choices, default=EthnicityList.ENGLAND_WALES
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("equality monitoring record")

    def __str__(self) -> str:
        return f"Equality record {self.pk}"  # never the answers
