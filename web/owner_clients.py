"""The owner's clients page: `/clients` lists and searches (name, pet, or phone however it is
written), a page at a time; `/clients/{id}` shows one client (pet, classification, consent and
its history, bookings, the thread) and edits them.

The forms are plain posts: a success answers 303 to the client's page, a refusal the page
again with the message next to the field and the error's status (422 for a name or phone that
cannot be used, 409 for a phone another client of the org already has). The rules are the
API's (`services.clients`), written once.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery, URLEncodedBody
from litestar.response import Redirect, Template

from db.tables import Client
from domain.errors import DomainError
from services import client_views, clients
from web.auth import acting, owner_guard
from web.forms import ClassificationForm, ClientForm
from web.owner import failed, form_errors, page_context, render

CLIENTS_PAGE, CLIENT_LIST, CLIENT_PAGE = (
    "owner/clients.html",
    "owner/_client_list.html",
    "owner/client.html",
)
#: The notice a client's page shows after a change (`?done=<key>`).
NOTICES = {
    "created": "The client is added.",
    "saved": "The changes are saved.",
    "recurring": "The client is now recurring: during a booking, texts use the sitter's number.",
    "one-time": "The client is now one-time: texts use a pool number leased for each booking.",
}


async def clients_context(
    request: Request[Any, Any, Any], query: str = "", page: int = 1
) -> dict[str, Any]:
    context = await page_context(request, "clients")
    context["result"] = await client_views.search(request.user.org_id, query, page)
    context["values"] = ClientForm()
    return context


async def client_context(request: Request[Any, Any, Any], client_id: int) -> dict[str, Any]:
    context = await page_context(request, "clients")
    context["detail"] = await client_views.detail(request.user.org_id, client_id)
    client = context["detail"].client
    context["values"] = ClientForm(
        name=client.name, phone=client.phone_e164, pet_name=client.pet_name
    )
    return context


async def add_client(request: Request[Any, Any, Any], data: ClientForm) -> Client:
    """A new client from the owner's form (the clients page and the bookings page)."""
    return await clients.create_client(
        **acting(request),
        name=data.name,
        phone=data.phone,
        pet_name=data.pet_name,
        recurring=data.recurring,
    )


class ClientsController(Controller):
    path = "/clients"
    guards = [owner_guard]

    @get("/", name="owner_clients")
    async def index(
        self, request: Request[Any, Any, Any], q: FromQuery[str] = "", page: FromQuery[int] = 1
    ) -> Template:
        """The list; an htmx search gets only the list region."""
        context = await clients_context(request, q[:100], page)
        return render(request, CLIENTS_PAGE, CLIENT_LIST, context)

    @post("/", status_code=303)
    async def create(
        self, request: Request[Any, Any, Any], data: URLEncodedBody[ClientForm]
    ) -> Template | Redirect:
        try:
            row = await add_client(request, data)
        except DomainError as error:
            context = await clients_context(request)
            context.update(errors=form_errors(error, "create", "name"), values=data)
            return failed(request, CLIENTS_PAGE, CLIENTS_PAGE, context, error)
        return Redirect(f"/clients/{row.id}?done=created", status_code=303)

    @get("/{client_id:int}", name="owner_client")
    async def show(
        self, request: Request[Any, Any, Any], client_id: FromPath[int], done: FromQuery[str] = ""
    ) -> Template:
        context = await client_context(request, client_id)
        context["notice"] = NOTICES.get(done, "")
        return Template(CLIENT_PAGE, context=context)

    @post("/{client_id:int}", status_code=303)
    async def update(
        self,
        request: Request[Any, Any, Any],
        client_id: FromPath[int],
        data: URLEncodedBody[ClientForm],
    ) -> Template | Redirect:
        try:
            await clients.update_client(
                **acting(request),
                client_id=client_id,
                name=data.name,
                phone=data.phone,
                pet_name=data.pet_name,
            )
        except DomainError as error:
            context = await client_context(request, client_id)
            context.update(errors=form_errors(error, "edit", "name"), values=data)
            return failed(request, CLIENT_PAGE, CLIENT_PAGE, context, error)
        return Redirect(f"/clients/{client_id}?done=saved", status_code=303)

    @post("/{client_id:int}/classification", status_code=303)
    async def classify(
        self,
        request: Request[Any, Any, Any],
        client_id: FromPath[int],
        data: URLEncodedBody[ClassificationForm],
    ) -> Redirect:
        """T2: the owner flips the client recurring or one-time (audited)."""
        await clients.set_recurring(
            **acting(request), client_id=client_id, recurring=data.recurring
        )
        done = "recurring" if data.recurring else "one-time"
        return Redirect(f"/clients/{client_id}?done={done}", status_code=303)
