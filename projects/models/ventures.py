import datetime

import pycountry
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .geo import CONFIRM_HINT, Place, Province, location_check, lonlat_point_problem


class Country(models.TextChoices):
    CHINA = "CN", _("China")
    NORTH_KOREA = "KP", _("North Korea")
    OTHER = "XX", _("Other")


class OrganizationKind(models.TextChoices):
    STATE_ENTERPRISE = "state_enterprise", _("State enterprise")
    PRIVATE_COMPANY = "private_company", _("Private company")
    INDIVIDUAL_INVESTOR = "individual_investor", _("Individual investor")
    PARTY_OR_STATE_ORGAN = "party_or_state_organ", _("Party or state organ")
    PROVINCIAL_PEOPLES_COMMITTEE = "provincial_peoples_committee", _("Provincial people's committee")
    OTHER = "other", _("Other")


class Organization(models.Model):
    """A partner in a venture: a company, an organ, or an individual investor."""

    name = models.CharField(verbose_name=_("name"), max_length=300)
    name_ko = models.CharField(_("Hangul name"), max_length=300, blank=True)
    name_zh = models.CharField(_("Chinese name"), max_length=300, blank=True)
    other_names = models.TextField(
        verbose_name=_("other names"), blank=True, help_text=_("Other names and spellings, separated by “|”.")
    )
    country = models.CharField(verbose_name=_("country"), max_length=2, choices=Country.choices)
    kind = models.CharField(verbose_name=_("kind"), max_length=40, choices=OrganizationKind.choices)
    notes = models.TextField(verbose_name=_("notes"), blank=True)
    sanctions_designations = models.TextField(
        verbose_name=_("sanctions designations"),
        blank=True,
        help_text=_("Sanctions designations (list, date, reference), one per line."),
    )
    # Optimistic locking (as a venture's): each change through the services adds one.
    version = models.PositiveIntegerField(verbose_name=_("version"), default=1, editable=False)
    # The FollowTheMoney id of the entity this organization was imported from or linked to (e.g. an
    # OpenSanctions id), kept so the export gives the same id back and a re-import links, not doubles.
    ftm_id = models.CharField(
        _("FollowTheMoney id"),
        max_length=200,
        blank=True,
        db_index=True,
        help_text=_("e.g. an OpenSanctions entity id."),
    )
    sanctions_topics = models.CharField(
        verbose_name=_("sanctions topics"),
        max_length=500,
        blank=True,
        help_text=_("FollowTheMoney topics such as sanction, separated by “|”."),
    )
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)
    history = HistoricalRecords()

    # Every field holding a name of the organization: searched by the API, the map and the admin.
    NAME_FIELDS = ("name", "name_ko", "name_zh", "other_names")

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.get_country_display()})"


class Sector(models.TextChoices):
    MINE = "mine", _("Mine")
    IRONWORKS = "ironworks", _("Ironworks")
    CONSTRUCTION = "construction", _("Construction and building materials")
    AGRICULTURE = "agriculture", _("Agriculture")
    FISHERIES = "fisheries", _("Fisheries")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    ENERGY = "energy", _("Energy")
    TRADE = "trade", _("Trade and services")
    OTHER = "other", _("Other")


class VentureForm(models.TextChoices):
    NEW_CONTRACT = "new_contract", _("New contract")
    RESTART_OR_EXPANSION = "restart_or_expansion", _("Restart or expansion")
    PRIVATE_INVESTMENT = "private_investment", _("Private investment")


class Arrangement(models.TextChoices):
    JOINT_VENTURE = "joint_venture", _("Joint venture")
    JOINT_OPERATION = "joint_operation", _("Joint operation")


class LocationPrecision(models.TextChoices):
    EXACT = "exact", _("Exact site")
    APPROXIMATE = "approximate", _("Approximate")
    COUNTY = "county", _("County")
    PROVINCE = "province", _("Province only")
    # No source names a province: known only to be in North Korea (never pinned, no province).
    UNKNOWN = "unknown", _("Not known (only “in North Korea”)")


# Precisions that describe a point: without one, only county, province or not known make sense.
POINT_PRECISIONS = (LocationPrecision.EXACT, LocationPrecision.APPROXIMATE)


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")


