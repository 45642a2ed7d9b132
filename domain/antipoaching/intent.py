"""Phrase rules: personal-line phrases, requests for contact details, proposals to leave.

Besides naming a channel, a message can move the conversation elsewhere without naming one
("let's talk somewhere else"), promise a number for later ("I'll send you my number later",
"ask me for my number tomorrow"), or point to a search ("google my name", "search my
business name online").
"""

from __future__ import annotations

import re

from domain.antipoaching.verdict import Verdict, block

_LINE = r"(?:number|num|#|digits|line|cell|cel|phone|mobile|cellphone|cell phone|phone number)"
_PRIVATE = (
    r"(?:personal|private|real|direct|other|own|actual|second|cell|mobile|home|work|new|house"
    r"|landline)"
)
# Words that make a line personal only after "call me on my...": "text on my regular number".
_USUAL = r"(?:regular|usual|normal|everyday|main)"
_PERSONAL_LINE = re.compile(
    rf"\bmy\s+{_PRIVATE}\s+(?:number|num|#|digits|line|phone|cell|mobile|cellphone)\b"
    r"|\b(?:call|text|txt|ring|reach|message|msg|contact|whatsapp)(?:ed|ing|s)?\s+(?:me\s+|us\s+)?"
    rf"(?:on|at|to|via|through)?\s*(?:my|our)\s+(?:{_PRIVATE}\b|{_USUAL}\s+(?:number|phone|cell))"
    r"|\bmy\s+(?:(?:cell|phone|mobile|personal)\s+)?(?:number|num|#|digits)\s*(?:is|'s|:|=)"
    r"(?!\s*(?:in|on)\s+(?:the|my|your|our)\s+(?:app|file|profile|booking|account)\b)"
    r"|\b(?:here'?s|here is|this is|that'?s|save|take|jot down|write down|add|use|got|have|"
    r"left|wrote|put|stuck|taped|pinned)"
    r"\s+my\s+(?:\w+\s+)?(?:(?:number|num|digits)\b(?!\s+(?:one|1|two|2)\b)|#)"
    r"|\bmy\s+(?:number|digits)\s+(?:in case|if you|so you|for next|for future)"
    r"|\b(?:my\s+(?:cell|phone|mobile|number)(?: number)?(?:'s|\s+is)\s+(?:on|in)\s+(?:the|my)"
    r"|(?:cell|phone|mobile|number)(?:'s|\s+is)\s+(?:on|in)\s+my)\s+"
    r"(?:magnet|card|fridge|note|flyer|sticker|tag|paperwork|binder|whiteboard|folder)\b"
    r"|\b(?:mi|mis)\s+(?:número|numero|cel|celular|teléfono|telefono|whats|wasap|número personal)"
    r"|\b(?:llámame|llamame|escríbeme|escribeme|márcame|marcame|mándame|mandame)\s+(?:al|a mi)\b"
)
_ASK = (
    r"(?:what'?s|whats|wats|what is|send|give|share|drop|pass|leave|text|dm|need|want|get"
    r"|can i (?:get|have)|could i (?:get|have)|may i (?:get|have)|i need|do you have)"
)
_CONTACT = (
    r"(?:number|num|#|digits|cell|email|e-mail|insta|ig|instagram|snap|snapchat|whatsapp"
    r"|handle|venmo|cash app|cashapp|zelle|paypal|socials|fb|facebook|telegram|tiktok|signal)"
)
_REQUEST = re.compile(
    rf"\b{_ASK}\s+(?:me\s+)?(?:your|ur|yr|u r)\s+(?:{_PRIVATE}\s+|phone\s+)?{_CONTACT}\b"
    rf"|\b(?:your|ur)\s+{_PRIVATE}\s+(?:number|num|#|digits|line|phone|cell)\b"
    r"|\bdo you have (?:a|another)\s+(?:personal|private|direct|cell|other|real|work)\s+"
    r"(?:number|phone|line|cell)"
    r"|\b(?:tu|su)\s+(?:número|numero|cel|celular|teléfono|telefono|whats|insta|correo)\b"
    r"|\b(?:pásame|pasame|dame|mándame|mandame)\s+tu\b"
    r"|\b(?:what|which)\s+(?:email|e-mail)\s+(?:should|do|can|could|would|is|works)\b"
    r"|\bwhat number (?:should|can|do) i (?:text|call|reach) (?:you|u)\b"
    r"|\b(?:best|good|other|another|better|easiest|direct)\s+(?:number|#|cell|phone|way)\s+"
    r"(?:to|for)\s+(?:reach|call|text|contact|get a hold of)\s+(?:you|u|ya)\b"
)
_REQUEST_CATEGORIES = (
    ("email", ("email", "e-mail", "correo")),
    ("social", ("insta", "ig", "snap", "whats", "handle", "socials", "fb", "facebook",
                "telegram", "tiktok", "signal")),
    ("payment", ("venmo", "cash", "zelle", "paypal")),
)  # fmt: skip
_PLATFORM = (
    r"(?:(?:the|this|that|your|our|snout)\s+(?:app|apps|platform|site|website|agency|company|"
    r"middleman|middle man|system|service|business|fees?|commission|cut|booking(?: thing| system"
    r"| process| step)?\b(?! (?:code|number|id|#|notes|details)))|snout)"
)
_OFF_PLATFORM = re.compile(
    r"\b(?:off|outside(?:\s+of)?|away from|around|bypass(?:ing)?|skip(?:ping)?|cut(?:ting)?"
    r"\s+out|avoid(?:ing)?|instead of|not through|without|leave|ditch)\s+" + _PLATFORM + r"\b"
    r"|\b(?:take|move|continue|keep|talk|chat|switch|do)\s+(?:this|it|things|us|our chat|"
    r"the conversation|this conversation)\s+(?:off|outside|elsewhere|private|offline)\b"
    r"|\b(?:don'?t|do not|no need to|stop|never)\s+(?:book|pay|go|message|use)\w*\s+"
    r"(?:through|on|via|in|with)\s+(?:the|this)\s+(?:app|platform|agency|site|company)\b"
    r"|\b(?:agency|app|company|platform|snout)\s+(?:doesn'?t|does not|don'?t|won'?t|"
    r"will not|never|shouldn'?t)\s+(?:need to |have to )?(?:know|find out|hear)\b"
    r"|\b(?:private|side)\s+(?:client|clients|booking|bookings|gig|gigs|sits|walks|business)\b"
    r"|\bmy own(?:\s+[\w-]+){0,3}\s+(?:business|rates|clients|company)\b"
    r"|\b(?:cheaper|lower|better|discounted)\s+(?:rate|rates|price)\s+(?:if|without|outside)\b"
    r"|\b(?:no|without|skip the|save (?:you |on )?the)\s+(?:agency|app|platform|booking)\s+"
    r"(?:fee|fees|cut|commission)\b"
    r"|\b(?:set|sort|work|arrange|keep)\s+(?:it|this|things)\s+(?:up\s+|out\s+)?between us\b"
    r"|\b(?:don'?t|do not|no)\s+need\s+(?:the|this|that)\s+(?:app|agency|platform|middleman)\b"
    r"|\b(?:no|without an?)\s+(?:app|agency|platform|middleman)\b"
    r"(?!\s+(?:access|notifications?|alerts?|updates?))"
    r"|\blook (?:me|us) up\b(?! (?:on|in) (?:the|this) app)"
    r"|\bcancel\w*\b[\w' ,]{0,40}?\b(?:(?:come|do it|walk|sit|show up) anyway|"
    r"pay (?:me|you|u) (?:then|directly|cash|in person))"
    r"|\bcut out the middle\s*man\b|\bbehind (?:the|their) (?:agency|company)'?s? back\b"
    r"|\b(?:por fuera|fuera de la (?:app|aplicación|aplicacion|plataforma|agencia)|"
    r"sin la (?:app|agencia|plataforma)|directamente conmigo|directo conmigo)\b"
)

