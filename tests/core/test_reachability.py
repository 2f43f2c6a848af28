"""Every page a person may open can be found from their home by following links.

For each of the cast, the test starts at the home page and follows every link on every page
it reaches (GET only, inside the site), the way a person clicking around would. Every named
URL the tenancy matrix says that person may open (200) must be reached, or be listed in
`ARRIVES_ANOTHER_WAY` with the message, printed slip or action that takes people there. So a
new page fails here until something links to it.
"""

from __future__ import annotations

import datetime
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import Resolver404, resolve

from coproduce.payments import domain as payments
from tests.core.test_tenancy_matrix import EXPECTED, riverside

__all__ = ["riverside"]  # a shared fixture

pytestmark = pytest.mark.django_db

# Pages nobody reaches from a home page by design, and how people get there instead.
ARRIVES_ANOTHER_WAY: dict[str, str] = {
    # Private links sent to one person: the link is the key
    "answer_start": "the Ladder invitation email, text or printed slip",
    "answer_question": "the Ladder answer pages, from the invitation link",
    "answer_check": "the Ladder answer pages, from the invitation link",
    "answer_saved": "the Ladder answer pages, from the invitation link",
    "ladder_proxy_check": "the last question, when staff type in someone's answers (a form)",
    "ladder_shared_summary": "the address staff share with people outside",
    "concern_follow": "the private follow-up link shown once when a concern is raised",
    "outcomes_public": "the published address staff share",
    "accept_invitation": "the invitation email, or the QR code and address on a login slip",
    "panel_member_slip_print": "the 'Print a login slip' button on the members page (a form)",
    "workshop_sign_up": "the workshop invitation and reminder (by their way), or a member's home",
    "workshop_sign_up_calendar": "the workshop invitation, reminder and sign-up page",
    "panel_application_done": "the applicant's private link, in their email",
    "panel_equality": "the applicant's private link, in their email",
    "panel_equality_withdraw": "the applicant's private link, in their email",
    "selection_chance": "the applicant's private link, in their email",
    "workshop_join": "the workshop's join code, QR code or link on the screen",
    "workshop_left": "the 'leave' button in the live room (a form)",
    "display": "the room screen's own address, opened on the projector",
    # Not a page: another service calls it
    "notify_callback": "GOV.UK Notify, with each message's delivery status (a JSON post)",
    # allauth pages reached in the middle of a sign-in or from an email
    "account_inactive": "allauth, when an account is switched off",
    "account_reset_password_done": "after asking for a new password (a form)",
    "account_reset_password_from_key": "the reset email",
    "account_reset_password_from_key_done": "after setting a new password (a form)",
    "account_confirm_email": "the confirmation email",
    "account_email_verification_sent": "after adding an email address (a form)",
    "account_reauthenticate": "allauth, before a sensitive change",
    "mfa_reauthenticate": "allauth, before a sensitive change",
    "mfa_deactivate_totp": "the two-step page's 'turn off' form",
    # Typed in from a printed slip, a poster or the room screen
    "answer_code": "the short address and code printed on Ladder slips",
    "workshop_join_code": "the short address shown on the room screen and on posters",
    "panel_public": "the panel's flyer, its QR code and the organisation's own website",
    "panel_apply": "the panel's public page, from its flyer or QR code",
    # Shown only when there is something to show; the matrix's records have none
    "ladder_summary": "the Ladder results page, once a round has a result",
    "access_needs_changed": "the email to the people who look after a panel",
    "organisation_create": "the start page of someone who belongs to no organisation",
    "panel_equality_record": "an application's page, when the applicant answered the equality "
    "questions, for the people allowed to read them",
    "picture_file": "an organisation's own picture, beside an easy read point it was chosen for",
    "selection_progress": "the selection page asks for it every 2 seconds while a draw runs",
    "panel_equality_delete": "an application's page, when the applicant answered the equality "
    "questions, for the people allowed to delete them",
}

