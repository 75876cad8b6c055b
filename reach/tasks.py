"""Side effects of reach, run by the task worker: drawing share pictures and
writing the merchant feeds. Both are idempotent: a retry redraws nothing that
exists and rewrites a feed with the same content."""

import logging
from datetime import timedelta

from django_tasks import task

from ops.periodic import periodic
from reach import feeds, pictures
from reach.selectors import sellers_for_sitemap

log = logging.getLogger(__name__)


@task()
def share_picture_create(*, source_name: str) -> None:
    if pictures.share_picture_store(source_name=source_name) is None:
        log.info("share picture: source %s is gone or unreadable", source_name)


@task()
def feeds_rebuild(*, seller_slug: str = "") -> None:
    """The whole marketplace's feeds, or one seller's when `seller_slug` is given."""
    feeds.feeds_write(seller_slug=seller_slug or None)


@periodic(every=timedelta(days=1))
@task()
def feeds_refresh() -> None:
    """Nightly: every feed rewritten, so a feed nobody fetched after a change
    (a seller's own) is never more than a day old."""
    for slug in ["", *sellers_for_sitemap().values_list("slug", flat=True)]:
        feeds.feeds_write(seller_slug=slug or None)
