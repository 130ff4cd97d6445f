"""The set-up: production settings, the compose file, the README, the scripts `make run` relies on."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def _run(args, env=None, timeout=60):
    return subprocess.run(
        args, cwd=ROOT, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=timeout
    )


def _settings_variables() -> set[str]:
    variables = set()
    for path in (ROOT / "jvtracker" / "settings").glob("*.py"):
        variables |= set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]*)"', path.read_text()))
    return variables


def _import_production(secret_key: str):
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    env = {"DJANGO_SETTINGS_MODULE": "jvtracker.settings.production", "SECRET_KEY": secret_key}
    return _run([PYTHON, "-c", code], env=env)


@pytest.mark.parametrize(
    "secret_key", ["", "insecure-local-development-key-do-not-use-in-production", "x" * 60]
)
def test_production_settings_refuse_to_start_without_a_real_secret_key(secret_key):
    result = _import_production(secret_key)

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_start_with_a_real_secret_key():
    result = _import_production("Zr8vYw1q2-" * 6)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("False")


def test_the_readme_opens_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    opening = readme.split("\n## ", 1)[0]

    assert opening.index("make run") < opening.index("make test")


def test_the_readme_documents_every_environment_variable_the_settings_read():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Environment variables", 1)[1].split("\n## ", 1)[0]
    variables = _settings_variables()
    assert {
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "SECRET_KEY",
        "DEBUG",
        "ALLOWED_HOSTS",
        "MAP_TILES_URL",
    } <= variables

    undocumented = sorted(name for name in variables if f"| `{name}` |" not in table)

    assert undocumented == [], "add these to the README's environment table"


@pytest.mark.skipif(not shutil.which("docker-compose"), reason="docker-compose is not installed")
def test_docker_compose_file_is_valid_and_demands_its_secrets():
    secrets = {"SECRET_KEY": "compose-config-check", "POSTGRES_PASSWORD": "compose-config-check"}
    valid = _run(["docker-compose", "-f", "docker-compose.yml", "config", "--quiet"], env=secrets)
    assert valid.returncode == 0, valid.stderr

    env = {k: v for k, v in os.environ.items() if k not in secrets}
    missing = subprocess.run(
        ["docker-compose", "-f", "docker-compose.yml", "config", "--quiet"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode != 0
    assert "SECRET_KEY" in missing.stderr or "POSTGRES_PASSWORD" in missing.stderr


@pytest.mark.skipif(not shutil.which("docker-compose"), reason="docker-compose is not installed")
def test_docker_compose_runs_every_service_with_a_health_check():
    secrets = {"SECRET_KEY": "compose-config-check", "POSTGRES_PASSWORD": "compose-config-check"}
    services = _run(["docker-compose", "-f", "docker-compose.yml", "config", "--services"], env=secrets)
    config = _run(["docker-compose", "-f", "docker-compose.yml", "config"], env=secrets).stdout

    assert set(services.stdout.split()) == {"postgis", "redis", "web", "celeryworker", "celerybeat"}
    assert config.count("healthcheck:") == 5
    assert "postgis/postgis:15-3.4" in config
    assert "jvtracker.settings.production" in config


def test_the_shell_scripts_parse():
    for script in [ROOT / ".ci" / "run", *sorted((ROOT / "scripts").glob("*.sh"))]:
        result = _run(["bash", "-n", str(script)])
        assert result.returncode == 0, f"{script}: {result.stderr}"


def test_the_venv_script_refuses_a_python_that_cannot_load_spatialite(tmp_path):
    # A stand-in python3 that fails the SpatiaLite check, and no other candidate on the PATH.
    fake = tmp_path / "bin" / "python3"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    env = {"PATH": f"{fake.parent}:/usr/sbin:/sbin", "PYTHON": str(fake)}
    script = (ROOT / "scripts" / "make_venv.sh").read_text()
    # Hide Debian's interpreters from the script so that only the fake remains.
    patched = tmp_path / "make_venv.sh"
    patched.write_text(
        script.replace("/usr/bin/python3.11", "/nonexistent/python3.11").replace(
            "/usr/bin/python3 ", "/nonexistent/python3 "
        )
    )

    result = subprocess.run(
        ["/bin/bash", str(patched), str(tmp_path / "venv")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert "can load SpatiaLite" in result.stderr
    assert not (tmp_path / "venv").exists()


def test_the_python_that_make_run_picks_loads_spatialite():
    # The project's own venv was built by scripts/make_venv.sh: its sqlite3 must load the extension.
    code = (
        "import sqlite3; c = sqlite3.connect(':memory:'); c.enable_load_extension(True); "
        "c.load_extension('mod_spatialite'); print(c.execute('select spatialite_version()').fetchone()[0])"
    )
    result = _run([PYTHON, "-c", code])

    assert result.returncode == 0, result.stderr
