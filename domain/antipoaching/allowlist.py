"""An org's allow-list: exact contact details (the vet, the emergency clinic) that may pass.

Phone numbers are kept in E.164, emails and domains in lower case. Only those exact values
are let through; any other contact detail in the same message is still blocked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers


@dataclass(frozen=True, slots=True)
class AllowList:
    phones: frozenset[str] = frozenset()  # E.164
    addresses: frozenset[str] = frozenset()  # emails and domains, lower case

    @classmethod
    def of(cls, values: Iterable[str], region: str = "US") -> AllowList:
        """Sort raw values into phone numbers (as E.164) and emails or domains."""
        phones, addresses = set(), set()
        for value in values:
            value = value.strip().lower()
            if "@" in value or re.search(r"[a-z]", value):
                addresses.add(re.sub(r"^(?:https?://)?(?:www\.)?", "", value).rstrip("/"))
                continue
            try:
                number = phonenumbers.parse(value, region)
            except phonenumbers.NumberParseException:
                continue
            phones.add(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
        return cls(frozenset(phones), frozenset(addresses))

    def mask(self, text: str) -> str:
        """The text with the allowed emails, domains and links on them blanked out."""
        for address in self.addresses:
            if address in text:
                pattern = (
                    rf"(?<![\w.+-])(?:https?://)?(?:www\.)?{re.escape(address)}(?![\w-])(?:/\S*)?"
                )
                text = re.sub(pattern, " ", text)
        return text


NOTHING_ALLOWED = AllowList()
