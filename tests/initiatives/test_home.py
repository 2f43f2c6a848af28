"""Each person's home (/o/<org>/): a member's own things, staff's to-do list from real records,
admins' finance queue; never another organisation's or another person's; never what a concern
says. The to-do items come from each app's queries, registered in `initiatives.home`."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from coproduce.core.models import Role
from coproduce.initiatives.home import to_dos_for
from coproduce.panels.domain.strengths import tick_induction_step
from coproduce.panels.models import (
    AccessNeed,
    Adjustment,
    AgreementSignature,
    AgreementVersion,
    ApplicationStatusChange,
    ContactTask,
    DateOption,
    MeetingMessage,
    PanelMember,
)
from coproduce.payments.models import PaymentPreference
from coproduce.payments.working_days import add_working_days
from coproduce.wellbeing import domain as wellbeing
from coproduce.wellbeing.models import SafeguardingLead
from tests.factories import (
    ApplicationFactory,
    ClaimFactory,
    MeetingFactory,
    MembershipFactory,
    PanelFactory,
    PanelMemberFactory,
    PersonFactory,
    ResponseFactory,
    RoundFactory,
    UserFactory,
    WorkshopFactory,
    day_services_panel,
)
from tests.markup import flat

HOME = "/o/riverside/"
SECRET = "The bus driver shouted at me"  # a concern's words: never on any home


def said(day: datetime.date) -> str:
    return date_format(day, "l j F")


@pytest.fixture
def panel(org, alice, bob, dana):
    return day_services_panel(org, alice, dana, bob)


def _poll(panel, title="Find a date for the summer meeting"):
    meeting = MeetingFactory(panel=panel, title=title, starts_at=None)
    first = timezone.now() + datetime.timedelta(days=30)
    DateOption.objects.create(organisation=panel.organisation, meeting=meeting, starts_at=first)
    return meeting, first


def _other_org_everything(other_org, charlie):
    """Charlie's organisation, with one of every kind of item: none may show in Riverside."""
    theirs = PanelFactory(organisation=other_org, name="Hillside Panel")
    member = PersonFactory(organisation=other_org, name="Hillside Member")
    PanelMemberFactory(panel=theirs, person=member)
    ApplicationFactory(panel=theirs, name="Hillside Applicant")
    MeetingFactory(panel=theirs, title="Hillside meeting")
    _poll(theirs, "Hillside date poll")
    ClaimFactory(person=member, status="submitted", submitted_at=timezone.now())
    wellbeing.raise_concern(theirs, kind="concern", text="Hillside secret", person=member)
    return theirs


# A member's home


def test_member_home_shows_their_meetings_waiting_things_claims_and_contact(
    client_as, org, bob, panel, initiative, other_org, charlie
):
    person = bob.people.get()
    meeting = MeetingFactory(panel=panel, title="Getting to day services")
    _poll(panel)
    version = AgreementVersion.objects.create(
        organisation=panel.organisation, panel=panel, number=2
    )
    ClaimFactory(person=person, status="queried", query_message="Please add a photo of the ticket.")
    ClaimFactory(person=person, activity_date=datetime.date(2026, 4, 3), status="draft")
    response = ResponseFactory(round=RoundFactory(initiative=initiative), person=person)
    WorkshopFactory(
        initiative=initiative,
        title="Garden ideas morning",
        starts_at=timezone.now() + datetime.timedelta(days=3),
    )
    _other_org_everything(other_org, charlie)

    page = client_as(bob).get(HOME)

    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    html = page.content.decode()
    assert "Hello, Bob Hughes" in html
    # waiting for him
    assert "Tell us which dates you can come to Find a date for the summer meeting" in html
    assert f"/o/riverside/panels/{panel.pk}/agreement/" in html
    assert "It changed (version 2). Tell us if you agree." in html
    assert "Please add a photo of the ticket." in html
    assert f"/answer/{response.token}/" in html
    # his next meetings, with the calendar file, and the workshop with its code
    assert "Getting to day services" in html
    assert f"/o/riverside/panels/{panel.pk}/meetings/{meeting.pk}/meeting.ics" in html
    assert "Garden ideas morning" in html
    # his claims, what happened to what he said, his contact, how to raise a concern
    assert "We have a question" in html
    assert "Not sent yet" in html
    assert "/o/riverside/you-said-we-did/mine/" in html
    assert "alice@example.org" in html  # alice is his named contact
    assert f"/o/riverside/panels/{panel.pk}/support/" in html
    # no staff to-do list, nothing of Hillside's
    assert "Your to-do list" not in html
    assert "Hillside" not in html

    AgreementSignature.objects.create(
        organisation=version.organisation, version=version, person=person
    )
    assert "Tell us if you agree" not in client_as(bob).get(HOME).content.decode()


