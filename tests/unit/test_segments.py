"""O6: the segment counter, GSM-7 160/153 and UCS-2 70/67 in UTF-16 code units."""

from domain.segments import count_segments


def test_O6_an_empty_text_costs_nothing():
    assert count_segments("").segments == 0


def test_O6_gsm7_fits_160_in_one_segment_then_parts_of_153():
    assert count_segments("a" * 160).segments == 1
    assert count_segments("a" * 161).segments == 2
    assert count_segments("a" * 306).segments == 2
    assert count_segments("a" * 307).segments == 3
    assert count_segments("a" * 160).encoding == "GSM-7"


def test_O6_gsm7_extension_characters_take_two():
    count = count_segments("{" * 80)
    assert (count.characters, count.units, count.segments) == (80, 160, 1)
    assert count_segments("€" * 81).segments == 2


def test_O6_one_emoji_switches_the_whole_text_to_ucs2():
    plain = "Biscuit had a great walk today, ate all his dinner and is napping now." * 2
    assert count_segments(plain).segments == 1
    with_emoji = plain + " 🐶"
    count = count_segments(with_emoji)
    assert count.encoding == "UCS-2"
    assert count.segments == 3


def test_O6_ucs2_counts_utf16_code_units_70_then_67():
    assert count_segments("é" + "à" * 69).encoding == "GSM-7"  # both in GSM-7
    assert count_segments("ü" * 69 + "ł").segments == 1  # ł is not: 70 units
    assert count_segments("ł" * 71).segments == 2
    assert count_segments("ł" * 134).segments == 2
    assert count_segments("ł" * 135).segments == 3
    emoji = count_segments("🐶" * 35)  # outside the basic plane: two units each
    assert (emoji.characters, emoji.units, emoji.segments) == (35, 70, 1)
    assert count_segments("🐶" * 36).segments == 2
