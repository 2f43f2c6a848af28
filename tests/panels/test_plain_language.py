"""The plain-language check (advice, never blocking) and the glossary."""

from __future__ import annotations

import nltk
import pytest

from coproduce.panels.plain_language import Glossary, check_text, text_html
from tests.factories import GlossaryTermFactory, MeetingFactory
from tests.markup import flat

HARD = (
    "The commissioning of services necessitates consideration of personalisation and "
    "reablement opportunities across the organisation, which we will undertake "
    "collaboratively with the panel over the forthcoming financial year."
)


@pytest.fixture(autouse=True)
def no_downloads(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("textstat tried to download a dictionary")

    monkeypatch.setattr(nltk, "download", refuse)


def test_hard_text_gets_advice_with_figures():
    report = check_text(HARD)
    assert (report.words, report.sentences, report.longest) == (27, 1, 27)
    assert report.grade == 22.0
    assert report.reading_age == 27
    assert report.long_words[:3] == ["commissioning", "necessitates", "consideration"]
    assert report.advice[0] == (
        "This suits a reading age of about 27. Aim for 9 to 11: use shorter sentences and "
        "shorter words."
    )
    assert report.advice[1] == "Sentences have 27.0 words on average. Aim for 20 or fewer."
    assert report.advice[2] == (
        'The longest sentence has 27 words. It starts "The commissioning of services '
        'necessitates consideration". Try splitting it.'
    )


def test_plain_text_passes():
    report = check_text("We meet once a month.\nWe pay you for your time.")
    assert report.ok
    assert report.sentences == 2


def test_easy_read_is_stricter_about_sentence_length():
    text = "We will meet in the big room at the library on Tuesday after lunch with everyone."
    assert check_text(text).advice == []
    assert check_text(text, easy_read=True).advice == [
        "Sentences have 16.0 words on average. Aim for 15 or fewer.",
        'The longest sentence has 16 words. It starts "We will meet in the big". Try splitting it.',
    ]


def test_jargon_from_the_glossary(org):
    GlossaryTermFactory(
        organisation=org, term="commissioning", plain="choosing and paying for services"
    )
    GlossaryTermFactory(organisation=org, term="reablement", synonyms="re-ablement")
    report = check_text(HARD, Glossary.for_organisation(org))
    assert report.advice[-2:] == [
        '"commissioning" is jargon. Try "choosing and paying for services".',
        '"reablement" is jargon. Explain it, or readers can open its meaning.',
    ]


def test_glossary_links_first_use_and_escapes_everything(org):
    GlossaryTermFactory(organisation=org, term="direct payment", definition="Money paid to you.")
    glossary = Glossary.for_organisation(org)
    html = text_html(
        "## A direct payment\n- <b>Direct payment</b> & more\nA direct payment again.", 3, glossary
    )
    assert html == (
        '<h3>A <a class="glossary-term" href="#word-direct-payment">direct payment</a></h3>\n'
        "<ul>\n<li>&lt;b&gt;Direct payment&lt;/b&gt; &amp; more</li>\n</ul>\n"
        "<p>A direct payment again.</p>"
    )
    assert [t.term for t in glossary.used.values()] == ["direct payment"]


def test_readers_see_words_explained_on_the_meeting_page(client, bob, org, panel):
    GlossaryTermFactory(
        organisation=org,
        term="reablement",
        definition="Short-term help.",
        easy_read="Help for a short time.",
    )
    meeting = MeetingFactory(panel=panel)
    meeting.agenda_items.create(
        organisation=org, title="Reablement", purpose="How reablement works.", position=1
    )
    client.force_login(bob)
    html = flat(
        client.get(f"/o/riverside/panels/{panel.pk}/meetings/{meeting.pk}/").content.decode()
    )
    assert '<a class="glossary-term" href="#word-reablement">reablement</a>' in html
    assert "<dt>reablement</dt><dd>Short-term help.</dd>" in html


def test_advice_while_editing_comes_from_the_htmx_endpoint(client, alice, panel):
    client.force_login(alice)
    response = client.post(
        "/o/riverside/panels/plain-check/", {"check_field": "purpose", "purpose": HARD}
    )
    html = response.content.decode()
    assert "Reading age about 27." in html
    assert "This is advice only. You can still save." in html


def test_hard_text_still_saves(client, alice, panel):
    meeting = MeetingFactory(panel=panel)
    client.force_login(alice)
    url = f"/o/riverside/panels/{panel.pk}/meetings/{meeting.pk}/agenda/new/"
    form = client.get(url).content.decode()
    assert 'hx-post="/o/riverside/panels/plain-check/"' in form
    response = client.post(url, {"title": "Plans", "purpose": HARD, "minutes": "15"})
    assert response.status_code == 302
    assert meeting.agenda_items.filter(purpose=HARD).exists()


def test_staff_change_a_glossary_word_and_a_clash_keeps_what_they_typed(client, alice, org):
    reablement = GlossaryTermFactory(organisation=org, term="reablement", definition="Old.")
    GlossaryTermFactory(organisation=org, term="respite", definition="A break.")
    client.force_login(alice)
    url = f"/o/riverside/panels/glossary/{reablement.pk}/"
    form = {"term": "Reablement", "plain": "help to get going again", "definition": "New."}
    assert client.post(url, form).status_code == 302
    reablement.refresh_from_db()
    assert (reablement.term, reablement.plain, reablement.definition) == (
        "Reablement",
        "help to get going again",
        "New.",
    )
    clash = client.post(url, {**form, "term": "Respite", "definition": "Kept."})
    page = clash.content.decode()
    assert "The glossary already has this word." in page
    assert "Kept." in page


def test_one_huge_word_is_checked_quickly_on_its_first_part():
    report = check_text("a" * 2_000_000)  # took 26 seconds before the cap
    assert (report.words, report.sentences, report.long_words) == (1, 1, ["a" * 20_000])