# Written in a venture's editor_note when all its sources go back to one original report.
SINGLE_ORIGINAL_REPORT = "SINGLE ORIGINAL REPORT"


class ReviewState(models.TextChoices):
    """Where a draft stands with the reviewers (beside `publication_state`, whose values the API keeps)."""

    NONE = "", _("Not submitted")
    READY = "ready_for_review", _("Ready for review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")


class PublicIdSequence(models.Model):
    """The last number handed out for a public id prefix, so deleted ids are never reused."""

    prefix = models.CharField(verbose_name=_("prefix"), max_length=10, unique=True)
    last_value = models.PositiveIntegerField(verbose_name=_("last value"), default=0)

    def __str__(self):
        return f"{self.prefix}: {self.last_value}"


class Venture(models.Model):
    public_id = models.CharField(verbose_name=_("public id"), max_length=20, unique=True, editable=False)
    name = models.CharField(verbose_name=_("name"), max_length=300)
    name_ko = models.CharField(_("Hangul name"), max_length=300, blank=True)
    name_zh = models.CharField(_("Chinese name"), max_length=300, blank=True)
    other_names = models.TextField(
        verbose_name=_("other names"), blank=True, help_text=_("Other names and spellings, separated by “|”.")
    )
    sector = models.CharField(verbose_name=_("sector"), max_length=20, choices=Sector.choices)
    form = models.CharField(verbose_name=_("form"), max_length=30, choices=VentureForm.choices, blank=True)
    arrangement = models.CharField(
        verbose_name=_("arrangement"), max_length=20, choices=Arrangement.choices, blank=True
    )
    investment_amount = models.DecimalField(
        verbose_name=_("investment amount"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    investment_currency = models.CharField(
        verbose_name=_("investment currency"),
        max_length=3,
        blank=True,
        help_text=_("ISO 4217 code, e.g. CNY, USD, EUR, KPW."),
    )
    # Null when no source names the province: the venture is known only to be in North Korea. It is
    # listed and counted as "province not known", never pinned and never shaded into a province.
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ventures",
    )
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ventures",
    )
    location = models.PointField(verbose_name=_("location"), srid=4326, null=True, blank=True)
    location_precision = models.CharField(
        verbose_name=_("location precision"),
        max_length=20,
        choices=LocationPrecision.choices,
        default=LocationPrecision.PROVINCE,
    )
    location_note = models.TextField(
        verbose_name=_("location note"),
        blank=True,
        help_text=_("Where the point comes from, and why this precision."),
    )
    description = models.TextField(verbose_name=_("description"), blank=True)
    sanctions_note = models.TextField(
        verbose_name=_("sanctions note"),
        blank=True,
        help_text=_(
            "e.g. UN Security Council resolution 2375 §18 bans joint ventures with North Korean entities."
        ),
    )
    # A 1718 Committee approval (resolution 2375 ¶18 lets the Committee approve a venture case by case):
    # filled by reviewers; the sanctions assessment shows it as "exemption recorded".
    exemption_reference = models.CharField(
        "1718 Committee approval reference",
        max_length=200,
        blank=True,
        help_text="The Committee's reference for its approval of this venture, if one is recorded.",
    )
    exemption_approved_on = models.DateField("1718 Committee approval date", null=True, blank=True)
    editor_note = models.TextField(
        verbose_name=_("editor note"),
        blank=True,
        help_text=_(
            "Notes for editors: how conflicting reports were settled, reprints, and "
            "“SINGLE ORIGINAL REPORT” when every source goes back to one report (the single-source flag reads it)."
        ),
    )
    # Part of the shipped reference dataset (projects/data/reference/, loaded by `load_reference`).
    is_reference = models.BooleanField(verbose_name=_("is reference"), default=False, db_index=True)
    publication_state = models.CharField(
        verbose_name=_("publication state"),
        max_length=20,
        choices=PublicationState.choices,
        default=PublicationState.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(verbose_name=_("published at"), null=True, blank=True, editable=False)
    # Set once by the publication services when the venture leaves the public view (unpublished, or put
    # back to draft), cleared when it is published again. A sync's tombstone gives this time, so later
    # edits of the hidden venture show nowhere.
    withdrawn_at = models.DateTimeField(verbose_name=_("withdrawn at"), null=True, blank=True, editable=False)
    # Set by projects.services.review: an editor marks a draft ready, a reviewer publishes it (clearing
    # the state) or sends it back with a note.
    review_state = models.CharField(
        verbose_name=_("review state"),
        max_length=20,
        choices=ReviewState.choices,
        blank=True,
        default="",
        editable=False,
        db_index=True,
    )
    review_requested_at = models.DateTimeField(
        verbose_name=_("review requested at"), null=True, blank=True, editable=False
    )
    # Set by projects.services.merge: this venture was a duplicate, its parts now belong to the
    # survivor; the row stays (hidden) so its history stays readable and its public id redirects.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="merged_ventures",
    )
    review_note = models.TextField(
        verbose_name=_("review note"),
        blank=True,
        editable=False,
        help_text=_("The reviewer's note when sending a draft back."),
    )
    # Optimistic locking: every save through a service increments it; a stale version is refused.
    version = models.PositiveIntegerField(verbose_name=_("version"), default=1, editable=False)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True, db_index=True)
    history = HistoricalRecords()

    # Not stored: set (by the admin form, the API's `confirm_location`, an import) when the editor has
    # confirmed a point just across the land border (models/geo.py). A point already stored is not
    # asked about again.
    confirm_location = False

    class Meta:
        verbose_name = _("venture")
        verbose_name_plural = _("ventures")
        ordering = ["public_id"]
        permissions = [("publish_venture", "Can publish and unpublish ventures")]

    def __str__(self):
        return f"{self.public_id} {self.name}" if self.public_id else self.name

    @property
    def single_original_report(self) -> bool:
        """The editors' note says every source goes back to one original report (the single-source flag)."""
        return SINGLE_ORIGINAL_REPORT in self.editor_note.upper()

    @property
    def is_published(self):
        return self.publication_state == PublicationState.PUBLISHED

    def clean(self):
        errors = {}
        if self.investment_currency:
            self.investment_currency = self.investment_currency.upper()
            if not is_iso_4217_code(self.investment_currency):
                errors["investment_currency"] = _(
                    "“%(code)s” is not an ISO 4217 currency code: use one such as CNY, USD, EUR or KPW."
                ) % {"code": self.investment_currency}
        if self.exemption_approved_on and not self.exemption_reference.strip():
            errors["exemption_reference"] = _("Give the Committee's reference for the approval.")
        if self.exemption_approved_on and self.exemption_approved_on < COMMITTEE_1718_FOUNDED:
            errors["exemption_approved_on"] = _("The 1718 Committee was set up on 14 October 2006.")
        elif self.exemption_approved_on and self.exemption_approved_on > timezone.localdate():
            errors["exemption_approved_on"] = _("The approval date is in the future.")
        self.exemption_reference = self.exemption_reference.strip()
        if self.investment_amount is not None and not self.investment_currency:
            errors["investment_currency"] = _("Give the currency of the investment amount.")
        if self.place_id and self.province_id and self.place.province_id != self.province_id:
            errors["place"] = _("%(place)s is in %(province)s, not in the chosen province.") % {
                "place": self.place.name_en,
                "province": self.place.province.name_en,
            }
        if self.location is not None:
            # Only a well-formed 2-D point is placed in a province (an empty or 3-D one is refused).
            message = lonlat_point_problem(self.location)
            if not message and self.province_id:
                message, warning = location_check(point=self.location, province=self.province)
                if not message and warning and not self._location_confirmed():
                    message = f"{warning} {CONFIRM_HINT}"
            if message:
                errors["location"] = message
        if self.province_id is None:
            if self.location is not None:
                errors["province"] = _("A venture with a point lies in a province: choose it.")
            if self.place_id:
                errors["province"] = _("A venture at a place lies in the place's province: choose it.")
            if self.location_precision != LocationPrecision.UNKNOWN:
                errors["location_precision"] = _(
                    "Without a province, the precision is “not known”: the venture is known only to be "
                    "in North Korea."
                )
        elif self.location_precision == LocationPrecision.UNKNOWN:
            errors["location_precision"] = _("With a province, the precision is at least “province only”.")
        if self.location is None and self.location_precision in POINT_PRECISIONS:
            # County precision without a point: a county named by the sources (location_note), no coordinates.
            errors["location_precision"] = _(
                "Without a point, the precision can only be “county”, “province only” or “not known”."
            )
        if errors:
            raise ValidationError(errors)

    def _location_confirmed(self) -> bool:
        if self.confirm_location:
            return True
        if self.pk is None:
            return False
        stored = Venture.objects.filter(pk=self.pk).values_list("location", flat=True).first()
        return stored is not None and stored.equals_exact(self.location)


