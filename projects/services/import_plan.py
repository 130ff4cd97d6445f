"""Planning an import: every record read and validated, duplicates found, nothing written.

Each problem names the row and the column. `plan_records` gives an ImportPlan: per row, what would be
created, updated, left unchanged or skipped, and why. projects/services/imports.py applies it.
"""

from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db.models import Q

from projects.models import (
    Arrangement,
    Country,
    DatePrecision,
    ImportKind,
    LocationPrecision,
    OrganizationKind,
    PartnerRole,
    Place,
    Province,
    Reliability,
    Sector,
    SourceArticle,
    Status,
    StatusEntry,
    Venture,
    VentureForm,
)
from projects.models.geo import province_for_point
from projects.models.ventures import validate_not_before_1945, validate_not_in_future
from projects.selectors.duplicates import (
    bracket_keys,
    name_keys,
    organization_index,
    source_for_url,
    url_variants,
    venture_index,
)
from projects.services.import_compare import changed_fields, missing_parts, source_key
from projects.services.import_links import planned_citation, resolve_citation_links
from projects.services.import_rows import (
    Record,
)
from projects.services.import_values import (
    ROLE_BY_COUNTRY,
    TEXT_FIELDS,
    ImportPlan,
    Planned,
    PlannedCitation,
    Problem,
    RowPlan,
    _choice,
    _choices_text,
    _date,
    _decimal,
)


