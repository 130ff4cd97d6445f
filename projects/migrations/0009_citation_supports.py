# Per-fact citations: which fact of a venture a citation supports (issue #11, item 12).

import django.db.models.deletion
import projects.models.ventures
from django.db import migrations, models


def mark_status_citations(apps, schema_editor):
    """A citation that already names a status entry supports that status entry."""
    Citation = apps.get_model("projects", "Citation")
    Citation.objects.filter(status_entry__isnull=False).update(supports="status")


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0006_withdrawn_at_status_date_floor"),
    ]

    operations = [
        migrations.AddField(
            model_name="citation",
            name="partner",
            field=models.ForeignKey(
                blank=True,
                help_text="For a partner or stake: which partner.",
                null=True,
                on_delete=projects.models.ventures.citation_part_deleted,
                related_name="citations",
                to="projects.venturepartner",
            ),
        ),
        migrations.AddField(
            model_name="citation",
            name="supports",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "The venture in general"),
                    ("status", "A status entry"),
                    ("partner", "A partner"),
                    ("stake", "A partner's stake"),
                    ("investment", "The investment"),
                    ("location", "The location"),
                    ("sector", "The sector and form"),
                    ("description", "The description"),
                    ("name", "The name"),
                    ("contribution", "A contribution"),
                ],
                default="",
                help_text="The fact this passage supports; leave empty for the venture in general.",
                max_length=20,
                verbose_name="supports",
            ),
        ),
        migrations.AddField(
            model_name="historicalcitation",
            name="partner",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="For a partner or stake: which partner.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="projects.venturepartner",
            ),
        ),
        migrations.AddField(
            model_name="historicalcitation",
            name="supports",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "The venture in general"),
                    ("status", "A status entry"),
                    ("partner", "A partner"),
                    ("stake", "A partner's stake"),
                    ("investment", "The investment"),
                    ("location", "The location"),
                    ("sector", "The sector and form"),
                    ("description", "The description"),
                    ("name", "The name"),
                    ("contribution", "A contribution"),
                ],
                default="",
                help_text="The fact this passage supports; leave empty for the venture in general.",
                max_length=20,
                verbose_name="supports",
            ),
        ),
        migrations.AlterField(
            model_name="citation",
            name="status_entry",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=projects.models.ventures.citation_part_deleted,
                related_name="citations",
                to="projects.statusentry",
            ),
        ),
        migrations.RunPython(mark_status_citations, migrations.RunPython.noop),
    ]
