"""Public trace pages: what a consumer sees after scanning a package's QR code.
Light (no JavaScript, no framework CSS) and cached per batch version."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from traceability import gs1, selectors, services
from traceability.epcis import batch_epcis_document
from traceability.models import Batch
from traceability.qr import qr_png as qr_png_bytes
from vietnam import places

CACHE_SECONDS = 24 * 3600


def not_found(request):
    """A friendly 404 that says how to report a suspected fake."""
    context = {"support_email": settings.MARKETPLACE_SUPPORT_EMAIL}
    return render(request, "traceability/not_found.html", context, status=404)


@require_GET
def trace(request, token: str):
    """Each view is a scan; the page itself comes from cache until the batch or
    its records change (changed_at is part of the key)."""
    batch = selectors.batch_for_trace(token=token)
    if batch is None:
        return not_found(request)
    services.scan_record(
        batch_id=batch.pk,
        user_agent=request.headers.get("User-Agent", ""),
        province=shared_province(request),
    )
    key = f"trace:{token}:{get_language()}:{batch.changed_at.timestamp()}"
    html = cache.get(key)
    if html is None:
        # Shared by every visitor, so rendered without the request's context
        # processors: nothing per user can leak in, and they cost no queries.
        html = render_to_string("traceability/trace.html", trace_context(batch))
        cache.set(key, html, CACHE_SECONDS)
    return HttpResponse(html)


def shared_province(request) -> int | None:
    """The province a visitor chose to tell us (never inferred from the request)."""
    try:
        province = int(request.GET.get("province", ""))
    except ValueError:
        return None
    return province if province in places.province_names() else None


def trace_context(batch) -> dict:
    return {
        "batch": batch,
        **selectors.trace_page_details(batch=batch),
        "seller": getattr(batch.partner, "profile", None),
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
    base_url = request.build_absolute_uri("/")
    document = batch_epcis_document(batch=batch, base_url=base_url)
    return JsonResponse(document, content_type="application/ld+json")


@require_GET
def qr_png(request, token: str):
    if not Batch.objects.filter(public_token=token).exists():
        return not_found(request)
    png = qr_png_bytes(request.build_absolute_uri(f"/t/{token}"))
    return HttpResponse(png, content_type="image/png")