class _Planner:
    def __init__(self, *, reference: bool):
        self.reference = reference
        self.plan = ImportPlan()
        self.provinces = {p.code: p for p in Province.objects.all()}
        self.provinces_by_name = {p.name_en.lower(): p for p in self.provinces.values()}
        self.ventures = venture_index(Venture.objects.filter(is_reference=True) if reference else None)
        self.organizations = organization_index()
        self.sources: dict[str, SourceArticle | Planned | None] = {}
        self.places: dict[tuple, Place | None] = {}

    def prefetch_sources(self, records: list[Record]) -> None:
        """The stored sources of every URL of the file, in a few queries (source_for_url's rule)."""
        variants_of = {}
        for record in records:
            for item in [*record.sources, *record.statuses]:
                url = item.get("url") or item.get("source") or ""
                if "://" in url and url not in variants_of:
                    variants_of[url] = url_variants(url)
        wanted = sorted({v for variants in variants_of.values() for v in variants})
        stored = {}
        for start in range(0, len(wanted), 1000):
            stored |= {s.url: s for s in SourceArticle.objects.filter(url__in=wanted[start : start + 1000])}
        for variants in variants_of.values():
            if variants:
                self.sources[variants[0]] = next((stored[v] for v in variants if v in stored), None)

    # --- the parts -------------------------------------------------------------------------------
    def problem(self, record, column, message, item=None):
        row = item.get("_row", record.row) if item else record.row
        sheet = item.get("_sheet", record.sheet) if item else record.sheet
        self.plan.problems.append(Problem(row=row, column=column, message=message, sheet=sheet))

    def _place(self, name: str, province):
        key = (name.lower(), province.pk if province else None)
        if key not in self.places:
            names = Q(name_en__iexact=name) | Q(name_ko=name) | Q(name_zh=name) | Q(name_rr__iexact=name)
            places = Place.objects.filter(names)
            if province:
                places = places.filter(province=province)
            self.places[key] = places.order_by("id").first()
        return self.places[key]

    def venture_fields(self, record: Record) -> dict | None:
        values, col = record.venture, (lambda name: record.columns.get(name, name))
        before = len(self.plan.problems)
        fields = {name: values[name] for name in TEXT_FIELDS if values.get(name)}
        if "name" not in fields:
            self.problem(record, col("name"), "Give the venture's name.")
        sector = _choice(values.get("sector", ""), Sector.choices, blank=False)
        if sector is None:
            self.problem(record, col("sector"), f"Give a sector: one of {_choices_text(Sector.choices)}.")
        fields["sector"] = sector
        for name, choices in (("form", VentureForm.choices), ("arrangement", Arrangement.choices)):
            if values.get(name):
                value = _choice(values[name], choices, blank=True)
                if value is None:
                    self.problem(
                        record, col(name), f"“{values[name]}” is not one of {_choices_text(choices)}."
                    )
                fields[name] = value
        if values.get("investment_amount"):
            amount = _decimal(values["investment_amount"])
            if amount is None:
                self.problem(record, col("investment_amount"), "Give the amount as a number, e.g. 12000000.")
            fields["investment_amount"] = amount
        province = None
        code = values.get("province", "")
        if code:
            province = self.provinces.get(code.upper()) or self.provinces_by_name.get(code.lower())
            if province is None:
                self.problem(
                    record, col("province"), f"No province “{code}”: give an ISO 3166-2 code, e.g. KP-01."
                )
        elif values.get("province_name"):
            province = self.provinces_by_name.get(values["province_name"].lower())
            if province is None:
                self.problem(record, col("province_name"), f"No province named “{values['province_name']}”.")
        point = None
        lon, lat = values.get("longitude", ""), values.get("latitude", "")
        if lon or lat:
            x, y = _decimal(lon or "x"), _decimal(lat or "x")
            if x is None or y is None:
                column = col("longitude") if x is None else col("latitude")
                self.problem(record, column, "Give both longitude and latitude as decimal degrees.")
            else:
                point = Point(float(x), float(y), srid=4326)
                if province is None and not code:
                    province = province_for_point(point)
        fields["province"] = province
        fields["location"] = point
        if values.get("place"):
            place = self._place(values["place"], province)
            if place is None:
                self.problem(
                    record, col("place"), f"No place “{values['place']}” in the gazetteer for this province."
                )
            fields["place"] = place
        precision = values.get("location_precision", "")
        if precision:
            fields["location_precision"] = _choice(precision, LocationPrecision.choices, blank=False)
            if fields["location_precision"] is None:
                self.problem(
                    record, col("location_precision"), f"One of {_choices_text(LocationPrecision.choices)}."
                )
        else:
            # The reference data gives no precision when it names no place and no province.
            fields["location_precision"] = (
                LocationPrecision.UNKNOWN
                if province is None
                else LocationPrecision.APPROXIMATE
                if point
                else LocationPrecision.PROVINCE
            )
        if len(self.plan.problems) == before:
            candidate = Venture(**dict(fields.items()))
            try:
                candidate.full_clean(exclude=["public_id", "province", "place"], validate_unique=False)
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    self.problem(record, col(name), " ".join(messages))
            fields["investment_currency"] = candidate.investment_currency
        return fields if len(self.plan.problems) == before else None

    def organization(self, record, item, values):
        names = (values["name"], values.get("name_ko", ""), values.get("name_zh", ""))
        keys, weak = name_keys(*names), bracket_keys(*names)
        matches = self.organizations.find(keys, values["country"], weak_keys=weak, similar=False)
        if matches:
            return matches[0].obj
        planned = Planned(values=values, row=record.row)
        self.organizations.add(planned, keys, values["country"], weak)
        return planned

    def partners(self, record, row_plan):
        for item in record.partners:
            col = item["_columns"].get
            name = item.get("name", "")
            if not name:
                self.problem(record, col("name", "partner_name"), "Give the partner's name.", item)
                continue
            country = _choice(item.get("country", ""), Country.choices, blank=False)
            if country is None:
                self.problem(
                    record,
                    col("country", "partner_country"),
                    "Give the partner's country: CN, KP or XX.",
                    item,
                )
                continue
            role = (
                _choice(item.get("role", ""), PartnerRole.choices, blank=True)
                if item.get("role")
                else (ROLE_BY_COUNTRY.get(country, PartnerRole.OTHER))
            )
            if role is None:
                self.problem(record, col("role"), f"One of {_choices_text(PartnerRole.choices)}.", item)
                continue
            stake = None
            if item.get("stake"):
                stake = _decimal(item["stake"])
                if stake is None or not 0 <= stake <= 100:
                    self.problem(
                        record, col("stake"), "Give the stake as a percentage between 0 and 100.", item
                    )
                    continue
            kind = (
                _choice(item.get("kind", ""), OrganizationKind.choices, blank=True) or OrganizationKind.OTHER
            )
            values = {
                "name": name,
                "name_ko": item.get("name_ko", ""),
                "name_zh": item.get("name_zh", ""),
                "country": country,
                "kind": kind,
            }
            organization = self.organization(record, item, values)
            if item.get("key"):
                row_plan.partner_keys[item["key"]] = (organization, role)
            if any(o is organization and r == role for o, r, _ in row_plan.partners):
                continue  # the same partner in the same role twice in one row
            row_plan.partners.append((organization, role, stake))

    def source(self, record, item, url):
        try:
            normalised = SourceArticle.normalized_url(url)
        except ValidationError as error:
            self.problem(record, item["_columns"].get("url", "source_url"), " ".join(error.messages), item)
            return None
        if normalised not in self.sources:
            existing = source_for_url(normalised)
            self.sources[normalised] = existing
        found = self.sources[normalised]
        if found is not None:
            return found
        return self._new_source(record, item, key=normalised, url=normalised, citation="")

    def citation_source(self, record, item, citation):
        """A source without a URL, known by its citation: the stored one with the same citation
        (spaces and case aside), or a new one."""
        citation = " ".join(citation.split())
        key = source_key(None, citation)
        if key not in self.sources:
            self.sources[key] = (
                SourceArticle.objects.filter(url__isnull=True, citation__iexact=citation)
                .order_by("pk")
                .first()
            )
        found = self.sources[key]
        if found is not None:
            return found
        return self._new_source(record, item, key=key, url=None, citation=citation)

    def _new_source(self, record, item, *, key, url, citation):
        published_on, note = None, ""
        if item.get("published_on"):
            published_on, precision = _date(item["published_on"])
            if published_on is None:
                self.problem(
                    record,
                    item["_columns"].get("published_on"),
                    "Give the date as YYYY-MM-DD (or YYYY-MM).",
                    item,
                )
                return None
            if precision != DatePrecision.DAY:
                # A publication known to the month or year only: no day is invented for it.
                published_on, note = None, f"Publication date given as {item['published_on'].strip()} only."
        values = {
            "url": url,
            "citation": citation,
            "title": item.get("title", ""),
            "publisher": item.get("publisher", ""),
            "published_on": published_on,
            "language": item.get("language", ""),
            "editor_note": note,
        }
        if self.reference:
            values["reliability"] = Reliability.UNASSESSED  # the dataset gives no grade: none is guessed
        planned = Planned(values=values, row=record.row)
        self.sources[key] = planned
        return planned

    def sources_of(self, record, row_plan):
        for i, item in enumerate(record.sources):
            url, citation = item.get("url", ""), item.get("citation", "").strip()
            if not url and not citation:
                self.problem(
                    record,
                    item["_columns"].get("url", "source_url"),
                    "Give the source's URL or, for a source not online, its citation.",
                    item,
                )
                continue
            source = self.source(record, item, url) if url else self.citation_source(record, item, citation)
            if source is None:
                continue
            key = item.get("key") or url or citation
            row_plan.sources[key] = source
            row_plan.sources.setdefault(url or citation, source)
            row_plan.citations.append(planned_citation(self, record, item, key))
            if i == 0:
                row_plan.sources.setdefault("", source)
        if not record.sources:
            self.problem(
                record,
                "source_url",
                "Every venture needs at least one source: give source_url (or source_1_url, "
                "latest_source_url), or source_citation for a source not online.",
            )

    def statuses(self, record, row_plan):
        for item in record.statuses:
            col = item["_columns"].get
            status = _choice(item.get("status", ""), Status.choices, blank=False)
            if status is None:
                self.problem(
                    record,
                    col("status", "status"),
                    f"Give a status: one of {_choices_text(Status.choices)}.",
                    item,
                )
                continue
            date, shown = (None, DatePrecision.UNKNOWN)
            if item.get("date"):
                date, shown = _date(item["date"])
                if date is None:
                    self.problem(record, col("date"), "Give the date as YYYY, YYYY-MM or YYYY-MM-DD.", item)
                    continue
            precision = shown
            if item.get("date_precision"):
                precision = _choice(item["date_precision"], DatePrecision.choices, blank=False)
                if precision is None:
                    self.problem(
                        record, col("date_precision"), f"One of {_choices_text(DatePrecision.choices)}.", item
                    )
                    continue
            entry = StatusEntry(status=status, date=date, date_precision=precision)
            try:
                if date is not None:
                    validate_not_before_1945(date)
                    validate_not_in_future(date)
                entry.clean()
            except ValidationError as error:
                self.problem(record, col("date", "status_date"), " ".join(error.messages), item)
                continue
            ref = item.get("source", "")
            if ref and ref not in row_plan.sources:
                cells = {"_columns": {"url": col("source")}}
                if "://" not in ref and "_sheet" in item:
                    # A linked sheet names a source not online by its citation (venture_parts).
                    source = self.citation_source(record, cells, ref)
                else:
                    source = self.source(record, cells, ref)
                if source is None:
                    continue
                row_plan.sources[ref] = source
                if "_sheet" not in item:  # a linked sheet's citations are listed in full on their own
                    row_plan.citations.append(PlannedCitation(key=ref))
            if ref not in row_plan.sources:
                continue  # no source at all: reported once by sources_of
            planned = (status, entry.date, precision, ref, item.get("note", ""))
            if item.get("key"):
                row_plan.status_keys.setdefault(item["key"], planned)
            row_plan.statuses.append(planned)

    # --- the venture -----------------------------------------------------------------------------
    def decide(self, record, row_plan):
        fields = row_plan.fields
        names = (fields.get("name", ""), fields.get("name_ko", ""), fields.get("name_zh", ""))
        keys, weak = name_keys(*names), bracket_keys(*names)
        province_id = fields["province"].pk if fields.get("province") else None
        public_id = record.venture.get("public_id", "")
        decision = record.venture.get("duplicate_of", "").strip()
        target = None
        note = ""
        if public_id and not self.reference:
            target = Venture.objects.filter(public_id=public_id).first()
            if target is None:
                # E.g. an export loaded into another database: matched by name, or created anew.
                note = f"{public_id} is not in this database; "
        if decision and target is None:
            if decision.lower() == "skip":
                row_plan.action, row_plan.reason = "skip", "skipped as the file asks (duplicate_of: skip)"
                return
            if decision.lower() != "new":
                target = Venture.objects.filter(public_id=decision).first()
                if target is None:
                    self.problem(
                        record,
                        record.columns.get("duplicate_of", "duplicate_of"),
                        f"No venture {decision}: give a public id, “new” or “skip”.",
                    )
                    return
        if target is None and decision.lower() != "new":
            matches = self.ventures.find(keys, province_id, weak_keys=weak, similar=not self.reference)
            if self.reference:
                matches = [m for m in matches if m.score == 1.0]
            if matches:
                row_plan.duplicates = matches
                first = matches[0].obj
                if isinstance(first, Venture) and (self.reference or self._unchanged(first, row_plan)):
                    target = first
                else:
                    names = "; ".join(
                        (f"row {m.obj.row} of this file" if isinstance(m.obj, Planned) else m.obj.public_id)
                        + f" ({m.reason})"
                        for m in matches[:5]
                    )
                    row_plan.action = "skip"
                    row_plan.reason = (
                        f"likely duplicate of {names}: set duplicate_of to that public id to update it, "
                        "or to “new” to create it anyway"
                    )
                    return
        if target is None:
            row_plan.action, row_plan.reason = "create", note + ("a new venture" if note else "")
            placeholder = Planned(values=fields, row=record.row)
            self.ventures.add(placeholder, keys, province_id, weak)
            return
        row_plan.venture = target
        row_plan.action = "unchanged" if self._unchanged(target, row_plan) else "update"
        if row_plan.action == "unchanged":
            row_plan.reason = f"same as {target.public_id}"

    def _unchanged(self, venture, row_plan) -> bool:
        changed = changed_fields(venture, row_plan, reference=self.reference)
        return not changed and not missing_parts(venture, row_plan)

    def plan_record(self, record: Record) -> RowPlan:
        row_plan = RowPlan(record=record)
        before = len(self.plan.problems)
        fields = self.venture_fields(record)
        row_plan.fields = fields or {}
        self.sources_of(record, row_plan)
        self.partners(record, row_plan)
        self.statuses(record, row_plan)
        resolve_citation_links(self, record, row_plan)
        if len(self.plan.problems) == before:
            self.decide(record, row_plan)
        if len(self.plan.problems) > before:
            row_plan.action = "error"
            row_plan.reason = "; ".join(str(p) for p in self.plan.problems[before:])
        return row_plan


def plan_records(records: list[Record], *, reference: bool = False) -> ImportPlan:
    planner = _Planner(reference=reference)
    planner.prefetch_sources(records)
    for record in records:
        planner.plan.rows.append(planner.plan_record(record))
    if reference:
        planner.plan.kind = ImportKind.REFERENCE
    return planner.plan
