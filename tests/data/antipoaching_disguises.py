"""Contact values and the disguises applied to them, for the generated anti-poaching set."""

from __future__ import annotations

import random

import phonenumbers

AREAS = "415 917 212 312 646 718 303 512 206 617 202 305 404 702 818 510 408 650 773 214".split()
EN = "zero one two three four five six seven eight nine".split()
ES = "cero uno dos tres cuatro cinco seis siete ocho nueve".split()
HOMOPHONES = {"0": ["oh", "o"], "1": ["won"], "2": ["too", "to"], "4": ["for", "fore"],
              "8": ["ate"]}  # fmt: skip
LETTERS_FOR_DIGITS = {"0": "O", "1": "l", "5": "S", "8": "B", "2": "Z", "6": "b"}
REGIONS = ("GB", "MX", "ES", "FR", "DE", "AU", "IN", "BR", "IT", "CO", "PH", "CA")
FIRST = "kim jen sam alex maria rosie jake luis ana mo bella chris dani tom nina".split()
PET_WORDS = "paws tails walks woof pup doggo sitter petcare barks hounds".split()


def nanp(rng: random.Random) -> str:
    exchange = "555" if rng.random() < 0.4 else str(rng.randint(201, 989))
    return rng.choice(AREAS) + exchange + f"{rng.randint(0, 9999):04d}"


def us_format(digits: str, rng: random.Random) -> str:
    a, b, c = digits[:3], digits[3:6], digits[6:]
    style = rng.randrange(14)
    return [
        f"({a}) {b}-{c}", f"{a}.{b}.{c}", f"{a}-{b}-{c}", f"{a}{b}{c}", f"+1 {a} {b} {c}",
        f"1-{a}-{b}-{c}", f"{a} {b} {c}", f"{a}/{b}/{c}", f"{a}x{b}x{c}", f"{a} • {b} • {c}",
        f"+1{a}{b}{c}", f"({a}){b}-{c}", f"{a} - {b} - {c}", f"{a}|{b}|{c}",
    ][style]  # fmt: skip


def international(rng: random.Random) -> str:
    """A valid number of another country, written the way its owners write it."""
    region = rng.choice(REGIONS)
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    national = str(example.national_number)
    for _ in range(50):
        digits = national[:3] + "".join(str(rng.randrange(10)) for _ in national[3:])
        number = phonenumbers.parse(f"+{example.country_code}{digits}")
        if phonenumbers.is_valid_number(number):
            break
    else:
        number = example
    style = rng.choice(
        (phonenumbers.PhoneNumberFormat.INTERNATIONAL, phonenumbers.PhoneNumberFormat.E164)
    )
    text = phonenumbers.format_number(number, style)
    if rng.random() < 0.2:
        text = "00" + text.lstrip("+")
    return text


def spell(digits: str, rng: random.Random, words: list[str], homophones: bool) -> str:
    out = []
    for digit in digits:
        if homophones and digit in HOMOPHONES and rng.random() < 0.5:
            out.append(rng.choice(HOMOPHONES[digit]))
        else:
            out.append(words[int(digit)])
    return " ".join(out)


def grouped(digits: str) -> list[str]:
    return [digits[:3], digits[3:6], digits[6:]] if len(digits) == 10 else [digits]


def disguise_digits(digits: str, rng: random.Random) -> str:
    """A 10-digit number hidden one of many ways."""
    groups = grouped(digits)
    kind = rng.randrange(15)
    if kind == 0:
        return ", ".join(spell(g, rng, EN, True) for g in groups)
    if kind == 1:
        return " ".join(spell(g, rng, ES, False) for g in groups)
    if kind == 2:  # mixed words and digits
        return " ".join(d if rng.random() < 0.5 else EN[int(d)] for d in digits)
    if kind == 3:  # triple / double
        return " ".join(_repeats(g) for g in groups)
    if kind == 4:
        return " ".join(digits)
    if kind == 5:
        sep = rng.choice(["x", "/", "~", "|", " . ", "_", "*", " / "])
        return sep.join(groups)
    if kind == 6:  # letters for digits
        return "-".join(
            "".join(LETTERS_FOR_DIGITS.get(d, d) if rng.random() < 0.5 else d for d in g)
            for g in groups
        )
    if kind == 7:
        return "".join(chr(0xFF10 + int(d)) for d in digits)
    if kind == 8:
        return "".join(d + "\ufe0f\u20e3" for d in digits)
    if kind == 9:
        return "\n".join(groups)
    if kind == 10:
        return "-".join(" ".join(g) for g in groups)
    if kind == 11:
        return f"{groups[0]} {spell(groups[1], rng, EN, True)} {groups[2]}"
    if kind == 12:
        return f"{groups[0]}-{groups[1]}-{spell(groups[2], rng, EN, True)}"
    if kind == 13:
        return " ".join(d + rng.choice(["", " ", "  ", "."]) for d in digits).strip()
    return f"{groups[0]}.{groups[1]}.{groups[2][:2]} {groups[2][2:]}"


def _repeats(group: str) -> str:
    out, index = [], 0
    while index < len(group):
        digit = group[index]
        run = len(group[index:]) - len(group[index:].lstrip(digit))
        if run >= 3:
            out.append(f"triple {EN[int(digit)]}")
        elif run == 2:
            out.append(f"double {EN[int(digit)]}")
        else:
            out.append(EN[int(digit)])
        index += min(run, 3)
    return " ".join(out)


def handle(rng: random.Random) -> str:
    name = rng.choice(FIRST)
    style = rng.randrange(5)
    pet = rng.choice(PET_WORDS)
    return [f"{pet}by{name}", f"{name}.{pet}", f"{name}_{pet}{rng.randint(1, 99)}",
            f"{name}{pet}", f"the{pet}{name}"][style]  # fmt: skip


def spaced_letters(word: str) -> str:
    return " ".join(word)


HOMOGLYPHS = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "i": "і"}


def homoglyph(word: str, rng: random.Random) -> str:
    return "".join(HOMOGLYPHS[c] if c in HOMOGLYPHS and rng.random() < 0.5 else c for c in word)