class ContributionSide(models.TextChoices):
    CHINESE = "CN", _("Chinese side")
    NORTH_KOREAN = "KP", _("North Korean side")


class ContributionKind(models.TextChoices):
    CAPITAL = "capital", _("Capital")
    TECHNOLOGY = "technology", _("Technology")
    EQUIPMENT = "equipment", _("Equipment")
    LAND = "land", _("Land")
    LABOUR = "labour", _("Labour")
    ADMINISTRATIVE_PERMISSION = "administrative_permission", _("Administrative permission")
    RESOURCES = "resources", _("Natural resources")
    OTHER = "other", _("Other")


class Contribution(models.Model):
    venture = models.ForeignKey(
        Venture, verbose_name=_("venture"), on_delete=models.CASCADE, related_name="contributions"
    )
    side = models.CharField(verbose_name=_("side"), max_length=2, choices=ContributionSide.choices)
    kind = models.CharField(verbose_name=_("kind"), max_length=30, choices=ContributionKind.choices)
    note = models.CharField(verbose_name=_("note"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["side", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["venture", "side", "kind"], name="unique_contribution"),
        ]

    def __str__(self):
        return f"{self.get_side_display()}: {self.get_kind_display()}"


class PartnerRole(models.TextChoices):
    CHINESE_INVESTOR = "chinese_investor", _("Chinese investor")
    NORTH_KOREAN_PARTNER = "north_korean_partner", _("North Korean partner")
    MANAGING_ORGAN = "managing_organ", _("Managing organ")
    OTHER = "other", _("Other")


class VenturePartner(models.Model):
    venture = models.ForeignKey(
        Venture, verbose_name=_("venture"), on_delete=models.CASCADE, related_name="partners"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="venture_roles"
    )
    role = models.CharField(verbose_name=_("role"), max_length=30, choices=PartnerRole.choices)
    stake_percent = models.DecimalField(
        _("stake (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    note = models.CharField(verbose_name=_("note"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("venture partner")
        verbose_name_plural = _("venture partners")
        ordering = ["role", "organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["venture", "organization", "role"], name="unique_partner_role"),
            models.CheckConstraint(
                condition=models.Q(stake_percent__isnull=True)
                | models.Q(stake_percent__gte=0, stake_percent__lte=100),
                name="stake_between_0_and_100",
            ),
        ]

    def __str__(self):
        return f"{self.organization.name} ({self.get_role_display()})"


EARLIEST_STATUS_DATE = datetime.date(1945, 1, 1)
# Resolution 1718 (adopted 14 October 2006) set up the Committee that may approve a venture.
COMMITTEE_1718_FOUNDED = datetime.date(2006, 10, 14)


def is_iso_4217_code(code: str) -> bool:
    """Whether `code` is a current ISO 4217 alphabetic code (pycountry's copy of the ISO list)."""
    return len(code) == 3 and code.isascii() and pycountry.currencies.get(alpha_3=code) is not None


def validate_not_before_1945(value: datetime.date):
    if value < EARLIEST_STATUS_DATE:
        raise ValidationError(
            _("The date %(date)s is before 1945: no venture with North Korea is that old."),
            params={"date": value.isoformat()},
        )


def validate_not_in_future(value: datetime.date):
    if value > timezone.localdate():
        raise ValidationError(_("The date %(date)s is in the future."), params={"date": value.isoformat()})


def citation_part_deleted(collector, field, sub_objs, using):
    """on_delete of a citation's partner or status entry: the citation stays as a general citation of
    the venture. The article still reports on the venture, so its evidence is kept, and no citation is
    left saying it supports a partner or status entry that no longer exists."""
    collector.add_field_update(field, None, sub_objs)
    # field.model is Citation (defined in models/evidence.py); "" is CitationFact.GENERAL.
    collector.add_field_update(field.model._meta.get_field("supports"), "", sub_objs)