def test_member_home_never_shows_another_members_claims_or_polls(client_as, org, bob, panel):
    other = PersonFactory(organisation=org, name="Someone Else")
    ClaimFactory(person=other, status="queried", query_message="A question for someone else.")
    meeting, _first = _poll(panel, "Already answered poll")
    wellbeing_answer = meeting.date_options.get()
    wellbeing_answer.answers.create(organisation=org, person=bob.people.get(), answer="yes")

    html = client_as(bob).get(HOME).content.decode()

    assert "A question for someone else." not in html
    assert "Already answered poll" not in html
    assert "Nothing is waiting for you." in html


# Staff: the to-do list


def test_staff_to_do_list_has_each_item_with_its_due_date_and_why(
    client_as, org, alice, bob, dana, panel, other_org, charlie
):
    today = timezone.localdate()
    concern, _token = wellbeing.raise_concern(
        panel, kind="concern", text=SECRET, person=bob.people.get()
    )
    claim = ClaimFactory(
        person=bob.people.get(), status="submitted", submitted_at=timezone.now(),
        activity_date=today - datetime.timedelta(days=3),
    )  # fmt: skip
    application = ApplicationFactory(panel=panel, submitted_at=timezone.now())
    change = ApplicationStatusChange.objects.create(
        organisation=org, application=application, from_status="draft", to_status="received",
        delivery=ApplicationStatusChange.Delivery.STAFF_TASK,
    )  # fmt: skip
    ContactTask.objects.create(
        organisation=org, panel=panel, application=application, status_change=change,
        kind=ContactTask.Kind.LETTER,
    )  # fmt: skip
    soon = MeetingFactory(
        panel=panel, title="Next week's meeting",
        starts_at=timezone.now() + datetime.timedelta(days=8),
    )  # fmt: skip
    MeetingMessage.objects.create(
        organisation=org, meeting=soon, person=bob.people.get(), kind="invitation",
        key="x", channel=MeetingMessage.Channel.STAFF,
    )  # fmt: skip
    need = AccessNeed.objects.create(
        organisation=org, person=bob.people.get(), kind="mobility",
        detail="I use a wheelchair", identified_on=today, identified_how="told_us",
    )  # fmt: skip
    Adjustment.objects.create(
        organisation=org, need=need, panel=panel, person=bob.people.get(),
        description="A ramp at the side door", agreed_on=today,
        review_on=today + datetime.timedelta(days=90),
    )  # fmt: skip
    _poll_meeting, first = _poll(panel)
    _other_org_everything(other_org, charlie)

    page = client_as(alice).get(HOME)

    html = page.content.decode()
    assert page["Cache-Control"] == "no-store"
    reply_by = timezone.localtime(concern.respond_by).date()
    assert f"A concern needs a reply by {said(reply_by)}" in html
    assert f"/o/riverside/wellbeing/concerns/{concern.pk}/" in html
    assert SECRET not in html  # never what it says
    assert "1 claim to check" in html
    assert f"Due {said(add_working_days(claim.activity_date, 20))}" in html
    assert "We aim to pay within 20 working days of the activity." in html
    assert "1 application to answer: Day Services Panel" in html
    assert "1 letter, call or text to an applicant: Day Services Panel" in html
    assert "1 meeting message to send by post, phone or text: Next week&#x27;s meeting" in html
    assert "Check 1 agreed adjustment is ready: Next week&#x27;s meeting" in html
    assert "ramp" not in html
    assert "wheelchair" not in html
    assert "Choose the date: Find a date for the summer meeting" in html
    first_day = timezone.localtime(first).date()
    assert f"Due {said(first_day - datetime.timedelta(days=7))}" in html
    assert "agreed claims to pay" not in html
    assert "agreed claim to pay" not in html
    assert "Hillside" not in html
    # the pages nothing linked to: check-ins of her panel, training and credits
    assert f"/o/riverside/panels/{panel.pk}/check-ins/" in html
    assert "/o/riverside/wellbeing/training/" in html
    assert "/o/riverside/wellbeing/settings/" not in html  # admins only


def test_to_do_items_are_soonest_first(org, alice, bob, panel):
    wellbeing.raise_concern(panel, kind="support", text=SECRET, person=bob.people.get())
    ApplicationFactory(panel=panel, submitted_at=timezone.now())
    membership = alice.memberships.get()

    items = to_dos_for(membership, alice.people.get(), timezone.localdate())

    assert [item.kind for item in items] == ["concerns", "applications"]
    assert items[0].what.startswith("A request for support needs a reply by ")


