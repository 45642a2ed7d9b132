"""Words and numbers for the generated photo set (see make_media_set.py)."""

from __future__ import annotations

import random
import re

NAMES = [
    "Kim",
    "Sam",
    "Alex",
    "Maria",
    "Jordan",
    "Priya",
    "Luis",
    "Jess",
    "Taylor",
    "Noor",
    "Chris",
    "Dana",
    "Mei",
    "Omar",
    "Riley",
    "Grace",
]
DOGS = ["Biscuit", "Luna", "Max", "Pepper", "Milo", "Daisy", "Rocco", "Olive", "Bear", "Nala"]
AREAS = ["415", "650", "510", "408", "707", "925", "212", "312", "503", "206"]
STREETS = [
    "Sunset Blvd",
    "Oak St",
    "Valencia St",
    "Maple Ave",
    "Irving St",
    "Elm Ct",
    "Lakeshore Dr",
    "Mission St",
]
MAIL = ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com"]
FOODS = [
    "Chicken & Brown Rice",
    "Salmon & Sweet Potato",
    "Lamb & Oatmeal",
    "Turkey Recipe",
    "Beef & Barley",
    "Grain Free Duck",
]
BRANDS = ["HAPPY TAILS", "Nature's Bowl", "TrueBark", "Meadow Pet", "Pawsome Co."]
STORES = ["PETCO #1187", "Pet Food Express", "PetSmart #0421", "Bark Supply Co", "Chewy Order"]
DRUGS = [
    ("Apoquel", "16 mg"),
    ("Rimadyl", "75 mg"),
    ("Gabapentin", "100 mg"),
    ("Cerenia", "24 mg"),
    ("Simparica", "40 mg"),
    ("Prednisone", "5 mg"),
]


def phone(rng: random.Random) -> str:
    area, line = rng.choice(AREAS), f"01{rng.randrange(10, 99)}"
    shapes = [
        "({a}) 555-{l}",
        "{a}-555-{l}",
        "{a}.555.{l}",
        "{a} 555 {l}",
        "+1 {a} 555 {l}",
        "1-{a}-555-{l}",
        "({a})555-{l}",
    ]
    return rng.choice(shapes).format(a=area, l=line)


def upc(rng: random.Random) -> str:
    """Twelve digits with a valid UPC-A check digit."""
    digits = [rng.randrange(10) for _ in range(11)]
    total = 3 * sum(digits[0::2]) + sum(digits[1::2])
    return "".join(map(str, digits)) + str((10 - total % 10) % 10)


def _value(rng: random.Random, key: str, name: str) -> str:
    lower = name.lower()
    values = {
        "name": lambda: name,
        "dog": lambda: rng.choice(DOGS),
        "phone": lambda: phone(rng),
        "handle": lambda: rng.choice(
            [
                f"pawsby{lower}",
                f"{lower}.walks.dogs",
                f"{lower}_petcare",
                f"the.{lower}.sitter",
                f"{lower}woofs",
            ]
        ),
        "email": lambda: f"{lower}.{rng.choice(['walks', 'pets', 'sits'])}@{rng.choice(MAIL)}",
        "site": lambda: f"{rng.choice(['pawsby', 'walkswith', 'sitby'])}{lower}.com",
        "price": lambda: f"${rng.randrange(3, 80)}.{rng.randrange(100):02d}",
        "time": lambda: f"{rng.randrange(6, 12)}:{rng.choice(['00', '15', '30', '45'])}",
        "code4": lambda: f"{rng.randrange(1000, 9999)}",
        "chip": lambda: f"{rng.choice(['985', '981', '900'])}{rng.randrange(10**11, 10**12)}",
        "street": lambda: f"{rng.randrange(12, 4999)} {rng.choice(STREETS)}",
        "zip": lambda: f"94{rng.randrange(100, 199)}",
        "order": lambda: f"{rng.randrange(10**6, 10**8)}",
        "food": lambda: rng.choice(FOODS),
        "brand": lambda: rng.choice(BRANDS),
        "store": lambda: rng.choice(STORES),
        "cups": lambda: rng.choice(["1", "1 1/2", "3/4", "2", "1/2"]),
        "date": lambda: f"{rng.randrange(1, 13):02d}/{rng.randrange(1, 29):02d}/2025",
    }
    return values[key]()


def fill(rng: random.Random, template: str, name: str | None = None) -> str:
    """``"text me {phone}"`` with every ``{key}`` replaced by a fresh random value."""
    name = name or rng.choice(NAMES)
    return re.sub(r"\{(\w+)\}", lambda m: _value(rng, m[1], name), template)
