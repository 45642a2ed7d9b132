"""Hostile input, generated from the API's own OpenAPI document by schemathesis.

The real server (`python app.py serve`) answers every `/api` operation of its document with
generated requests, valid and invalid, as org A's owner. Each answer must be no server error,
conform to the document (status code, content type, body schema, auth enforced), and never
show org B's data. Each request that names ids is also sent again with org A's real ids (so
the requests reach real rows), and with org B's ids, which must be answered exactly like ids
that exist nowhere.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import httpx
import pytest
import requests
import schemathesis
from schemathesis import Case

from app import create_app
from db.scope import MAX_ID
from domain.phones import redact_phone
from tests.conftest import empty_database, make_settings, serving
from tests.helpers import api, book, confirm, make_org, new_sitter
from tests.integration.test_inbound_routing import text

#: Examples per operation in the fuzzing phase (the coverage phase's cases come on top).
MAX_EXAMPLES = 25
#: Path parameters that hold ids, and the kind of row each names.
ID_PATH_PARAMETERS = {
    "client_id": "client",
    "sitter_id": "sitter",
    "booking_id": "booking",
    "thread_id": "thread",
    "message_id": "message",
    "number_id": "number",
}
#: JSON fields that hold ids (in bodies sent and answers), and the kind of row each names.
ID_FIELDS = {
    "clientId": "client",
    "sitterId": "sitter",
    "assignedSitterId": "sitter",
    "routingSitterId": "sitter",
    "bookingId": "booking",
    "threadId": "thread",
    "messageId": "message",
}

#: Answers to input the schema allows: input may still break a rule the schema cannot say (a
#: phone number that is not one, an end before its start), which the API answers with 422.
ACCEPTED = ["2xx", "404", "409", "422"]
CONFIG = schemathesis.Config.from_dict(
    {
        # The same cases on every run, and no example database between runs.
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
        # No stateful phase: the document has no links, and the replays with org A's ids below
        # reach real rows instead.
        "phases": {"stateful": {"enabled": False}},
        "checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED}},
        "operations": [
            {
                # A blank reason answers 400 (SPEC N5 for "Restore now", and override alike):
                # the schema cannot say "required, not blank, when forceRestore is true".
                "include-path-regex": "/(release|override)$",
                "checks": {"positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "400"]}},
            }
        ],
    }
)


@dataclass
class World:
    base_url: str
    owner_a: dict[str, str]
    ids_a: dict[str, int]
    ids_b: dict[str, int]
    markers_b: list[str]

    def no_org_b_data(self, ctx: object, response: schemathesis.Response, case: Case) -> None:
        """The custom check: no name, number or id of org B in an answer to org A."""
        shown = [marker for marker in self.markers_b if marker in response.text]
        try:
            body = response.json()
        except ValueError:
            body = None
        shown += [
            f"{name}={value}"
            for name, value in id_fields(body)
            if name in ID_FIELDS and value == self.ids_b[ID_FIELDS[name]]
        ]
        assert not shown, f"org A's owner is shown org B's data: {shown}"


def id_fields(value: object) -> Iterator[tuple[str, object]]:
    """Every `...Id` field of a JSON value, however deep."""
    if isinstance(value, dict):
        for name, item in value.items():
            if name.endswith("Id"):
                yield name, item
            yield from id_fields(item)
    elif isinstance(value, list):
        for item in value:
            yield from id_fields(item)


def phone_forms(e164: str) -> list[str]:
    """A US number as people and systems write it, and as the logs and diagnostics redact it."""
    digits = e164.removeprefix("+1")
    area, exchange, line = digits[:3], digits[3:6], digits[6:]
    return [
        e164,
        digits,
        f"({area}) {exchange}-{line}",
        f"{area}-{exchange}-{line}",
        f"{area} {exchange} {line}",
        f"{area}.{exchange}.{line}",
        redact_phone(e164),
    ]


async def seed_org(http: httpx.AsyncClient, name: str, people: dict, numbers: dict):
    """An org with a client, a sitter with a masked number, a confirmed booking in an active
    window, a pool number, and a text from the client (which opens a thread); its ids."""
    org = await make_org(name)
    pet_parent = await api(
        http,
        org,
        "POST",
        "/api/clients",
        json={"name": people["client"], "phone": numbers["client_typed"], "petName": people["pet"]},
    )
    sitter = await new_sitter(
        http, org, number=numbers["sitter_line"], phone=numbers["sitter"], name=people["sitter"]
    )
    booking = await book(http, org, pet_parent, sitter=sitter)
    await confirm(http, org, booking)
    pool = {"e164": numbers["pool"], "numberClass": "pool"}
    number = await api(http, org, "POST", "/api/numbers", json=pool)
    received = await text(numbers["sitter_line"], pet_parent["phone"], people["text"])
    ids = {
        "client": pet_parent["id"],
        "sitter": sitter["id"],
        "booking": booking["id"],
        "thread": received.message.thread,
        "message": received.message.id,
        "number": number["id"],
    }
    return org, ids


@pytest.fixture(scope="module")
async def world(engine, database_url) -> AsyncIterator[World]:
    """One server and one database for every operation of the module. Org A's numbers are
    415-555-9xxx, org B's 617-555-0xxx (front desks come from `make_org`, 628-555-xxxx)."""
    await empty_database(engine)
    with serving(make_settings(database_url)) as base_url:
        async with httpx.AsyncClient(base_url=base_url) as http:
            org_a, ids_a = await seed_org(
                http,
                "Harbor Paws",
                {"client": "Dana Reyes", "pet": "Biscuit", "sitter": "Sam Ito", "text": "Hi!"},
                {
                    "client_typed": "+1 415 555 9111",
                    "sitter": "+14155559112",
                    "sitter_line": "+14155559211",
                    "pool": "+14155559212",
                },
            )
            org_b, ids_b = await seed_org(
                http,
                "Quokka Grooming",
                {
                    "client": "Ottoline Brightwater",
                    "pet": "Pemberton",
                    "sitter": "Xavier Thistle",
                    "text": "Meet me at the quokka gazebo",
                },
                {
                    "client_typed": "(617) 555-0143",
                    "sitter": "+16175550187",
                    "sitter_line": "+16175550355",
                    "pool": "+16175550366",
                },
            )
        markers = ["Quokka", "quokka", "Ottoline Brightwater", "Pemberton", "Xavier Thistle"]
        for e164 in ("+16175550143", "+16175550187", "+16175550355", "+16175550366"):
            markers += phone_forms(e164)
        markers += phone_forms(org_b.front_desk)
        yield World(base_url, org_a.auth, ids_a, ids_b, markers)


