"""Public trace pages: what a consumer sees after scanning a package's QR code.
Light (no JavaScript, no framework CSS) and cached per batch version."""

from io import BytesIO

import segno
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from traceability import gs1, selectors
from traceability.epcis import batch_epcis_document
from traceability.models import Batch

CACHE_SECONDS = 24 * 3600


def not_found(request):
    """A friendly 404 that says how to report a suspected fake."""
    context = {"support_email": settings.MARKETPLACE_SUPPORT_EMAIL}
    return render(request, "traceability/not_found.html", context, status=404)


def _batch_or_none(request, token: str):
    try:
        return selectors.batch_for_public(token=token)
    except Batch.DoesNotExist:
        return None


@require_GET
def trace(request, token: str):
    version = (
        Batch.objects.filter(public_token=token)
        .values_list("changed_at", flat=True)
        .first()
    )
    if version is None:
        return not_found(request)
    key = f"trace:{token}:{get_language()}:{version.timestamp()}"
    html = cache.get(key)
    if html is None:
        batch = _batch_or_none(request, token)
        if batch is None:
            return not_found(request)
        html = render(
            request, "traceability/trace.html", trace_context(request, batch)
        ).content
        cache.set(key, html, CACHE_SECONDS)
    return HttpResponse(html)


def trace_context(request, batch) -> dict:
    product = batch.product.parent or batch.product
    images = list(product.images.all()) or list(batch.product.images.all())
    return {
        "batch": batch,
        "product": product,
        "image": images[0] if images else None,
        "events": list(batch.events.all()),
        "seller": getattr(batch.partner, "profile", None),
        "url": request.build_absolute_uri(batch.get_absolute_url()),
    }


@require_GET
def digital_link(request, gtin: str, lot: str):
    """GS1 Digital Link resolver: /01/<gtin>/10/<lot> → that batch's trace page."""
    if not gs1.is_valid_gtin(gtin) or not gs1.LOT_PATTERN.match(lot):
        return not_found(request)
    try:
        batch = selectors.batch_for_digital_link(gtin=gtin, lot=lot)
    except Batch.DoesNotExist:
        return not_found(request)
    return redirect(batch.get_absolute_url())


@require_GET
def epcis(request, token: str):
    """The batch's records as an EPCIS 2.0 JSON-LD document."""
    try:
        batch = selectors.batch_for_public(token=token)
    except Batch.DoesNotExist:
        return not_found(request)
    document = batch_epcis_document(
        batch=batch, base_url=request.build_absolute_uri("/")
    )
    return JsonResponse(document, content_type="application/ld+json")


@require_GET
def qr_png(request, token: str):
    """The batch's QR code as a PNG for printing (error correction M, 10 px modules)."""
    if not Batch.objects.filter(public_token=token).exists():
        return not_found(request)
    url = request.build_absolute_uri(f"/t/{token}")
    buffer = BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=10, border=4)
    return HttpResponse(buffer.getvalue(), content_type="image/png")
