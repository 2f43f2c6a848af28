from __future__ import annotations

import datetime
import re
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse

from coproduce.core.models import AuditEntry, Role
from coproduce.wellbeing import domain
from coproduce.wellbeing import tasks as wellbeing_tasks
from coproduce.wellbeing.models import Concern, ConcernUpdate, SafeguardingLead
from tests.factories import MembershipFactory, PanelFactory, PersonFactory, UserFactory

SECRET = "I feel unsafe with one of the volunteers at the centre."
LONDON = zoneinfo.ZoneInfo("Europe/London")


def ask(client, panel, *, named=True, text=SECRET, kind="concern"):
    return client.post(
        reverse("support_ask", kwargs={"org": panel.organisation.slug, "panel_pk": panel.pk}),
        {
            "kind": kind,
            "text": text,
            "name_choice": "named" if named else "anonymous",
            "how_to_reply": "Phone me after 4pm" if named else "",
        },
    )


@pytest.fixture
def erin(org):
    """Staff in Riverside, but neither contact nor deputy of the panel."""
    user = UserFactory(email="erin@example.org", name="Erin Shaw")
    MembershipFactory(organisation=org, user=user, role=Role.STAFF)
    PersonFactory(organisation=org, user=user, name="Erin Shaw", email=user.email)
    return user


def test_named_concern_is_saved_and_contacts_get_an_email_without_content(
    client_as, bob, panel, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client_as(bob), panel)
    concern = Concern.objects.get()
    assert concern.raised_by == bob.people.get()
    assert (concern.kind, concern.text, concern.status) == ("concern", SECRET, "received")
    assert concern.how_to_reply == "Phone me after 4pm"
    assert response.status_code == 302
    assert response["Location"].startswith("/support/")
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "dana@example.org"]
    for message in mail.outbox:
        assert message.subject == "You have a new concern"
        assert "You have a new concern. Log in to read it." in message.body
        assert "http://127.0.0.1:8000/o/riverside/wellbeing/concerns/" in message.body
        for secret in ("volunteer", "Bob", "Hughes", "Day Services", "concern 1"):
            assert secret not in message.body


def test_a_failing_queue_still_shows_the_person_their_concern_was_sent(
    client_as, bob, panel, monkeypatch, django_capture_on_commit_callbacks
):
    """The concern is saved before the email is queued: an error page now would make them
    send it again, and their contact would have the same concern twice."""

    class DownQueue:
        def enqueue(self, **kwargs):
            raise ConnectionError("the queue is down")

    monkeypatch.setattr(wellbeing_tasks, "send_new_concern_email_task", DownQueue())
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client_as(bob), panel)
    assert response.status_code == 302
    assert response["Location"].startswith("/support/")
    assert Concern.objects.count() == 1
    assert mail.outbox == []


