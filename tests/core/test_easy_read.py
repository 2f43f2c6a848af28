"""Easy read pages: a picture with alt text beside every point, short plain sentences, and
no standard wording left where an easy read version exists."""

from __future__ import annotations

import datetime
import inspect
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.ladder.path_bank import load_any_bank
from coproduce.panels.domain import agreement, regenerate_role_description
from coproduce.panels.models import AgendaItem, AgreementPoint, MeetingNotes, Paper
from coproduce.panels.plain_language import check_text, sentences
from coproduce.payments import domain as payments
from coproduce.payments.queries import settings_for
from coproduce.pictures import chosen
from coproduce.pictures.builtin import STATIC_DIR, builtin_pictures
from coproduce.pictures.domain import add_picture
from coproduce.pictures.models import OrgPicture, PointPicture
from coproduce.pictures.points import suggest
from tests.factories import (
    ClaimFactory,
    MeetingFactory,
    PanelFactory,
    PanelMemberFactory,
    RateFactory,
    ResponseFactory,
)
from tests.markup import flat

PICTURES = Path(settings.BASE_DIR) / "static" / STATIC_DIR


class Points(HTMLParser):
    """Each easy read point on a page: its picture's alt text and its words."""

    def __init__(self) -> None:
        super().__init__()
        self.points: list[dict[str, str]] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "li" and "easy-point" in (found.get("class") or "").split():
            self.points.append({"alt": "", "src": "", "text": ""})
            self.depth = 1
        elif self.depth and tag == "img" and not self.points[-1]["src"]:
            self.points[-1]["alt"] = found.get("alt") or ""
            self.points[-1]["src"] = found.get("src") or ""
        elif self.depth and tag == "li":
            self.depth += 1
        elif self.depth and tag == "br":
            self.points[-1]["text"] += " "

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "li":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.points[-1]["text"] += data


def points_on(html: str) -> list[dict[str, str]]:
    parser = Points()
    parser.feed(html)
    for point in parser.points:
        point["text"] = " ".join(point["text"].split())
    return parser.points


def assert_pictured(points: list[dict[str, str]]) -> None:
    assert points, "no easy read points on the page"
    for point in points:
        assert point["alt"].strip(), point
        assert point["src"], point


def words_problems(points: list[dict[str, str]]) -> list[str]:
    problems = []
    for point in points:
        for sentence in sentences(point["text"]):
            if len(sentence.split()) > 15:
                problems.append(f"over 15 words: {sentence}")
        age = check_text(point["text"]).reading_age
        if age is not None and age > 9:
            problems.append(f"reading age {age}: {point['text']}")
    return problems


# -- the picture set -------------------------------------------------------------------------


def test_every_built_in_picture_is_vendored_with_the_licence():
    for picture in builtin_pictures().values():
        assert (PICTURES / f"{picture.codepoints}.svg").is_file(), picture.name
        assert picture.alt
        assert picture.alt[0].isupper()
    assert (PICTURES / "LICENSE").read_text().startswith("Attribution-ShareAlike 4.0")
    assert "OpenMoji" in (PICTURES / "ATTRIBUTION.txt").read_text()
    vendored = {p.name for p in PICTURES.glob("*.svg")}
    assert vendored == {f"{p.codepoints}.svg" for p in builtin_pictures().values()}


def test_pictures_chosen_in_code_are_all_built_in_and_cover_the_ladder():
    names = set(builtin_pictures())
    chosen_names = {
        *chosen.LADDER_QUESTIONS.values(),
        *chosen.LADDER_ANSWERS.values(),
        *(name for _words, name in chosen.SUGGESTIONS),
        chosen.FALLBACK,
        chosen.LADDER_ANSWER_DEFAULT,
        *(picture for _text, _easy, picture in agreement.TEMPLATE_POINTS),
    }
    assert chosen_names - names == set()
    bank = load_any_bank(2)
    assert {q.key for q in bank.questions} <= set(chosen.LADDER_QUESTIONS)
    answer_keys = {o.key for q in bank.questions for o in q.options}
    assert answer_keys - set(chosen.LADDER_ANSWERS) == set()


def test_accessibility_page_gives_the_pictures_licence_and_attribution(client):
    body = client.get("/accessibility/").content.decode()
    assert "All emojis designed by OpenMoji" in body
    assert 'href="https://creativecommons.org/licenses/by-sa/4.0/"' in body
    assert 'id="pictures"' in body


# -- which templates are checked --------------------------------------------------------------

TEMPLATES = Path(settings.BASE_DIR) / "templates"

# Every page template that draws easy read points (it loads the easy_read tags, or is an
# `_easy` twin), and the test here that renders it and checks its points: a new one fails
# test_every_easy_read_page_template_is_checked_here until it is added with its test.
PAGE_TEMPLATES = {
    "ladder/answer_question.html": (
        "test_ladder_question_easy_read_has_a_picture_for_the_question_and_each_answer"
    ),
    "outcomes/page.html": "test_outcomes_easy_read_has_pictures",
    "outcomes/_measures_easy.html": "test_outcomes_easy_read_has_pictures",
    "outcomes/_story_easy.html": "test_outcomes_easy_read_stories_have_pictures",
    "panels/agreement.html": "test_ready_made_agreement_points_come_with_their_own_pictures",
    "panels/meetings/detail.html": (
        "test_agenda_item_and_notes_pictures_are_chosen_on_their_own_pages"
    ),
    "panels/meetings/_item_body.html": (
        "test_agenda_item_and_notes_pictures_are_chosen_on_their_own_pages"
    ),
    "panels/meetings/_paper_easy.html": "test_meeting_papers_in_easy_read_are_pictured_points",
    "panels/_me_easy.html": "test_my_page_is_easy_read_first_for_who_chose_it_and_keeps_what_to_do",
    "panels/public/panel.html": "test_role_description_easy_read_points_are_short_and_plain",
    "panels/public/apply_start.html": "test_apply_start_easy_read_has_a_picture_for_every_point",
    "panels/public/application_form.html": (
        "test_application_form_easy_read_questions_have_pictures"
    ),
    "panels/role_form.html": "test_role_form_preview_shows_the_easy_read_points_with_pictures",
    "payments/_letter_easy.html": (
        "test_payment_letter_is_easy_read_first_for_who_chose_it_and_keeps_every_figure"
    ),
    "payments/_statement_easy.html": (
        "test_year_statement_is_easy_read_first_and_keeps_every_figure"
    ),
    "workshops/room.html": "test_workshop_room_easy_read_instructions_have_pictures",
}

