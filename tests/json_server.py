"""A JSON-answering HTTP server on 127.0.0.1 in a thread, for the fake chat robots of the tests."""
from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# handle(path, content type, raw body) -> (HTTP status, the JSON to answer)
Handle = Callable[[str, str, bytes], tuple[int, object]]


class JsonServer:
    """Serves every POST with `handle`'s answer; `base` is its http://127.0.0.1:<port>. A context manager."""

    def __init__(self, handle: Handle):
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                status, answer = handle(self.path, self.headers.get("Content-Type", ""), raw)
                data = json.dumps(answer, ensure_ascii=False).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