# Dealing alone: "book me directly", "keep walking Max privately", "sits on the side", "book me
# yourself", "sort the payment out ourselves". Searched only when its hint is in the text.
_DEALS_ALONE = re.compile(
    r"\b(?:book|hire|pay|schedule|reserve|work|deal|arrange|contact|reach|email|go|come|sit|"
    r"walk|board|visit|watch|meet|message|text|call)(?:s|ed|ing|king)?"
    r"(?:\s+[\w']+){0,2}\s+(?:directly|direct|privately)\b"
    r"(?!\s+(?:in|on|through|via)\s+(?:the|this)\s+app)"
    r"|\b(?:sit|walk|book|work|pay|gig|job|do)s?(?:\s+[\w']+){0,2}\s+on the side\b(?! of)"
    r"|\b(?:book|hire|pay|call|contact)\s+(?:me|us)\s+(?:yourself|yourselves|on your own)\b"
    r"|\b(?:sort|settle|handle|arrange|figure|work)\w*\s+(?:out\s+)?(?:the\s+)?(?:payment|money|pay"
    r"|price|rate)s?\s+(?:out\s+)?(?:ourselves|between us|privately)\b"
)
_DEALS_HINT = re.compile("direct|privately|on the side|yoursel|ourselves|on your own")


# Someone who passes a number on: "I left my details with your doorman".
_GO_BETWEEN = r"(?:front desk|doorman|concierge|neighbou?r|reception|building manager|super)\b"
_CONTACT_DETAILS = (
    r"(?:number|num|digits|#|contact(?: info| details)?|info|details|card|cell|email|socials"
    r"|personal \w+|real \w+)"
)
_INTENT = re.compile(
    r"(?:\b(?:talk|chat|speak|message|msg|text|reach|connect)(?:ing|ting|s)?\b[\w' ]{0,12}?"
    r"|\b(?:continue|move|take|keep)\s+(?:this|it|things|the conversation|this conversation|"
    r"our chat|the chat|this chat|our convo)\s+(?:[\w']+\s+)?)"
    r"\b(?:somewhere else|elsewhere|somewhere (?:that isn'?t|other than|outside)|"
    r"outside (?:of )?(?:this|here|the app)|off here|off of here|"
    r"in private|privately|another way)\b"
    r"|\b(?:send|give|text|share|write|leave|pass|drop|slip|get|shoot|hand)\s+(?:you\s+|u\s+|ya\s+)?"
    r"my\s+" + _CONTACT_DETAILS + r"\b(?!\s+(?:on file|in the app|through))"
    r"|\bask\s+me\s+for\s+my\s+"
    + _CONTACT_DETAILS
    + r"|\bmy business card\b|\bmy card\b[\w' ,]{0,40}\b(?:call|text|email|reach) me\b"
    r"|\b(?:google|search|look up)\s+(?:for\s+)?(?:me|my|us|our)\b"
    r"(?!\s+(?:app|booking|bookings|profile here|messages))"
    r"|\b(?:google|search(?: for)?|look up)\s+[\"']\w"
    r"|\b(?:google|search|look up)\b[\w' ,]{0,40}\b(?:find me|you'?ll find|see my|comes up|pops up"
    r"|that'?s me|it'?s me|that'?s us|it'?s us)"
    r"|\b(?:the|my|an)\s+other app\b"
    r"|\bmy (?:contact )?(?:info|details|number|card|contact)\s+(?:is\s+|are\s+)?(?:with|at|to)\s+"
    rf"(?:the|your|my)\s+{_GO_BETWEEN}|\bask\s+(?:the|your)\s+{_GO_BETWEEN}\s+for\s+my\b"
    r"|\b(?:reach|contact|message|msg|text|talk|chat|call|find|connect)\w*\s+(?:with\s+|to\s+)?"
    r"(?:me|you|u|us)\s+(?:on|via|over|through|in)\s+(?:another|a different|a separate|some other"
    r"|an other)\s+(?:app|platform|site|messenger|number|phone|line)\b"
    r"|\b(?:text|call|message|msg|ring)\s+(?:you|u)\s+from my (?:own |personal |real |other )?"
    r"(?:phone|cell|number)\b|\b(?:find|look) me (?:up )?online\b"
    r"|\b(?:reach out to|contact|call|text|book|message)\s+me\b[\w' ,]{0,15}"
    r"\bnot (?:them|the app|the agency|through|here|on here|in here|in the app|on the app)\b"
    r"|\b(?:text|call|message|msg|dm|ring|whatsapp)\s+(?:me|you|u)\s+directly\b"
    r"|\bbetween (?:the two of |just )?(?:us|you and me|ourselves)\b"
    r"|\bno need for (?:the|this) (?:agency|app|platform|middleman)\b"
    r"|\b(?:don'?t|do not|no need to)\s+(?:have|need)?\s*(?:to\s+)?go through (?:them|the app|"
    r"the agency|it|this)\b"
    r"|\boutside (?:of )?(?:this|here)\b(?!\s+(?:house|building|room|door|gate|window|area|week))"
)
# Every branch of _INTENT holds one of these: a cheap test that skips most messages.
_INTENT_HINTS = (
    "my ", "else", "outside", "off here", "off of here", "privat", "another way", "somewhere",
    "google", "search", "look up", "other app", "online", "not ", "directly", "between",
    "need for", "go through", "another", "different", "separate", "some other", "an other",
)  # fmt: skip


_INTENT_HINT = re.compile("|".join(map(re.escape, _INTENT_HINTS)))  # faster than a loop


def _intends_to_leave(text: str) -> bool:
    return bool(_INTENT_HINT.search(text)) and bool(_INTENT.search(text))


def check_phrases(text: str) -> Verdict | None:
    if _OFF_PLATFORM.search(text) or (_DEALS_HINT.search(text) and _DEALS_ALONE.search(text)):
        return block("off_platform", "Proposal to deal outside the platform")
    if _PERSONAL_LINE.search(text):
        return block("phone", "Personal phone line")
    match = _REQUEST.search(text)
    if match:
        asked = match[0]
        for category, hints in _REQUEST_CATEGORIES:
            if any(hint in asked for hint in hints):
                return block(category, "Asks for contact or payment details")
        return block("phone", "Asks for a phone number")
    if _intends_to_leave(text):
        return block("off_platform", "Moves the conversation elsewhere or promises contact details")
    return None
