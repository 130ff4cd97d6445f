"""Stored source URLs re-normalised with the canonicaliser (projects.urlnorm).

Before it, `%7E` and `~`, raw spaces and `%20`, or a non-IDNA host and its punycode made separate
sources of one article. Rows that now normalise to the same URL are merged into one: the row already
holding the canonical URL, else the oldest, keeps its id; citations, status entries, feed items,
retrieved copies and suggestions of the others move to it, and its empty metadata is filled from
them. A URL the normaliser now refuses is left as it is. Each merge runs in its own savepoint, so a
row that cannot be merged is reported and left alone: the migration never fails on data, and no
citation is lost. Every change is reported on the migration's output.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import migrations, transaction

METADATA = ("title", "publisher", "author", "language", "published_on", "retrieved_at")


def renormalize_source_urls(apps, report=print):
    from projects.urlnorm import normalize_url

    Source = apps.get_model("projects", "SourceArticle")
    groups = defaultdict(list)
    for pk, url in Source.objects.order_by("pk").values_list("pk", "url"):
        try:
            groups[normalize_url(url)].append((pk, url))
        except ValidationError as error:
            report(f"Source #{pk}: URL kept as it is, not a valid source URL now ({error.messages[0]}): {url}")
    changed = merged = 0
    for canonical, rows in groups.items():
        if len(rows) == 1 and rows[0][1] == canonical:
            continue
        keeper = next((pk for pk, url in rows if url == canonical), rows[0][0])
        try:
            with transaction.atomic():
                for pk, url in rows:
                    if pk != keeper:
                        _merge(apps, source_id=pk, into_id=keeper)
                        report(f"Source #{pk} ({url}) merged into #{keeper} ({canonical}).")
                        merged += 1
                if Source.objects.filter(pk=keeper).exclude(url=canonical).update(url=canonical):
                    changed += 1
        except Exception as error:  # report and go on: the rows stay as they were
            report(f"Sources {[pk for pk, _ in rows]} left as they were: {error!r}")
    if changed or merged:
        report(f"Source URLs re-normalised: {changed} changed, {merged} merged into another source.")


def _merge(apps, *, source_id, into_id):
    Source = apps.get_model("projects", "SourceArticle")
    Snapshot = apps.get_model("projects", "SourceSnapshot")
    Suggestions = apps.get_model("projects", "SourceSuggestions")
    for model_name in ("Citation", "StatusEntry", "FeedItem"):
        apps.get_model("projects", model_name).objects.filter(source_id=source_id).update(source_id=into_id)
    kept_hashes = set(Snapshot.objects.filter(source_id=into_id).values_list("sha256", flat=True))
    for snapshot in Snapshot.objects.filter(source_id=source_id):
        if snapshot.sha256 in kept_hashes:
            snapshot.delete()  # the same bytes are already a copy of the kept source (same archive file)
        else:
            snapshot.source_id = into_id
            snapshot.save(update_fields=["source"])
    if Suggestions.objects.filter(source_id=into_id).exists():
        Suggestions.objects.filter(source_id=source_id).delete()  # recomputed from the kept text
    else:
        Suggestions.objects.filter(source_id=source_id).update(source_id=into_id)
    duplicate, kept = Source.objects.get(pk=source_id), Source.objects.get(pk=into_id)
    for name in METADATA:
        if not getattr(kept, name) and getattr(duplicate, name):
            setattr(kept, name, getattr(duplicate, name))
    if not kept.text and duplicate.text:
        kept.text, kept.fetch_status, kept.fetch_error = duplicate.text, duplicate.fetch_status, ""
    if duplicate.editor_note and duplicate.editor_note not in kept.editor_note:
        kept.editor_note = "\n\n".join(note for note in (kept.editor_note, duplicate.editor_note) if note)
    kept.save()
    duplicate.delete()


def forwards(apps, schema_editor):
    renormalize_source_urls(apps)


class Migration(migrations.Migration):

    dependencies = [
        # Chained after the migrations main already has (0005 was assigned to this work; 0007 merged first).
        ("projects", "0007_roles_delete_parts"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
