"""Editors and reviewers may delete a venture's parts (partner, contribution, status entry, citation).

Which parts is still decided per venture by projects.permissions.can_edit_venture: editors on drafts,
reviewers on any venture. Deleting ventures themselves stays with superusers.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PART_MODELS = ["venturepartner", "contribution", "statusentry", "citation"]
GROUPS = ["editors", "reviewers"]


def _permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return list(
        Permission.objects.filter(
            content_type__app_label="projects", codename__in=[f"delete_{model}" for model in PART_MODELS]
        )
    )


def grant(apps, schema_editor):
    permissions = _permissions(apps)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    permissions = _permissions(apps)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("projects", "0004_place_history")]

    operations = [migrations.RunPython(grant, revoke)]
