"""Channel rules: emails, links, social and messaging apps (payment apps: payment.py).

A platform *named* is not yet an offer: "Facebook is down", "a TikTok said grapes are toxic",
"found you through a Facebook group" are mentions. A name counts as an offer unless it stands
in such a mention and nothing else in the message offers a way there (an @handle, "add me",
"my page"...). Nicknames that are ordinary words too ("tele", "WA", "the gram", "snap") count
only in a messaging sense ("let's chat on tele", "TG me", "snap is better").
"""

from __future__ import annotations

import re

from domain.antipoaching.regex import app_name, apps, loose, words
from domain.antipoaching.text import TLDS
from domain.antipoaching.verdict import Verdict, block

_EMAIL = re.compile(rf"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:{TLDS}|[a-z]{{2}})\b")
_EMAIL_WORDS = re.compile(
    r"\b(?:" + words(
        "gmail", "hotmail", "yahoo mail", "outlook com", "icloud", "protonmail", "aol com",
        "your e mail", "ur e mail", "e mail me", "e mail you",
        "me an e mail", "you an e mail", "mi correo", "tu correo", "correo electronico",
        "correo electrónico", "gee mail", "g mail", "hot mail",
    ) + r")\b"
    r"|(?<!check )(?<!checking )(?<!checked )(?<!in )(?<!from )\bmy[\s._-]*e[\s._-]*mail\b"
    r"(?!\s+(?:is full|is a mess|inbox|is down|was hacked|app))"
    r"|\be-?mail\b[\w ]{0,40}[,:]\s*(?:outlook|aol|yahoo|proton|icloud|gmx)\s*(?:[.!)]|$)"
)  # fmt: skip
# Every branch of _EMAIL_WORDS holds one of these: a cheap test that skips most messages.
_EMAIL_HINT = re.compile("mail|outlook|icloud|aol|correo")
# An address with its "at" left in: "rosiewalks [at] outlook", "lexi at aol", "kim at the
# google one", "hello at pawsbymaya, the .com one".
_EMAIL_AT = re.compile(
    r"[\[({<]\s*(?:at|arroba)\s*[\])}>]\s*[a-z]"
    r"|(?<=[a-z0-9._])\s+@\s+(?:aol|yahoo|outlook|comcast|proton|msn|live|me)\b"
    r"|(?<=\S)\s+at\s+(?:the\s+)?(?:aol|yahoo|outlook|comcast|proton|protonmail|msn|hotmail|"
    r"gmail|icloud)\b|\bat\s+the\s+(?:google|yahoo|microsoft|apple|outlook|aol)\s+one\b"
    r"|(?<=[a-z0-9._]{2})\s+at\s+[a-z0-9-]{3,}[\s,]+(?:the\s+|a\s+)?(?:(?:\.|dot\s*)(?:com|net|org)\b|(?:com|net|org)\s+one\b)"
)
_MAYBE_AT = re.compile(r"\sat\s|@|[\[({<]\s*at|arroba")
# Provider names that are a mention when they stand like one ("Gmail ate my reminder").
_EMAIL_PROVIDER = re.compile(r"\b(?:gmail|hotmail|yahoo[\s._-]*mail|icloud|protonmail)\b")
_LINK_SERVICE = re.compile(
    r"\b(?:calendly|linktree|linktr\.ee|acuity ?scheduling|jotform|typeform|google forms?|"
    r"bit\s*(?:dot\s*)?ly|tinyurl|goo\s*(?:dot\s*)?gl)\b"
    r"|\b(?:my|our)\s+(?:web\s?site|blog|booking page|landing page)\b"
)  # booking and form pages: "calendly slash jess dash walks"
_MAYBE_TLD = re.compile(r"\.(?:com|net|org)")
_BARE_TLD = re.compile(r"(?<![\w.])\.(?:com|net|org)\b")  # "it's a .com", "the .com one"
_LINK_HINT = re.compile(
    "calendly|linktr|acuity|jotform|typeform|form|bit ly|bit dot|tinyurl|goo gl|goo dot|web|blog"
    "|page"
)
# A name, a dot, any ending and a path: "notion.so/ortega", "notion.so slash ortega".
_DOMAIN_PATH = re.compile(r"\b[a-z][a-z0-9-]{2,}\.[a-z]{2,10}(?:/|\s+slash\s+)[a-z0-9]")
_URL = re.compile(
    rf"\b(?:https?://|www\.)\S|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:{TLDS})\b(?![.-]?\w)"
)
_SOCIAL_APPS = {
    "Instagram": words(loose("instagram"), loose("insta") + "(?!-[a-z])", "ig", "insta gram"),
    "Snapchat": words(loose("snapchat"), "snap chat", "ghost app"),
    "WhatsApp": words(loose("whatsapp"), "what's app", "whats app", "watsapp", "wasap",
                      "wassap", "guasap", "wsp", "wpp", "whatsap", "wassup app", "watsap",
                      "whtsapp", "wats app"),
    "Telegram": words(loose("telegram"), r"t\.me/\w+"),
    "Facebook": words(loose("facebook"), "fb", "fb messenger", "face book", "book of faces"),
    "TikTok": words(loose("tiktok")),
    "FaceTime": loose("facetime"),
    "iMessage": words("imessage", "i message me"),
    "another messaging app": words(
        "wechat", "viber", "threema", "kik", "skype", "linkedin", "twitter", "kakao", "kakaotalk",
        "groupme", "bluesky", "bsky", "mastodon", "reddit", r"u/[a-z0-9_]{3,}", "youtube",
        "twitch", "nextdoor", "line id", "line app", "discord", "threads @", "tumblr",
        "pinterest", "google voice", "google chat", "hangouts", "marco polo", "bereal",
        "care com", "wag app", "rover app", "rover com", "bird app",
    ),
    "direct messages": words("dm", "dms", "dm'?s", "pm me", "inbox me", "slide into my"),
}  # fmt: skip
_SOCIAL = apps(_SOCIAL_APPS)


