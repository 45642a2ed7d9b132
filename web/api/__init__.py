"""The JSON API under /api (SPEC section 9): camelCase fields, ISO-8601 times with offsets.

Every controller is guarded by `owner_guard` (session cookie or `Authorization: Bearer`), and
every id is looked up within the caller's org, so another org's ids answer 404.
"""

from web.api.allow_list import AllowListController
from web.api.bookings import BookingController
from web.api.clients import ClientController, OrgController
from web.api.numbers import NumberController
from web.api.sitters import SitterController
from web.api.templates import TemplateController
from web.api.threads import MessageController, ThreadController

API_CONTROLLERS = [
    OrgController,
    ClientController,
    SitterController,
    NumberController,
    BookingController,
    ThreadController,
    MessageController,
    AllowListController,
    TemplateController,
]
