"""How sure we are of a venture: its independent sources, their types and grades, and a confidence.

The rule (also explained on /methodology/ and in docs/reliability.md):

1. The sources behind a venture are every article cited for it or for one of its status entries.
2. Sources are independent when their publishers differ. Publishers are compared after folding case,
   punctuation and a leading "the"; a source without a publisher counts by its URL's host (without
   "www.") or, when it is not online, by its citation. Two articles of one publisher are one source.
3. Each source's grade counts as given (A best), except that an unassessed source counts as F and a
   news report resting on anonymous sources counts at best as C. An independent source's grade is the
   best grade among its publisher's articles.
4. Confidence is *high* with at least two independent sources graded A or B; *medium* with one
   source graded A or B, or at least two independent sources of which one is graded A to C; *low*
   otherwise (a single source graded C or worse, only sources graded D to F or unassessed, or none).
5. A venture resting on exactly one independent source is flagged "single source", and so is one
   whose editors found that all its sources go back to one original report (the "SINGLE ORIGINAL
   REPORT" mark of its editor's note, `Venture.single_original_report`): it then counts as one
   independent source, with the best of their grades.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from projects.models import Citation, SourceArticle, SourceType, StatusEntry, Venture
from projects.models.ventures import SINGLE_ORIGINAL_REPORT

HIGH, MEDIUM, LOW = "high", "medium", "low"
CONFIDENCE_CHOICES = [
    (HIGH, _("High: at least two independent sources graded A or B")),
    (MEDIUM, _("Medium: one source graded A or B, or two or more independent sources, one graded A to C")),
    (LOW, _("Low: a single source graded C or worse, or only weak or unassessed sources")),
]
CONFIDENCE_LABELS = {HIGH: _("high"), MEDIUM: _("medium"), LOW: _("low")}
GRADE_ORDER = "ABCDEF"  # best first
ANONYMOUS_CAP = "C"  # the best grade a report on anonymous sources counts as
SOURCE_COLUMNS = ("id", "publisher", "url", "citation", "source_type", "reliability")

_PUNCTUATION = re.compile(r"[^\w\s]+")
_HOST_PREFIXES = ("www.", "m.", "amp.")


def publisher_key(publisher: str, url: str | None, citation: str) -> str:
    """What makes two sources one publisher: the publisher's name folded, else the URL's host, else
    the citation. Prefixed by its kind, so a publisher named like a host is not confused with it."""
    name = unicodedata.normalize("NFKC", publisher or "").casefold()
    name = " ".join(_PUNCTUATION.sub(" ", name).split())
    if name.startswith("the "):
        name = name[4:]
    if name:
        return f"publisher:{name}"
    host = (urlsplit(url).hostname or "") if url else ""
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix):
            host = host[len(prefix) :]
    if host:
        return f"host:{host}"
    return f"citation:{SourceArticle.normalized_citation(citation or '')}"


def effective_grade(reliability: str, source_type: str) -> str:
    """The grade a source counts with in the confidence rule (step 3 above)."""
    grade = reliability if reliability and reliability in GRADE_ORDER else "F"
    if source_type == SourceType.NEWS_ANONYMOUS and GRADE_ORDER.index(grade) < GRADE_ORDER.index(
        ANONYMOUS_CAP
    ):
        grade = ANONYMOUS_CAP
    return grade


@dataclass(frozen=True)
class Confidence:
    level: str  # HIGH, MEDIUM or LOW
    independent_sources: int  # distinct publishers
    source_count: int  # distinct articles
    source_types: tuple[str, ...]  # SourceType values, in SourceType's order
    grades: tuple[str, ...]  # each independent source's counted grade, best first
    single_source: bool

    @property
    def label(self) -> str:
        return str(CONFIDENCE_LABELS[self.level])

    @property
    def source_type_labels(self) -> list[str]:
        labels = dict(SourceType.choices)
        return [str(labels[value]) for value in self.source_types]

    def as_dict(self) -> dict:
        return {
            "level": self.level,
            "independent_sources": self.independent_sources,
            "source_count": self.source_count,
            "source_types": list(self.source_types),
            "grades": list(self.grades),
            "single_source": self.single_source,
        }


def confidence_level(grades: list[str]) -> str:
    """Step 4 of the rule, from the counted grades of the independent sources."""
    strong = sum(1 for grade in grades if grade in "AB")
    fair = sum(1 for grade in grades if grade in "ABC")
    if strong >= 2:
        return HIGH
    if strong == 1 or (len(grades) >= 2 and fair >= 1):
        return MEDIUM
    return LOW


def confidence_from_sources(sources: Iterable[tuple], *, one_original_report: bool = False) -> Confidence:
    """The confidence of a venture from its sources' rows (SOURCE_COLUMNS, each article once or more);
    `one_original_report`: the editors found that they all repeat one report (step 5)."""
    articles: dict[int, tuple] = {}
    for row in sources:
        articles.setdefault(row[0], row)
    best_by_publisher: dict[str, str] = {}
    types = set()
    for _id, publisher, url, citation, source_type, reliability in articles.values():
        key = publisher_key(publisher, url, citation)
        grade = effective_grade(reliability, source_type)
        best = best_by_publisher.get(key)
        if best is None or GRADE_ORDER.index(grade) < GRADE_ORDER.index(best):
            best_by_publisher[key] = grade
        types.add(source_type)
    grades = sorted(best_by_publisher.values(), key=GRADE_ORDER.index)
    if one_original_report:
        grades = grades[:1]
    return Confidence(
        level=confidence_level(grades),
        independent_sources=len(grades),
        source_count=len(articles),
        source_types=tuple(value for value, _label in SourceType.choices if value in types),
        grades=tuple(grades),
        single_source=len(grades) == 1,
    )


def _source_rows(venture_ids) -> list[tuple]:
    """(venture id, *SOURCE_COLUMNS) for every source cited by these ventures or their status entries."""
    columns = [f"source__{name}" for name in SOURCE_COLUMNS]
    cited = Citation.objects.filter(venture_id__in=venture_ids).values_list("venture_id", *columns)
    stated = StatusEntry.objects.filter(venture_id__in=venture_ids).values_list("venture_id", *columns)
    return [*cited, *stated]


def _one_report_ids(ventures) -> set[int]:
    return set(
        ventures.filter(editor_note__icontains=SINGLE_ORIGINAL_REPORT).order_by().values_list("pk", flat=True)
    )


def venture_confidence(venture: Venture) -> Confidence:
    """One venture's confidence (two queries)."""
    return confidence_from_sources(
        (row[1:] for row in _source_rows([venture.pk])), one_original_report=venture.single_original_report
    )