def test_concerns_show_only_to_people_who_may_read_them(client_as, org, alice, bob, panel):
    wellbeing.raise_concern(panel, kind="concern", text=SECRET, person=bob.people.get())
    erin = UserFactory(email="erin@example.org", name="Erin Shah")
    MembershipFactory(organisation=org, user=erin, role=Role.STAFF)
    PersonFactory(organisation=org, user=erin, name="Erin Shah")

    html = client_as(erin).get(HOME).content.decode()

    assert "needs a reply" not in html
    assert "/o/riverside/wellbeing/concerns/" not in html
    # a leads-only concern: the leads see it, the named contact does not
    SafeguardingLead.objects.create(organisation=org, user=erin)
    wellbeing.raise_concern(
        panel, kind="concern", text=SECRET, person=bob.people.get(), leads_only=True
    )
    assert client_as(erin).get(HOME).content.decode().count("A concern needs a reply by") == 2
    assert client_as(alice).get(HOME).content.decode().count("A concern needs a reply by") == 1


def test_admin_sees_the_finance_queue_and_the_concern_settings(client_as, org, bob, dana, panel):
    today = timezone.localdate()
    ClaimFactory(
        person=bob.people.get(), status="approved", approved_at=timezone.now(),
        payable_fee_pence=5000, activity_date=today - datetime.timedelta(days=40),
    )  # fmt: skip

    html = client_as(dana).get(HOME).content.decode()

    assert "1 agreed claim to pay" in html
    assert "Late" in html  # 40 days ago is past 20 working days
    assert "/o/riverside/payments/check/?status=approved" in html
    assert "/o/riverside/wellbeing/settings/" in html
    assert "/o/riverside/wellbeing/training/" in html


def test_staff_home_runs_the_same_number_of_queries_however_many_items(
    client_as, org, alice, bob, panel
):
    def add_items(n):
        for i in range(n):
            other = PanelFactory(organisation=org, name=f"Panel {i}")
            ApplicationFactory(panel=other, submitted_at=timezone.now())
            wellbeing.raise_concern(panel, kind="concern", text=SECRET, person=bob.people.get())
            ClaimFactory(person=bob.people.get(), status="submitted", submitted_at=timezone.now())
            _poll(other, f"Poll {i}")
            MeetingFactory(panel=other, starts_at=timezone.now() + datetime.timedelta(days=5))

    client = client_as(alice)
    add_items(1)
    with CaptureQueriesContext(connection) as one:
        client.get(HOME)
    add_items(4)
    with CaptureQueriesContext(connection) as five:
        page = client.get(HOME)

    assert page.content.decode().count("needs a reply by") == 5
    assert len(five) == len(one)
    assert len(one) <= 40


# The shell: the phone menu and the account pages


def test_every_page_has_the_menu_button_and_a_no_script_list(client_as, bob, panel):
    html = flat(client_as(bob).get(HOME).content.decode())

    assert (
        '<button type="button" class="menu-toggle" aria-controls="site-menu" '
        'aria-expanded="false" data-menu-toggle>Menu</button>'
    ) in html
    assert '<div id="site-menu" class="site-menu">' in html
    assert "css/no-script.css" in html


def test_account_pages_use_our_words_and_menu(client_as, bob):
    client = client_as(bob)

    email = client.get("/accounts/email/").content.decode()
    assert "<h1>Your account</h1>" in email
    assert "Email Addresses" not in email
    assert ">Remove<" not in email
    assert 'aria-label="Your account pages"' in email
    assert "/o/riverside/payments/" in email  # his organisation's menu, on his account too
    assert (
        "<h1>Change your password</h1>" in client.get("/accounts/password/change/").content.decode()
    )
    mfa = client.get("/accounts/2fa/").content.decode()
    assert "<h1>Two-step sign in</h1>" in mfa
    assert "Two-Factor Authentication" not in mfa


# A new member's "Getting started", on their home while it is unfinished


def test_member_home_shows_getting_started_until_every_step_is_done(
    client_as, org, alice, bob, panel
):
    person = bob.people.get()
    member = PanelMember.objects.get(panel=panel, person=person)
    start = member.started_on or datetime.date(2026, 1, 1)
    for step in ("welcome", "contact_met"):
        tick_induction_step(member, step, done_on=start, actor=alice)

    html = flat(client_as(bob).get(HOME).content.decode())

    assert '<h2 id="start-heading">Getting started</h2>' in html
    assert f"Your first steps on {panel.name}" in html
    assert 'A welcome to the panel<span class="visually-hidden">(done)</span>' in html
    assert "Read the group agreement and say if you agree<strong>(still to do)</strong>" in html
    assert f'<a href="/o/riverside/panels/{panel.pk}/agreement/">Read it' in html
    assert '<a href="/o/riverside/payments/preference/">Tell us</a>' in html

    version = AgreementVersion.objects.create(organisation=org, panel=panel, number=1)
    AgreementSignature.objects.create(organisation=org, version=version, person=person)
    PaymentPreference.objects.create(organisation=org, person=person, choice="voucher")
    tick_induction_step(member, "training_offered", done_on=start, actor=alice)

    assert "Getting started" not in client_as(bob).get(HOME).content.decode()
