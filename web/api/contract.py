"""The API's contract beyond the handlers' types: how to sign in, the errors, the enums, and
JSON bodies held to exactly the types the OpenAPI document gives.

Every operation may answer 401 (no or a wrong API token) and 403 (signed in, but not as the
owner); `errors(...)` adds the statuses an operation answers besides: 404 for an id it does
not find in the caller's org, 409 for a conflict with the current state, 422 for input the
types allow but the rules refuse (a phone number that is not one, an end before its start).
A body the types refuse answers 400, as Litestar documents for every operation.

Litestar converts a body leniently (the string "5" to 5, 1 to true, 0 to a time in 1970);
`strict_json_body` runs before each handler and refuses what the document does not allow.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

import msgspec
from litestar import Controller, Request
from litestar._openapi.schema_generation.plugins import StructSchemaPlugin
from litestar.exceptions import ValidationException
from litestar.openapi import ResponseSpec
from litestar.openapi.spec import Schema, SecurityRequirement, SecurityScheme
from litestar.typing import FieldDefinition

from web.auth import owner_guard

SECURITY_SCHEMES: dict[str, Any] = {
    "apiToken": SecurityScheme(
        type="http", scheme="bearer", description="The org's API token (SPEC section 9)."
    ),
    "session": SecurityScheme(
        type="apiKey",
        name="snout_session",
        security_scheme_in="cookie",
        description="The owner's signed-in browser session; unsafe methods also need the CSRF "
        "token in the `x-csrftoken` header.",
    ),
}
#: Either one signs in.
SECURITY: list[SecurityRequirement] = [{"apiToken": []}, {"session": []}]

DESCRIPTIONS = {
    401: "Not signed in: no API token or session, or an unknown one.",
    403: "Signed in, but not as the owner of a business.",
    404: "No such id in the caller's org (another org's ids answer the same).",
    409: "The request conflicts with the current state.",
    413: "The photos are too large or too many (10 at most, 5 MB together after resizing).",
    415: "A file that is not a photo (JPEG, PNG, GIF, WebP...).",
    422: "The input is well formed but breaks a rule; `field` names the culprit.",
}


class StrictStructSchemaPlugin(StructSchemaPlugin):
    """A body struct that refuses unknown fields (`forbid_unknown_fields`, a 400) says so in
    its schema: `additionalProperties: false`. Litestar 2 leaves that out, and its public
    plugins offer no hook for it, hence its own struct plugin (Litestar is pinned exactly)."""

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        return super().is_plugin_supported_field(field_definition) and bool(
            msgspec.inspect.type_info(field_definition.type_).forbid_unknown_fields
        )

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: Any) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        schema.additional_properties = False
        return schema


class ErrorOut(msgspec.Struct):
    status_code: int
    detail: str
    field: str | msgspec.UnsetType = msgspec.UNSET


async def strict_json_body(request: Request[Any, Any, Any]) -> None:
    """`before_request` of the API controllers: the JSON body must decode as the handler's
    `data` type without conversions (400 otherwise, as Litestar words a validation error)."""
    field = request.route_handler.parsed_data_field
    if field is None:
        return
    try:
        msgspec.json.decode(await request.body(), type=field.annotation, strict=True)
    except msgspec.ValidationError as error:
        raise ValidationException(
            f"Validation failed for {request.method} {request.url.path}",
            extra=[{"message": str(error), "key": "data", "source": "body"}],
        ) from None
    except msgspec.DecodeError:
        return  # not JSON: Litestar answers it as usual


def one_of(values: Iterable[str], *, nullable: bool = False) -> msgspec.Meta:
    """A string field the service checks against `values` (422 for another): the schema lists
    them as an `enum` (Litestar reads `extra` of `extra_json_schema` into the schema)."""
    enum: list[str | None] = [str(value) for value in values]
    if nullable:
        enum.append(None)
    return msgspec.Meta(extra_json_schema={"extra": {"enum": enum}})


StructT = TypeVar("StructT")


def from_row(row: Any, out: type[StructT]) -> StructT:
    """The answer `out` (a Struct) read from a table row: each field from the column (the
    attribute) of the same name."""
    return msgspec.convert(row, out, from_attributes=True)


def errors(*statuses: int) -> dict[int, ResponseSpec]:
    return {
        status: ResponseSpec(
            data_container=ErrorOut, description=DESCRIPTIONS[status], generate_examples=False
        )
        for status in (401, 403, *statuses)
    }


class ApiController(Controller):
    """What every `/api` controller shares: the owner's guard (a controller may set its own),
    the two ways to sign in, and JSON bodies held strictly to their types."""

    guards = [owner_guard]
    security = SECURITY
    before_request = strict_json_body