# How far the walk goes: pages per URL name (different records of one kind add nothing new),
# and pages in all.
PER_NAME = 8
MAX_PAGES = 800
# Links never followed: they change something or leave.
NOT_FOLLOWED = {"account_logout"}


class Links(HTMLParser):
    """Links, and the addresses forms send to: a GET form and an htmx `hx-get` are followed
    like a link; the address a POST form sends to, and a picture's, count as reached (a
    button takes people there; the page shows the picture)."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.posts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.hrefs.append(found["href"] or "")
        if found.get("hx-get"):
            self.hrefs.append(found["hx-get"] or "")
        if tag == "img" and found.get("src"):
            self.posts.append(found["src"] or "")
        elif tag == "form" and found.get("action"):
            method = (found.get("method") or "get").lower()
            (self.posts if method == "post" else self.hrefs).append(found["action"] or "")


def links_on(html: str, base: str) -> tuple[list[str], list[str]]:
    """The links to follow on a page at `base`, and the addresses its POST forms send to."""
    parser = Links()
    parser.feed(html)
    return _inside(parser.hrefs, base), _inside(parser.posts, base)


def _inside(hrefs: list[str], base: str) -> list[str]:
    found = []
    for href in hrefs:
        href = urldefrag(href).url
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href:
            continue  # another site, mailto:, tel:, or only a fragment
        if not href.startswith("/"):
            href = base.rsplit("/", 1)[0] + "/" + href
        if href.startswith(("/static/", "/media/")):
            continue
        found.append(href)
    return found


def walk(client, start: str) -> set[str]:
    """The names of every page reached from `start` by following links."""
    reached: dict[str, int] = {}
    posted: set[str] = set()
    seen = {start}
    queue = deque([start])
    pages = 0
    while queue and pages < MAX_PAGES:
        url = queue.popleft()
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            continue
        name = match.url_name or ""
        if name in NOT_FOLLOWED:
            reached[name] = reached.get(name, 0) + 1  # linked to, so reached; never opened
            continue
        if reached.get(name, 0) >= PER_NAME:
            continue
        response = client.get(url, follow=True)
        pages += 1
        if response.status_code != 200:
            continue
        final = response.request["PATH_INFO"]
        final_name = resolve(final).url_name or ""
        reached[final_name] = reached.get(final_name, 0) + 1
        if "html" not in response.get("Content-Type", ""):
            continue
        links, posts = links_on(response.content.decode(), final)
        for link in links:
            if link not in seen:
                seen.add(link)
                queue.append(link)
        for post in posts:
            try:
                posted.add(resolve(urlsplit(post).path).url_name or "")
            except Resolver404:
                continue
    return set(reached) | posted


def may_open(who: str) -> set[str]:
    return {name for name, expected in EXPECTED.items() if expected[who] == 200}


@pytest.fixture
def claims_to_check_and_pay(org, cast, riverside):
    """Beside the matrix's records: a claim Bob sent, and one Alice agreed, so the pages for
    checking and paying a claim have something to show."""
    bob = cast["bob"].people.get(organisation=org)
    for agree in (False, True):
        claim = payments.create_claim(
            bob,
            actor=cast["bob"],
            activity_type="meeting",
            activity_date=datetime.date(2026, 6, 2),
            quantity=1,
        )
        payments.submit_claim(claim, actor=cast["bob"])
        if agree:
            payments.approve_claim(claim, actor=cast["alice"])


@pytest.mark.parametrize("who", ["anon", "bob", "alice", "dana"])
def test_every_page_is_reached_from_home(who, client, cast, claims_to_check_and_pay):
    if who != "anon":
        client.force_login(cast[who])
    reached = walk(client, "/")
    missing = sorted(may_open(who) - reached - set(ARRIVES_ANOTHER_WAY))
    assert missing == [], (
        f"{who} cannot reach these pages by following links from home: {missing}. Link to them "
        "from a page that person sees, or say in ARRIVES_ANOTHER_WAY how people get there."
    )


def test_pages_listed_as_arriving_another_way_exist():
    assert sorted(set(ARRIVES_ANOTHER_WAY) - set(EXPECTED)) == []
