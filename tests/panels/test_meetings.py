"""Meetings: scheduling, the date poll, agenda, papers, notes, attendance and the calendar."""

from __future__ import annotations

import datetime
import re

import icalendar
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coproduce.panels.domain import meetings
from coproduce.panels.domain import messages as messaging
from coproduce.panels.models import (
    AgendaItem,
    Attendance,
    DateAnswer,
    Meeting,
    Paper,
)
from coproduce.people.messages import deliver
from tests.factories import AgendaItemFactory, MeetingFactory
from tests.markup import flat


def url(panel, rest=""):
    return f"/o/riverside/panels/{panel.pk}/{rest}"


@pytest.fixture
def meeting(panel, alice):
    meeting = MeetingFactory(panel=panel, title="June meeting")
    meeting.facilitators.set([alice.people.get()])
    return meeting


@pytest.fixture
def held(panel, alice):
    """A meeting that happened yesterday, so who came can be recorded."""
    held = MeetingFactory(
        panel=panel, title="June meeting", starts_at=timezone.now() - datetime.timedelta(days=1)
    )
    held.facilitators.set([alice.people.get()])
    return held


def test_staff_set_up_a_meeting_with_dates_to_offer(client, alice, panel):
    client.force_login(alice)
    response = client.post(
        url(panel, "meetings/new/"),
        {
            "title": "Transport meeting",
            "format": "online",
            "starts_at": "",
            "duration_minutes": "90",
            "online_link": "https://meet.example.org/x",
            "papers_due_days": "7",
            "poll_1": "2026-06-02T14:00",
            "poll_2": "2026-06-04T10:00",
        },
    )
    meeting = Meeting.objects.get(title="Transport meeting")
    assert response.status_code == 302
    assert meeting.starts_at is None
    assert [o.starts_at.isoformat() for o in meeting.date_options.all()] == [
        "2026-06-02T13:00:00+00:00",
        "2026-06-04T09:00:00+00:00",
    ]
    [item] = meeting.agenda_items.all()
    assert (item.title, item.is_you_said_we_did) == ("You said, we did", True)


