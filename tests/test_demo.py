from django.core.management import call_command

from projects.models import Citation, Place, Province, StatusEntry, Venture


def test_load_demo_twice_gives_the_same_rows(db):
    call_command("load_demo")
    first = {
        "ventures": list(Venture.objects.values_list("public_id", "name").order_by("public_id")),
        "citations": Citation.objects.count(),
        "status_entries": StatusEntry.objects.count(),
        "provinces": Province.objects.count(),
        "places": Place.objects.count(),
    }

    call_command("load_demo")
    call_command("load_geo")

    assert first["ventures"] == list(Venture.objects.values_list("public_id", "name").order_by("public_id"))
    assert first["citations"] == Citation.objects.count() == 10
    assert first["status_entries"] == StatusEntry.objects.count() == 5
    assert first["provinces"] == Province.objects.count() == 13
    assert first["places"] == Place.objects.count() == 35


def test_demo_ventures_are_the_five_of_the_seed_article_each_cited(db):
    call_command("load_demo")

    ventures = Venture.objects.order_by("public_id")
    assert [v.province.code for v in ventures] == ["KP-03", "KP-03", "KP-01", "KP-02", "KP-08"]
    assert all(v.citations.filter(source__publisher="Daily NK").exists() for v in ventures)
    assert all(v.is_published for v in ventures)


def test_demo_never_invents_a_point_for_a_place_without_one(db):
    call_command("load_demo")

    hyonjesan = Venture.objects.get(name__startswith="Hyonjesan")
    assert hyonjesan.location is None
    assert hyonjesan.location_precision == "province"
    mine = Venture.objects.get(name__startswith="Tokhyon")
    assert mine.location_precision == "county"
    assert mine.location == Place.objects.get(name_en="Uiju").point
