"""What a page puts in its <head> for the outside world: the canonical URL,
Open Graph and Twitter-card tags (what Zalo, Facebook and TikTok show for a
pasted link) and its JSON-LD graph. One dict shape for every kind of page,
rendered by the one partial `reach/head.html`."""

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from oscar.templatetags.currency_filters import currency

from reach import jsonld, pictures, selectors, tasks
from vietnam.site import absolute_url

DESCRIPTION_CHARS = 200
PENDING_SECONDS = 300


def share_picture(source_name: str, *, alt: str) -> dict | None:
    """The stored 1200×630 picture of a source image, or None while it is not
    drawn yet: the first view asks the worker to draw it (once, whatever the
    traffic), later views find it. A known picture costs no storage call."""
    if not source_name:
        return None
    name = pictures.share_picture_name(source_name)
    known = f"reach:share:{name}"
    if not cache.get(known):
        if not default_storage.exists(name):
            if cache.add(f"{known}:pending", True, PENDING_SECONDS):
                tasks.share_picture_create.enqueue(source_name=source_name)
            if not default_storage.exists(name):  # a worker will draw it
                return None
        cache.set(known, True, None)
    width, height = pictures.SIZE
    url = absolute_url(default_storage.url(name))
    return {"url": url, "width": width, "height": height, "alt": alt}


def _text(value: str) -> str:
    return Truncator(" ".join(strip_tags(value or "").split())).chars(DESCRIPTION_CHARS)


def _head(*, title: str, path: str, kind: str, description: str, **extra) -> dict:
    return {
        "site_name": str(settings.OSCAR_SHOP_NAME),
        "title": title,
        "url": absolute_url(path),
        "type": kind,
        "description": description,
        "image": None,
        "price": None,
        "availability": "",
        "seller": "",
        "jsonld": None,
        **extra,
    }


def product_head(*, product, strategy) -> dict:
    title = product.get_title()
    path = product.get_absolute_url()
    url = absolute_url(path)
    offers = selectors.offers_for(product=product, strategy=strategy)
    cheapest = min(offers, key=lambda item: item.price, default=None)
    picture = selectors.primary_picture(product)
    image = share_picture(picture.original.name if picture else "", alt=title)
    seller_names = list(dict.fromkeys(item.partner.name for item in offers))
    summary = [currency(cheapest.price, cheapest.currency)] if cheapest else []
    summary += seller_names[:1]
    if product.ocop_is_valid:
        summary.append(f"OCOP {product.get_ocop_stars_display()}")
    body = _text(product.description)
    description = " · ".join(summary) + (f" — {body}" if body and summary else body)
    trail = [(_("Home"), reverse("home"))]
    category = next(iter(product.get_categories()), None)
    if category is not None:
        trail += [
            (node.name, node.get_absolute_url())
            for node in category.get_ancestors_and_self()
        ]
    trail.append((title, path))
    # Search engines take several pictures: the share picture, then the photo.
    images = [absolute_url(picture.original.url)] if picture else []
    if image:
        images.insert(0, image["url"])
    data = jsonld.graph(
        jsonld.product(
            product=product,
            url=url,
            description=body,
            image_urls=images,
            offers=offers,
            rating=selectors.review_summary(product),
        ),
        jsonld.breadcrumbs(trail),
    )
    price = None
    if cheapest:
        price = {
            "amount": str(cheapest.price),
            "currency": cheapest.currency,
            "label": currency(cheapest.price, cheapest.currency),
        }
    availability = ""
    if offers:
        availability = (
            "in stock" if any(item.in_stock for item in offers) else "out of stock"
        )
    return _head(
        title=title,
        path=path,
        kind="product",
        description=description,
        image=image,
        price=price,
        availability=availability,
        seller=", ".join(seller_names),
        jsonld=data,
    )


def seller_head(*, seller) -> dict:
    path = seller.get_absolute_url()
    name = seller.partner.name
    source = seller.banner or seller.logo
    image = share_picture(source.name if source else "", alt=name)
    meta = " · ".join(
        part for part in (seller.get_kind_display(), seller.address_label) if part
    )
    body = _text(seller.story)
    data = jsonld.graph(
        jsonld.organization(partner=seller.partner, seller=seller),
        jsonld.breadcrumbs(
            [
                (_("Home"), reverse("home")),
                (_("Sellers"), reverse("sellers:directory")),
                (name, path),
            ]
        ),
    )
    return _head(
        title=name,
        path=path,
        kind="profile",
        description=f"{meta} — {body}" if body else meta,
        image=image,
        seller=name,
        jsonld=data,
    )


def page_head(*, page, picture=None, extra: dict | None = None, lead: str = "") -> dict:
    """A Wagtail page: `picture` is a Wagtail image (its 1200×630 rendition is
    stored once by Wagtail), `extra` a JSON-LD graph of the page's own things
    (a livestream's Event) merged into the page's graph, `lead` what the
    description starts with (a livestream's time and host)."""
    path = page.get_url()
    image = None
    if picture is not None:
        rendition = picture.get_rendition("fill-1200x630")
        image = {
            "url": absolute_url(rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": page.title,
        }
    body = page.search_description or _text(
        getattr(page, "intro", "") or getattr(page, "summary", "")
    )
    description = " — ".join(part for part in (lead, body) if part)
    trail = [
        (ancestor.title if ancestor.depth > 2 else _("Home"), ancestor.get_url())
        for ancestor in page.get_ancestors(inclusive=True).filter(depth__gt=1)
    ]
    nodes = list((extra or {}).get("@graph", []))
    data = jsonld.graph(*nodes, jsonld.breadcrumbs(trail))
    return _head(
        title=page.seo_title or page.title,
        path=path,
        kind="website",
        description=description,
        image=image,
        jsonld=data,
    )
