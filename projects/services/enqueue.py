"""Sending Celery tasks from services.

The tasks (projects/tasks.py) call the services, so the services send tasks by their registered name
rather than importing them: the layers stay one-way. `ProjectsConfig.ready` imports the tasks, so every
process (web, worker, shell) has them registered and, without a broker, runs them in-process.
"""

import kombu.exceptions
import redis.exceptions
from celery import current_app

FETCH_SOURCE_TASK = "projects.tasks.fetch_source"
POLL_FEED_TASK = "projects.tasks.poll_feed"
SEND_DIGEST_TASK = "projects.tasks.send_digest"

# What sending raises when the broker cannot be reached.
BROKER_ERRORS = (kombu.exceptions.OperationalError, redis.exceptions.RedisError, OSError)


class EnqueueError(Exception):
    """The broker could not be reached: the task was not sent."""


def enqueue(task_name: str, *args, **kwargs) -> None:
    """Send the task named `task_name`; EnqueueError when the broker cannot be reached."""
    task = current_app.tasks[task_name]  # KeyError for a name no task has: a bug, not an outage
    try:
        task.delay(*args, **kwargs)
    except BROKER_ERRORS as error:
        raise EnqueueError(repr(error)) from error
