"""Derived data for the exports: each venture's GeoJSON feature and CSV line, written by PostgreSQL.

Not a fact: a cache the database keeps correct by itself. Triggers (migration 0025) raise a venture's
`generation` on every change of what its row shows: the venture, its partners, status entries and
citations, and the organizations, sources, place and province they name. A fragment is used only
while `built_generation` equals `generation` (projects/selectors/export_fragments.py), so a fragment
built from an older snapshot than a concurrent change is never served. Used on PostgreSQL only; the
table stays empty on SpatiaLite.
"""

from django.db import models


class VentureExportFragment(models.Model):
    # No database foreign key: the triggers add rows for ventures being written in the same
    # transaction, and a venture's AFTER DELETE trigger removes its row.
    venture = models.OneToOneField(
        "projects.Venture",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    generation = models.BigIntegerField(default=0)
    built_generation = models.BigIntegerField(default=-1)  # -1: never built
    public_id = models.CharField(max_length=32, blank=True)
    # The feature up to its last property's key (`…,"url":`): the URL depends on the request's host.
    geojson_head = models.TextField(null=True)
    # The CSV line before and after the url cell.
    csv_head = models.TextField(null=True)
    csv_tail = models.TextField(null=True)

    class Meta:
        db_table = "projects_ventureexportfragment"

    def __str__(self):
        return f"export fragment of venture {self.venture_id}"
