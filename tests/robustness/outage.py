"""Taking the database away from an app mid-run: a TCP proxy in front of PostgreSQL that can be
cut (open connections dropped, new ones closed at once, as while the server restarts), or an
exclusive lock on a SQLite file."""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import threading
from collections.abc import Iterator

from sqlalchemy.engine import make_url


class CuttableProxy:
    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cut_off = False
        self.open: set[socket.socket] = set()
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.cut_off:
                client.close()
                continue
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.open.update((client, server))
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            self._close(source, sink)

    def _close(self, *sockets: socket.socket) -> None:
        with self.lock:
            for s in sockets:
                self.open.discard(s)
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()

    def cut(self) -> None:
        self.cut_off = True
        with self.lock:
            sockets = list(self.open)
        self._close(*sockets)

    def restore(self) -> None:
        self.cut_off = False

    def close(self) -> None:
        self.cut()
        self.listener.close()


class Outage:
    """`url` is what the app should use; `begin()` and `end()` take the database away and back."""

    def __init__(self, database_url: str):
        url = make_url(database_url)
        self.proxy = None
        self.holder: sqlite3.Connection | None = None
        if url.get_backend_name() == "postgresql":
            self.proxy = CuttableProxy(url.host or "127.0.0.1", url.port or 5432)
            self.url = url.set(host="127.0.0.1", port=self.proxy.port).render_as_string(hide_password=False)
        else:
            self.path = url.database
            # A locked database fails after this long instead of SQLite's default five seconds.
            self.url = url.update_query_dict({"timeout": "0.2"}).render_as_string()

    def begin(self) -> None:
        if self.proxy:
            self.proxy.cut()
            return
        self.holder = sqlite3.connect(self.path, isolation_level=None)
        self.holder.execute("BEGIN EXCLUSIVE")

    def end(self) -> None:
        if self.proxy:
            self.proxy.restore()
            return
        self.holder.execute("ROLLBACK")
        self.holder.close()

    def close(self) -> None:
        if self.proxy:
            self.proxy.close()


@contextlib.contextmanager
def outage_for(database_url: str) -> Iterator[Outage]:
    outage = Outage(database_url)
    try:
        yield outage
    finally:
        outage.close()