def names_app(text: str) -> bool:
    """Whether the (normalised) text names a messaging app or social network at all."""
    return _SOCIAL.search(text) is not None


_MENTION_BEFORE = re.compile(
    r"(?:\b(?:a|an|the|this|that|some|one|his|her|their)\s+(?:(?:great|funny|cute|viral|random|"
    r"weird|sad|sweet|old|famous|popular|local)\s+)?"
    r"|\b(?:kid|son|daughter|sister|brother|mom|dad|husband|wife|friend|neighbou?r|niece|nephew|"
    r"aunt|uncle|grandma|grandpa|grandson|granddaughter|cousin|boss|breeder|shelter|rescue)'?s\s+"
    r"|\b(?:followers|likes|views|famous)\s+(?:on|in)\s+"
    r"|\b(?:saw|seen|read|watched|found|heard|posted|someone|somebody|people|everyone|anyone|"
    r"trending|viral|post|video(?! ?(?:chat|call))|group|kid|kids|son|daughter|sister|brother|"
    r"mom|dad|husband|wife|teen|teens|neighbou?rs?|friends?|said|says|saying|wrote|posts|posting|"
    r"grandma|grandpa|grandson|granddaughter|nana|granny|community|communities|forum|forums|"
    r"shares|sharing|watches|watching|follow|every|guy|girl|lady|woman|man|breeder|shelter|rescue|"
    r"trainer|groomer|vet|person|accounts|videos|updates|stories|recipes|memes|reels)\b"
    r"[\w' ]{0,30}?\b(?:on|in|from|through|via|uses|use|using)\s+(?:a\s+|the\s+)?"
    r"|\b(?:not|never|no longer|isn'?t|aren'?t|wasn'?t|were|was|used to be|used to)\s+"
    r"(?:on|in|using|use)\s+|\b(?:don'?t|do not|doesn'?t|never)\s+(?:do|have|use|like|get)\s+"
    r"|\b(?:vi|vio|vimos|le[ií]|ley[oó]|dice|dijo|sale|sali[oó]|public[oó])\s+(?:en|que)\s+"
    r"|\b(?:deleted|quit|hate|hates|uninstalled|banned|loves?|watch(?:es|ing)?|obsessed with|"
    r"addicted to|glued to|viral|funny|open|opened|opening|update|updated|install|installed|"
    r"delete|set up|setup|signed up for|joined|tried)\s+)$"
)
# Things a platform has, which even "my" does not make an offer: "my facebook memories".
_MENTION_THING = re.compile(
    r"\s*(?:'s\s+)?(?:new\s+)?(?:video|clip|post|group|ad|ads|reel|story|stories|review|reviews|comment|influencer|"
    r"trend|outage|thread|algorithm|feed|dance|meme|challenge|famous|star|filter|memory|"
    r"memories|marketplace|friend|thing|recipe|drama|notification|update|streak|about|fee)s?\b"
)
_MENTION_AFTER = re.compile(
    r"\s*(?:'s\s+)?(?:is|was|went|has been|keeps?|seems?)\s+(?:down|broken|crashing|"
    r"acting|glitching|lagging|laggy|buggy|glitchy|weird|out|slow|full of|so|flooded|telling|"
    r"showing|suggesting|asking|sending|"
    r"recommending|logging)"
    r"|\s+(?:is|was) how\b|\s+(?:taught|told|made|gave|thinks|knows)\b"
    r"|\s+(?:said|says|claims?|recommended|showed|suggested|took|ate|deleted|removed|banned|"
    r"crashed|charged|lost|didn'?t|doesn'?t|won'?t|keeps)\b"
    r"|\s+(?:has|had)\s+(?:the|a|an|so|some|tons|lots|great|cute|cutest|best)\b"
    r"|\s+(?!need)[a-z]{3,}ed\b|\s+(?:working|loading|down)\b"  # "facebook reminded me"
    r"|\s+(?:is|was)\s+(?:a|an|such|so|what|full|terrible|awful|toxic|addictive|the worst|"
    r"useless|annoying|wild|crazy|down|broken|where|banned|blocked|weird|strange|buggy|laggy)\b"
    r"|\s+(?:way too much|too much|all (?:day|night|the time)|constantly|24/7)"
    r"|\s+from\s+(?:my|his|her|the|a|an|our)\s+(?!number|phone|cell)"
    r"|\s+(?:page|group|account)\s+(?:says|said|posted|shared|is full)\b"
    r"|\s+with\s+(?:(?:my|his|her|their)\s+)?(?:mom|mum|dad|family|sister|brother|friends?|"
    r"kids?|parents|grandma|grandpa|grandparents|aunt|uncle|nana|granny)\b"
    r"|\s+(?:está|esta|anda)\s+(?:caído|caido|lento|fallando|mal)\b|\s+no (?:funciona|sirve)\b"
)
_OFFER = re.compile(
    r"(?<![\w.@])@\s?[a-z0-9_]{3}|\b(?:let'?s|can we|could we|shall we|we can|we could)\b"
    r"|\b(?:send|text|message|call)\s+(?:you|u|ya)\b|\b(?:handle|username|user name)\s*(?:is|:)"
    r"|\b(?:add|follow|find|dm|message|msg|hit|chat|talk|connect|look|reach|ping|contact)\s+"
    r"(?:me|us)\b|\b(?:my|our)\s+(?:handle|username|page|account|profile|channel)\b"
    r"|\b(?:friend|join)\s+(?:me|us)\b|\b(?:id|handle|username)\s*(?:is|:)?\s*@?(?=[a-z]+[0-9_])"
    r"|\b(?:message|msg|text|call|contact|reach|add|dm)\s+(?:her|him|them)\s+(?:there|on)\b"
)
_NICK = (
    r"(?:wa|tg|tele|the gram|gram|the tok|messenger|📸|snap|sc|discord|signal|threads|line|kik|"
    r"rover|wag|zoom|slack|teams|gv)(?!')"
)
_NICK_PRESENT = re.compile(rf"(?<![\w-]){_NICK}(?![\w-])")
_NICK_IN_CONTEXT = re.compile(
    rf"\b(?:have|got)\s+(?:the tok|the gram|tele|tg|wa)\b"
    rf"|\b(?:my|your|ur|mi|tu|on|via|over|through|by|use|download|add me on|"
    rf"hit me up on|(?:switch|move|go|hop|jump)(?:ing)? (?:over )?to)"
    rf"\s+{_NICK}(?![\w-])(?!\s+(?:\d|of|up|at|peas)\b)"
    rf"|(?<![\w-]){_NICK}(?:\s*[^\w\s'\"]{{1,3}}\s*)@?(?=[a-z]+[0-9_.])[a-z][a-z0-9_.]{{3,}}"
    rf"|(?<![\w-]){_NICK}\s*(?:me\b(?!\s+(?:a|some|the|\d+|few|quick|couple|pics?|photos?)\b)"
    r"|:|is (?:better|easier|faster)|handle|username|user name|name\b|id\b|app\b|acct|account)"
)
_SOCIAL_IN_CONTEXT = re.compile(
    r"\b(?:add|find|follow|look|hit|friend)\s+(?:me\s+|us\s+)(?:up\s+)?on\b"
    r"(?!\s+(?:the|this|here|snout)\b(?!\s+(?:gram|tok)))"
    r"|\b(?:my|your|ur|his|her)\s+(?:handle|username|user name|socials|@)"
    r"|\bsocials\b(?<!off socials)(?<!no socials)|\b(?:my|our|your|ur) social media\b"
    r"|\blink in (?:my )?bio\b"
    r"|\b(?:por|al|un|mi|tu|el|my|your|ur)\s+(?:whats|wats|wasa)\b"
    r"|\bfollow\s+(?:@\s?)?[a-z0-9_.]{4,}\s+(?:for (?:more |daily |cute )?(?:pics|photos|"
    r"pictures|updates|videos|content|posts)|to see)\b"
    r"|\b(?:my|our)\s+(?:dog'?s|pup'?s|puppy'?s|cat'?s|business|walking|sitting|pet)\s+"
    r"(?:page|account|acct|profile|channel)\s*(?:is|:|=)\s*@?\s*[a-z]"
    r"|\b(?:my|our)\s+(?:page|account|acct|profile|channel)\s*(?:is|:|=)\s*@?\s*"
    r"(?=[a-z0-9]*[0-9_.])[a-z0-9_.]{4,}"
)
_ON_THE_APP_AS = re.compile(
    r"\bon (?:the )?(?!snout\b|this\b|same\b)[a-z ]{1,20}? app\b[^\w.?!]{0,6}"
    r"(?:(?:as|under)\s+(?!(?:well|usual|always|a|an|the|soon|if|of|for|much|long|is)\b)|"
    r"(?:i'?m|i am|my name is)\s+(?=[a-z]+[0-9_.]))@?[a-z0-9_.]{3,}"  # on the X app as Y
)
_HANDLE = re.compile(r"(?<![\w.@])@([a-z0-9_][a-z0-9_.]{1,29})")
_NOT_HANDLES = frozenset(
    "home work noon night midnight the vet park school lunch dinner breakfast tonight today "
    "tomorrow everyone all here door gate front back office daycare clinic groomer".split()
)
_TIME_LIKE = re.compile(r"\d+(?:[:.]\d+)?(?:am|pm|ish)?")


