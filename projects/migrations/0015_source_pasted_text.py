# Articles pasted by an editor (issue #9): a fetch status of their own, so they are in the triage queue.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0010_unknown_province_undated_status"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalsourcearticle",
            name="fetch_status",
            field=models.CharField(
                choices=[
                    ("manual", "Entered by hand"),
                    ("queued", "Queued"),
                    ("fetching", "Fetching"),
                    ("fetched", "Fetched"),
                    ("failed", "Failed"),
                    ("pasted", "Pasted by an editor"),
                ],
                db_index=True,
                default="manual",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="sourcearticle",
            name="fetch_status",
            field=models.CharField(
                choices=[
                    ("manual", "Entered by hand"),
                    ("queued", "Queued"),
                    ("fetching", "Fetching"),
                    ("fetched", "Fetched"),
                    ("failed", "Failed"),
                    ("pasted", "Pasted by an editor"),
                ],
                db_index=True,
                default="manual",
                max_length=20,
            ),
        ),
    ]
