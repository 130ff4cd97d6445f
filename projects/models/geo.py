from django.contrib.gis.db import models
from simple_history.models import HistoricalRecords

from .names import NameVariantsMixin


class ProvinceKind(models.TextChoices):
    CAPITAL_CITY = "capital_city", "Capital city"
    PROVINCE = "province", "Province"
    SPECIAL_CITY = "special_city", "Special city"
    METROPOLITAN_CITY = "metropolitan_city", "Metropolitan city"


class Province(NameVariantsMixin):
    """A first-level division of North Korea, keyed by its ISO 3166-2 code."""

    code = models.CharField("ISO 3166-2 code", max_length=5, unique=True)
    kind = models.CharField(max_length=20, choices=ProvinceKind.choices)
    name_ko_full = models.CharField("Hangul (full)", max_length=200, blank=True)
    name_iso = models.CharField("ISO 3166-2 name", max_length=200, blank=True)
    # Nampo and Kaesong have no polygon of their own: they lie inside another province's polygon.
    boundary = models.MultiPolygonField(srid=4326, null=True, blank=True)
    label_point = models.PointField(srid=4326, null=True, blank=True)
    map_polygon = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The province whose polygon contains this one on the map (itself when it has its own).",
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.name_en} ({self.code})"


class PlaceKind(models.TextChoices):
    PROVINCE = "province", "Province-level unit"
    CITY = "city", "City"
    COUNTY = "county", "County"
    DISTRICT = "district", "District"
    SITE = "site", "Site"


class Place(NameVariantsMixin):
    """A gazetteer entry. Its point is only ever one a source gives: never invented."""

    kind = models.CharField(max_length=20, choices=PlaceKind.choices)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="places")
    point = models.PointField(srid=4326, null=True, blank=True)
    coordinate_source = models.TextField(blank=True, help_text="Where the coordinate comes from.")
    geonames_id = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["province__code", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name_en", "province"], name="unique_place_per_province"),
        ]

    def __str__(self):
        return f"{self.name_en} ({self.get_kind_display().lower()}, {self.province.name_en})"
