"""The embedded default: SQLite, debug on, a fixed local secret. Never for production."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.get_bool("DEBUG", True, help="Django debug mode; never on in production.")
SECRET_KEY = env.get_str("SECRET_KEY", "dev-only-insecure-key-change-me", help="Django secret key; required in production.")
