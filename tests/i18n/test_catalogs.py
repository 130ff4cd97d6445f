"""Every message of the source has a written Korean and simplified Chinese translation.

The catalogs are regenerated from the source, in a temporary copy of the project, by the same script
editors run (`scripts/makemessages.sh root|app`, which calls Django's makemessages and so GNU
xgettext): a string marked in a template, a script or a module but missing from a committed catalog
shows up there untranslated, and fails here. For both catalogs (root `locale/`: templates, scripts and
jvtracker/; app `projects/locale/`: everything under projects/) and both domains (django, djangojs),
a message fails when its translation is missing, fuzzy, the English copied, or drops a placeholder.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

BASE = Path(settings.BASE_DIR)
# What the catalogs are made from (and the script and settings that make them).
COPIED = ("manage.py", "jvtracker", "projects", "templates", "static", "locale", "scripts")
LANGUAGES = ("ko", "zh_Hans")
CATALOGS = [("locale", "django"), ("locale", "djangojs"), ("projects/locale", "django")]

# Messages written the same in every language: codes, formats, names of standards. Kept short on purpose.
SAME_IN_EVERY_LANGUAGE = {"API", "CSV", "GeoJSON", "JSON", "URL", "XLSX", "sha256", "FtM", "OpenAPI", "ReDoc"}

# A Korean translation has Hangul in it, a Chinese one Han characters: an English text copied (or only
# retouched) has neither.
SCRIPT_OF = {"ko": re.compile(r"[\uac00-\ud7a3]"), "zh_Hans": re.compile(r"[\u4e00-\u9fff]")}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


def catalog_problems(path: Path, language: str) -> list[str]:
    """What is wrong with one .po file: each message without a proper translation, one per line."""
    with path.open("rb") as handle:
        catalog = read_po(handle)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        label = repr(ids[0])
        if message.fuzzy:
            problems.append(f"{label}: fuzzy")
        if not all(strings):
            problems.append(f"{label}: not translated")
            continue
        # A message of placeholders and punctuation only ("%(name)s: %(status)s") has no words to translate.
        wordless = not re.search(r"[A-Za-z]", PLACEHOLDER.sub("", ids[0]))
        for text in strings:
            if ids[0] in SAME_IN_EVERY_LANGUAGE or wordless:
                continue
            if text in ids or not SCRIPT_OF[language].search(text):
                problems.append(f"{label}: the English copied ({text!r})")
            if sorted(PLACEHOLDER.findall(text)) != sorted(
                PLACEHOLDER.findall(ids[-1] if len(ids) > 1 else ids[0])
            ):
                problems.append(f"{label}: placeholders differ ({text!r})")
    return problems


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    """A copy of the project whose catalogs makemessages has just updated from the source."""
    copy = tmp_path_factory.mktemp("catalogs")
    skip = shutil.ignore_patterns("__pycache__", "*.mo", "*.pyc")
    for name in COPIED:
        source = BASE / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=skip)
        elif source.exists():
            shutil.copy2(source, copy / name)
    environment = {**os.environ, "PY": sys.executable}
    for which in ("root", "app"):
        subprocess.run(
            ["bash", str(copy / "scripts" / "makemessages.sh"), which],
            cwd=copy,
            env=environment,
            check=True,
            capture_output=True,
            timeout=300,
        )
    return copy


def test_makemessages_uses_gnu_xgettext():
    version = subprocess.run(["xgettext", "--version"], check=True, capture_output=True, text=True).stdout
    assert "GNU gettext" in version


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("folder", "domain"), CATALOGS)
def test_every_message_in_the_source_is_translated(regenerated, folder, domain, language):
    path = regenerated / folder / language / "LC_MESSAGES" / f"{domain}.po"
    assert path.is_file(), f"makemessages wrote no {folder}/{language}/LC_MESSAGES/{domain}.po"
    problems = catalog_problems(path, language)
    assert not problems, f"{folder}/{language}/{domain}.po:\n" + "\n".join(problems)


def test_the_app_catalog_holds_the_strings_of_projects(regenerated):
    """makemessages puts what is marked under projects/ into projects/locale (it has its own folder)."""
    with (regenerated / "projects/locale/ko/LC_MESSAGES/django.po").open("rb") as handle:
        app = {m.id for m in read_po(handle)}
    assert {"Operating", "Mine", "Unknown parameter. Allowed: %(allowed)s."} <= app


PO_HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


@pytest.mark.parametrize(
    ("entry", "found"),
    [
        ('msgid "Operating"\nmsgstr ""\n', "not translated"),
        ('#, fuzzy\nmsgid "Operating"\nmsgstr "가동 중"\n', "fuzzy"),
        ('msgid "Operating"\nmsgstr "Operating"\n', "the English copied"),
        ('msgid "Operating"\nmsgstr "Operating now"\n', "the English copied"),
        ('#, python-format\nmsgid "%(id)s published."\nmsgstr "공개했습니다."\n', "placeholders differ"),
    ],
)
def test_the_check_finds_each_kind_of_bad_translation(tmp_path, entry, found):
    path = tmp_path / "django.po"
    path.write_text(PO_HEADER + entry, encoding="utf-8")
    problems = catalog_problems(path, "ko")
    assert problems and found in problems[0]


def test_the_check_passes_a_written_translation_and_the_allow_list(tmp_path):
    path = tmp_path / "django.po"
    path.write_text(
        PO_HEADER + 'msgid "Operating"\nmsgstr "가동 중"\n\nmsgid "GeoJSON"\nmsgstr "GeoJSON"\n',
        encoding="utf-8",
    )
    assert catalog_problems(path, "ko") == []
