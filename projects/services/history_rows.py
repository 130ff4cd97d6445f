"""New objects in bulk with their history rows (django-simple-history's "+" rows).

`bulk_create_with_history` of simple_history builds a history model instance per object and inserts
them with `bulk_create`: for an import of 10,000 rows that is ~60,000 history rows compiled into
multi-row INSERTs, about half of the apply step (docs/benchmarks.md). On PostgreSQL the history rows
go in by COPY instead, with the same columns and values (tracked fields as saved, `history_date`,
`history_type` "+", the change reason, the user); elsewhere (SpatiaLite) simple_history's path runs.
"""

from django.conf import settings
from django.contrib.gis.db.models import GeometryField
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, get_change_reason_from_object


def _copy_value(field, value):
    if value is None:
        return None
    if isinstance(field, GeometryField):
        return value.hexewkb.decode()  # PostGIS reads hex EWKB text (SRID included)
    return field.get_db_prep_save(value, connection)


def history_rows_copy(objects: list, model, *, user=None) -> None:
    """The "+" history rows of saved `objects`, written with one COPY (PostgreSQL only)."""
    if not objects:
        return
    history = model.history.model
    tracked = list(history.tracked_fields)
    user = user or history.get_default_history_user(objects[0])
    user_id = getattr(user, "pk", None)
    now = timezone.now()
    columns = [f.column for f in tracked] + [
        "history_date",
        "history_type",
        "history_change_reason",
        "history_user_id",
    ]
    quote = connection.ops.quote_name
    statement = f"COPY {quote(history._meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for obj in objects:
            copy.write_row(
                [_copy_value(f, getattr(obj, f.attname)) for f in tracked]
                + [now, "+", get_change_reason_from_object(obj) or "", user_id]
            )


def bulk_create_with_history_rows(objects: list, model, *, batch_size: int, user=None) -> list:
    """`bulk_create` the objects and write their history rows; returns the saved objects."""
    if connection.vendor != "postgresql" or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return bulk_create_with_history(objects, model, batch_size=batch_size, default_user=user)
    with transaction.atomic(savepoint=False):
        created = model.objects.bulk_create(objects, batch_size=batch_size)
        history_rows_copy(created, model, user=user)
    return created