def test_invalid_date_gives_a_clear_message_and_keeps_what_was_typed(client, alice, panel):
    client.force_login(alice)
    response = client.post(
        url(panel, "meetings/new/"),
        {
            "title": "Transport meeting",
            "format": "in_person",
            "starts_at": "2026-02-30T14:00",
            "duration_minutes": "120",
            "venue": "Town Hall, Room 4",
            "papers_due_days": "7",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a real date and time, for example 2026-05-05 14:00." in html
    assert 'value="Transport meeting"' in html
    assert "Town Hall, Room 4" in html
    assert not Meeting.objects.exists()


def test_meeting_needs_a_date_or_dates_to_offer(client, alice, panel):
    client.force_login(alice)
    response = client.post(
        url(panel, "meetings/new/"),
        {"title": "X", "format": "online", "duration_minutes": "60", "papers_due_days": "7"},
    )
    assert "Enter the date and time, or at least one date to offer." in response.content.decode()


def test_members_mark_dates_and_staff_choose_one(client, bob, alice, panel):
    meeting = meetings.create_meeting(
        panel,
        actor=alice,
        title="Poll",
        format="online",
        date_options=[
            datetime.datetime(2026, 6, 2, 13, tzinfo=datetime.UTC),
            datetime.datetime(2026, 6, 4, 9, tzinfo=datetime.UTC),
        ],
    )
    first, second = meeting.date_options.all()
    client.force_login(bob)
    poll = url(panel, f"meetings/{meeting.pk}/dates/")
    client.post(
        poll,
        {"action": "answer", f"poll-option_{first.pk}": "no", f"poll-option_{second.pk}": "yes"},
    )
    assert sorted(DateAnswer.objects.values_list("answer", flat=True)) == ["no", "yes"]
    assert client.post(poll, {"action": "choose", "option": second.pk}).status_code == 403
    client.force_login(alice)
    html = client.get(poll).content.decode()
    assert "Can come: Bob Hughes" in html
    client.post(poll, {"action": "choose", "option": second.pk})
    meeting.refresh_from_db()
    assert meeting.starts_at == second.starts_at
    assert meeting.sequence == 1


def test_agenda_items_move_with_buttons_and_standing_item_stays_last(alice, panel):
    meeting = meetings.create_meeting(
        panel, actor=alice, title="M", format="online", starts_at=timezone.now()
    )
    one = meetings.add_agenda_item(meeting, actor=alice, title="One")
    two = meetings.add_agenda_item(meeting, actor=alice, title="Two")
    titles = lambda: list(meeting.agenda_items.values_list("title", flat=True))  # noqa: E731 -- read again after each move
    assert titles() == ["One", "Two", "You said, we did"]
    meetings.move_agenda_item(two, direction="up", actor=alice)
    assert titles() == ["Two", "One", "You said, we did"]
    meetings.move_agenda_item(AgendaItem.objects.get(pk=two.pk), direction="up", actor=alice)
    assert titles() == ["Two", "One", "You said, we did"]
    assert one.pk


def test_member_sees_content_note_before_a_sensitive_item(client, bob, panel, meeting):
    AgendaItemFactory(
        meeting=meeting,
        title="Safeguarding review",
        purpose="We look at what went wrong.",
        content_note="Abuse of adults in care",
    )
    client.force_login(bob)
    html = flat(client.get(url(panel, f"meetings/{meeting.pk}/")).content.decode())
    note = html.index("Abuse of adults in care")
    details = html.index('<details class="sensitive"><summary>Show this item</summary>')
    assert note < details < html.index("We look at what went wrong.")


def test_easy_read_version_of_agenda_and_notes(client, bob, alice, panel, meeting):
    AgendaItemFactory(
        meeting=meeting,
        title="Bus routes",
        purpose="Standard purpose text.",
        title_easy_read="Buses",
        purpose_easy_read="We talk about buses.",
    )
    meetings.save_meeting_notes(
        meeting,
        actor=alice,
        summary="We agreed to ask for a new route.",
        full_notes="Long notes.",
        easy_read="We want a new bus.",
        publish=True,
    )
    client.force_login(bob)
    page = url(panel, f"meetings/{meeting.pk}/")
    standard = client.get(page).content.decode()
    assert "Standard purpose text." in standard
    assert "We agreed to ask for a new route." in standard
    easy = client.get(page + "?version=easy-read").content.decode()
    assert "We talk about buses." in easy
    assert "We want a new bus." in easy
    assert "Standard purpose text." not in easy


def test_unpublished_notes_are_for_staff_only(client, bob, alice, panel, meeting):
    meetings.save_meeting_notes(
        meeting, actor=alice, summary="Draft summary", full_notes="", easy_read="", publish=False
    )
    client.force_login(bob)
    assert "Draft summary" not in client.get(url(panel, f"meetings/{meeting.pk}/")).content.decode()
    client.force_login(alice)
    assert "Draft summary" in client.get(url(panel, f"meetings/{meeting.pk}/")).content.decode()


def test_paper_of_the_wrong_type_is_refused_and_the_title_kept(client, alice, panel, meeting):
    client.force_login(alice)
    response = client.post(
        url(panel, f"meetings/{meeting.pk}/papers/new/"),
        {
            "title": "Budget paper",
            "standard": SimpleUploadedFile("budget.exe", b"MZ\x90\x00", "application/octet-stream"),
        },
    )
    html = response.content.decode()
    assert "We cannot take this kind of file." in html
    assert 'value="Budget paper"' in html
    assert not Paper.objects.exists()


def test_paper_too_big_is_refused(client, alice, panel, meeting, settings):
    settings.PANELS_PAPER_MAX_MB = 1
    client.force_login(alice)
    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"x" * (1024 * 1024 + 1), "application/pdf")
    response = client.post(
        url(panel, f"meetings/{meeting.pk}/papers/new/"), {"title": "Big", "standard": big}
    )
    assert "The file is too big. It must be smaller than 1 MB." in response.content.decode()


def test_late_paper_is_marked_and_warned(client, alice, panel):
    meeting = MeetingFactory(panel=panel, starts_at=timezone.now() + datetime.timedelta(days=3))
    client.force_login(alice)
    response = client.post(
        url(panel, f"meetings/{meeting.pk}/papers/new/"),
        {
            "title": "Late paper",
            "standard": SimpleUploadedFile("late.pdf", b"%PDF-1.4", "application/pdf"),
        },
        follow=True,
    )
    assert "it is late: papers were due 7 days before the meeting" in response.content.decode()
    assert Paper.objects.get().late is True


def test_easy_read_member_gets_easy_read_paper_first(client, bob, org, alice, panel, meeting):
    person = bob.people.get()
    person.formats = ["easy_read"]
    person.save()
    meetings.add_paper(
        meeting,
        actor=alice,
        title="Options",
        standard=SimpleUploadedFile("options.pdf", b"%PDF-1.4 standard", "application/pdf"),
        easy_read=SimpleUploadedFile("options-er.pdf", b"%PDF-1.4 easy", "application/pdf"),
    )
    paper = Paper.objects.get()
    client.force_login(bob)
    html = client.get(url(panel, "me/")).content.decode()
    easy = html.index(f"papers/{paper.pk}/easy-read/")
    assert easy < html.index(f"papers/{paper.pk}/standard/")
    download = client.get(url(panel, f"meetings/{meeting.pk}/papers/{paper.pk}/easy-read/"))
    assert download.content == b"%PDF-1.4 easy"
    assert 'filename="options-er.pdf"' in download["Content-Disposition"]


def test_attendance_and_the_lived_experience_balance(client, alice, bob, panel, held):
    client.force_login(alice)
    bob_id, alice_id = bob.people.get().pk, alice.people.get().pk
    client.post(
        url(panel, f"meetings/{held.pk}/attendance/"),
        {
            f"status_{bob_id}": "attended",
            f"capacity_{bob_id}": "lived",
            f"status_{alice_id}": "attended",
            f"capacity_{alice_id}": "learnt",
        },
    )
    rows = sorted(Attendance.objects.values_list("person__name", "status", "capacity"))
    assert rows == [("Alice Okafor", "attended", "learnt"), ("Bob Hughes", "attended", "lived")]
    balance = meetings.room_balance(held)
    assert (balance.lived, balance.learnt, balance.lived_percent, balance.met) == (1, 1, 50, True)
    panel.lived_experience_target = 60
    panel.save()
    html = client.get(url(panel, f"meetings/{held.pk}/attendance/")).content.decode()
    assert "1 of the 2 people who came have lived experience (50%)" in html
    assert "The target was not met." in html


def test_calendar_file(client, bob, panel, meeting):
    client.force_login(bob)
    response = client.get(url(panel, f"meetings/{meeting.pk}/meeting.ics"))
    assert response["Content-Type"] == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Day Services Panel: June meeting"
    assert event["dtstart"].dt == meeting.starts_at
    assert event["dtend"].dt - event["dtstart"].dt == datetime.timedelta(minutes=120)
    assert str(event["uid"]) == f"{meeting.uid}@coproduce"
    assert str(event["location"]) == "Riverside Library, Room 2 / https://meet.example.org/panel"
    assert "alice@example.org" in str(event["description"])


def test_moving_a_meeting_raises_the_calendar_sequence(alice, meeting):
    changed = meetings.update_meeting(
        meeting, actor=alice, starts_at=meeting.starts_at + datetime.timedelta(days=1)
    )
    assert changed == ["starts_at"]
    assert meeting.sequence == 1
    assert b"SEQUENCE:1" in messaging.calendar_file(meeting)


def test_a_cancelled_meeting_takes_itself_out_of_calendars(alice, meeting):
    assert messaging.cancel_meeting(meeting, actor=alice, reason="The room flooded.")
    calendar = icalendar.Calendar.from_ical(messaging.calendar_file(meeting))
    [event] = calendar.walk("VEVENT")
    assert (str(calendar["method"]), str(event["status"]), event["sequence"]) == (
        "CANCEL",
        "CANCELLED",
        1,
    )
    assert str(event["uid"]) == f"{meeting.uid}@coproduce"


def test_a_move_form_shows_only_when_there_is_something_to_move(client, alice, panel, meeting):
    first = AgendaItemFactory(meeting=meeting, title="Welcome", position=1)
    client.force_login(alice)
    page = url(panel, f"meetings/{meeting.pk}/")
    html = client.get(page).content.decode()
    assert f"agenda/{first.pk}/move/" not in html  # one item: a form with no button was here
    second = AgendaItemFactory(meeting=meeting, title="Bus passes", position=2)
    html = flat(client.get(page).content.decode())
    for item, button in ((first, "Move down"), (second, "Move up")):
        form = re.search(
            rf'<form method="post" action="[^"]*/{item.pk}/move/">(.*?)</form>', html, re.S
        )
        assert form is not None
        assert re.findall(r"<button[^>]*>(Move \w+)", form.group(1)) == [button]


def test_attendance_of_one_person_reads_as_one(client, alice, bob, panel, held):
    client.force_login(alice)
    bob_id, alice_id = bob.people.get().pk, alice.people.get().pk
    client.post(
        url(panel, f"meetings/{held.pk}/attendance/"),
        {
            f"status_{bob_id}": "attended",
            f"capacity_{bob_id}": "lived",
            f"status_{alice_id}": "absent",
            f"capacity_{alice_id}": "learnt",
        },
    )
    html = client.get(url(panel, f"meetings/{held.pk}/attendance/")).content.decode()
    assert "1 of the 1 person who came has lived experience (100%)" in html


def test_a_paper_one_day_late_says_day(client, alice, panel):
    meeting = MeetingFactory(
        panel=panel, starts_at=timezone.now() + datetime.timedelta(hours=12), papers_due_days=1
    )
    client.force_login(alice)
    html = client.get(url(panel, f"meetings/{meeting.pk}/papers/new/")).content.decode()
    assert "(1 day before the meeting)" in html


@pytest.mark.parametrize("typed", ["9999-12-31T23:59", "0001-01-01T00:00", "1999-12-31T23:59"])
def test_a_date_nobody_can_meet_on_is_refused_with_a_message(client, alice, panel, typed):
    client.force_login(alice)
    response = client.post(
        url(panel, "meetings/new/"),
        {
            "title": "Far away meeting",
            "format": "online",
            "starts_at": typed,
            "poll_1": typed,
            "duration_minutes": "90",
            "online_link": "https://meet.example.org/x",
            "papers_due_days": "7",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Enter a date from the year 2000 to 2099.") >= 2  # summary and field
    assert f'value="{typed}"' in html
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("saved", "read"),
    [
        (datetime.datetime(9999, 12, 31, 23, 59, tzinfo=datetime.UTC), "2099-12-31T23:59:00"),
        (datetime.datetime(1, 1, 1, tzinfo=datetime.UTC), "2000-01-01T00:00:00"),
    ],
)
def test_a_meeting_saved_before_the_date_limit_still_works(
    client, alice, bob, panel, mailoutbox, saved, read
):
    meeting = MeetingFactory(panel=panel, title="Old row")
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=saved)
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.starts_at.isoformat() == f"{read}+00:00"
    for who in (alice, bob):
        client.force_login(who)
        for rest in (f"meetings/{meeting.pk}/", "meetings/", "me/", ""):
            assert client.get(url(panel, rest)).status_code == 200, (who, rest)
        ics = client.get(url(panel, f"meetings/{meeting.pk}/meeting.ics"))
        [event] = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")
        assert event["dtstart"].dt.isoformat() == f"{read}+00:00"
    made = messaging.send_meeting_invitations(meeting, actor=alice)
    sent = [deliver(m.message_id) for m in made]
    assert sent == [True] * len(made)
    assert len(mailoutbox) == len(made) > 0


def test_attendance_waits_until_the_meeting_has_happened(client, alice, bob, panel, meeting):
    client.force_login(alice)
    bob_id, alice_id = bob.people.get().pk, alice.people.get().pk
    response = client.post(
        url(panel, f"meetings/{meeting.pk}/attendance/"),
        {
            f"status_{bob_id}": "attended",
            f"capacity_{bob_id}": "lived",
            f"status_{alice_id}": "attended",
            f"capacity_{alice_id}": "learnt",
        },
    )
    assert "This meeting has not happened yet." in response.content.decode()
    assert not Attendance.objects.exists()
