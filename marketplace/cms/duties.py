"""The E-commerce Law's checks before a livestream may go out (Law
122/2025/QH15, Art. 23-24), in words an editor can act on. Plain values in,
so the page model, its admin form and the services share one rule."""

from django.utils.translation import gettext as _

from catalog import selectors as catalog_selectors


def publish_problems(*, streamers: list, products: list) -> list[str]:
    """No streamer, a streamer whose identity staff have not verified, or a
    featured product without quality documents in force."""
    problems = []
    if not streamers:
        problems.append(_("Name at least one livestreamer."))
    for streamer in streamers:
        if not streamer.is_verified:
            problems.append(
                _(
                    "The identity of livestreamer %(name)s has not been verified "
                    "by staff yet."
                )
                % {"name": streamer.full_name}
            )
    for product in products:
        if not catalog_selectors.product_has_quality_documents(product):
            problems.append(
                _(
                    "%(product)s has no quality document in force: remove it or "
                    "ask the seller for the certificate."
                )
                % {"product": product.title}
            )
    return problems
