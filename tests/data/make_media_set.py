"""Make the labelled photo set for media screening: ``python -m tests.data.make_media_set``.

Writes ``tests/data/media/{train,test}/`` (JPEG photos and vCards) and ``labels.tsv`` (file,
label block/allow, category). Deterministic: each part has its own fixed seed. The test part
also uses templates and fonts the train part never sees; it is committed once and never tuned
on (``--part train`` regenerates only the train part).
"""

from __future__ import annotations

import argparse
import io
import random
from collections.abc import Callable
from pathlib import Path

import zxingcpp
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from tests.data import media_texts as texts

OUT = Path(__file__).resolve().parent / "media"
SEEDS = {"train": 20261128, "test": 90417}
MAX_BYTES = 60_000
FONT_DIRS = ("/usr/share/fonts/truetype", "/usr/share/fonts/opentype")
TRAIN_FONTS = (
    "DejaVuSans.ttf",
    "DejaVuSerif.ttf",
    "LiberationSans-Regular.ttf",
    "LiberationMono-Regular.ttf",
    "DejaVuSans-Bold.ttf",
)
TEST_FONTS = (
    "LiberationSerif-Regular.ttf",
    "DejaVuSansCondensed-Bold.ttf",
    "Lato-Regular.ttf",
    "ComicNeue-Regular.otf",
    "DancingScript-Bold.otf",
    "LiberationSans-Bold.ttf",
)

Template = Callable[["Maker"], tuple[Image.Image, str]]  # the image and its category


def find_fonts(names: tuple[str, ...]) -> list[Path]:
    """The fonts installed on this machine; a missing one is skipped."""
    found = []
    for name in names:
        found.extend([path for folder in FONT_DIRS for path in Path(folder).rglob(name)][:1])
    return found


class Maker:
    """Random choices and drawing for one part of the set."""

    def __init__(self, seed: int, fonts: list[Path]) -> None:
        self.rng = random.Random(seed)
        self.fonts = fonts

    def font(self, size: int, lines: list[str], width: int) -> ImageFont.FreeTypeFont:
        """A random font, as large as ``size`` but small enough for the lines to fit."""
        path = str(self.rng.choice(self.fonts))
        font = ImageFont.truetype(path, size)
        while size > 16 and max(font.getlength(line) for line in lines) > width:
            size -= 2
            font = ImageFont.truetype(path, size)
        return font

    def pick(self, options: list[str] | tuple[str, ...]) -> str:
        return self.rng.choice(options)

    def fill(self, template: str, name: str | None = None) -> str:
        return texts.fill(self.rng, template, name)

    def background(self, w: int, h: int) -> Image.Image:
        """Photo-like: a colour gradient with soft blobs (a floor, a couch, grass)."""
        a, b = (tuple(self.rng.randrange(40, 220) for _ in range(3)) for _ in range(2))
        small = Image.linear_gradient("L").resize((w // 8, h // 8)).rotate(self.rng.randrange(360))
        image = Image.composite(
            Image.new("RGB", small.size, a), Image.new("RGB", small.size, b), small
        )
        draw = ImageDraw.Draw(image)
        for _ in range(self.rng.randrange(3, 9)):
            x, y = self.rng.randrange(small.width), self.rng.randrange(small.height)
            r = self.rng.randrange(3, 20)
            colour = tuple(self.rng.randrange(256) for _ in range(3))
            draw.ellipse((x - r, y - r, x + r * 2, y + r), fill=colour)
        return image.filter(ImageFilter.GaussianBlur(2)).resize((w, h), Image.Resampling.BICUBIC)

    def paper(self, w: int, h: int, colour: str | tuple[int, ...] = "white") -> Image.Image:
        return Image.new("RGB", (w, h), colour)

    def write(
        self,
        image: Image.Image,
        lines: list[str],
        top: int = 40,
        size: int = 44,
        left: int = 40,
        colour: str = "black",
    ) -> Image.Image:
        draw = ImageDraw.Draw(image)
        font = self.font(size, lines, image.width - left - 24)
        size = font.size
        for line in lines:
            draw.text((left, top), line, font=font, fill=colour)
            top += int(size * 1.45)
        return image

    def code(self, text: str, kind: zxingcpp.BarcodeFormat, scale: int = 4) -> Image.Image:
        return Image.fromarray(zxingcpp.create_barcode(text, kind).to_image(scale=scale)).convert(
            "RGB"
        )

    def on_background(self, card: Image.Image, tilt: float = 6.0) -> Image.Image:
        """The card photographed on a table: tilted, on a photo-like background."""
        angle = self.rng.uniform(-tilt, tilt)
        turned = (
            card.rotate(
                angle, expand=True, resample=Image.Resampling.BICUBIC, fillcolor=(0, 0, 0, 0)
            )
            if tilt
            else card
        )
        mask = Image.new("L", card.size, 255).rotate(angle, expand=True) if tilt else None
        margin = self.rng.randrange(30, 120)
        back = self.background(turned.width + 2 * margin, turned.height + 2 * margin)
        back.paste(turned, (margin, margin), mask)
        return back

    def finish(self, image: Image.Image) -> bytes:
        """Blur a little, fit 1000 px, JPEG small enough for the repository."""
        if self.rng.random() < 0.5:
            image = image.filter(ImageFilter.GaussianBlur(self.rng.uniform(0.3, 1.1)))
        image.thumbnail((1000, 1000), Image.Resampling.LANCZOS)
        for quality in (self.rng.choice((60, 70, 80)), 50, 40, 30, 20):
            out = io.BytesIO()
            image.save(out, "JPEG", quality=quality, optimize=True)
            if out.tell() <= MAX_BYTES:
                break
        return out.getvalue()


def generate(part: str) -> list[tuple[str, str, str]]:
    """Write one part's files; returns its (file, label, category) rows."""
    from tests.data.media_templates import templates_for

    fonts = find_fonts(TRAIN_FONTS if part == "train" else TRAIN_FONTS[:2] + TEST_FONTS)
    maker = Maker(SEEDS[part], fonts)
    folder = OUT / part
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    rows = []
    for number, (label, template) in enumerate(templates_for(part, maker.rng), start=1):
        image_or_card, category = template(maker)
        if isinstance(image_or_card, str):  # a vCard
            name = f"{number:03d}_{category}.vcf"
            (folder / name).write_text(image_or_card, encoding="utf-8")
        else:
            name = f"{number:03d}_{template.__name__}.jpg"
            (folder / name).write_bytes(maker.finish(image_or_card))
        rows.append((f"{part}/{name}", label, category))
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--part", choices=("train", "test", "all"), default="all")
    args = parser.parse_args(argv)
    labels = OUT / "labels.tsv"
    rows = (
        [line.split("\t") for line in labels.read_text().splitlines()[1:]]
        if labels.exists()
        else []
    )
    parts = ("train", "test") if args.part == "all" else (args.part,)
    rows = [row for row in rows if row[0].split("/")[0] not in parts]
    for part in parts:
        rows += generate(part)
    rows.sort()
    lines = ["file\tlabel\tcategory", *("\t".join(row) for row in rows)]
    labels.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} files in {OUT}")


if __name__ == "__main__":
    main()
