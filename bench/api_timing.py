"""Timing helpers of the API benchmark: repeated and paired timings, and an in-process WSGI client."""

import io
import statistics
import sys
import time


def _time(function, repeat: int) -> list[float]:
    function()  # warm up
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def _paired(first, second, repeat: int) -> tuple[list[float], list[float]]:
    first(), second()  # warm up
    first_times, second_times = [], []
    for _ in range(repeat):
        for function, timings in ((first, first_times), (second, second_times)):
            start = time.perf_counter()
            function()
            timings.append((time.perf_counter() - start) * 1000)
    return first_times, second_times


def _summary(timings):
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


class WSGIClient:
    """Calls Django's WSGI handler in-process, as gunicorn does, minus the socket.

    Leaner than django.test.Client (which also records templates and signals per request), so the
    figure is what serving the request costs.
    """

    def __init__(self):
        from django.core.handlers.wsgi import WSGIHandler

        self.handler = WSGIHandler()

    def get(self, url: str, **headers: str) -> tuple[int, bytes]:
        path, _, query = url.partition("?")
        environ = {
            **headers,
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        status = []
        response = self.handler(environ, lambda code, headers, exc_info=None: status.append(code))
        try:
            body = b"".join(response)
        finally:
            if hasattr(response, "close"):
                response.close()
        return int(status[0].split()[0]), body
