"""Developer laptop: `make run`. Debug on, an insecure key is acceptable here only."""

from .base import *  # noqa: F403
from .base import CELERY_BROKER_URL, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="insecure-local-development-key-do-not-use-in-production")
# Without a broker, tasks run in-process: the embedded default needs no Redis.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
