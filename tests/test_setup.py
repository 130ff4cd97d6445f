"""The set-up: production settings, the compose file, the README, the scripts `make run` relies on."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

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


REAL_KEY = "Zr8vYw1q2-" * 6
BROKER_URL = "redis://127.0.0.1:6379/0"  # never contacted: these only load the settings


def _import_production(secret_key: str, broker_url: str = BROKER_URL):
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    env = {
        "DJANGO_SETTINGS_MODULE": "jvtracker.settings.production",
        "SECRET_KEY": secret_key,
        "CELERY_BROKER_URL": broker_url,
    }
    return _run([PYTHON, "-c", code], env=env)


def _celery_configuration(settings_module: str, **env) -> dict:
    """The configuration the Celery app ends up with under these settings and environment."""
    code = (
        "import json, django; django.setup(); from jvtracker.celery import app; c = app.conf; "
        "print(json.dumps({'eager': c.task_always_eager, 'soft': c.task_soft_time_limit, "
        "'hard': c.task_time_limit, 'hijack': c.worker_hijack_root_logger}))"
    )
    env = {"DJANGO_SETTINGS_MODULE": settings_module, "SECRET_KEY": REAL_KEY, **env}
    result = _run([PYTHON, "-c", code], env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "secret_key", ["", "insecure-local-development-key-do-not-use-in-production", "x" * 60]
)
def test_production_settings_refuse_to_start_without_a_real_secret_key(secret_key):
    result = _import_production(secret_key)

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_start_with_a_real_secret_key():
    result = _import_production(REAL_KEY)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("False")


def test_production_settings_refuse_to_start_without_a_broker():
    # Without one, every fetch would run inside the web request that asked for it.
    result = _import_production(REAL_KEY, broker_url="")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "CELERY_BROKER_URL must point to the broker" in result.stderr


@pytest.mark.parametrize("settings_module", ["jvtracker.settings.local", "jvtracker.settings.test"])
def test_local_and_test_settings_run_tasks_in_process_only_without_a_broker(settings_module):
    assert _celery_configuration(settings_module, CELERY_BROKER_URL="")["eager"] is True
    assert _celery_configuration(settings_module, CELERY_BROKER_URL=BROKER_URL)["eager"] is False


def test_production_never_runs_tasks_in_process():
    configuration = _celery_configuration("jvtracker.settings.production", CELERY_BROKER_URL=BROKER_URL)

    assert configuration["eager"] is False


def test_tasks_have_soft_and_hard_time_limits_from_the_environment_and_keep_the_site_logging():
    defaults = _celery_configuration("jvtracker.settings.production", CELERY_BROKER_URL=BROKER_URL)
    tuned = _celery_configuration(
        "jvtracker.settings.production",
        CELERY_BROKER_URL=BROKER_URL,
        CELERY_TASK_SOFT_TIME_LIMIT="40",
        CELERY_TASK_TIME_LIMIT="50",
    )

    assert 0 < defaults["soft"] < defaults["hard"]
    assert (tuned["soft"], tuned["hard"]) == (40, 50)
    assert defaults["hijack"] is False


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

    assert set(services.stdout.split()) == {
        "postgis",
        "redis",
        "migrate",
        "redis-cache",
        "web",
        "celeryworker",
        "celerybeat",
    }
    # Every long-running service has one; `migrate` runs once and exits.
    assert config.count("healthcheck:") == 6
    assert "postgis/postgis:15-3.4" in config
    assert "jvtracker.settings.production" in config


@pytest.mark.skipif(not shutil.which("docker-compose"), reason="docker-compose is not installed")
def test_docker_compose_migrates_once_before_the_web_app_and_the_workers_start():
    secrets = {"SECRET_KEY": "compose-config-check", "POSTGRES_PASSWORD": "compose-config-check"}
    config = yaml.safe_load(
        _run(["docker-compose", "-f", "docker-compose.yml", "config"], env=secrets).stdout
    )
    services = config["services"]

    migrate = services["migrate"]
    assert "migrate --noinput" in " ".join(migrate["command"])
    assert "load_geo" in " ".join(migrate["command"])
    assert migrate["restart"] == "no"
    assert migrate["depends_on"]["postgis"] == {"condition": "service_healthy"}
    for name in ("web", "celeryworker", "celerybeat"):
        waits_for = services[name]["depends_on"]["migrate"]
        assert waits_for == {"condition": "service_completed_successfully"}, name
    # The web container only serves: several replicas never race each other to migrate.
    web_script = (ROOT / "scripts" / "docker_web.sh").read_text()
    assert "manage.py" not in web_script
    assert "exec gunicorn" in web_script


@pytest.mark.skipif(not shutil.which("docker-compose"), reason="docker-compose is not installed")
def test_docker_compose_keeps_the_export_cache_in_a_capped_lru_redis_apart_from_the_broker():
    secrets = {"SECRET_KEY": "compose-config-check", "POSTGRES_PASSWORD": "compose-config-check"}
    config = yaml.safe_load(
        _run(["docker-compose", "-f", "docker-compose.yml", "config"], env=secrets).stdout
    )
    services = config["services"]
    cache_command = " ".join(services["redis-cache"]["command"])
    assert "--maxmemory 256mb" in cache_command and "--maxmemory-policy allkeys-lru" in cache_command
    assert "--maxmemory-policy noeviction" in " ".join(services["redis"]["command"])
    for name in ("web", "celeryworker", "celerybeat"):
        environment = services[name]["environment"]
        assert environment["EXPORT_CACHE_URL"].startswith("redis://redis-cache:")
        assert environment["CELERY_BROKER_URL"].startswith("redis://redis:")
        assert environment["CACHE_URL"].startswith("redis://redis:")


def _locked(path: Path) -> dict[str, str]:
    """name -> version of every package in a lock file, each checked to carry its hashes."""
    text = path.read_text()
    entries = re.findall(
        r"^([A-Za-z0-9._-]+(?:\[[^\]]*\])?)==([^ ;\\]+)[^\n]*\\\n\s+--hash=sha256:", text, re.M
    )
    packages = {name.split("[")[0].lower().replace("_", "-"): version for name, version in entries}
    assert len(packages) == len(re.findall(r"^[A-Za-z0-9]", text, re.M)), (
        f"{path.name}: a package without hashes"
    )
    return packages


def _pinned(path: Path) -> dict[str, str]:
    pins = re.findall(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==(\S+)", path.read_text(), re.M)
    return {name.lower().replace("_", "-"): version for name, version in pins}


def test_the_locks_were_compiled_from_the_current_requirements():
    # Fails after an edit of requirements*.txt until `make lock` is run and its output committed.
    result = _run(["bash", "scripts/lock.sh", "--check"])

    assert result.returncode == 0, result.stderr


def test_the_locks_pin_every_direct_dependency_at_its_version_with_hashes():
    production, development = _locked(ROOT / "requirements.lock"), _locked(ROOT / "requirements-dev.lock")
    direct = _pinned(ROOT / "requirements.txt")

    assert {name: production.get(name) for name in direct} == direct
    assert {name: development.get(name) for name in {**direct, **_pinned(ROOT / "requirements-dev.txt")}} == {
        **direct,
        **_pinned(ROOT / "requirements-dev.txt"),
    }
    # What the image runs is what the tests ran; the test tools stay out of the image.
    assert all(development[name] == version for name, version in production.items())
    assert "pytest" not in production and "locust" not in production


def test_make_venv_stops_when_the_requirements_changed_but_the_lock_did_not(tmp_path):
    for name in (
        "Makefile",
        "requirements.txt",
        "requirements-dev.txt",
        "requirements.lock",
        "requirements-dev.lock",
    ):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "lock.sh", tmp_path / "scripts" / "lock.sh")
    assert _run(["make", "-C", str(tmp_path), "lock-check"]).returncode == 0

    with (tmp_path / "requirements.txt").open("a") as requirements:
        requirements.write("w3lib==2.3.1\n")
    result = _run(["make", "-C", str(tmp_path), "--no-print-directory", "lock-check"])

    assert result.returncode != 0
    assert (
        "requirements-dev.lock is out of date" in result.stderr
        or "requirements.lock is out of date" in result.stderr
    )
    assert "make lock" in result.stderr


def test_make_ci_and_the_image_install_the_locks_with_hashes():
    makefile = (ROOT / "Makefile").read_text()
    dockerfile = (ROOT / "Dockerfile").read_text()

    assert "--require-hashes --no-deps -r requirements-dev.lock" in makefile
    assert re.search(r"^venv: .*lock-check", makefile, re.M)
    assert "make venv" in (ROOT / ".ci" / "run").read_text()
    assert "COPY requirements.lock" in dockerfile
    assert "pip install --require-hashes --no-deps -r requirements.lock" in dockerfile
    assert "-r requirements.txt" not in dockerfile


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
