"""Pictures already chosen for our own easy read wording, keyed by a stable id.

The ids are the keys our own copy already has (a Ladder question's key, an answer's key, a
name we give a fixed sentence in a template), never the sentence itself, so rewording a
sentence keeps its picture. Every value is a name in `builtin.builtin_pictures()`
(tests/core/test_easy_read.py checks that).
"""

from __future__ import annotations

# The Ladder of Co-production: one picture per question (coproduce/ladder/banks/v2.json).
LADDER_QUESTIONS = {
    "have_say": "speech",
    "designed": "pencil",
    "equal_say": "balance",
    "start": "calendar",
    "stages": "steps",
    "forum": "people",
    "ep_money": "money",
    "ia_needs": "helping-hands",
    "ia_ways": "repeat",
    "ia_missing": "search",
    "vc_pay": "money-bag",
    "vc_feedback": "ear",
    "vc_changed": "chart-up",
    "fo_success": "target",
    "fo_check": "tick-box",
}

# The answers, by their key. An answer key means the same in every question it is used in.
LADDER_ANSWERS = {
    "not_told": "mute",
    "explained": "information",
    "told_facts": "paper",
    "chose_options": "tick-box",
    "own_ideas": "idea",
    "no": "cross",
    "yes": "tick",
    "none": "cross",
    "some": "one",
    "equal": "balance",
    "after_plan": "clipboard",
    "after_topic": "thought",
    "very_start": "play",
    "views_only": "speech",
    "design_only": "pencil",
    "every_part": "puzzle",
    "told": "megaphone",
    "say": "speech",
    "no_money": "prohibited",
    "asked": "person-waving",
    "given": "helping-hands",
    "one": "one",
    "two": "two",
    "several": "people",
    "checked": "search",
    "reached": "handshake",
    "costs": "receipt",
    "paid": "money",
    "no_time": "hourglass",
    "thanks": "clapping",
    "each_point": "clipboard",
    "not_asked": "question",
    "little": "chart-up",
    "staff": "office-worker",
    "after_asking": "person-waving",
    "together": "handshake",
    "too_early": "hourglass",
    "not_sure": "person-thinking",
}
LADDER_ANSWER_DEFAULT = "tick-box"

# A section heading's picture in generated easy read (role descriptions and the like), by
# its place in our own template; staff-written lines under it get their own suggestion.
FALLBACK = "speech"

# Words that suggest a picture for a line staff wrote, until staff choose one. First match
# wins, in this order; a suggestion only, shown on the picture picker as "suggested".
SUGGESTIONS: list[tuple[tuple[str, ...], str]] = [
    (("£", "pay", "paid", "money", "payment", "expenses", "voucher"), "money"),
    (("phone", "call", "ring", "telephone"), "phone"),
    (("email", "e-mail"), "email"),
    (("text", "texts"), "mobile"),
    (("letter", "post", "paper", "form"), "letter"),
    (("online", "video", "zoom", "teams", "website", "internet"), "computer"),
    (("bus", "buses", "train", "trains", "travel", "taxi", "journey"), "bus"),
    (("lunch", "food", "eat", "meal", "drinks", "tea", "coffee"), "food"),
    (("wheelchair", "step-free", "accessible", "access"), "wheelchair"),
    # Getting in at a venue (a meeting's access, in easy read)
    (("toilet", "toilets", "loo"), "toilet"),
    (("lift", "lifts"), "lift"),
    (("quiet", "calm"), "calm"),
    (("door", "doors", "entrance", "step", "steps", "ramp"), "door"),
    (("parking", "park", "car"), "parking"),
    (("hear", "listen", "listens", "hearing", "loop"), "ear"),
    (("see", "look", "read", "reading"), "eye"),
    (("where", "venue", "hall", "room", "address", "centre", "library"), "place"),
    (
        ("when", "date", "dates", "month", "monthly", "week", "weekly", "calendar"),
        "calendar",
    ),
    (("time", "hours", "hour", "minutes", "o'clock"), "clock"),
    (("training", "learn", "learning", "course"), "teacher"),
    (("help", "helps", "support", "supports", "care"), "helping-hands"),
    (("decide", "decides", "decision", "vote", "choose", "choice"), "ballot"),
    (("agree", "agreed", "together", "join"), "handshake"),
    (("stop", "break", "rest"), "pause"),
    (("ask", "asks", "question", "questions"), "question"),
    (("say", "said", "tell", "talk", "speak", "views", "ideas"), "speech"),
    (("change", "changes", "better", "improve"), "chart-up"),
    (("staff", "leader", "manager", "council"), "office-worker"),
    (("panel", "group", "people", "members", "meet", "meeting", "meetings"), "people"),
    (("write", "fill", "apply", "sign"), "writing-hand"),
    (("safe", "private", "secret"), "lock"),
    (("not", "cannot", "can't", "don't", "no"), "cross"),
    (("yes", "done", "finished"), "tick"),
]
