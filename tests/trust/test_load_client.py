"""The load client (locust, bench/load_client.py) reads whole HTTP/1.1 answers, as a browser does."""

import gzip
import http.server
import threading

import pytest

from bench.load import run_load

BODY = b'{"type": "FeatureCollection", "features": []}' * 50


class _ChunkedGzipHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path == "/busy":
            self.send_response(503)
            self.send_header("Retry-After", "5")
            self.send_header("Content-Length", "4")
            self.end_headers()
            self.wfile.write(b"busy")
            return
        compressed = gzip.compress(BODY)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for start in range(0, len(compressed), 100):
            chunk = compressed[start : start + 100]
            self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        self.wfile.write(b"0\r\n\r\n")

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ChunkedGzipHandler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield ("127.0.0.1", httpd.server_port)
    httpd.shutdown()
    httpd.server_close()


def test_chunked_gzipped_bodies_arrive_whole_and_decoded_and_every_kind_is_asked(server):
    plan = {"geojson": ["/api/v1/ventures/?format=geojson"], "busy": ["/busy"]}

    result = run_load(server, plan, duration=1, concurrency=2, timeout=5, keep_body_of=("geojson", "busy"))

    assert set(result.kinds()) == {"geojson", "busy"}
    answers = [s for s in result.samples if s.kind == "geojson"]
    assert answers and all(s.status == 200 and s.body == BODY for s in answers)
    busy = [s for s in result.samples if s.kind == "busy"]
    assert busy and all((s.status, s.retry_after, s.body) == (503, "5", b"busy") for s in busy)
    assert result.errors == busy


def test_a_server_that_is_not_there_gives_samples_without_an_answer():
    from bench.load import free_port

    result = run_load(("127.0.0.1", free_port()), {"map": ["/"]}, duration=1, concurrency=1, timeout=2)

    assert result.samples
    assert {s.status for s in result.samples} == {0}
    assert {s.error for s in result.samples} == {"ConnectionRefusedError"}
