"""Getting people their link: invitations and reminders over real SMTP, slips to print, and
reminders that are safe to run twice."""

from __future__ import annotations

import datetime
import io
import re
from email.header import decode_header, make_header
from html import unescape

import pytest
import segno
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags

from coproduce.core.models import AuditEntry
from coproduce.initiatives.home import to_dos_for
from coproduce.initiatives.models import Capacity
from coproduce.ladder import delivery, domain
from coproduce.ladder.models import LinkMessage, Response
from coproduce.panels.plain_language import check_text
from coproduce.people import messages
from coproduce.people.models import Message
from tests.accounts.test_smtp import plain_text, smtp_server
from tests.factories import InvolvementFactory, PersonFactory

__all__ = ["smtp_server"]  # a shared fixture

SITE = "http://127.0.0.1:8000"  # emails: SITE_URL (no request)
PAGE_SITE = "http://testserver"  # pages: the address they were asked for


@pytest.fixture
def carol(org, initiative):
    """A carer with no email, who likes a phone call: her link goes by hand."""
    person = PersonFactory(
        organisation=org, name="Carol Singh", phone="01632 960222", contact_methods=["phone"]
    )
    InvolvementFactory(initiative=initiative, person=person, capacity=Capacity.LIVED_CARER)
    return person


@pytest.fixture
def opened(initiative, alice, bob, carol, django_capture_on_commit_callbacks):
    """Round 1 opened by alice, its emails sent (through whatever mailer the test set up)."""
    with django_capture_on_commit_callbacks(execute=True):
        return domain.open_round(initiative, actor=alice)


def response_of(round_, user=None, person=None) -> Response:
    if user is not None:
        return round_.responses.get(person__user=user)
    return round_.responses.get(person=person)


def until(response: Response) -> str:
    return date_format(timezone.localtime(response.link_expires_at), "j F Y")


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def actions(name: str) -> list[dict]:
    return list(
        AuditEntry.objects.filter(action=name).order_by("id").values_list("data", flat=True)
    )


# Invitations


def test_opening_a_round_emails_each_link_over_smtp(smtp_server, opened, bob):
    bobs = response_of(opened, user=bob)
    by_address = {m["To"]: m for m in smtp_server.messages}
    assert sorted(by_address) == ["alice@example.org", "bob@example.org"]
    message = by_address["bob@example.org"]
    assert subject(message) == (
        "Your link to the Ladder questions about “Make the garden easy to use”"
    )
    assert plain_text(message) == (
        "Hello Bob Hughes,\n"
        "\n"
        "Riverside Council would like to know how much say you have in "
        "“Make the garden easy to use”.\n"
        "\n"
        "The Ladder is a short set of questions about how much say people have in a piece of "
        "work.\n"
        "\n"
        "Open your own link to answer:\n"
        f"{SITE}/answer/{bobs.token}/\n"
        "\n"
        f"Or go to {SITE}/answer/ and type this code: {bobs.code_display}\n"
        "\n"
        "It takes about 10 minutes. You can stop and come back later.\n"
        "Nobody else sees your own answers. We only show what groups of 3 or more people "
        "said.\n"
        f"Your link works until {until(bobs)}.\n"
        "This link is just for you. Please do not pass it on.\n"
        "\n"
        "If you have a question, or you would like to answer on paper or by phone, contact "
        "Alice Okafor: email alice@example.org.\n"
        "\n"
        "Riverside Council\n"
    )
    assert message.get_content_type() == "text/plain"  # like every message: plain words
    # It is on Bob's Messages page, as it went.
    sent = Message.objects.get(person__user=bob, kind="ladder.invitation")
    assert (sent.channel, sent.status, sent.link) == (
        "email",
        "sent",
        f"{SITE}/answer/{bobs.token}/",
    )


def test_opening_a_round_records_what_went_to_whom(opened, alice, bob, carol):
    rows = sorted(
        (m.response.person.name, m.kind, m.message.channel, m.message.status, m.created_by)
        for m in LinkMessage.objects.select_related("response__person", "message")
    )
    assert rows == [
        ("Alice Okafor", "invitation", "email", "sent", alice),
        ("Bob Hughes", "invitation", "email", "sent", alice),
        ("Carol Singh", "invitation", "call", "by_hand", alice),  # on the staff to-do list
    ]
    assert actions("ladder.round.invited") == [{"number": 1, "count": 3, "by_staff": 1}]
    assert len(mail.outbox) == 2