def test_no_email_when_the_transaction_rolls_back(bob, panel, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        domain.raise_concern(panel, kind="support", text=SECRET, person=None)
    assert len(callbacks) == 1  # queued for after commit, not sent inside the transaction
    assert mail.outbox == []


def test_anonymous_concern_stores_nobody_and_logs_no_actor(client_as, bob, panel):
    ask(client_as(bob), panel, named=False)
    concern = Concern.objects.get()
    assert concern.raised_by is None
    assert concern.how_to_reply == ""
    entry = AuditEntry.objects.get(action="wellbeing.concern.raised")
    assert entry.actor is None
    assert entry.data == {"panel": panel.pk, "named": False, "leads_only": False}
    assert entry.target_repr == f"Concern {concern.pk}"


def test_follow_link_shows_what_is_happening_but_not_the_words(client_as, client, bob, panel):
    response = ask(client_as(bob), panel, named=False)
    client.logout()
    page = client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "Thank you. We have it." in text
    assert "Where it is up to" in text
    assert "<strong>Received</strong>" in text
    assert SECRET not in text
    assert page["Cache-Control"] == "no-store"


def test_follow_link_with_a_wrong_secret_is_404(client, db):
    assert client.get("/support/not-a-real-secret/").status_code == 404


def test_contact_reads_concern_the_look_is_logged_and_the_person_sees_it_was_read(
    client_as, client, alice, bob, panel
):
    follow = ask(client_as(bob), panel)["Location"]
    concern = Concern.objects.get()
    page = client_as(alice).get(
        reverse("concern_detail", kwargs={"org": "riverside", "concern_pk": concern.pk})
    )
    assert page.status_code == 200
    assert SECRET in page.content.decode()
    assert "Bob Hughes" in page.content.decode()
    viewed = AuditEntry.objects.filter(action="wellbeing.concern.viewed")
    assert [(e.actor, e.target_id) for e in viewed] == [(alice, str(concern.pk))]
    concern.refresh_from_db()
    assert concern.status == "acknowledged"
    client.logout()
    assert "<strong>Read by your named contact</strong>" in client.get(follow).content.decode()


def test_deputy_reads_concern_and_each_look_is_logged(client_as, bob, dana, panel):
    ask(client_as(bob), panel)
    concern = Concern.objects.get()
    client = client_as(dana)
    url = reverse("concern_detail", kwargs={"org": "riverside", "concern_pk": concern.pk})
    assert [client.get(url).status_code for _ in range(2)] == [200, 200]
    assert AuditEntry.objects.filter(action="wellbeing.concern.viewed", actor=dana).count() == 2


def test_member_and_other_staff_cannot_read_a_concern(client_as, bob, erin, panel):
    ask(client_as(bob), panel)
    url = reverse(
        "concern_detail", kwargs={"org": "riverside", "concern_pk": Concern.objects.get().pk}
    )
    assert client_as(bob).get(url).status_code == 404  # not even the person who raised it
    assert client_as(erin).get(url).status_code == 404
    assert not AuditEntry.objects.filter(action="wellbeing.concern.viewed").exists()


def test_safeguarding_lead_reads_concerns_of_every_panel(client_as, org, bob, erin, dana, panel):
    other_panel = PanelFactory(organisation=org)
    domain.raise_concern(other_panel, kind="support", text="Please call me.", person=None)
    domain.appoint_safeguarding_lead(org, erin, actor=dana)
    client = client_as(erin)
    inbox = client.get(reverse("concern_inbox", kwargs={"org": "riverside"}))
    assert inbox.status_code == 200
    assert re.findall(r"Concern \d+</a>", inbox.content.decode()) == [
        f"Concern {Concern.objects.get().pk}</a>"
    ]
    detail = client.get(
        reverse(
            "concern_detail", kwargs={"org": "riverside", "concern_pk": Concern.objects.get().pk}
        )
    )
    assert detail.status_code == 200
    assert AuditEntry.objects.get(action="wellbeing.lead.appointed").actor == dana


def test_inbox_shows_only_panels_where_you_are_contact(client_as, org, alice, panel):
    other_panel = PanelFactory(organisation=org)  # alice is not its contact
    mine, _token = domain.raise_concern(panel, kind="concern", text=SECRET, person=None)
    domain.raise_concern(other_panel, kind="concern", text="Other", person=None)
    inbox = client_as(alice).get(reverse("concern_inbox", kwargs={"org": "riverside"}))
    assert re.findall(r"Concern (\d+)</a>", inbox.content.decode()) == [str(mine.pk)]
    assert SECRET not in inbox.content.decode()


def test_inbox_is_refused_to_staff_who_receive_no_concerns(client_as, erin, panel):
    assert (
        client_as(erin).get(reverse("concern_inbox", kwargs={"org": "riverside"})).status_code
        == 403
    )


def test_shared_note_shows_on_follow_page_and_private_note_does_not(
    client_as, client, alice, bob, panel
):
    follow = ask(client_as(bob), panel, named=False)["Location"]
    concern = Concern.objects.get()
    url = reverse("concern_detail", kwargs={"org": "riverside", "concern_pk": concern.pk})
    staff = client_as(alice)
    staff.post(url, {"status": "in_progress", "note": "Spoke to the manager."})
    staff.post(
        url,
        {"status": "in_progress", "note": "We are looking into it.", "share_with_raiser": "on"},
    )
    client.logout()
    page = client.get(follow).content.decode()
    assert "We are looking into it." in page
    assert "Spoke to the manager." not in page
    assert "<strong>Being dealt with</strong>" in page
    assert ConcernUpdate.objects.count() == 2
    assert [e.data for e in AuditEntry.objects.filter(action="wellbeing.concern.updated")] == [
        {"status": "in_progress", "note": True, "shared": True},
        {"status": "in_progress", "note": True, "shared": False},
    ]


def test_share_without_a_note_explains_and_keeps_the_status(client_as, alice, panel):
    concern, _token = domain.raise_concern(panel, kind="concern", text=SECRET, person=None)
    url = reverse("concern_detail", kwargs={"org": "riverside", "concern_pk": concern.pk})
    page = client_as(alice).post(url, {"status": "closed", "share_with_raiser": "on"})
    assert page.status_code == 200
    assert "Write the note you want the person to see." in page.content.decode()
    concern.refresh_from_db()
    assert concern.status == "acknowledged"  # the look was logged; nothing else changed


def test_closing_fills_in_every_earlier_step(alice, panel):
    concern, _token = domain.raise_concern(panel, kind="concern", text=SECRET, person=None)
    domain.update_concern(concern, actor=alice, status="closed")
    concern.refresh_from_db()
    assert [label for label, _when in concern.steps()] == [
        "Received",
        "Read by your named contact",
        "Being dealt with",
        "Closed",
    ]


def test_audit_log_never_holds_the_words_or_the_name(client_as, alice, bob, panel):
    ask(client_as(bob), panel)
    concern = Concern.objects.get()
    domain.update_concern(concern, actor=alice, status="in_progress", note="Called Bob at home.")
    for entry in AuditEntry.objects.filter(action__startswith="wellbeing."):
        blob = f"{entry.target_repr} {entry.data}"
        assert "volunteer" not in blob
        assert "Bob" not in blob
        assert "Called" not in blob


def test_bad_input_explains_and_keeps_what_was_typed(client_as, bob, panel):
    page = client_as(bob).post(
        reverse("support_ask", kwargs={"org": "riverside", "panel_pk": panel.pk}),
        {"kind": "support", "text": "I need help getting to meetings."},
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "Choose if you want to put your name on it." in text
    assert "I need help getting to meetings." in text
    assert Concern.objects.count() == 0


def test_member_not_on_the_panel_cannot_ask_through_it(client_as, org, panel):
    user = UserFactory(email="fay@example.org")
    MembershipFactory(organisation=org, user=user, role=Role.MEMBER)
    url = reverse("support_ask", kwargs={"org": "riverside", "panel_pk": panel.pk})
    assert client_as(user).get(url).status_code == 404


@pytest.mark.parametrize(
    ("raised", "due"),
    [
        (
            datetime.datetime(2026, 5, 1, 16, 0, tzinfo=LONDON),
            datetime.datetime(2026, 5, 5, 16, 0, tzinfo=LONDON),
        ),  # Fri
        (
            datetime.datetime(2026, 5, 2, 10, 0, tzinfo=LONDON),
            datetime.datetime(2026, 5, 6, 10, 0, tzinfo=LONDON),
        ),  # Sat
        (
            datetime.datetime(2026, 5, 4, 9, 30, tzinfo=LONDON),
            datetime.datetime(2026, 5, 6, 9, 30, tzinfo=LONDON),
        ),  # Mon
    ],
)
def test_reply_by_counts_working_days(raised, due):
    assert domain.add_working_days(raised, 2) == due


def test_organisation_can_change_the_reply_target(client_as, dana, panel):
    client = client_as(dana)
    url = reverse("support_settings", kwargs={"org": "riverside"})
    assert client.post(url, {"action": "days", "response_working_days": "3"}).status_code == 302
    concern, _token = domain.raise_concern(panel, kind="support", text="Hi", person=None)
    assert concern.respond_by == domain.add_working_days(concern.received_at, 3)


def test_admin_appoints_and_removes_a_safeguarding_lead(client_as, org, dana, erin):
    client = client_as(dana)
    url = reverse("support_settings", kwargs={"org": "riverside"})
    membership = erin.memberships.get()
    assert client.post(url, {"action": "lead", "user": membership.pk}).status_code == 302
    lead = SafeguardingLead.objects.get()
    assert lead.user == erin
    client.post(
        reverse("safeguarding_lead_remove", kwargs={"org": "riverside", "lead_pk": lead.pk})
    )
    assert SafeguardingLead.objects.count() == 0
    assert list(
        AuditEntry.objects.filter(action__startswith="wellbeing.lead.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["wellbeing.lead.appointed", "wellbeing.lead.removed"]


def test_other_organisation_cannot_reach_a_concern(client_as, charlie, panel):
    concern, _token = domain.raise_concern(panel, kind="support", text=SECRET, person=None)
    client = client_as(charlie)
    assert client.get(f"/o/riverside/wellbeing/concerns/{concern.pk}/").status_code == 404
    assert client.get(f"/o/hillside/wellbeing/concerns/{concern.pk}/").status_code == 404


def test_concerns_without_a_name_again_and_again_ask_to_wait(client_as, bob, panel):
    from coproduce.core.limits import ANONYMOUS_WRITES

    client = client_as(bob)
    for _ in range(ANONYMOUS_WRITES.per_client):
        assert ask(client, panel, named=False).status_code == 302
    response = ask(client, panel, named=False)
    assert response.status_code == 429
    assert "You have sent a lot in a short time." in response.content.decode()
    assert SECRET in response.content.decode()  # what they typed is kept
    assert Concern.objects.count() == ANONYMOUS_WRITES.per_client
    assert ask(client, panel, named=True).status_code == 302  # with their name, it goes


def test_settings_sent_with_an_unknown_button_keep_the_typed_days(client_as, dana):
    url = reverse("support_settings", kwargs={"org": "riverside"})
    response = client_as(dana).post(url, {"action": "²", "response_working_days": "7"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "We could not tell what to do. Please press the button again." in page
    assert 'name="response_working_days" value="7"' in page
