"""Slot fillers and carrier templates for the generated anti-poaching set."""

from __future__ import annotations

import random
from collections.abc import Callable

from tests.data.antipoaching_disguises import (
    FIRST,
    disguise_digits,
    handle,
    homoglyph,
    international,
    nanp,
    spaced_letters,
    us_format,
)  # fmt: skip

DOMAINS = ["gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com", "aol.com",
           "proton.me", "comcast.net"]  # fmt: skip
TLDS = ["com", "net", "co", "org", "io", "pet", "us", "biz", "dog", "care"]
APPS = ["insta", "IG", "the gram", "instagram", "snap", "snapchat", "👻", "📸", "WA", "whatsap",
        "whatsapp", "tele", "telegram", "TG", "fb", "messenger", "tiktok", "the tok", "signal",
        "wassup app", "insta gram", "snap chat", "what's app", "face book"]  # fmt: skip
RARE = [
    "discord: {n}#{d4}",
    "line id {n}",
    "kakao {n}",
    "wechat id {n}_{d2}",
    "threads @{n}",
    "bluesky {n}.bsky.social",
    "{n}@mastodon.social",
    "reddit u/{n}",
    "twitch.tv/{n}",
    "my youtube channel {n}",
    "viber {n}",
    "t.me/{n}",
    "telegram channel @{n}",
    "skype live:{n}",
    "groupme {n}",
    "nextdoor, I'm {N} W.",
]
PAY = ["venmo @{n}", "cashapp ${n}", "zelle {p}", "paypal.me/{n}", "v3nmo {n}", "cash app {n}",
       "apple cash {p}", "venmo -{n}", "zelle to {e}", "$ {n} on cash app"]  # fmt: skip
DOSES = ["0.5", "1", "2.5", "12.5", "75", "100"]
PLATFORMS = ["Facebook", "TikTok", "Instagram", "YouTube", "Reddit", "WhatsApp", "Snapchat",
             "Nextdoor", "Twitter", "Telegram"]  # fmt: skip


def _phone(rng: random.Random) -> str:
    return us_format(nanp(rng), rng)


def _hidden(rng: random.Random) -> str:
    return disguise_digits(nanp(rng), rng)


def _any_phone(rng: random.Random) -> str:
    roll = rng.random()
    return _phone(rng) if roll < 0.45 else international(rng) if roll < 0.6 else _hidden(rng)


def _local7(rng: random.Random) -> str:
    digits = nanp(rng)[3:]
    return rng.choice([f"{digits[:3]}-{digits[3:]}", f"{digits[:3]} {digits[3:]}",
                       f"{digits[:3]}.{digits[3:]}", digits])  # fmt: skip


def _email(rng: random.Random) -> str:
    user, domain = handle(rng).replace("_", "."), rng.choice(DOMAINS)
    name, tld = domain.split(".")
    style = rng.randrange(10)
    return [
        f"{user}@{domain}", f"{user} (at) {name} (dot) {tld}", f"{user} at {name}",
        f"{user} at gee mail", spaced_letters(f"{user}@{domain}"), f"{user} @ {name} . {tld}",
        f"{user}[at]{name}[.]{tld}", f"{homoglyph(user, rng)}@{domain}",
        f"{user} at {name} dot {tld}", f"{user} AT {name.upper()}",
    ][style]  # fmt: skip


def _domain(rng: random.Random) -> str:
    name, tld = handle(rng).replace("_", "").replace(".", ""), rng.choice(TLDS)
    style = rng.randrange(10)
    return [
        f"{name}.{tld}", f"{name} . {tld}", f"{name}(.){tld}", f"{name} dot {tld}",
        f"{name} d0t {tld}", spaced_letters(f"{name}.{tld}"), f"www {name} {tld}",
        f"{name}[.]{tld}", f"https://{name}.{tld}/book", f"{name} period {tld}",
    ][style]  # fmt: skip


def _handle(rng: random.Random) -> str:
    value = handle(rng)
    style = rng.randrange(5)
    return [f"@{value}", value, spaced_letters(value), homoglyph(value, rng), f"@ {value}"][style]