def api_document() -> dict:
    """The OpenAPI document the app serves at /api/schema/openapi.json, its /api operations.

    Built from the app at import, so that `schema.parametrize()` makes one test per operation:
    schemathesis' lazy `from_fixture` loader fails on pytest 9.2 (it sets `Node._nodeid`)."""
    document = create_app(make_settings("sqlite:///unused.sqlite3")).openapi_schema.to_schema()
    paths = {path: item for path, item in document["paths"].items() if path.startswith("/api/")}
    return {**document, "paths": paths}


schema = schemathesis.openapi.from_dict(api_document(), config=CONFIG)


@schema.parametrize()
def test_the_api_answers_generated_requests_without_errors_or_leaks(case: Case, world: World):
    case.call_and_validate(
        base_url=world.base_url, headers=world.owner_a, additional_checks=[world.no_org_b_data]
    )
    kinds = named_ids(case)
    if not kinds:
        return
    with_ids(case, world.ids_a).call_and_validate(
        base_url=world.base_url, headers=world.owner_a, additional_checks=[world.no_org_b_data]
    )
    as_b = send(with_ids(case, world.ids_b), world)
    nowhere = send(with_ids(case, dict.fromkeys(kinds, MAX_ID)), world)
    assert as_b.status_code == nowhere.status_code, (
        f"{case.operation.label} with org B's ids answers {as_b.status_code} {as_b.text}, "
        f"with ids that exist nowhere {nowhere.status_code} {nowhere.text}"
    )
    assert case.method == "OPTIONS" or as_b.status_code not in range(200, 300)
    assert not [marker for marker in world.markers_b if marker in as_b.text], as_b.text


def named_ids(case: Case) -> set[str]:
    """The kinds of row whose ids `case` names (a value that is no id is left alone)."""
    kinds = {
        ID_PATH_PARAMETERS[name]
        for name, value in case.path_parameters.items()
        if name in ID_PATH_PARAMETERS and is_id(value)
    }
    if isinstance(case.body, dict):
        kinds |= {
            ID_FIELDS[name]
            for name, value in case.body.items()
            if name in ID_FIELDS and is_id(value)
        }
    return kinds


def is_id(value: object) -> bool:
    """An integer, or its digits (a path parameter may be generated as a string)."""
    return type(value) is int or (type(value) is str and value.isascii() and value.isdigit())


def with_ids(case: Case, ids: dict[str, int]) -> Case:
    """A copy of `case` with the ids it names replaced by `ids` of the same kind."""
    copy = case.derive()
    for name, value in case.path_parameters.items():
        if name in ID_PATH_PARAMETERS and is_id(value):
            copy.path_parameters[name] = ids[ID_PATH_PARAMETERS[name]]
    if isinstance(case.body, dict):
        for name, value in case.body.items():
            if name in ID_FIELDS and is_id(value):
                copy.body[name] = ids[ID_FIELDS[name]]
    return copy


def send(case: Case, world: World) -> requests.Response:
    kwargs = case.as_transport_kwargs(base_url=world.base_url, headers=world.owner_a)
    return requests.request(**kwargs, timeout=10)
