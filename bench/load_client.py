"""The load generator: locust, used as a library, in a process of its own.

`bench.load.run_load` starts `python -m bench.load_client` with the run described as JSON on stdin
and reads one JSON line per request from stdout. Locust patches the standard library for gevent as
it is imported, so it never runs inside the test or bench process (Django, psycopg, Playwright).

Each simulated client (a locust user) cycles through the kinds of the plan, each repeated by its
weight, picks one of the kind's paths at random, and records the status, the latency and when it
started; a request without an HTTP answer (refused, reset, timed out) has status 0 and an error.
"""

import base64
import json
import random
import sys
import time

import gevent
from locust import FastHttpUser, constant, task
from locust.env import Environment
from locust.exception import StopUser


def _user_class(spec: dict, started: float):
    plan = spec["plan"]
    weights = spec.get("weights")
    kinds = [kind for kind in plan for _ in range(weights.get(kind, 0) if weights else 1)]
    deadline = started + spec["duration"]
    numbers = iter(range(spec["concurrency"]))

    class Client(FastHttpUser):
        host = spec["base"]
        wait_time = constant(0)
        network_timeout = spec["timeout"]
        connection_timeout = spec["timeout"]
        max_retries = 0  # a failed request is a sample, never retried behind our back

        def on_start(self):
            self.number = next(numbers)
            self.rng = random.Random(self.number)
            self.turn = self.number

        @task
        def next_request(self):
            # Every client asks at least once, even when this process started after the deadline
            # of a very short run.
            if time.monotonic() >= deadline and self.turn > self.number:
                raise StopUser()
            kind = kinds[self.turn % len(kinds)]
            self.turn += 1
            response = self.client.get(
                self.rng.choice(plan[kind]),
                name=kind,
                headers={"Accept-Encoding": "gzip", "User-Agent": "jvtracker-load"},
            )
            if not response.status_code:
                gevent.sleep(0.05)  # a refused connection returns at once: do not spin

    return Client


def run(spec: dict, out) -> None:
    # Times count from when the caller asked for the run (its monotonic clock is this machine's, the
    # same in every process), so that they line up with what the caller did meanwhile (a fault
    # injected at second 5) and the start-up of this process is not added to the run.
    started = spec.get("clock_origin", time.monotonic())
    environment = Environment(user_classes=[_user_class(spec, started)], catch_exceptions=True)
    keep_body_of = set(spec.get("keep_body_of", ()))

    def on_request(name, response_time, response, exception, **_):
        status = response.status_code or 0
        body = b""
        if name in keep_body_of and status:
            body = response.content or b""
        error = "" if status else _error_name(exception or getattr(response, "error", None))
        seconds = response_time / 1000
        headers = getattr(response, "headers", None) or {}
        sample = {
            "kind": name,
            "started": time.monotonic() - seconds - started,
            "seconds": seconds,
            "status": status,
            "error": error,
            "retry_after": headers.get("Retry-After", "") if status else "",
            "body": base64.b64encode(body).decode(),
        }
        out.write(json.dumps(sample) + "\n")

    environment.events.request.add_listener(on_request)
    runner = environment.create_local_runner()
    runner.start(spec["concurrency"], spawn_rate=spec["concurrency"])
    # Each user stops by itself after the deadline, once its request in flight has its answer.
    gevent.sleep(max(0.0, started + spec["duration"] - time.monotonic()))
    give_up = time.monotonic() + spec["timeout"] + 5
    while runner.user_count and time.monotonic() < give_up:
        gevent.sleep(0.1)
    runner.quit()
    out.flush()


def _error_name(exception) -> str:
    if exception is None:
        return "no answer"
    name = type(exception).__name__
    return "timeout" if "timeout" in name.lower() or "timeout" in str(exception).lower() else name


if __name__ == "__main__":
    run(json.load(sys.stdin), sys.stdout)
