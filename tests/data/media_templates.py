"""What the generated photos show (see make_media_set.py). Each template returns the image (or
a vCard's text) and its category; ``templates_for`` says which run in each part, how often."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

import zxingcpp
from PIL import Image, ImageDraw

from tests.data.media_texts import DRUGS, phone, upc

if TYPE_CHECKING:
    from tests.data.make_media_set import Maker

QR, UPCA, EAN13 = (
    zxingcpp.BarcodeFormat.QRCode,
    zxingcpp.BarcodeFormat.UPCA,
    zxingcpp.BarcodeFormat.EAN13,
)
CREAM = [(255, 255, 255), (250, 246, 235), (236, 242, 250), (245, 240, 255)]


def _card(m: Maker, lines: list[str], size=(900, 520), colour=None, text_size=46, tilt=6.0):
    card = m.paper(*size, colour or m.rng.choice(CREAM))
    m.write(card, lines, top=m.rng.randrange(30, 70), size=text_size, left=m.rng.randrange(30, 70))
    return m.on_background(card, tilt)


# --- block -----------------------------------------------------------------------------------


def business_card(m: Maker):
    contact, category = m.rng.choice(
        [
            ("Call or text {phone}", "phone"),
            ("{phone}", "phone"),
            ("Cell: {phone}", "phone"),
            ("{email}", "email"),
        ]
    )
    lines = m.fill("{name}'s Pet Care|Dog Walking & Pet Sitting|" + contact).split("|")
    return _card(m, lines), category


def sticky_note(m: Maker):
    line, category = m.rng.choice(
        [
            ("text me {phone}|- {name}", "phone"),
            ("my cell|{phone}|call me for walks!", "phone"),
            ("{name} (sitter)|{phone}", "phone"),
        ]
    )
    note = _card(m, m.fill(line).split("|"), (620, 560), (252, 236, 120), 54, tilt=12)
    return note, category


def caption(m: Maker):
    text, category = m.rng.choice(
        [
            ("Book me direct: {phone}", "phone"),
            ("Follow @{handle} for more pups!", "social"),
            ("DM me on insta @{handle}", "social"),
        ]
    )
    photo = _dog(m, m.background(1000, 750))
    ImageDraw.Draw(photo).rectangle((0, 610, 1000, 750), fill=(0, 0, 0))
    return m.write(photo, [m.fill(text)], top=650, size=44, colour="white"), category


def social_profile(m: Maker):
    shot = m.paper(720, 1000)
    draw = ImageDraw.Draw(shot)
    draw.rectangle((0, 0, 720, 90), fill=(245, 245, 245))
    draw.ellipse((40, 130, 200, 290), fill=m.rng.choice(CREAM[1:]), outline="grey")
    m.write(shot, ["Instagram"], top=20, size=40, left=250)
    bio = m.fill("@{handle}|{name} - Dog walker|Sitting & walks, SF|412 posts  1,208 followers")
    m.write(shot, bio.split("|"), top=320, size=38)
    return shot, "social"


def qr_code(m: Maker):
    data, caption_text, category = m.rng.choice(
        [
            ("https://{site}/book", "Scan to book!", "url"),
            ("https://venmo.com/u/{name}-Walks", "Tips welcome", "payment"),
            ("tel:+1{area}5550{n}", "Scan me", "phone"),
            ("SMSTO:+1{area}5550{n}:Hi {name}", "Say hi", "phone"),
        ]
    )
    data = m.fill(
        data.replace("{area}", m.pick(["415", "650", "510"])).replace(
            "{n}", str(m.rng.randrange(100, 199))
        )
    )
    card = m.paper(700, 860, m.rng.choice(CREAM))
    card.paste(m.code(data, QR, scale=m.rng.randrange(8, 12)).resize((520, 520)), (90, 60))
    m.write(card, [caption_text], top=620, size=52, left=120)
    return m.on_background(card, 4), category


def payment_note(m: Maker):  # test only
    line = m.pick(
        [
            "Venmo @{name}-walks",
            "Cash App: $paws{name}",
            "Zelle me: {email}",
            "PayPal.me/{name}sits",
        ]
    )
    return _card(m, ["Thanks for booking!", m.fill(line)], (860, 420)), "payment"


def flyer(m: Maker):  # test only
    contact, category = m.rng.choice(
        [("Email {email}", "email"), ("Book at {site}", "url"), ("WhatsApp {phone}", "phone")]
    )
    lines = ["DOG WALKING", "$20 / 30 min", "Weekends too", m.fill(contact)]
    return _card(m, lines, (820, 700), text_size=52), category


def vcard(m: Maker):
    name = m.fill("{name}")
    card = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"FN:{name} Pet Care",
        f"TEL;TYPE=cell:{phone(m.rng)}",
        "EMAIL:" + m.fill("{email}", name),
        "END:VCARD",
        "",
    ]
    return "\r\n".join(card), "contact_card"


# --- allow -----------------------------------------------------------------------------------


def _dog(m: Maker, photo: Image.Image) -> Image.Image:
    draw = ImageDraw.Draw(photo)
    coat = m.rng.choice([(120, 80, 40), (30, 30, 30), (210, 170, 100), (240, 240, 235)])
    x, y = m.rng.randrange(150, 500), m.rng.randrange(200, 350)
    draw.ellipse((x, y, x + 380, y + 200), fill=coat)
    draw.ellipse((x + 300, y - 110, x + 460, y + 50), fill=coat)
    draw.ellipse((x + 290, y - 120, x + 340, y - 20), fill=tuple(c // 2 for c in coat))
    draw.ellipse((x + 390, y - 60, x + 405, y - 45), fill="black")
    for leg in (30, 110, 250, 320):
        draw.rectangle((x + leg, y + 150, x + leg + 35, y + 290), fill=coat)
    return photo


def dog_photo(m: Maker):
    return _dog(m, m.background(1000, 750)), "dog_photo"


def receipt(m: Maker):
    items = [
        m.fill(f"{item}  {{price}}")
        for item in m.rng.sample(
            ["Dog food 30lb", "Chew toy", "Poop bags", "Treats", "Leash", "Flea drops"], 4
        )
    ]
    lines = m.fill("{store}|{date}  {time}|Order #{order}").split("|") + items
    lines += [m.fill("TOTAL  {price}"), m.fill("VISA **** {code4}"), "Thank you!"]
    return _card(m, lines, (560, 900), (255, 255, 255), 34), "receipt"


def food_label(m: Maker):
    bag = m.paper(760, 900, m.rng.choice([(190, 40, 40), (40, 90, 160), (60, 130, 70)]))
    m.write(
        bag,
        m.fill("{brand}|{food}|Adult Dog Food|Net Wt 30 lb (13.6 kg)").split("|"),
        top=50,
        size=48,
        colour="white",
    )
    number = upc(m.rng)
    kind = m.rng.choice([UPCA, EAN13])
    code = m.code(number if kind == UPCA else "0" + number, kind, scale=4)
    bag.paste(code.resize((420, 220)), (170, 620))
    return m.on_background(bag, 5), "food_label"


def feeding_schedule(m: Maker):
    lines = m.fill(
        "{dog}'s feeding schedule|Breakfast {time} am - {cups} cup|"
        "Dinner 6:00 pm - {cups} cup|No grapes or chocolate!|Water bowl: refill"
    ).split("|")
    return _card(m, lines, (980, 620), text_size=42), "feeding_schedule"


def vet_dosage(m: Maker):
    drug, dose = m.rng.choice(DRUGS)
    lines = m.fill(
        f"Sunset Animal Hospital|Patient: {{dog}}|{drug} {dose}|"
        "Give 1 tablet every 12 hours|Rx #{order}   Refills: 2"
    ).split("|")
    return _card(m, lines, (960, 600), text_size=40), "vet_dosage"


def gate_code(m: Maker):
    lines = m.fill(
        m.pick(
            [
                "Gate code: {code4}#|Lockbox {code4}",
                "Garage keypad {code4}|Alarm {code4}",
                "Door code {code4}|Side gate is unlocked",
            ]
        )
    ).split("|")
    return _card(m, lines, (840, 360), text_size=54), "gate_code"


def address(m: Maker):
    lines = m.fill("{street}, Apt 3B|San Francisco, CA {zip}|Ring bell #2").split("|")
    return _card(m, lines, (900, 420)), "address"


def microchip(m: Maker):
    lines = m.fill("{dog}|Microchip: {chip}|Rabies tag #{order}").split("|")
    return _card(m, lines, (900, 420)), "microchip"


def house_note(m: Maker):
    lines = ["Hi! Text me when you arrive", "Treats: top drawer", "Back door sticks"]
    return _card(m, lines, (820, 460), (252, 236, 120), tilt=10), "house_note"


def walk_log(m: Maker):  # test only
    lines = m.fill("Walk report {date}|35 min, 2.1 miles|Pee x2  Poop x1|{dog} was great!").split(
        "|"
    )
    return _card(m, lines, (820, 560)), "walk_log"


def vaccine_record(m: Maker):  # test only
    lines = m.fill("{dog} - vaccines|DHPP {date}|Rabies (3 yr) {date}|Bordetella {date}").split("|")
    return _card(m, lines, (860, 560)), "vaccine_record"


def wifi_note(m: Maker):  # test only
    lines = m.fill("WiFi: BarkHouse|Password: {dog}{code4}|Thermostat 68F").split("|")
    return _card(m, lines, (820, 420), (252, 236, 120), tilt=8), "wifi_note"


# fmt: off
TRAIN = {
    "block": [(business_card, 7), (sticky_note, 6), (caption, 6), (social_profile, 5),
              (qr_code, 6), (vcard, 4)],
    "allow": [(dog_photo, 4), (receipt, 4), (food_label, 4), (feeding_schedule, 3),
              (vet_dosage, 3), (gate_code, 4), (address, 3), (microchip, 3), (house_note, 2)],
}
TEST = {  # the same templates, fewer of some, and six the train part never sees
    "block": [(business_card, 6), (sticky_note, 5), (caption, 5), (social_profile, 4),
              (qr_code, 6), (payment_note, 5), (flyer, 5), (vcard, 6)],
    "allow": [(dog_photo, 4), (receipt, 4), (food_label, 4), (feeding_schedule, 3),
              (vet_dosage, 3), (gate_code, 4), (address, 3), (microchip, 3), (house_note, 3),
              (walk_log, 3), (vaccine_record, 3), (wifi_note, 3)],
}
# fmt: on


def templates_for(part: str, rng: random.Random) -> list[tuple[str, object]]:
    plan = TRAIN if part == "train" else TEST
    return [
        (label, fn)
        for label, entries in plan.items()
        for fn, count in entries
        for _ in range(count)
    ]