def test_inviting_again_sends_nothing_twice(opened, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        again = delivery.send_invitations(opened, actor=alice)
    assert (again, len(mail.outbox), LinkMessage.objects.count()) == ([], 2, 3)
    assert len(actions("ladder.round.invited")) == 1


def test_someone_asked_later_gets_their_link(
    org, initiative, opened, alice, django_capture_on_commit_callbacks
):
    dev = PersonFactory(organisation=org, name="Dev Patel", email="dev@example.org")
    InvolvementFactory(initiative=initiative, person=dev, capacity=Capacity.LIVED_CARE)
    with django_capture_on_commit_callbacks(execute=True):
        response = domain.add_to_round(opened, dev, actor=alice)
    assert [m.to for m in mail.outbox[2:]] == [["dev@example.org"]]
    assert f"/answer/{response.token}/" in mail.outbox[2].body
    assert actions("ladder.round.invited")[-1] == {"number": 1, "count": 1, "by_staff": 0}


def test_a_link_not_sent_yet_is_withdrawn_when_it_is_no_use(
    initiative, alice, bob, carol, django_capture_on_commit_callbacks
):
    round_ = domain.open_round(initiative, actor=alice)  # the emails wait for the commit
    bobs = response_of(round_, user=bob)
    domain.submit_response(bobs)  # Bob answered on paper before his email went
    bobs_message = LinkMessage.objects.get(response=bobs).message
    assert messages.deliver(bobs_message.pk) is False  # the queued task finds nothing to send
    bobs_message.refresh_from_db()
    assert (mail.outbox, bobs_message.status) == ([], "withdrawn")
    domain.close_round(round_, actor=alice)  # Carol's call is no use now: off the to-do list
    statuses = dict(Message.objects.values_list("person__name", "status"))
    assert statuses == {
        "Alice Okafor": "withdrawn",
        "Bob Hughes": "withdrawn",
        "Carol Singh": "withdrawn",
    }


def phone_calls_to_make(staff) -> list[str]:
    today = timezone.localdate()
    items = to_dos_for(staff.memberships.get(), staff.people.get(), today)
    return [item.what for item in items if item.kind == "messages"]


def test_a_call_with_a_link_that_ran_out_is_withdrawn_by_the_daily_run(opened, alice, carol):
    carols = Message.objects.get(person=carol)
    assert (carols.channel, carols.status) == ("call", "by_hand")
    assert phone_calls_to_make(alice) == ["1 phone call to make"]
    Response.objects.filter(person=carol).update(link_expires_at=later(1 / 24))
    call_command("send_ladder_reminders", stdout=io.StringIO())
    assert phone_calls_to_make(alice) == ["1 phone call to make"]  # it still works for an hour

    Response.objects.filter(person=carol).update(link_expires_at=later(-1 / 24))  # an hour ago
    out = io.StringIO()
    call_command("send_ladder_reminders", "--dry-run", stdout=out)
    assert out.getvalue().startswith("Would withdraw 1 message whose link has run out\n")
    assert Message.objects.get(pk=carols.pk).status == "by_hand"
    call_command("send_ladder_reminders", stdout=out)

    assert phone_calls_to_make(alice) == []
    carols.refresh_from_db()
    assert (carols.status, carols.last_error) == ("withdrawn", "The link stopped working.")
    assert out.getvalue().endswith(
        "Withdrew 1 message whose link has run out\nSent 0 reminders (gap 3 days).\n"
    )


def test_people_who_chose_another_way_get_it_that_way(org, initiative, alice, bob, carol):
    bob_person = bob.people.get(organisation=org)
    bob_person.contact_methods = ["text"]  # has an address, but asked for texts
    bob_person.phone = "07700 900123"
    bob_person.save()
    round_ = domain.open_round(initiative, actor=alice)
    channels = dict(round_.responses.values_list("person__name", "link_messages__message__channel"))
    assert channels == {"Alice Okafor": "email", "Bob Hughes": "text", "Carol Singh": "call"}


def test_a_new_link_goes_to_the_person_and_the_old_one_is_not_in_it(
    opened, alice, bob, carol, django_capture_on_commit_callbacks
):
    bobs = response_of(opened, user=bob)
    old_token = bobs.token
    with django_capture_on_commit_callbacks(execute=True):
        renewed = domain.renew_link(bobs, actor=alice)
        domain.renew_link(response_of(opened, person=carol), actor=alice)
    [email] = mail.outbox[2:]
    assert email.to == ["bob@example.org"]
    assert (
        email.subject == "Your new link to the Ladder questions about “Make the garden easy to use”"
    )
    assert email.body.startswith(
        "Hello Bob Hughes,\n\nHere is your new link to the questions about how much say you "
        "have in “Make the garden easy to use”. Your old link and code no longer work.\n\n"
    )
    assert f"{SITE}/answer/{renewed.token}/\n" in email.body
    assert f"type this code: {renewed.code_display}\n" in email.body
    assert old_token not in email.body
    new_links = LinkMessage.objects.filter(kind="new_link").order_by("id")
    assert [(m.response.person.name, m.message.channel, m.message.status) for m in new_links] == [
        ("Bob Hughes", "email", "sent"),
        ("Carol Singh", "call", "by_hand"),
    ]
    # Carol's call with the old link is off the staff to-do list: only the new one is on it.
    carols = Message.objects.filter(person=carol).order_by("id")
    assert [(m.kind, m.status) for m in carols] == [
        ("ladder.invitation", "withdrawn"),
        ("ladder.new_link", "by_hand"),
    ]


# Reminders


def later(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def test_reminder_goes_over_smtp_only_to_who_has_not_sent(
    smtp_server,
    opened,
    alice,
    bob,
    django_capture_on_commit_callbacks,
):
    alices = response_of(opened, user=alice)
    domain.submit_response(alices)
    bobs = response_of(opened, user=bob)
    Response.objects.filter(pk=bobs.pk).update(started_at=timezone.now())  # began, not sent
    smtp_server.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminded = delivery.remind_round(opened, actor=alice, now=later(4))
    assert sorted(r.person.name for r in reminded) == ["Bob Hughes", "Carol Singh"]  # by phone
    [message] = smtp_server.messages
    assert message["To"] == "bob@example.org"
    assert subject(message) == (
        "Reminder: your link to the Ladder questions about “Make the garden easy to use”"
    )
    body = plain_text(message)
    assert body.startswith(
        "Hello Bob Hughes,\n\n"
        "We would still like to know how much say you have in “Make the garden easy to use”. "
        "You have not sent your answers yet. Your answers so far are saved. You can carry on "
        "where you stopped.\n\n"
    )
    assert f"{SITE}/answer/{bobs.token}/\n" in body
    assert actions("ladder.round.reminded") == [{"number": 1, "count": 2}]
    assert AuditEntry.objects.filter(action="ladder.round.reminded").get().actor == alice


def test_reminders_run_twice_send_once(opened, bob, django_capture_on_commit_callbacks):
    before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        first = delivery.remind_open_rounds(now=later(4))
        second = delivery.remind_open_rounds(now=later(4))
        third = delivery.remind_open_rounds(now=later(6))  # still within the gap
    # Carol, who likes a call, is reminded too: a call on the staff to-do list.
    assert sorted(r.person.name for r in first) == ["Alice Okafor", "Bob Hughes", "Carol Singh"]
    assert (second, third) == ([], [])
    assert len(mail.outbox) - before == 2
    assert LinkMessage.objects.filter(kind="reminder").count() == 3
    carols = Message.objects.get(person__name="Carol Singh", kind="ladder.reminder")
    assert (carols.channel, carols.status) == ("call", "by_hand")


def test_no_reminder_soon_after_the_invitation(opened, alice):
    assert delivery.remind_round(opened, actor=alice, now=later(2)) == []
    assert not LinkMessage.objects.filter(kind="reminder").exists()


def test_no_more_than_the_most_reminders(
    opened, alice, settings, django_capture_on_commit_callbacks
):
    settings.LADDER_REMINDERS_MAX = 2
    with django_capture_on_commit_callbacks(execute=True):
        counts = [len(delivery.remind_round(opened, actor=alice, now=later(d))) for d in (4, 8, 12)]
    assert counts == [3, 3, 0]


def test_no_reminder_once_the_round_is_closed_or_the_link_has_run_out(opened, alice, bob):
    bobs = response_of(opened, user=bob)
    Response.objects.filter(pk=bobs.pk).update(link_expires_at=later(1))
    reminded = delivery.remind_round(opened, actor=alice, now=later(4))
    assert sorted(r.person.name for r in reminded) == ["Alice Okafor", "Carol Singh"]
    domain.close_round(opened, actor=alice)
    assert delivery.remind_round(opened, actor=alice, now=later(20)) == []


def test_reminder_command_dry_run_sends_nothing_then_sends_once(
    opened, django_capture_on_commit_callbacks
):
    LinkMessage.objects.update(created_at=later(-4))  # invited 4 days ago
    before = len(mail.outbox)
    out = io.StringIO()
    call_command("send_ladder_reminders", "--dry-run", stdout=out)
    assert out.getvalue() == (
        f"Would remind 3 people in round {opened.pk}\nDry run: 3 reminders due (gap 3 days).\n"
    )
    assert (len(mail.outbox), LinkMessage.objects.filter(kind="reminder").count()) == (before, 0)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_ladder_reminders", stdout=out)
    assert out.getvalue().endswith(
        f"Reminded 3 people in round {opened.pk}\nSent 3 reminders (gap 3 days).\n"
        "Sent 0 reminders (gap 3 days).\n"
    )
    assert len(mail.outbox) - before == 2


def test_reminder_button_says_what_it_did(client_as, alice, initiative, opened):
    LinkMessage.objects.update(created_at=later(-4))  # invited 4 days ago
    url = f"/o/riverside/initiatives/{initiative.pk}/ladder/rounds/{opened.pk}/remind/"
    staff = client_as(alice)
    first = staff.post(url, follow=True).content.decode()
    assert "Reminders are on their way to 3 people." in first
    second = staff.post(url, follow=True).content.decode()
    assert (
        "Nobody needs a reminder now. Each person gets one at most every 3 days, and no more "
        "than 2 in all."
    ) in second


# The round page and the slips


def test_round_page_says_how_each_link_went(client_as, alice, initiative, opened):
    body = client_as(alice).get(
        f"/o/riverside/initiatives/{initiative.pk}/ladder/rounds/{opened.pk}/"
    )
    text = body.content.decode()
    today = date_format(timezone.localtime(), "j M Y")
    assert text.count(f"Link: email, sent on {today}") == 2
    assert text.count("Link: phone call or their supporter, for staff to send") == 1
    assert "New link" not in text
    assert "1 person does not use email. Print a slip for them and give it to them" in text
    assert "Send reminders" in text


def test_slips_page_has_a_slip_for_each_person_without_email(
    client_as, alice, initiative, opened, carol
):
    base = f"/o/riverside/initiatives/{initiative.pk}/ladder/rounds/{opened.pk}/slips/"
    body = client_as(alice).get(base).content.decode()
    carols = response_of(opened, person=carol)
    link = f"{PAGE_SITE}/answer/{carols.token}/"  # printed from a page: its own address
    assert body.count('class="slip-print"') == 1
    assert f'<h2 id="slip-{carols.pk}" class="slip-name">Carol Singh</h2>' in body
    assert f'<p class="slip-code">{carols.code_display}</p>' in body
    qr = segno.make(link, error="m").svg_inline(
        scale=4, border=2, svgclass="slip-qr", lineclass=None, omitsize=True
    )
    assert f'<div class="slip-qr-box" aria-hidden="true">{qr}</div>' in body
    assert f"Or go to {PAGE_SITE}/answer/ and type your code:" in body
    assert "It takes about 10 minutes." in body
    assert f"Your code works until {until(carols)}. It is just for you." in body
    assert "Contact Alice Okafor: email alice@example.org." in body
    assert "Bob Hughes" not in body
    assert "style=" not in body
    assert "<script>" not in body
    assert "css/ladder-slips.css" in body

    everyone = client_as(alice).get(f"{base}?everyone=1").content.decode()
    assert everyone.count('class="slip-print"') == 3


def test_slips_leave_out_who_has_sent_and_closed_rounds(client_as, alice, bob, initiative, opened):
    domain.submit_response(response_of(opened, user=bob))
    base = f"/o/riverside/initiatives/{initiative.pk}/ladder/rounds/{opened.pk}/slips/"
    everyone = client_as(alice).get(f"{base}?everyone=1").content.decode()
    assert everyone.count('class="slip-print"') == 2
    assert "Bob Hughes" not in everyone
    domain.close_round(opened, actor=alice)
    closed = client_as(alice).get(base).content.decode()
    assert 'class="slip-print"' not in closed
    assert "This round is closed, so there are no slips to print." in closed


# Plain words: reading age 9 to 11 (Flesch-Kincaid grade 6 at most), no sentence over 25 words


BLOCK = re.compile(r"<(p|li|h1|h2|h3|button|a)\b[^>]*>(.*?)</\1>", re.S)


def words_of(html: str) -> str:
    """The text people read in the page's main part, one paragraph or item a line."""
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    blocks = BLOCK.findall(main)
    text = [re.sub(r"\s+", " ", strip_tags(block)).strip() for _tag, block in blocks]
    return "\n".join(unescape(t) for t in text if t)


def test_round_page_slips_and_emails_are_plain(client_as, alice, initiative, opened):
    base = f"/o/riverside/initiatives/{initiative.pk}/ladder/rounds/{opened.pk}/"
    staff = client_as(alice)
    texts = {
        "round page": words_of(staff.get(base).content.decode()),
        "slips": words_of(staff.get(f"{base}slips/").content.decode()),
        "invitation": mail.outbox[0].body,
    }
    reports = {name: check_text(text) for name, text in texts.items()}
    too_hard = {
        name: (report.grade, report.longest, report.longest_start)
        for name, report in reports.items()
        if report.grade is None or report.grade > 6 or report.longest > 25
    }
    assert too_hard == {}
