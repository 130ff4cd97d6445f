# When a status entry became known (the feeds and digests select by it), and e-mail subscriptions.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce

import projects.models.subscriptions


def fill_created_at(apps, schema_editor):
    """An existing entry was recorded when its first history row was written (else with its venture)."""
    StatusEntry = apps.get_model("projects", "StatusEntry")
    History = apps.get_model("projects", "HistoricalStatusEntry")
    Venture = apps.get_model("projects", "Venture")
    first_history = History.objects.filter(id=OuterRef("id")).order_by("history_date").values("history_date")[:1]
    venture_created = Venture.objects.filter(pk=OuterRef("venture_id")).values("created_at")[:1]
    StatusEntry.objects.update(created_at=Coalesce(Subquery(first_history), Subquery(venture_created)))
    entry_created = StatusEntry.objects.filter(pk=OuterRef("id")).values("created_at")[:1]
    History.objects.update(created_at=Coalesce(Subquery(entry_created), Subquery(first_history)))


class Migration(migrations.Migration):

    dependencies = [
        # Both current leaves of main (the lead re-chains the migrations at merge).
        ("projects", "0025_export_fragments"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="statusentry",
            name="created_at",
            field=models.DateTimeField(null=True, db_index=True),
        ),
        migrations.AddField(
            model_name="historicalstatusentry",
            name="created_at",
            field=models.DateTimeField(null=True, blank=True, db_index=True, editable=False),
        ),
        migrations.RunPython(fill_created_at, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="statusentry",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, db_index=True),
        ),
        migrations.AlterField(
            model_name="historicalstatusentry",
            name="created_at",
            field=models.DateTimeField(blank=True, db_index=True, editable=False),
        ),
        migrations.CreateModel(
            name="Subscription",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("query", models.CharField(blank=True, max_length=2000)),
                (
                    "frequency",
                    models.CharField(
                        choices=[("daily", "Daily"), ("weekly", "Weekly")], default="weekly", max_length=10
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("watermark", models.DateTimeField(default=django.utils.timezone.now)),
                ("last_sent_at", models.DateTimeField(blank=True, null=True)),
                (
                    "unsubscribe_token",
                    models.CharField(
                        default=projects.models.subscriptions.new_unsubscribe_token,
                        editable=False,
                        max_length=64,
                        unique=True,
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="subscriptions",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["user", "query"],
                "constraints": [
                    models.UniqueConstraint(fields=("user", "query"), name="subscription_one_per_view")
                ],
            },
        ),
    ]