def _fill(pattern: str, rng: random.Random) -> str:
    name = handle(rng).replace(".", "")
    return pattern.format(
        n=name,
        N=rng.choice(FIRST).title(),
        d4=rng.randint(1000, 9999),
        d2=rng.randint(10, 99),
        p=_phone(rng),
        e=f"{name}@gmail.com",
    )


def _keypad(rng: random.Random) -> str:
    return str(rng.randint(1000, 9999)) + rng.choice(["", "#", "*"])


def _time(rng: random.Random) -> str:
    hour = rng.randint(1, 12)
    return rng.choice(
        [
            f"{hour}:{rng.choice(['00', '15', '30', '45'])}",
            f"{hour}pm",
            f"{hour}:{rng.randint(10, 59)} {rng.choice(['am', 'pm'])}",
            f"{hour}",
        ]
    )


def _long_id(rng: random.Random) -> str:
    kind = rng.randrange(6)
    if kind == 0:
        return f"microchip {rng.choice(['985', '982', '956'])}{rng.randint(10**11, 10**12 - 1)}"
    if kind == 1:
        return f"Rx# {rng.randint(1000000, 9999999)}"
    if kind == 2:
        middle = f"{rng.randint(100, 999)} {rng.randint(1000, 9999)}"
        return f"tracking 9400 1{middle} 0000 {rng.randint(1000, 9999)} 12"
    if kind == 3:
        first = rng.randint(100, 999)
        return f"order #{first}-{rng.randint(10**6, 10**7 - 1)}-{rng.randint(10**6, 10**7 - 1)}"
    if kind == 4:
        return f"policy {rng.randint(1000, 9999)}-{rng.randint(100, 999)}-{rng.randint(100, 999)}"
    return f"invoice {rng.randint(20240000, 20269999)}"


def _five_digit_pair(rng: random.Random) -> list[str]:
    return [str(rng.randint(10000, 99999)), str(rng.randint(10000, 99999))]


def _address(rng: random.Random) -> str:
    street = rng.choice(["Oak St", "Valencia St", "24th Ave", "Maple Dr", "Elm Ct", "Market St"])
    return (f"{rng.randint(10, 9999)} {street}, Apt {rng.randint(1, 40)}, "
            f"San Francisco, CA {rng.randint(94102, 94134)}")  # fmt: skip


FILLERS: dict[str, Callable[[random.Random], str]] = {
    "phone": _phone, "intl": international, "hidden": _hidden, "anyphone": _any_phone,
    "local7": _local7, "email": _email, "domain": _domain, "handle": _handle,
    "app": lambda rng: rng.choice(APPS), "rare": lambda rng: _fill(rng.choice(RARE), rng),
    "pay": lambda rng: _fill(rng.choice(PAY), rng), "name": lambda rng: rng.choice(FIRST).title(),
    "small": lambda rng: str(rng.randint(1, 12)), "code": lambda rng: str(rng.randint(1000, 9999)),
    "keypad": _keypad, "time": _time,
    "price": lambda rng: f"${rng.randint(5, 300)}{rng.choice(['', '.00', '.50'])}",
    "dose": lambda rng: f"{rng.choice(DOSES)} {rng.choice(['mg', 'ml', 'tabs'])}",
    "weight": lambda rng: f"{rng.randint(5, 120)} lbs", "longid": _long_id, "address": _address,
    "platform": lambda rng: rng.choice(PLATFORMS), "year": lambda rng: str(rng.randint(2015, 2026)),
    "date": lambda rng: f"{rng.randint(1, 12)}/{rng.randint(1, 28)}",
    "chip": lambda rng: f"{rng.choice(['985', '982', '956'])}{rng.randint(10**11, 10**12 - 1)}",
    "upc": lambda rng: " ".join(["0", *_five_digit_pair(rng), str(rng.randrange(10))]),
}  # fmt: skip

from tests.data.antipoaching_templates import ALLOW_TEMPLATES, BLOCK_TEMPLATES  # noqa: E402

__all__ = ["ALLOW_TEMPLATES", "BLOCK_TEMPLATES", "FILLERS"]