def confidences_by_venture(ventures: QuerySet) -> dict[int, Confidence]:
    """The confidence of each venture of `ventures` that has a source (a queryset; three queries)."""
    ids = ventures.order_by().values("pk")
    rows: dict[int, list] = {}
    for venture_id, *source in _source_rows(ids):
        rows.setdefault(venture_id, []).append(source)
    one_report = _one_report_ids(ventures)
    return {
        venture_id: confidence_from_sources(sources, one_original_report=venture_id in one_report)
        for venture_id, sources in rows.items()
    }


def detail_confidence(detail: dict) -> dict:
    """The `confidence` of an API venture detail, from the sources its status history and citations
    name (one query for their grades and types, one for the editors' mark)."""
    ids = {part["source"]["id"] for key in ("status_history", "citations") for part in detail[key]}
    sources = SourceArticle.objects.filter(pk__in=ids).values_list(*SOURCE_COLUMNS)
    one_report = Venture.objects.filter(
        public_id=detail["public_id"], editor_note__icontains=SINGLE_ORIGINAL_REPORT
    ).exists()
    return confidence_from_sources(sources, one_original_report=one_report).as_dict()


def filter_by_confidence(ventures: QuerySet, *, levels=None, single_source: bool | None = None) -> QuerySet:
    """The ventures whose confidence is one of `levels` and/or whose single-source flag is as given.

    Computed in Python over the ventures' sources (the rule is easier to state than to write in SQL);
    a venture without any source is low and not single-source.
    """
    confidences = confidences_by_venture(ventures.order_by())
    empty = confidence_from_sources([])
    keep = []
    for venture_id in ventures.order_by().values_list("pk", flat=True):
        confidence = confidences.get(venture_id, empty)
        if levels and confidence.level not in levels:
            continue
        if single_source is not None and confidence.single_source != single_source:
            continue
        keep.append(venture_id)
    return ventures.filter(pk__in=keep)


# The grades readers see (the letters' key); the same words as Reliability, with what each means here.
RELIABILITY_KEY = [
    (
        "A",
        _(
            "Completely reliable: a source with a long record of accuracy on such facts, e.g. an official document."
        ),
    ),
    ("B", _("Usually reliable: minor doubts, a good record.")),
    ("C", _("Fairly reliable: doubts, but it has been right before.")),
    ("D", _("Not usually reliable: significant doubts.")),
    ("E", _("Unreliable: it has been wrong on such facts before.")),
    ("F", _("Reliability cannot be judged: too little is known of the source.")),
    ("", _("Not assessed: no editor has graded it yet (counted as F).")),
]
