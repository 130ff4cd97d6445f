"""A dead link is dated by the first check that found it dead, and cleared once it is live again."""

from projects.models import LinkStatus, SourceArticle
from projects.services.sources import source_check_link
from tests.factories import make_venture


def test_dead_since_is_the_first_dead_check_and_a_live_check_clears_it(geo, site):
    source = SourceArticle.objects.create(url=site.url("/changing"))
    make_venture(source=source)
    assert source_check_link(source=source) == LinkStatus.OK
    source.refresh_from_db()
    assert source.link_dead_since is None

    page = site.pages.pop("/changing")
    assert source_check_link(source=source) == LinkStatus.DEAD
    source.refresh_from_db()
    first_dead = source.link_dead_since
    assert first_dead is not None and first_dead == source.link_checked_at

    assert source_check_link(source=source) == LinkStatus.DEAD
    source.refresh_from_db()
    assert source.link_dead_since == first_dead  # still dead: since the first check that found it so
    assert source.link_checked_at > first_dead

    site.pages["/changing"] = page
    assert source_check_link(source=source) == LinkStatus.OK
    source.refresh_from_db()
    assert source.link_dead_since is None
