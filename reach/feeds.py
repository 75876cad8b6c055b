"""Merchant feeds for partner portals and fanpage shops: RSS 2.0 with Google's
`g:` namespace (the format Facebook, TikTok and most portals import) and the
same items as CSV. Built by a task into storage, streamed item by item so
100k products never sit in memory as one tree."""

import csv
import io
import logging
import tempfile
from collections.abc import Iterator
from xml.sax.saxutils import XMLGenerator

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from oscar.core.loading import get_class

from reach import selectors
from reach.models import Feed, FeedFormat
from sellers.models import SellerProfile, SellerStatus
from vietnam.site import absolute_url

log = logging.getLogger(__name__)

G = "http://base.google.com/ns/1.0"
# Google's required attributes for a product item (gtin only when the product
# has one, with identifier_exists=no otherwise), then the helpful ones.
FIELDS = [
    "id",
    "title",
    "description",
    "link",
    "image_link",
    "price",
    "availability",
    "condition",
    "brand",
    "gtin",
    "identifier_exists",
    "item_group_id",
]
DESCRIPTION_CHARS = 5000
CHUNK = 2000


def _description(product, parent) -> str:
    source = product.description or (parent.description if parent else "")
    text = " ".join(strip_tags(source or "").split())
    if not text:
        whole = parent or product
        parts = [whole.get_title(), whole.origin_label]
        if whole.ocop_is_valid:
            parts.append(f"OCOP {whole.get_ocop_stars_display()}")
        text = " · ".join(part for part in parts if part)
    return text[:DESCRIPTION_CHARS]


def feed_items(*, partner=None) -> Iterator[dict]:
    """One item per purchasable product (a pack size is its own item, grouped
    under its parent). Left out: no price, a seller who may not sell, no
    picture (required by every importer); with `partner`, offers of others."""
    strategy = get_class("partner.strategy", "Selector")().strategy()
    products = selectors.products_for_feed(partner=partner)
    for product in products.iterator(chunk_size=CHUNK):
        picture = selectors.primary_picture(product)
        offers = selectors.offers_for(product=product, strategy=strategy)
        if partner is not None:
            offers = [item for item in offers if item.partner.pk == partner.pk]
        if picture is None or not offers:
            yield None
            continue
        link = absolute_url(product.get_absolute_url())
        image = absolute_url(picture.original.url)
        for offer in offers:
            item = offer.product
            parent = product if item is not product else None
            title = item.title if parent is None else f"{product.title} – {item.title}"
            gtin = item.gtin
            yield {
                "id": item.upc or f"ocop-{item.pk}",
                "title": title[:150],
                "description": _description(item, parent),
                "link": link,
                "image_link": image,
                "price": f"{offer.price} {offer.currency}",
                "availability": "in_stock" if offer.in_stock else "out_of_stock",
                "condition": "new",
                "brand": offer.partner.name,
                "gtin": gtin,
                "identifier_exists": "yes" if gtin else "no",
                "item_group_id": f"ocop-{product.pk}" if parent else "",
            }


class RssWriter:
    """RSS 2.0 with Google's namespace, written element by element."""

    format = FeedFormat.RSS

    def __init__(self, out, *, title: str, link: str, description: str):
        self.out = out
        self.xml = XMLGenerator(out, encoding="utf-8", short_empty_elements=True)
        self.xml.startDocument()
        self.xml.startElement("rss", {"version": "2.0", "xmlns:g": G})
        self.xml.startElement("channel", {})
        self._element("title", title)
        self._element("link", link)
        self._element("description", description)

    def _element(self, name, text):
        self.xml.startElement(name, {})
        self.xml.characters(text)
        self.xml.endElement(name)

    def write(self, item: dict) -> None:
        self.xml.startElement("item", {})
        for field in FIELDS:
            if item[field]:
                # RSS's own title, link and description; Google's namespace for the rest.
                plain = field in ("title", "description", "link")
                self._element(field if plain else f"g:{field}", item[field])
        self.xml.endElement("item")
        self.out.write(b"\n")

    def close(self) -> None:
        self.xml.endElement("channel")
        self.xml.endElement("rss")
        self.xml.endDocument()


class CsvWriter:
    format = FeedFormat.CSV

    def __init__(self, out, **channel):
        # A BOM so Excel, where many partners open it, reads Vietnamese correctly.
        self.text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
        self.writer = csv.DictWriter(self.text, fieldnames=FIELDS)
        self.writer.writeheader()

    def write(self, item: dict) -> None:
        self.writer.writerow(item)

    def close(self) -> None:
        self.text.flush()
        self.text.detach()


def _store(
    *, seller_slug: str, format: str, buffer, items: int, skipped: int, version: int
) -> Feed:
    """Point the feed's row at the new file in one transaction, then drop the old file."""
    buffer.seek(0)
    extension = "xml" if format == FeedFormat.RSS else "csv"
    with transaction.atomic():
        feed = (
            Feed.objects.select_for_update()
            .filter(seller_slug=seller_slug, format=format)
            .first()
        ) or Feed(seller_slug=seller_slug, format=format)
        old = feed.file.name if feed.pk else ""
        feed.file.save(
            f"{seller_slug or 'marketplace'}.{extension}", File(buffer), save=False
        )
        feed.items, feed.skipped = items, skipped
        feed.catalogue_version = version
        feed.built_at = timezone.now()
        feed.full_clean()
        feed.save()
    if old and old != feed.file.name:
        feed.file.storage.delete(old)
    log.info("feed %s: %d items, %d left out", feed, feed.items, feed.skipped)
    return feed


def rebuild_guard_key(seller_slug: str) -> str:
    return f"reach:feed-rebuild:{seller_slug}"


def feeds_write(*, seller_slug: str | None = None) -> list[Feed]:
    """Write the RSS and CSV feeds of the marketplace or of one active seller;
    a seller that is gone or no longer active has its feeds removed."""
    version = selectors.catalogue_version()
    partner = None
    if seller_slug:
        seller = (
            SellerProfile.objects.select_related("partner")
            .filter(slug=seller_slug, status=SellerStatus.ACTIVE)
            .first()
        )
        if seller is None:
            for feed in Feed.objects.filter(seller_slug=seller_slug):
                feed.file.delete(save=False)
                feed.delete()
            log.info("feeds of %s removed: no active seller", seller_slug)
            cache.delete(rebuild_guard_key(seller_slug))
            return []
        partner = seller.partner
        title = f"{seller.partner.name} — {settings.OSCAR_SHOP_NAME}"
        link = absolute_url(seller.get_absolute_url())
    else:
        title = str(settings.OSCAR_SHOP_NAME)
        link = absolute_url(reverse("home"))

    channel = {"title": title, "link": link, "description": title}
    written = skipped = 0
    # One pass over the catalogue feeds both files.
    with tempfile.TemporaryFile() as rss, tempfile.TemporaryFile() as table:
        writers = [RssWriter(rss, **channel), CsvWriter(table, **channel)]
        for item in feed_items(partner=partner):
            if item is None:
                skipped += 1
                continue
            written += 1
            for writer in writers:
                writer.write(item)
        for writer in writers:
            writer.close()
        feeds = [
            _store(
                seller_slug=seller_slug or "",
                format=writer.format,
                buffer=buffer,
                items=written,
                skipped=skipped,
                version=version,
            )
            for writer, buffer in zip(writers, (rss, table), strict=True)
        ]
    cache.delete(rebuild_guard_key(seller_slug or ""))
    return feeds
