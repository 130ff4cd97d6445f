"""The export fragments (0025) carry each venture's sanctions flags, which read the measures' days
and sectors (projects/selectors/sanctions_sql.py): a reviewer's correction of a measure makes every
stored fragment stale, as a change of a venture's own rows does."""

from django.db import migrations

FUNCTION_SQL = """
CREATE FUNCTION projects_export_measures_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE projects_ventureexportfragment SET generation = generation + 1;
    RETURN NULL;
END
$$;
"""
EVENTS = ("INSERT", "UPDATE", "DELETE")


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # the fragments are the PostgreSQL path's
    schema_editor.execute(FUNCTION_SQL)
    for event in EVENTS:
        schema_editor.execute(
            f"CREATE TRIGGER projects_sanctionsmeasure_export_{event.lower()} AFTER {event} "
            "ON projects_sanctionsmeasure FOR EACH STATEMENT EXECUTE FUNCTION projects_export_measures_changed();"
        )


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for event in EVENTS:
        schema_editor.execute(
            f"DROP TRIGGER IF EXISTS projects_sanctionsmeasure_export_{event.lower()} ON projects_sanctionsmeasure"
        )
    schema_editor.execute("DROP FUNCTION IF EXISTS projects_export_measures_changed()")


class Migration(migrations.Migration):
    dependencies = [("projects", "0021_seed_sanctions_measures")]

    operations = [migrations.RunPython(create_trigger, drop_trigger, elidable=False)]
