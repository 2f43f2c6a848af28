"""Our small library of inclusive warm-ups, written by us. Data, like the ladder's question bank.

Every warm-up lets anyone pass, needs no movement or touch, no shared cultural knowledge and
no reading aloud, and works in the room, online and by phone.
Each can be answered with one short word or an emoji on a phone, which the room screen shows
without names; a facilitator can hide an answer.

To add one: append a WarmUp with a new key. Keys are stored on activities: never reuse or
rename one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class WarmUp:
    key: str
    title: Promise
    what_to_do: Promise
    easy_read: Promise
    facilitator_notes: Promise
    access_notes: Promise
    minutes: int
    picture: str = "speech"  # the built-in picture beside its easy read words
    no_reading: bool = True  # can be done by someone who does not read
    works_online: bool = True


LIBRARY: tuple[WarmUp, ...] = (
    WarmUp(
        key="one_word_check_in",
        title=_("One word check-in"),
        what_to_do=_("How are you today? Send one word. Or pass."),
        easy_read=_("How do you feel today? Say one word. You do not have to."),
        facilitator_notes=_(
            "Go first to show how short it can be, for example 'tired' or 'hopeful'. Read the "
            "words on the screen out loud without saying who sent them. Do not ask anyone to "
            "explain their word."
        ),
        access_notes=_(
            "People can say their word to a supporter, who types it. Words are shown large "
            "on the screen and read out loud, so nobody needs to read."
        ),
        minutes=5,
        picture="smile",
    ),
    WarmUp(
        key="emoji_weather",
        title=_("Weather report"),
        what_to_do=_("If your day was weather, what would it be? Send an emoji or a word."),
        easy_read=_("Is your day sunny, cloudy or rainy? Choose a picture or a word."),
        facilitator_notes=_(
            "Show a few weather emoji on the screen first: ☀️ ⛅ 🌧️ ⛈️ 🌈. Notice the mix out loud "
            "('lots of sun, some rain') rather than anyone's answer."
        ),
        access_notes=_(
            "Works with picture cards on paper: hold one up and a facilitator enters it. "
            "Screen readers read emoji by name."
        ),
        minutes=5,
        picture="sun",
    ),
    WarmUp(
        key="good_thing",
        title=_("One good thing"),
        what_to_do=_("Name one small good thing from this week, in one or two words."),
        easy_read=_("Tell us one good thing from this week. Use one or two words."),
        facilitator_notes=_(
            "Small is fine: 'a cup of tea' counts. If the room is low, it is fine to say so "
            "and move on. Never press someone who has passed."
        ),
        access_notes=_(
            "Give people a minute to think before anyone answers. Answers can be typed, "
            "said to a supporter, or given by proxy."
        ),
        minutes=5,
        picture="star",
    ),
    WarmUp(
        key="hopes_for_today",
        title=_("Hopes for today"),
        what_to_do=_("What do you hope we get done today? One word."),
        easy_read=_("What do you want from today? Say one word."),
        facilitator_notes=_(
            "Keep the words on the screen and come back to them at the end: did we get there? "
            "It tells people their hopes were heard."
        ),
        access_notes=_("Offer examples in plain words: 'listened to', 'ideas', 'a plan'."),
        minutes=5,
        picture="target",
    ),
    WarmUp(
        key="comfort_food",
        title=_("Favourite drink or snack"),
        what_to_do=_("What is your favourite drink or snack? One word or an emoji."),
        easy_read=_("What do you like to eat or drink? Say one word or choose a picture."),
        facilitator_notes=_(
            "A light, safe start: nobody has a wrong answer. Good for a new group meeting "
            "for the first time."
        ),
        access_notes=_(
            "Avoid it just before a meal if people are fasting, and think about people who "
            "have a difficult relationship with food; offer 'favourite colour' instead."
        ),
        minutes=4,
        picture="cafe",
    ),
)

BY_KEY = {warm_up.key: warm_up for warm_up in LIBRARY}


def warm_up_for(key: str) -> WarmUp | None:
    return BY_KEY.get(key)


def warm_up_choices() -> list[tuple[str, Promise | str]]:
    return [(warm_up.key, warm_up.title) for warm_up in LIBRARY]
