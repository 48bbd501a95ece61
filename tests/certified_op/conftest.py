"""Min plan on a live loopback server, once with node's oidc-provider and once with the stand-in."""

from __future__ import annotations

import json
import secrets
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from tests.certified_op.providers import CertifiedProvider, StandInProvider
from tests.conftest import TEST_CLIENT_ID, idp_config, make_app, serve_in_thread

SCRIPT = Path(__file__).resolve().parent / "provider.mjs"
START_TIMEOUT_SECONDS = 20


def _start_certified_provider(app_url: str, workdir: Path) -> tuple[subprocess.Popen, str, dict]:
    client_file = workdir / "client.json"
    client = {"client_id": "minplan-certified", "client_secret": secrets.token_urlsafe(24), "app_url": app_url}
    client_file.write_text(json.dumps(client))
    node = shutil.which("node")
    assert node, "Node.js is needed: make test installs oidc-provider with npm"
    # Its warnings and errors go to a file: a pipe nobody reads could fill up and stop it.
    with open(workdir / "stderr.txt", "w") as stderr:
        process = subprocess.Popen(
            [node, str(SCRIPT), str(client_file)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            cwd=SCRIPT.parents[2],
        )
    ready: list[str] = []
    reader = threading.Thread(target=lambda: ready.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(START_TIMEOUT_SECONDS)
    if not ready or not ready[0].strip():
        process.kill()
        raise AssertionError(f"oidc-provider did not start: {(workdir / 'stderr.txt').read_text()[-2000:]}")
    return process, json.loads(ready[0])["issuer"], client


@pytest.fixture(scope="module", params=["oidc-provider", "stand-in"])
def journey(request, app, database_url, idp, tmp_path_factory):
    """(provider, app, app_url): an app of its own on a live server, logging in through `provider`."""
    server = serve_in_thread()
    app_url = f"http://127.0.0.1:{server.server_port}"
    if request.param == "oidc-provider":
        process, issuer, client = _start_certified_provider(app_url, tmp_path_factory.mktemp("op"))
        provider = CertifiedProvider("oidc-provider", issuer, client["client_id"], process)
        config = {
            "IDPORTEN_DISCOVERY_URL": f"{issuer}/.well-known/openid-configuration",
            "IDPORTEN_CLIENT_ID": client["client_id"],
            "IDPORTEN_CLIENT_SECRET": client["client_secret"],
        }
    else:
        idp.clients[TEST_CLIENT_ID].add_base_url(app_url)
        provider = StandInProvider("stand-in", idp.issuer, TEST_CLIENT_ID)
        config = idp_config(idp)
    journey_app = make_app(database_url, **config)
    server.app = journey_app
    yield provider, journey_app, app_url
    server.shutdown()
    journey_app.extensions["db_engine"].dispose()
    if provider.process is not None:
        provider.process.stdin.close()  # the script stops when its stdin closes
        try:
            provider.process.wait(10)
        except subprocess.TimeoutExpired:
            provider.process.kill()
        provider.process.stdout.close()
