"""A short card for each workshop method, written by us: what it is for, when to use it, how
to run it, and how to make it open to everyone. Data, like the warm-up library.

The planning pages show a card beside the choice of kind and beside each kind's form, so a
facilitator who has never run the method learns it while planning. Keys are the activity
kinds stored on `Activity.kind`; stages are the workshop stages on `Workshop.stage`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MethodCard:
    kind: str
    name: Promise
    what_for: Promise
    when: Promise
    how: tuple[Promise, ...]
    access: tuple[Promise, ...]
    minutes: Promise
    stages: tuple[str, ...] = ()  # the workshop stages it suits best


CARDS: tuple[MethodCard, ...] = (
    MethodCard(
        kind="warm_up",
        name=_("Warm-up"),
        what_for=_(
            "Helps people settle in and hear their own voice in the room early on. People "
            "who have spoken once find it easier to speak again."
        ),
        when=_(
            "Near the start, after the welcome. A short one after a break helps too. Use "
            "one in every workshop, most of all when people do not know each other."
        ),
        how=(
            _("Choose a question anyone can answer, with no right or wrong answer."),
            _("Answer it yourself first, to show how short an answer can be."),
            _("People send one word or an emoji. Read the words out without names."),
            _("Anyone can pass. Never ask someone to explain their word."),
        ),
        access=(
            _("Read the words on the screen out loud, so nobody has to read."),
            _("A supporter or a facilitator can type a word for someone."),
            _("Picture cards on paper work as well as a phone."),
        ),
        minutes=_("About 5 minutes."),
        stages=("understanding", "insights", "co_creating", "evaluating"),
    ),
    MethodCard(
        kind="one_two_four",
        name=_("1-2-4-All"),
        what_for=_(
            "Gets ideas from everyone, not only from the people who talk most. Everyone "
            "thinks on their own before they talk, so quieter people are ready too."
        ),
        when=_(
            "When you want a lot of ideas or answers to one clear question, for example "
            "“What should we do next?”. It is a good way into a vote."
        ),
        how=(
            _("Ask one open question and show it on the screen."),
            _("1 minute: everyone thinks on their own and writes a note."),
            _("2 minutes: people share in pairs and build on each other’s ideas."),
            _("4 minutes: two pairs join up and pick the idea that stood out."),
            _("5 minutes: each group of four tells everyone their best idea."),
            _("Take the best ideas into a Dotmocracy if you want to choose between them."),
        ),
        access=(
            _("Give more time for each step if people need it. The timer can be paused."),
            _("Notes can be spoken and written down by someone else."),
            _("Pairs mix lived and learnt experience, so nobody is left with only staff."),
        ),
        minutes=_("About 12 minutes. Add time for more than 20 people."),
        stages=("understanding", "co_creating"),
    ),
    MethodCard(
        kind="storyboard",
        name=_("Storyboarding"),
        what_for=_(
            "Small groups tell the story of a journey, such as using a service, one step at "
            "a time. It puts the person’s own experience at the centre."
        ),
        when=_(
            "To understand what happens now and where it goes wrong, or to picture a better "
            "future. It needs time, so plan at least 30 minutes."
        ),
        how=(
            _("Agree whose journey you will tell, and where it starts and ends."),
            _("Groups of 3 or 4 write or draw each step in order."),
            _(
                "For each step: what is happening, who is involved, what helps, what gets "
                "in the way, and how the person feels."
            ),
            _("Each group shows their story. Everyone looks for what the stories share."),
        ),
        access=(
            _("Drawing, writing, speaking and pictures all count as taking part."),
            _("Each step is one short box, so nobody has to write a lot."),
            _("Think about how the story may bring back hard memories. Offer a break."),
        ),
        minutes=_("30 to 60 minutes, with time to share at the end."),
        stages=("understanding", "insights", "evaluating"),
    ),
    MethodCard(
        kind="dotmocracy",
        name=_("Dotmocracy"),
        what_for=_(
            "Helps a group see which ideas matter most to them, after a time of coming up "
            "with many ideas."
        ),
        when=_(
            "After a 1-2-4-All or a storyboard, when there are more ideas than you can act "
            "on. Choose rating instead of dots when you want to know how much people agree "
            "with each idea."
        ),
        how=(
            _("Put every idea up where everyone can see it, in short words."),
            _("Each person gets a few dots, about one for every three ideas."),
            _("People put their dots on the ideas that matter most to them."),
            _("Keep the counts hidden until voting closes, so people do not follow the crowd."),
            _("Look at the results together. Say what you will do with them."),
        ),
        access=(
            _("Read every idea out loud before voting starts."),
            _("People can vote on paper, and a facilitator enters their dots."),
            _("Show how people with lived experience voted beside the totals."),
        ),
        minutes=_("About 10 to 15 minutes."),
        stages=("co_creating", "evaluating"),
    ),
    MethodCard(
        kind="plain",
        name=_("Agenda item"),
        what_for=_(
            "Anything on the day that is not one of the methods: a welcome, the group "
            "agreement, a break, or what happens next."
        ),
        when=_(
            "Start with a welcome and end by saying what happens next. Plan a break at least "
            "every hour."
        ),
        how=(
            _("Say what the item is and how long it takes."),
            _("Write what people do in short sentences, and the same in easy read."),
        ),
        access=(
            _("Breaks matter: people may need medicine, food, quiet or a rest."),
            _("Say at the start where the toilets and the quiet space are."),
        ),
        minutes=_("A welcome 10 minutes; a break 15 minutes."),
    ),
)

BY_KIND = {card.kind: card for card in CARDS}


def card_for(kind: str) -> MethodCard | None:
    return BY_KIND.get(kind)
