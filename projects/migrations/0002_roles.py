"""Editors add and change drafts; reviewers also publish and unpublish; only superusers delete."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITABLE_MODELS = [
    "venture", "venturepartner", "contribution", "statusentry", "citation",
    "sourcearticle", "organization", "place",
]
READ_ONLY_MODELS = ["province", "sourcesnapshot"]


def _codenames():
    codenames = []
    for model in EDITABLE_MODELS:
        codenames += [f"add_{model}", f"change_{model}", f"view_{model}"]
    codenames += [f"view_{model}" for model in READ_ONLY_MODELS]
    return codenames


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(Permission.objects.filter(content_type__app_label="projects", codename__in=_codenames()))
    editors, _ = Group.objects.get_or_create(name="editors")
    editors.permissions.add(*permissions)
    reviewers, _ = Group.objects.get_or_create(name="reviewers")
    reviewers.permissions.add(*permissions)
    reviewers.permissions.add(Permission.objects.get(content_type__app_label="projects", codename="publish_venture"))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["editors", "reviewers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
