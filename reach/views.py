"""robots.txt, the sitemap index and the merchant feeds."""

from django.contrib.sitemaps import views as sitemap_views
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from reach import feeds, selectors
from reach.models import Feed, FeedFormat
from reach.sitemaps import SITEMAPS
from reach.tasks import feeds_rebuild
from vietnam.site import absolute_url

# Pages that are private or endless for a crawler: the workspace and admin,
# the basket, checkout and accounts, and search results.
PRIVATE_URL_NAMES = [
    "dashboard:index",
    "basket:summary",
    "checkout:index",
    "customer:summary",
    "search:search",
    "wagtailadmin_home",
    "admin:index",
]
# One rebuild waits in the queue at a time; a worker that died frees it after this.
REBUILD_GUARD_SECONDS = 600


@require_safe
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = ["User-agent: *"]
    lines += [f"Disallow: {reverse(name)}" for name in PRIVATE_URL_NAMES]
    lines.append(f"Sitemap: {absolute_url(reverse('reach:sitemap-index'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_safe
def sitemap_index(request):
    """Django's index view takes its host from the request; ours from SITE_URL."""
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class(request)
        url = absolute_url(reverse("reach:sitemap", kwargs={"section": section}))
        entries.append(sitemap_views.SitemapIndexItem(url, None))
        for number in range(2, sitemap.paginator.num_pages + 1):
            entries.append(sitemap_views.SitemapIndexItem(f"{url}?p={number}", None))
    response = TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": entries},
        content_type="application/xml",
    )
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


def sitemap_section(request, section):
    if section not in SITEMAPS:
        raise Http404(_("There is no such sitemap."))
    sitemaps = {section: SITEMAPS[section](request)}
    return sitemap_views.sitemap(request, sitemaps=sitemaps, section=section)


CONTENT_TYPES = {
    FeedFormat.RSS: "application/rss+xml; charset=utf-8",
    FeedFormat.CSV: "text/csv; charset=utf-8",
}


def _feed_response(*, seller_slug: str, format: str):
    """The stored feed; a missing or outdated one is rebuilt by the worker
    (once per guard period) while the last one keeps being served."""
    feed = Feed.objects.filter(seller_slug=seller_slug, format=format).first()
    if feed is None or selectors.feed_is_stale(feed):
        if cache.add(feeds.rebuild_guard_key(seller_slug), True, REBUILD_GUARD_SECONDS):
            feeds_rebuild.enqueue(seller_slug=seller_slug)
            feed = Feed.objects.filter(seller_slug=seller_slug, format=format).first()
    if feed is None:
        response = HttpResponse(
            _("The feed is being built. Please try again in a few minutes."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response.headers["Retry-After"] = "120"
        return response
    extension = "xml" if format == FeedFormat.RSS else "csv"
    response = FileResponse(
        feed.file.open("rb"),
        content_type=CONTENT_TYPES[format],
        filename=f"{seller_slug or 'cho-ocop'}.{extension}",
        as_attachment=format == FeedFormat.CSV,
    )
    response.headers["Last-Modified"] = feed.built_at.strftime(
        "%a, %d %b %Y %H:%M:%S GMT"
    )
    return response


@require_safe
def marketplace_feed(request, format):
    return _feed_response(seller_slug="", format=format)


@require_safe
def seller_feed(request, slug, format):
    try:
        seller = selectors.seller_for_feed(slug=slug)
    except selectors.SellerProfile.DoesNotExist:
        raise Http404(_("This shop does not exist.")) from None
    return _feed_response(seller_slug=seller.slug, format=format)