# The message templates with an easy read twin are found from people.messages.TEMPLATES and
# sent in test_easy_read_messages_are_short_and_plain.


def rendered(response) -> set[str]:
    """The templates a test client response was made from, includes and tags' ones too."""
    return {t.name for t in response.templates if t.name}


def easy_read_page_templates() -> set[str]:
    found = set()
    for path in TEMPLATES.rglob("*.html"):
        name = str(path.relative_to(TEMPLATES))
        if name.startswith("easy_read/"):
            continue  # the layout itself
        text = path.read_text()
        if re.search(r"\{%\s*load\s[^%]*\beasy_read\b", text) or "_easy." in path.name:
            found.add(name)
    return found


def test_every_easy_read_page_template_is_checked_here():
    assert easy_read_page_templates() == set(PAGE_TEMPLATES)
    for name, test in PAGE_TEMPLATES.items():
        source = inspect.getsource(globals()[test])
        assert f'"{name}"' in source, f"{test} does not check that it rendered {name}"


def test_every_easy_read_message_template_is_sent_in_the_messages_test():
    from coproduce.people import messages

    twins = {str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*_easy.txt")}
    known = {
        template.replace(".txt", "_easy.txt") for _subject, template in messages.TEMPLATES.values()
    }
    assert twins - known == set(), "an easy read message template no kind uses"
    source = inspect.getsource(test_easy_read_messages_are_short_and_plain)
    for kind, (_subject, template) in messages.TEMPLATES.items():
        if template.replace(".txt", "_easy.txt") in twins:
            assert f'"{kind}"' in source, f"easy read {kind} is not checked"
    for kind in messages.EASY_READ:
        assert f'"{kind}"' in source, f"easy read {kind} is not checked"


# -- pages -----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def panel(org, alice, bob, dana):
    alice_person = alice.people.get(organisation=org)
    panel = PanelFactory(
        organisation=org,
        name="Day Services Panel",
        slug="day-services",
        named_contact=alice_person,
        deputy_contact=dana.people.get(organisation=org),
        backed_by=dana.people.get(organisation=org),
        published_at=timezone.now(),
        # Staff's own words go into the easy read version as they wrote them: the form checks
        # them as staff type, and the easy read version cannot be saved with hard words
        # unless staff say they checked it with someone. These are plain, as staff would
        # make them after that check; everything else in the version is our generated copy.
        training_offered="We show you how the council makes choices.",
    )
    regenerate_role_description(panel, actor=alice, replace_edits=True)
    PanelMemberFactory(panel=panel, person=bob.people.get(organisation=org))
    return panel


def test_role_description_easy_read_has_a_picture_for_every_point(client, panel):
    body = client.get(f"/panels/{panel.organisation.slug}/day-services/?version=easy-read")
    html = body.content.decode()
    points = points_on(html)
    assert_pictured(points)
    assert len(points) == len(
        [ln for ln in panel.role_easy_read.splitlines() if ln.strip() and not ln.startswith("## ")]
    )
    # Nothing from the standard version is shown.
    assert "What is outside the panel's control" not in html
    assert "A lived experience panel at" not in html


def test_role_description_easy_read_points_are_short_and_plain(client, panel):
    html = client.get(f"/panels/{panel.organisation.slug}/day-services/?version=easy-read")
    assert "panels/public/panel.html" in rendered(html)
    assert words_problems(points_on(html.content.decode())) == []


def test_role_form_preview_shows_the_easy_read_points_with_pictures(client_as, alice, panel):
    page = client_as(alice).get(f"/o/{panel.organisation.slug}/panels/{panel.pk}/role/")
    assert "panels/role_form.html" in rendered(page)
    html = page.content.decode()
    points = points_on(html[html.index('id="preview-heading"') :])
    assert_pictured(points)
    assert len(points) == len(
        [ln for ln in panel.role_easy_read.splitlines() if ln.strip() and not ln.startswith("## ")]
    )
    assert words_problems(points) == []


def test_meeting_page_easy_read_has_pictures_and_no_standard_labels(client_as, bob, panel):
    meeting = MeetingFactory(panel=panel, title="June meeting", venue="Riverside Library")
    url = f"/o/{panel.organisation.slug}/panels/{panel.pk}/meetings/{meeting.pk}/?version=easy-read"
    html = client_as(bob).get(url).content.decode()
    points = points_on(html)
    assert_pictured(points)
    assert points[0]["alt"] == "A calendar"
    # Our own sentence; the venue and access lines are staff's words (h21words checks those).
    assert words_problems(points[:1]) == []
    assert "How people take part" not in html
    assert "<dt>When</dt>" not in html


def test_ladder_easy_read_wording_is_short_and_plain():
    bank = load_any_bank(2)
    texts = [q.easy_read_person for q in bank.questions]
    texts += [o.easy_read for q in bank.questions for o in q.options]
    points = [{"text": t} for t in texts]
    assert words_problems(points) == []


def test_outcomes_easy_read_has_pictures(client_as, alice, panel, initiative):
    slug = panel.organisation.slug
    url = f"/o/{slug}/initiatives/{initiative.pk}/you-said-we-did/?version=easy-read"
    page = client_as(alice).get(url)
    assert {"outcomes/page.html", "outcomes/_measures_easy.html"} <= rendered(page)
    html = page.content.decode()
    points = points_on(html)
    assert_pictured(points)
    assert [p["alt"] for p in points[:3]] == [
        "A speech bubble",
        "A hammer and spanner",
        "A red cross",
    ]
    assert "<table" not in html  # the statistics stay in the standard version
    assert 'class="summary-list"' not in html
    assert points[3]["text"] == "People told us 0 things."
    assert words_problems(points) == []


def test_outcomes_easy_read_stories_have_pictures(client_as, alice, initiative):
    from coproduce.outcomes import domain as outcomes
    from tests.factories import ContributionFactory

    said = ContributionFactory(
        initiative=initiative, organisation=initiative.organisation, text="More benches."
    )
    outcomes.record_response(
        said,
        actor=alice,
        decision="not_adopted",
        decided_by="Leadership team",
        decided_on=said.said_on + datetime.timedelta(days=5),
        reason="It costs too much.",
    )
    slug = initiative.organisation.slug
    url = f"/o/{slug}/initiatives/{initiative.pk}/you-said-we-did/?version=easy-read"
    page = client_as(alice).get(url)
    assert "outcomes/_story_easy.html" in rendered(page)
    html = page.content.decode()
    story = points_on(html[html.index("story-easy") :])
    assert_pictured(story)
    assert [p["alt"] for p in story[:3]] == ["A speech bubble", "A ballot box", "A question mark"]
    assert story[0]["text"] == "You said: More benches."
    assert words_problems(story[1:2]) == []  # our own words; the rest are people's


def test_workshop_room_easy_read_instructions_have_pictures(client, alice, initiative):
    from coproduce.initiatives.models import Capacity
    from coproduce.workshops import domain as workshops
    from tests.factories import ActivityFactory, WorkshopFactory

    workshop = WorkshopFactory(initiative=initiative, title="Garden ideas")
    activity = ActivityFactory(
        workshop=workshop,
        title="Which ideas matter most?",
        instruction="Put your dots on the ideas that matter most to you.",
        easy_read_instruction="Put a dot on the idea you like.\nYou have 3 dots.",
    )
    workshops.start_activity(activity, actor=alice)
    client.post(
        f"/w/{workshop.join_code}/",
        {"capacity": Capacity.LIVED_CARE, "needs": ["easy_read"], "consent": "on"},
    )
    page = client.get(f"/w/{workshop.join_code}/room/")
    assert "workshops/room.html" in rendered(page)
    points = points_on(page.content.decode())
    assert_pictured(points)
    assert [p["text"] for p in points] == ["Put a dot on the idea you like.", "You have 3 dots."]
    assert words_problems(points) == []


# -- choosing pictures -----------------------------------------------------------------------


def test_staff_choose_a_picture_for_a_point_and_the_page_shows_it(client_as, alice, panel):
    client = client_as(alice)
    owner = f"panels.role:{panel.pk}"
    page = client.get(
        f"/o/{panel.organisation.slug}/pictures/points/panels.role/{panel.pk}/?point=0&q=bus"
    )
    assert page.status_code == 200
    assert 'value="openmoji:bus"' in page.content.decode()
    live = client.get(
        f"/o/{panel.organisation.slug}/pictures/points/panels.role/{panel.pk}/?point=0&q=train",
        headers={"HX-Request": "true"},
    ).content.decode()
    assert live.strip().startswith('<fieldset id="picture-results"')
    assert 'value="openmoji:train"' in live
    assert 'value="openmoji:bus"' not in live
    saved = client.post(
        f"/o/{panel.organisation.slug}/pictures/points/panels.role/{panel.pk}/?point=0",
        {"picture": "openmoji:bus"},
    )
    assert saved.status_code == 302
    row = PointPicture.objects.get()
    assert (row.owner, row.index, row.picture) == (owner, 0, "openmoji:bus")
    public = client.get(f"/panels/{panel.organisation.slug}/day-services/?version=easy-read")
    assert points_on(public.content.decode())[0]["alt"] == "A bus"


def test_other_organisations_and_members_cannot_choose_pictures(client_as, bob, charlie, panel):
    url = f"/o/{panel.organisation.slug}/pictures/points/panels.role/{panel.pk}/?point=0"
    assert client_as(charlie).post(url, {"picture": "openmoji:bus"}).status_code == 404
    assert client_as(bob).post(url, {"picture": "openmoji:bus"}).status_code == 403
    assert PointPicture.objects.count() == 0


def test_a_text_of_another_organisation_is_not_found(client_as, charlie, panel):
    other = charlie.memberships.get().organisation.slug
    url = f"/o/{other}/pictures/points/panels.role/{panel.pk}/"
    assert client_as(charlie).get(url).status_code == 404


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_an_organisation_adds_its_own_picture_with_alt_text(client_as, alice, org):
    client = client_as(alice)
    refused = client.post(
        f"/o/{org.slug}/pictures/",
        {"image": SimpleUploadedFile("venue.png", PNG, "image/png"), "alt_text": "venue.png"},
    )
    assert refused.status_code == 200
    assert OrgPicture.objects.count() == 0
    svg = client.post(
        f"/o/{org.slug}/pictures/",
        {
            "image": SimpleUploadedFile("x.svg", b"<svg onload=alert(1)>", "image/svg+xml"),
            "alt_text": "A drawing",
        },
    )
    assert "Choose a PNG, JPEG, GIF or WebP picture." in svg.content.decode()
    added = client.post(
        f"/o/{org.slug}/pictures/",
        {
            "image": SimpleUploadedFile("venue.png", PNG, "image/png"),
            "alt_text": "The front door of Riverside Hall",
        },
    )
    assert added.status_code == 302
    picture = OrgPicture.objects.get()
    assert (picture.organisation, picture.alt_text, picture.content_type) == (
        org,
        "The front door of Riverside Hall",
        "image/png",
    )
    served = client.get(f"/pictures/{picture.token}/")
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == PNG
    search = client.get(f"/o/{org.slug}/pictures/?q=riverside hall").content.decode()
    assert "<span>The front door of Riverside Hall</span>" in search


def test_another_organisation_never_finds_our_pictures(client_as, alice, org, charlie):
    client_as(alice).post(
        f"/o/{org.slug}/pictures/",
        {
            "image": SimpleUploadedFile("venue.png", PNG, "image/png"),
            "alt_text": "The front door of Riverside Hall",
        },
    )
    other = charlie.memberships.get().organisation.slug
    page = client_as(charlie).get(f"/o/{other}/pictures/?q=front door").content.decode()
    assert "<span>The front door of Riverside Hall</span>" not in page
    assert OrgPicture.objects.get().organisation == org


def test_ladder_question_easy_read_has_a_picture_for_the_question_and_each_answer(
    client, initiative
):
    response = ResponseFactory(round__initiative=initiative, bank_version=2)
    page = client.get(f"/answer/{response.token}/q/1/?easy_read=on", follow=True)
    assert page.status_code == 200
    assert "ladder/answer_question.html" in rendered(page)
    html = page.content.decode()
    first = load_any_bank(2).questions[0]
    question_alt = builtin_pictures()[chosen.LADDER_QUESTIONS[first.key]].alt
    alts = re.findall(r'<img\s+class="easy-picture"\s+src="[^"]+"\s+alt="([^"]*)"', html)
    assert alts[0] == question_alt
    assert len(alts) == 1 + len(first.options) + 1  # the question, each answer, "I don't know"
    assert all(alts)
    assert first.easy_read_person in html
    assert first.text_person not in html


def test_agenda_item_and_notes_pictures_are_chosen_on_their_own_pages(client_as, alice, panel):
    meeting = MeetingFactory(panel=panel, title="June meeting")
    item = AgendaItem.objects.create(
        organisation=panel.organisation,
        meeting=meeting,
        title="Buses",
        purpose="Talk about buses.",
        purpose_easy_read="We talk about buses.\nWe want your ideas.",
        minutes=20,
    )
    MeetingNotes.objects.create(
        organisation=panel.organisation,
        meeting=meeting,
        summary="We met.",
        easy_read="We met.\nWe ate lunch.",
        published_at=timezone.now(),
    )
    client = client_as(alice)
    slug = panel.organisation.slug
    for kind, pk, second in (
        ("panels.agenda_item", item.pk, "We want your ideas."),
        ("panels.notes", meeting.pk, "We ate lunch."),
    ):
        page = client.get(f"/o/{slug}/pictures/points/{kind}/{pk}/").content.decode()
        assert second in page
        client.post(f"/o/{slug}/pictures/points/{kind}/{pk}/?point=1", {"picture": "openmoji:food"})
    url = f"/o/{slug}/panels/{panel.pk}/meetings/{meeting.pk}/?version=easy-read"
    page = client.get(url)
    assert {"panels/meetings/detail.html", "panels/meetings/_item_body.html"} <= rendered(page)
    points = points_on(page.content.decode())
    assert_pictured(points)
    by_text = {p["text"]: p["alt"] for p in points}
    assert by_text["We want your ideas."] == "A plate with a knife and fork"
    assert by_text["We ate lunch."] == "A plate with a knife and fork"
    assert by_text["We talk about buses."] == "A bus"  # suggested from its words


def add_paper(meeting, title, **fields):
    return Paper.objects.create(
        organisation=meeting.organisation,
        meeting=meeting,
        title=title,
        standard=SimpleUploadedFile("paper.pdf", b"%PDF-1.4 standard"),
        standard_name="paper.pdf",
        **fields,
    )


def test_meeting_papers_in_easy_read_are_pictured_points(client_as, bob, panel):
    meeting = MeetingFactory(panel=panel, title="June meeting")
    item = AgendaItem.objects.create(
        organisation=panel.organisation,
        meeting=meeting,
        title="Buses",
        purpose="Buses.",
        minutes=20,
    )
    add_paper(
        meeting,
        "Bus survey",
        agenda_item=item,
        easy_read=SimpleUploadedFile("easy.pdf", b"%PDF-1.4 easy"),
        easy_read_name="easy.pdf",
    )
    add_paper(meeting, "Budget report", late=True, content_note="money worries")
    url = f"/o/{panel.organisation.slug}/panels/{panel.pk}/meetings/{meeting.pk}/"
    page = client_as(bob).get(url + "?version=easy-read")
    assert "panels/meetings/_paper_easy.html" in rendered(page)
    points = points_on(page.content.decode())
    assert_pictured(points)
    papers = [p for p in points if "Get the standard paper" in p["text"]]
    assert [p["text"] for p in papers] == [
        "This paper is called Bus survey. Get the easy read paper Get the standard paper",
        "This paper is called Budget report. It came late. Take care before you read it: "
        "money worries. There is no easy read paper yet. Ask Alice Okafor for help with it. "
        "Get the standard paper",
    ]
    assert words_problems(papers) == []
    html = page.content.decode()
    assert "Download the paper" not in html
    assert f"{url}papers/{Paper.objects.get(title='Bus survey').pk}/easy-read/" in html
    standard = client_as(bob).get(url + "?version=standard").content.decode()
    assert "Download the paper" in standard
    assert "Get the standard paper" not in standard


def test_my_page_is_easy_read_first_for_who_chose_it_and_keeps_what_to_do(
    client_as, bob, dana, panel
):
    person = bob.people.get()
    person.formats = ["easy_read"]
    person.save()
    alice_person = panel.named_contact
    alice_person.phone = "01632 960 001"
    alice_person.save()
    meeting = MeetingFactory(
        panel=panel,
        title="Quarterly review of day opportunities",
        title_easy_read="Day centres: what is working",
        venue_easy_read="The library on River Street.",
    )
    add_paper(meeting, "Bus survey")
    claim = ClaimFactory(person=person, panel=panel, status="queried", query_message="Which bus?")
    page = client_as(bob).get(f"/o/{panel.organisation.slug}/panels/{panel.pk}/me/")
    assert {"panels/me.html", "panels/_me_easy.html"} <= rendered(page)
    html = page.content.decode()
    points = points_on(html)
    assert_pictured(points)
    assert words_problems(points) == []
    when = meeting.starts_at.astimezone()
    day = when.strftime("%A %-d %B %Y")
    by_alt: dict[str, list[str]] = {}
    for point in points:
        by_alt.setdefault(point["alt"], []).append(point["text"])
    assert by_alt["A calendar"] == [
        f"We meet on {day}, from 14:00 to 16:00. Add it to your calendar"
    ]
    meeting_url = f"/o/riverside/panels/{panel.pk}/meetings/{meeting.pk}/"
    assert f'<h3><a href="{meeting_url}">Day centres: what is working</a></h3>' in flat(html)
    assert by_alt["A map pin"] == ["Where we meet: The library on River Street."]
    assert by_alt["A laptop computer"] == ["Join the meeting online"]
    assert by_alt["A sheet of paper"][0].startswith("This paper is called Bus survey.")
    assert by_alt["A person"] == [
        "Alice Okafor is your named contact. Ask them about anything. "
        "Phone: 01632 960 001 Email: alice@example.org"
    ]
    assert by_alt["Two people side by side"] == [
        "Is Alice Okafor away? Then ask Dana Price. Email: dana@example.org"
    ]
    assert by_alt["A worried face"] == [
        "Are you worried about something? You can tell us. "
        "You do not have to give your name. Tell us about a worry"
    ]
    assert by_alt["A question mark"] == [
        f"We have a question about your claim {claim.reference}. Read our question"
    ]
    assert 'href="tel:01632960001"' in html
    assert f'href="/o/riverside/panels/{panel.pk}/support/"' in html
    assert f'href="/o/riverside/payments/claims/{claim.pk}/"' in html
    for standard in ("Quarterly review of day opportunities", "My access needs", "Download"):
        assert standard not in html
    assert "Show the standard version" in html
    switched = client_as(bob).get(f"/o/riverside/panels/{panel.pk}/me/?version=standard")
    assert "panels/_me_easy.html" not in rendered(switched)
    assert "My access needs" in switched.content.decode()


def test_apply_start_easy_read_has_a_picture_for_every_point(client, panel):
    client.get(f"/panels/{panel.organisation.slug}/day-services/?version=easy-read")
    page = client.get(f"/panels/{panel.organisation.slug}/day-services/apply/")
    assert "panels/public/apply_start.html" in rendered(page)
    html = page.content.decode()
    points = points_on(html)
    assert_pictured(points)
    assert [p["alt"] for p in points] == [
        "A hand writing",
        "A clock",
        "Hands making a heart",
        "The pause sign",
        "A closed lock",
    ]
    assert words_problems(points) == []
    assert "There are no right or wrong answers." not in html


class Questions(HTMLParser):
    """Each question of an easy read form: whether it has a picture, the picture's alt text,
    and its words (the label or legend, and the hint; not the answers to choose from)."""

    def __init__(self) -> None:
        super().__init__()
        self.questions: list[dict[str, str]] = []
        self.depth = 0
        self.capture = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "div" and "field" in classes:
            pictured = "yes" if "field-pictured" in classes else ""
            self.questions.append({"alt": "", "text": "", "pictured": pictured})
            self.depth = 1
        elif self.depth and tag == "div":
            self.depth += 1
        elif self.depth and tag == "img" and "field-picture" in classes:
            self.questions[-1]["alt"] = found.get("alt") or ""
        elif (
            self.depth
            and not self.capture
            and (tag == "legend" or (tag == "label" and self.depth == 1) or "hint" in classes)
        ):
            self.capture = tag

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "div":
            self.depth -= 1
        if tag == self.capture:
            self.capture = ""
            self.questions[-1]["text"] += ". "

    def handle_data(self, data: str) -> None:
        if self.depth and self.capture:
            self.questions[-1]["text"] += data


def test_application_form_easy_read_questions_have_pictures(client, panel):
    slug = panel.organisation.slug
    client.get(f"/panels/{slug}/day-services/?version=easy-read")
    started = client.post(f"/panels/{slug}/day-services/apply/")
    page = client.get(started.url)
    assert "panels/public/application_form.html" in rendered(page)
    html = page.content.decode()
    top = points_on(html)
    assert_pictured(top)
    assert words_problems(top) == []
    form = page.context["form"]
    parser = Questions()
    parser.feed(html)
    pictured = [q for q in parser.questions if q["pictured"]]
    assert len(pictured) == len([n for n in form.EASY_READ if n in form.fields])
    for question in pictured:
        assert question["alt"].strip(), question
        question["text"] = " ".join(question["text"].split())
    assert words_problems(pictured) == []
    assert "What is your name?" in html
    assert "Why do you want to join?" in html
    assert "We save your answers as you go. To stop" not in html  # the standard words


def test_an_own_picture_is_chosen_for_a_point_but_not_another_organisations(
    client_as, alice, charlie, panel
):
    org = panel.organisation
    ours = add_picture(
        org,
        actor=alice,
        upload=SimpleUploadedFile("hall.png", PNG),
        content_type="image/png",
        alt_text="The front door of Riverside Hall",
    )
    other_org = charlie.memberships.get().organisation
    theirs = add_picture(
        other_org,
        actor=charlie,
        upload=SimpleUploadedFile("hill.png", PNG),
        content_type="image/png",
        alt_text="Hillside office",
    )
    client = client_as(alice)
    url = f"/o/{org.slug}/pictures/points/panels.role/{panel.pk}/?point=1"
    refused = client.post(url, {"picture": f"org:{theirs.pk}"})
    assert "Choose a picture from the list." in refused.content.decode()
    assert PointPicture.objects.count() == 0
    client.post(url, {"picture": f"org:{ours.pk}"})
    public = client.get(f"/panels/{org.slug}/day-services/?version=easy-read")
    point = points_on(public.content.decode())[1]
    assert (point["alt"], point["src"]) == (
        "The front door of Riverside Hall",
        f"/pictures/{ours.token}/",
    )


# -- payment letters and year statements ------------------------------------------------------


@pytest.fixture
def paid(org, alice, bob, dana):
    """Bob chose easy read. His claim: 2 hours reading at £20 an hour, bus fares and 10 miles
    driving, paid on 20 November 2026; the organisation says who to ask."""
    person = bob.people.get(organisation=org)
    person.formats = ["easy_read"]
    person.save()
    RateFactory(organisation=org, activity_type="preparation", amount_pence=2000)
    payments.update_payment_settings(
        settings_for(org), actor=dana, payments_contact="Sam Jones\n01632 960123"
    )
    claim = payments.create_claim(
        person,
        actor=bob,
        activity_type="preparation",
        activity_date=datetime.date(2026, 11, 5),
        quantity=2,
    )
    payments.add_expense(claim, actor=bob, category="public_transport", amount_pence=350)
    payments.add_expense(claim, actor=bob, category="mileage", miles=Decimal(10))
    payments.submit_claim(claim, actor=bob)
    payments.approve_claim(claim, actor=alice)
    payments.pay_claim(claim, actor=dana, reference="BACS-77", paid_on=datetime.date(2026, 11, 20))
    return claim


def test_payment_letter_is_easy_read_first_for_who_chose_it_and_keeps_every_figure(
    client_as, bob, paid
):
    url = f"/o/{paid.organisation.slug}/payments/claims/{paid.pk}/remittance/"
    page = client_as(bob).get(url)
    assert "payments/_letter_easy.html" in rendered(page)
    html = page.content.decode()
    points = points_on(html)
    assert_pictured(points)
    assert words_problems(points) == []
    texts = [p["text"] for p in points]
    assert texts[:3] == [
        "We paid you £48.00.",
        "We paid it on 20 November 2026.",
        "It is for reading papers on 5 November 2026.",
    ]
    assert "Your fee is £40.00. This is pay for your time. That is 2 hours at £20.00 an hour." in (
        texts
    )
    assert "We paid you back £3.50 for a bus, train or taxi." in texts
    assert "We paid you back £4.50 for driving your car. Miles you drove: 10." in texts
    assert "The £8.00 we paid back is not pay." in texts
    assert (
        f"We paid it into your bank. The payment number is BACS-77. "
        f"Your claim number is {paid.reference}."
    ) in texts
    assert "Any questions? Please ask: Sam Jones 01632 960123" in texts
    assert [p["alt"] for p in points] == [
        "A pound note",
        "A calendar",
        "Papers with tabs",
        "A coin",
        "A bus",
        "A car",
        "The information sign",
        "A warning sign",
        "A bank",
        "A telephone",
        "A red heart",
    ]
    assert "Show the standard version" in html
    assert "What the payment is made of" not in html  # the standard table is not shown


def test_payment_letter_switches_to_standard_and_back(client_as, bob, paid):
    client = client_as(bob)
    url = f"/o/{paid.organisation.slug}/payments/claims/{paid.pk}/remittance/"
    standard = client.get(f"{url}?version=standard").content.decode()
    assert points_on(standard) == []
    assert "What the payment is made of" in standard
    assert "Show the easy read version" in standard
    assert points_on(client.get(url).content.decode()) == []  # the switch holds for the visit


def test_year_statement_is_easy_read_first_and_keeps_every_figure(client_as, bob, paid):
    url = f"/o/{paid.organisation.slug}/payments/statement/?year=2026"
    page = client_as(bob).get(url)
    assert "payments/_statement_easy.html" in rendered(page)
    html = page.content.decode()
    points = points_on(html)
    assert_pictured(points)
    assert words_problems(points) == []
    assert [p["text"] for p in points] == [
        f"This letter is for {paid.person.name}. It is about 6 April 2026 to 5 April 2027. "
        "This is the tax year.",
        "On 20 November 2026 we paid you £48.00. It was for reading papers on 5 November 2026.",
        f"Fee: £40.00. Paid back: £8.00. Claim number: {paid.reference}. Payment number: BACS-77.",
        "In all we paid you £48.00.",
        "£40.00 of it was your fees. Fees are pay for your time.",
        "£8.00 of it paid you back for what you spent. That is not pay.",
        "Do you get benefits? You may need to tell the benefits office about your fees.",
        "Any questions? Please ask: Sam Jones 01632 960123",
    ]
    assert [p["alt"] for p in points] == [
        "A calendar",
        "Papers with tabs",
        "A receipt",
        "A pound note",
        "A coin",
        "A purse",
        "A warning sign",
        "A telephone",
    ]
    assert 'href="?year=2026&amp;version=standard"' in html
    assert "<table" not in html


# -- a meeting's access and joining online ----------------------------------------------------


def test_meeting_access_and_joining_online_in_easy_read_with_pictures(client_as, alice, bob, panel):
    meeting = MeetingFactory(
        panel=panel,
        title="June meeting",
        format="hybrid",
        venue="Riverside Library",
        venue_access="Step-free entrance from the car park. Accessible toilet on the same floor.",
        venue_access_easy_read=(
            "There is no step at the door.\nThere is a toilet for disabled people."
        ),
        online_link="https://meet.example.org/june",
        online_help="You can also join by telephone on 01632 960999.",
        online_help_easy_read="You can join by phone. Call 01632 960999.",
    )
    slug = panel.organisation.slug
    client_as(alice).post(
        f"/o/{slug}/pictures/points/panels.venue_access/{meeting.pk}/?point=1",
        {"picture": "openmoji:wheelchair"},
    )
    url = f"/o/{slug}/panels/{panel.pk}/meetings/{meeting.pk}/?version=easy-read"
    html = client_as(bob).get(url).content.decode()
    points = points_on(html)
    assert_pictured(points)
    assert words_problems(points) == []
    by_text = {p["text"]: p["alt"] for p in points}
    assert by_text["There is no step at the door."] == "A door"  # suggested from its words
    assert by_text["There is a toilet for disabled people."] == "The wheelchair sign"  # chosen
    assert by_text["You can join by phone. Call 01632 960999."] == "A telephone"
    assert by_text["Join the meeting online"] == "A laptop computer"
    # Nothing of the standard wording where an easy read version exists.
    assert "Step-free entrance" not in html
    assert "You can also join by telephone" not in html
    assert "Access at the venue" not in html


def test_meeting_access_without_easy_read_stays_pictured_and_staff_are_told(
    client_as, alice, bob, panel
):
    meeting = MeetingFactory(
        panel=panel, title="June meeting", format="in_person", venue_access="Ramp at the side."
    )
    url = f"/o/{panel.organisation.slug}/panels/{panel.pk}/meetings/{meeting.pk}/"
    points = points_on(client_as(bob).get(f"{url}?version=easy-read").content.decode())
    last = points[-1]
    assert (last["alt"], last["text"]) == ("The wheelchair sign", "Ramp at the side.")
    staff = client_as(alice).get(url).content.decode()
    assert "Access at the venue or how to join online has no easy read version yet." in staff


def test_group_agreement_easy_read_pictures_are_chosen_by_staff(client_as, alice, bob, panel):
    agreement.add_template_points(panel, actor=alice)
    for point in AgreementPoint.objects.filter(panel=panel):
        agreement.set_point_state(point, "in", actor=alice)
    version = agreement.publish_agreement_version(panel, actor=alice)
    slug = panel.organisation.slug
    picker = f"/o/{slug}/pictures/points/panels.agreement/{panel.pk}/"
    agreement_url = f"/o/{slug}/panels/{panel.pk}/agreement/"
    assert f'href="{picker}"' in client_as(alice).get(agreement_url).content.decode()
    client_as(alice).post(f"{picker}?point=0", {"picture": "openmoji:ear"})
    html = client_as(bob).get(f"{agreement_url}?version=easy-read").content.decode()
    points = points_on(html[: html.index("points-heading")])  # the current version
    assert_pictured(points)
    assert len(points) == len(version.points)
    assert points[0]["alt"] == "An ear"
    assert points[0]["text"] == " ".join(version.points[0]["easy_read"].split())
    assert words_problems(points) == []


def test_ready_made_agreement_points_come_with_their_own_pictures(client_as, alice, bob, panel):
    agreement.add_template_points(panel, actor=alice)
    agreement.raise_agreement_point(
        panel, person=None, text="We start on time.", easy_read="We start on time.", actor=alice
    )
    for point in AgreementPoint.objects.filter(panel=panel):
        agreement.set_point_state(point, "in", actor=alice)
    version = agreement.publish_agreement_version(panel, actor=alice)
    ready_made = [picture for _text, _easy, picture in agreement.TEMPLATE_POINTS]
    assert version.easy_read_pictures == [*ready_made, ""]
    slug = panel.organisation.slug
    url = f"/o/{slug}/panels/{panel.pk}/agreement/?version=easy-read"
    page = client_as(bob).get(url)
    assert "panels/agreement.html" in rendered(page)
    html = page.content.decode()
    points = points_on(html[: html.index("points-heading")])  # the current version
    assert_pictured(points)
    assert words_problems(points) == []
    alts = [point["alt"] for point in points]
    assert alts[:3] == ["A raised hand", "A question mark", "A red heart"]
    assert alts[: len(ready_made)] == [builtin_pictures()[name].alt for name in ready_made]
    # a point someone raised gets a picture suggested from its words
    assert alts[len(ready_made)] == builtin_pictures()[suggest("We start on time.")].alt
    # the points raised, below, are in easy read too, each with its picture
    raised = points_on(html[html.index("points-heading") :])
    assert [p["alt"] for p in raised] == alts
    assert "One person speaks at a time." not in html
    picker = client_as(alice).get(f"/o/{slug}/pictures/points/panels.agreement/{panel.pk}/")
    assert picker.content.decode().count("Ready-made:") == len(ready_made)
    # staff can still choose another, and it wins
    picker_url = f"/o/{slug}/pictures/points/panels.agreement/{panel.pk}/"
    client_as(alice).post(f"{picker_url}?point=1", {"picture": "openmoji:ear"})
    again = points_on(client_as(bob).get(url).content.decode())
    assert [again[0]["alt"], again[1]["alt"]] == ["A raised hand", "An ear"]


# -- deleting an organisation's own picture ---------------------------------------------------


def test_an_organisation_deletes_its_own_picture_and_points_fall_back(
    client_as, alice, bob, charlie, panel, settings, django_capture_on_commit_callbacks
):
    captured = django_capture_on_commit_callbacks
    org = panel.organisation
    ours = add_picture(
        org,
        actor=alice,
        upload=SimpleUploadedFile("hall.png", PNG),
        content_type="image/png",
        alt_text="The front door of Riverside Hall",
    )
    stored = Path(settings.MEDIA_ROOT) / ours.image.name
    client = client_as(alice)
    client.post(
        f"/o/{org.slug}/pictures/points/panels.role/{panel.pk}/?point=1", {"picture": ours.key}
    )
    delete = f"/o/{org.slug}/pictures/{ours.pk}/delete/"
    assert f'href="{delete}"' in client.get(f"/o/{org.slug}/pictures/").content.decode()
    page = client.get(delete).content.decode()
    assert "1 point has this picture:" in page
    assert "Day Services Panel: role description</a>, point 2" in page
    assert "this point shows the picture above instead" in page
    assert "point 2<br>It shows the picture we suggest from its words:" in flat(page)
    other = charlie.memberships.get().organisation.slug
    assert client_as(charlie).post(f"/o/{other}/pictures/{ours.pk}/delete/").status_code == 404
    assert client_as(bob).post(delete).status_code == 403
    with captured(execute=True):
        done = client_as(alice).post(delete)
    assert done.status_code == 302
    assert (OrgPicture.objects.count(), PointPicture.objects.count()) == (0, 0)
    assert not stored.exists()
    entry = AuditEntry.objects.get(action="pictures.picture.deleted")
    assert (entry.actor, entry.data) == (
        alice,
        {"alt_text": "The front door of Riverside Hall", "points": 1},
    )
    public = client.get(f"/panels/{org.slug}/day-services/?version=easy-read")
    point = points_on(public.content.decode())[1]
    assert point["src"] != f"/pictures/{ours.token}/"
    assert point["alt"] == builtin_pictures()[suggest(point["text"])].alt
    assert client.get(f"/pictures/{ours.token}/").status_code == 404


def test_deleting_a_picture_says_ready_made_points_go_back_to_their_own_picture(
    client_as, alice, panel
):
    agreement.add_template_points(panel, actor=alice)
    agreement.raise_agreement_point(
        panel, person=None, text="We start on time.", easy_read="We start on time.", actor=alice
    )
    for point in AgreementPoint.objects.filter(panel=panel):
        agreement.set_point_state(point, "in", actor=alice)
    agreement.publish_agreement_version(panel, actor=alice)
    org = panel.organisation
    ours = add_picture(
        org,
        actor=alice,
        upload=SimpleUploadedFile("hall.png", PNG),
        content_type="image/png",
        alt_text="The front door of Riverside Hall",
    )
    client = client_as(alice)
    picker = f"/o/{org.slug}/pictures/points/panels.agreement/{panel.pk}/"
    raised = len(agreement.TEMPLATE_POINTS)  # the point someone raised comes after ours
    for index in (0, raised):
        client.post(f"{picker}?point={index}", {"picture": ours.key})
    page = flat(client.get(f"/o/{org.slug}/pictures/{ours.pk}/delete/").content.decode())
    assert "2 points have this picture:" in page
    assert "point 1<br>It goes back to its ready-made picture: A raised hand.</li>" in page
    suggested = builtin_pictures()[suggest("We start on time.")].alt
    assert (
        f"point {raised + 1}<br>It shows the picture we suggest from its words: {suggested}.</li>"
        in page
    )
    assert "these points show the pictures above instead" in page
    done = client.post(f"/o/{org.slug}/pictures/{ours.pk}/delete/", follow=True)
    assert "The picture is deleted. 2 points show other pictures now." in done.content.decode()


# Messages: the easy read words of each invitation and reminder, as a person gets them


def easy_message_lines(body: str) -> list[dict[str, str]]:
    """Our own sentences in an easy read message: not links, codes, names, titles or addresses
    (staff's and people's words, checked where they are written)."""
    skip = (
        "Hello ",
        "Riverside",
        "Day Services Panel",
        "Alice Okafor:",
        "June meeting",
        "Our June",
        "“Make the garden",
    )
    # Links and Ladder codes (ABCD-EFGH, random: their letters would move the reading age).
    data = re.compile(r"https?://\S+|\b[A-Z2-9]{4}-[A-Z2-9]{4}\b")
    lines = [data.sub("", line).strip() for line in body.splitlines()]
    return [{"text": line} for line in lines if line and not line.startswith(skip)]


def test_easy_read_messages_are_short_and_plain(
    alice, dana, panel, django_capture_on_commit_callbacks
):
    from coproduce.accounts.domain import invite_to_organisation
    from coproduce.core.models import Role
    from coproduce.initiatives.models import Capacity
    from coproduce.ladder import domain as ladder
    from coproduce.ladder.delivery import remind_round
    from coproduce.panels import domain as panels
    from coproduce.panels.domain import messages as meeting_messages
    from coproduce.people import messages
    from coproduce.people.models import Format, Message
    from tests.factories import (
        ApplicationFactory,
        InitiativeFactory,
        InvolvementFactory,
        PersonFactory,
    )

    org = panel.organisation
    june = PersonFactory(organisation=org, name="June", email="june@example.org")
    june.formats = [Format.EASY_READ]
    june.save()
    PanelMemberFactory(panel=panel, person=june)
    meeting = MeetingFactory(panel=panel, title="June meeting", title_easy_read="Our June")
    meeting_messages.send_meeting_invitations(meeting, actor=alice)
    meeting_messages.cancel_meeting(meeting, actor=alice, reason="The room flooded.")
    for moment in ("reminder", "papers_due"):
        row = meeting.messages.create(
            organisation=org, person=june, kind=moment, key="test", channel="message"
        )
        meeting.cancelled_at = None
        meeting.save()
        meeting_messages.hand_over(row)
    application = ApplicationFactory(panel=panel, wants_easy_read=True)
    panels.change_application_status(application, "waiting_list", actor=alice)
    invite_to_organisation(org, email=june.email, role=Role.MEMBER, invited_by=dana, person=june)
    for kind in messages.EASY_READ:
        messages.send_message(
            june, kind, "test", title="the garden", panel="Day Services", date="Monday 4 May"
        )
    garden = InitiativeFactory(organisation=org, title="Make the garden easy to use", lead=None)
    InvolvementFactory(initiative=garden, person=june, capacity=Capacity.LIVED_CARE)
    round_ = ladder.open_round(garden, actor=alice)
    remind_round(round_, actor=alice, now=timezone.now() + datetime.timedelta(days=4))
    ladder.renew_link(round_.responses.get(), actor=alice)
    made = Message.objects.filter(easy_read=True)
    assert sorted({m.kind for m in made}) == sorted(
        [
            "ladder.invitation",
            "ladder.new_link",
            "ladder.reminder",
            "account.invitation",
            "agreement.published",
            "application.status",
            "meeting.cancelled",
            "meeting.invitation",
            "meeting.papers_due",
            "meeting.reminder",
            "poll.chosen",
            "poll.opened",
        ]
    )
    problems = {m.kind: words_problems(easy_message_lines(m.body)) for m in made}
    assert {kind: found for kind, found in problems.items() if found} == {}