def check_email(text: str) -> Verdict | None:
    if "@" in text and _EMAIL.search(text):
        return block("email", "Email address")
    if _EMAIL_HINT.search(text):
        for match in _EMAIL_WORDS.finditer(text):
            if not (_EMAIL_PROVIDER.fullmatch(match[0]) and _is_mention(text, match)):
                return block("email", "Email address or email mention")
    if _MAYBE_AT.search(text) and _EMAIL_AT.search(text):
        return block("email", "Email address")
    return None


# "I posted her pics on my instagram": what happened there, not an invitation to it.
_POSTED_ON_MY = re.compile(
    r"\b(?:posted|shared|put|uploaded|saw|seen|read)\b[\w' ]{0,30}\b(?:on|in)\s+(?:my|our)\s+$"
)


def _is_mention(text: str, match: re.Match[str]) -> bool:
    if _MENTION_THING.match(text, match.end()):
        return True
    before = text[max(0, match.start() - 60) : match.start()]
    if _POSTED_ON_MY.search(before):
        return True
    if before.endswith(("my ", "mi ", "our ")):  # "my tiktok is full of your dogs"
        return False
    return bool(_MENTION_BEFORE.search(before) or _MENTION_AFTER.match(text, match.end()))


# An app named by its icon ("the paper plane app", "the ghost app"), or one name everywhere
# ("I'm rosiepaws on every app", "we're dogdaysnyc on all the socials").
_APP_POINTER = re.compile(
    r"\b(?:paper\s?(?:air)?plane|ghost|green bubble|blue bird|yellow ghost|camera icon)\s+app\b"
    r"|\b(?:i'?m|i am|we'?re|we are)\s+@?[a-z0-9_.]{4,}\s+on\s+(?:[a-z]+\s+){0,2}"
    r"(?:every|all|most|any)\s+(?:the\s+)?(?:apps?|platforms?|socials?|sites?)\b"
)
# The message keeps someone off social media: the apps it names are mentions.
_STAYS_OFF = re.compile(
    r"\b(?:keep|keeps|kept|keeping|stay|stays|staying)\s+(?:[a-z]+\s+)?off\s+(?:of\s+)?"
    r"(?:socials|social media|the internet)\b|\bno social media\b"
)


