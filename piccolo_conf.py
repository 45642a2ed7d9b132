"""Piccolo's configuration: `DB` is the engine `db.engine` has installed (made from
DATABASE_URL until then), looked up each time Piccolo asks for it."""

from piccolo.conf.apps import AppRegistry
from piccolo.engine.base import Engine

from db.engine import current

APP_REGISTRY = AppRegistry(apps=["db.piccolo_app"])


def __getattr__(name: str) -> Engine:
    if name == "DB":
        return current()
    raise AttributeError(name)
