"""Piccolo's configuration: the engine comes from DATABASE_URL (see db/engine.py)."""

import os

from piccolo.conf.apps import AppRegistry

from db.engine import make_engine
from settings import DEFAULT_DATABASE_URL

DB = make_engine(os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL))

APP_REGISTRY = AppRegistry(apps=["db.piccolo_app"])
