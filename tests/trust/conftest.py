import importlib

import pytest
from django.apps import apps

_roles_migration = importlib.import_module("projects.migrations.0002_roles")
_delete_parts_migration = importlib.import_module("projects.migrations.0007_roles_delete_parts")


@pytest.fixture
def roles(db):
    """The editors/reviewers groups: a transactional test's flush removes what the migration made."""
    _roles_migration.create_roles(apps, None)
    _delete_parts_migration.grant(apps, None)


# Parents' role fixtures, made safe for transactional tests by creating the groups first.
@pytest.fixture
def editor(roles, editor):
    return editor


@pytest.fixture
def reviewer(roles, reviewer):
    return reviewer
