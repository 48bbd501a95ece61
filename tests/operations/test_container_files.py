"""The production Containerfile and compose.yaml, checked without a container engine (none runs
where the suite does): every file they name is in the repository and in the build context, every
stage and make target exists, the image runs as a user of its own with nothing of the development
stand-ins, and the settings compose passes make a production configuration the app accepts, each
of them one the app reads. Last, the image's own files, laid out as the Containerfile copies them,
start the app in production and answer its health probe."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import load_config
from app.settings_parsing import ConfigError
from tests.concurrency.server import ROOT
from tests.operations.container_files import (
    COMPOSE,
    INTERPOLATION,
    compose,
    copies,
    env_file,
    ignored_by_dockerignore,
    interpolated,
    stages,
)

APP_SERVICES = ("migrate", "app", "worker")
WORKDIR = "/srv/minplan"
# Read outside load_config: by prometheus_client in app/metrics.py, and by the grants after the migrations.
READ_ELSEWHERE = {"PROMETHEUS_MULTIPROC_DIR": "app/metrics.py", "MINPLAN_APP_ROLE": "deploy/grant_app_role.py"}


def _final():
    return stages()[-1]


def test_every_file_the_containerfile_copies_from_the_repository_is_there_and_in_the_build_context():
    checked = 0
    for stage in stages():
        for copy in copies(stage):
            if copy.from_stage is not None:
                continue
            for source in copy.sources:
                assert (ROOT / source).exists(), f"COPY {source}: not in the repository"
                assert not ignored_by_dockerignore(source), f"COPY {source}: .dockerignore leaves it out"
                checked += 1
    assert checked >= 10


def test_what_a_stage_copies_from_another_was_made_there():
    named = {stage.name: stage for stage in stages()}
    for stage in stages():
        for copy in copies(stage):
            if copy.from_stage is None:
                continue
            assert copy.from_stage in named, f"COPY --from={copy.from_stage}: no such stage"
            source_stage = named[copy.from_stage]
            if source_stage.name == "node":  # the upstream node image's own files
                continue
            put_there = [
                f"{WORKDIR}/{Path(d.destination).as_posix().removeprefix('./').rstrip('/')}"
                for d in copies(source_stage)
            ]
            runs = " ".join(source_stage.all("RUN"))
            for source in copy.sources:
                assert any(source == p or source.startswith(p + "/") for p in put_there) or source in runs, source


def test_the_build_runs_make_targets_that_exist_and_builds_the_static_files():
    makefile = (ROOT / "Makefile").read_text()
    (build,) = [s for s in stages() if s.name == "build"]
    made = [run for run in build.all("RUN") if run.startswith("make ")]
    assert made, "the build stage runs no make target"
    for run in made:
        for target in [w for w in shlex.split(run)[1:] if "=" not in w]:
            assert re.search(rf"^{re.escape(target)}:", makefile, re.M), f"make {target}: no such target"
    assert "assets" in made[0] and "translations" in made[0]


def test_the_image_runs_gunicorn_as_a_user_of_its_own_in_production_and_checks_healthz():
    final = _final()
    (user,) = final.all("USER")
    assert user not in ("root", "0") and not user.startswith("0:")
    environment = " ".join(final.all("ENV"))
    assert re.search(r"\bMINPLAN_ENV=production\b", environment)
    (healthcheck,) = final.all("HEALTHCHECK")
    assert "/healthz" in healthcheck
    assert '@bp.get("/healthz"' in (ROOT / "app/health.py").read_text()
    command = json.loads(final.all("CMD")[-1])
    assert command[0] == "gunicorn" and command[-1] == "app:create_app()"
    assert "def create_app(" in (ROOT / "app/__init__.py").read_text()
    assert '"gunicorn' in (ROOT / "pyproject.toml").read_text()


def test_no_development_stand_in_is_in_the_image():
    sources = [s for stage in stages() for c in copies(stage) if c.from_stage is None for s in c.sources]
    assert not any(s == "devidp" or s.startswith("devidp/") for s in sources)
    stand_ins = [s for s in sources if s.startswith("devstandins")]
    # store.py only: the developer's mailbox page reads it, and production never registers that page.
    assert sorted(stand_ins) == ["devstandins/__init__.py", "devstandins/store.py"]
    assert not any(source in (".", "./") for source in sources), "the whole context would bring the stand-ins"


def test_compose_runs_the_app_the_worker_the_migrations_postgresql_and_redis_with_a_volume_for_each():
    services = compose()["services"]
    assert set(services) >= {"app", "worker", "migrate", "db", "redis"}
    for name in APP_SERVICES:
        build = services[name]["build"]
        assert (ROOT / build["context"] / build["dockerfile"]).resolve() == (ROOT / "Containerfile").resolve()
    declared = set(compose()["volumes"])
    for name, data_dir in (("db", "/var/lib/postgresql/data"), ("redis", "/data")):
        mounts = dict(v.split(":")[:2][::-1] for v in services[name]["volumes"])
        assert mounts[data_dir] in declared, f"{name}: its data is not on a named volume"
    for volume in services["db"]["volumes"]:
        source = volume.split(":")[0]
        if source.startswith("./"):
            assert (ROOT / source).is_dir(), volume
    assert "alembic upgrade head" in " ".join(services["migrate"]["command"])
    copied = {d for c in copies(_final()) for d in c.sources}
    assert "deploy/grant_app_role.py" in copied and "alembic.ini" in copied
    worker = services["worker"]["command"]
    assert worker[:3] == ["python", "-m", "app.notifications.worker"]
    assert (ROOT / "app/notifications/worker.py").exists()
    for service in ("app", "worker"):
        needs = services[service]["depends_on"]
        assert needs["migrate"]["condition"] == "service_completed_successfully"


def test_every_secret_compose_interpolates_is_in_the_example_and_kept_out_of_git_and_the_image():
    variables = env_file(ROOT / ".env.example")
    assert set(INTERPOLATION.findall(COMPOSE.read_text())) == set(variables)
    secret_files = [s["file"] for s in compose()["secrets"].values()]
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    for kept_out in [".env", "minplan.env", *(f.removeprefix("./").split("/")[0] + "/" for f in secret_files)]:
        assert kept_out in ignored, f"{kept_out} is not in .gitignore"
        assert ignored_by_dockerignore(kept_out.rstrip("/")), f"{kept_out} would be in the build context"


def _environment(service: str, key_file: Path) -> dict[str, str]:
    """What the service's container is given: minplan.env, then compose's own, interpolated."""
    data = compose()["services"][service]
    assert data["env_file"] == "minplan.env"
    environment = {**env_file(ROOT / "minplan.env.example")}
    variables = env_file(ROOT / ".env.example")
    environment.update({k: interpolated(str(v), variables) for k, v in data["environment"].items()})
    assert environment["MASKINPORTEN_KEY_PATH"] == "/run/secrets/maskinporten_key"
    environment["MASKINPORTEN_KEY_PATH"] = str(key_file)  # the secret's mount, here
    return environment


@pytest.fixture
def key_file(tmp_path):
    path = tmp_path / "maskinporten-key.pem"
    path.write_text("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n")
    return path


@pytest.mark.parametrize("service", APP_SERVICES)
def test_what_compose_passes_is_a_production_configuration_and_every_setting_is_read(service, key_file, tmp_path):
    environment = _environment(service, key_file)
    config = load_config(tmp_path, environment)
    assert config["PRODUCTION"] and config["DATABASE_URL"].startswith("postgresql://")
    assert config["TASK_QUEUE_URL"].startswith("redis://") and config["REDIS_URL"].startswith("redis://")
    for name in environment:
        if name in READ_ELSEWHERE:
            assert f'"{name}"' in (ROOT / READ_ELSEWHERE[name]).read_text(), name
            continue
        without = {k: v for k, v in environment.items() if k != name}
        try:
            changed = load_config(tmp_path, without) != config
        except ConfigError:
            changed = True
        assert changed, f"{service}: {name} is passed but the app does not read it"


def test_the_images_own_files_start_the_app_in_production_without_the_stand_ins(key_file, tmp_path):
    """The files the runtime stage copies, at the paths it puts them, and nothing else of the
    repository: the app made in production answers /healthz and has no developer's mailbox."""
    image = tmp_path / "srv-minplan"
    image.mkdir()
    for copy in copies(_final()):
        if copy.from_stage == "node" or "/opt/venv" in copy.sources:
            continue
        for source in copy.sources:
            relative = source.removeprefix(WORKDIR + "/") if copy.from_stage else source
            target = image / copy.destination.removeprefix("./")
            if copy.destination.endswith("/"):
                target = target / Path(relative).name
            if (ROOT / relative).is_dir():
                shutil.copytree(ROOT / relative, target, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(ROOT / relative, target)
    metrics = tmp_path / "metrics"  # compose's tmpfs
    metrics.mkdir()
    environment = {
        **_environment("app", key_file),
        "PROMETHEUS_MULTIPROC_DIR": str(metrics),
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(image),
    }
    program = (
        "import sys, importlib.abc\n"
        "class Refuse(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] == 'devidp' or (name.startswith('devstandins.') and name != 'devstandins.store'):\n"
        "            raise ImportError('a stand-in in production: ' + name)\n"
        "sys.meta_path.insert(0, Refuse())\n"
        "import app\n"
        "assert app.__file__.startswith(sys.argv[1]), app.__file__\n"
        "made = app.create_app()\n"
        "client = made.test_client()\n"
        "mailbox = client.get('/utvikling/post', base_url='https://' + made.config['TRUSTED_HOSTS'][0])\n"
        "print(client.get('/healthz').status_code, mailbox.status_code, made.config['ENV_NAME'])\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", program, str(image)],
        cwd=image,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert ran.stdout.split()[-3:] == ["200", "404", "production"]


def test_the_readme_names_exactly_the_settings_production_cannot_start_without(key_file, tmp_path):
    environment = _environment("app", key_file)
    required = set()
    for name in environment:
        try:
            load_config(tmp_path, {k: v for k, v in environment.items() if k != name})
        except ConfigError:
            required.add(name)
    readme = (ROOT / "README.md").read_text()
    sentence = readme.split("**Required in production**", 1)[1].split("(instead of", 1)[0]
    assert set(re.findall(r"`([A-Z0-9_]+)`", sentence)) == required