def check_social(text: str) -> Verdict | None:
    offered = None
    for match in _SOCIAL.finditer(text):
        if offered is None:
            offered = bool(_OFFER.search(text))
            stays_off = "off" in text and bool(_STAYS_OFF.search(text))
        if offered or not (stays_off or _is_mention(text, match)):
            return block("social", f"Social or messaging app ({app_name(match, _SOCIAL_APPS)})")
    if (" app" in text or " social" in text or " platform" in text) and _APP_POINTER.search(text):
        return block("social", "Social or messaging app (by its icon, or one name on every app)")
    if _NICK_PRESENT.search(text) and _NICK_IN_CONTEXT.search(text):
        return block("social", "Social or messaging app")
    if _SOCIAL_IN_CONTEXT.search(text):
        return block("social", "Social or messaging app")
    if " app" in text and _ON_THE_APP_AS.search(text):
        return block("social", "Social or messaging app")
    if "@" in text and any(_is_handle(m[1]) for m in _HANDLE.finditer(text)):
        return block("social", "Social media @handle")
    return None


def _is_handle(name: str) -> bool:
    name = name.rstrip(".")
    return len(name) >= 3 and name not in _NOT_HANDLES and not _TIME_LIKE.fullmatch(name)


def check_url(text: str) -> Verdict | None:
    dotted = "." in text
    if dotted and (_URL.search(text) or (_MAYBE_TLD.search(text) and _BARE_TLD.search(text))):
        return block("url", "Web link")
    if ("/" in text or "slash" in text) and _DOMAIN_PATH.search(text):
        return block("url", "Web link")
    if _LINK_HINT.search(text) and _LINK_SERVICE.search(text):
        return block("url", "Web link (booking or form page)")
    return None
