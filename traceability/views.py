"""Public trace pages: what a consumer sees after scanning a package's QR code.
Light (no JavaScript, no framework CSS) and cached per batch version."""

import secrets

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_safe

import freshness
from traceability import gs1, resolver, selectors, services
from traceability.epcis import batch_epcis_document
from traceability.models import PUBLIC_TOKEN, Batch
from traceability.qr import qr_png as qr_png_bytes
from vietnam import places

CACHE_SECONDS = 24 * 3600


CODE_NOT_KNOWN = _("Code not found")


def not_found(request, *, status: int = 404):
    """A friendly page (404, or 400 for a malformed GS1 code) that says how to
    report a suspected fake."""
    context = {"support_email": settings.MARKETPLACE_SUPPORT_EMAIL}
    return render(request, "traceability/not_found.html", context, status=status)


@require_GET
def trace(request, token: str):
    """Each view is a scan. The page comes from the cache, with no database
    query, until what it shows of the batch changes (freshness names the
    batch; the services touch that name)."""
    if not PUBLIC_TOKEN.fullmatch(token):
        return not_found(request)
    key = f"trace-page:{token}:{get_language()}"
    found = freshness.fetch([key])
    if key in found:
        html, nonce, batch_id = found[key]
    else:
        with freshness.recording() as recorded:
            batch = selectors.batch_for_trace(token=token)
            if batch is None:
                return not_found(request)
            freshness.depends(freshness.batch(batch.pk))
            # Shared by every visitor, so rendered without the request's
            # context processors: nothing per user can leak in, and they cost
            # no queries. Its CSP nonce is a random stand-in, swapped for this
            # response's own.
            nonce = secrets.token_urlsafe(16)
            context = {**trace_context(batch), "csp_nonce": nonce}
            html = render_to_string("traceability/trace.html", context)
        batch_id = batch.pk
        freshness.store(
            key, (html, nonce, batch_id), recorded=recorded, seconds=CACHE_SECONDS
        )
    services.scan_record(
        batch_id=batch_id,
        user_agent=request.headers.get("User-Agent", ""),
        province=shared_province(request),
    )
    return HttpResponse(html.replace(nonce, str(request.csp_nonce)))


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


RESOLVER_METHODS = ("GET", "HEAD", "OPTIONS")


@require_http_methods(RESOLVER_METHODS)
def digital_link(request, gtin: str, qualifiers: str = ""):
    """GS1-Conformant resolver (see traceability/resolver.py): 307 to the link
    asked for, or the linkset; a friendly page (or JSON) for codes we don't know."""
    if request.method == "OPTIONS":
        response = HttpResponse(status=204)
        response["Allow"] = ", ".join(RESOLVER_METHODS)
        return resolver_headers(response)
    link_type = request.GET.get("linkType")
    wants_linkset = resolver.wants_linkset(request.headers.get("Accept", ""))
    try:
        code = resolver.parse(
            gtin=gtin, qualifiers=qualifiers, expiry=request.GET.get(resolver.EXPIRY)
        )
        batch, product = resolver.identified_item(code)
    except resolver.InvalidCode:
        return resolver_error(request, status=400, as_json=wants_linkset)
    except resolver.UnknownCode:
        return resolver_error(request, status=404, as_json=wants_linkset)
    links = resolver.links_for(batch=batch, product=product)
    link_header = resolver.link_header(code=code, links=links)
    if link_type in resolver.LINKSET_REQUESTS or (link_type is None and wants_linkset):
        document = resolver.linkset(
            code=code, links=links, description=str(batch or product.get_title())
        )
        response = JsonResponse(document, content_type=resolver.LINKSET_MEDIA_TYPE)
        link_header += (
            f', <{resolver.LINKSET_CONTEXT}>; rel="{resolver.JSON_LD_CONTEXT_REL}"'
            '; type="application/ld+json"'
        )
    else:
        language = resolver.preferred_language(
            request.headers.get("Accept-Language", "")
        )
        try:
            link = resolver.choose(links, link_type=link_type, language=language)
        except resolver.UnknownCode:
            response = resolver_error(request, status=404, as_json=wants_linkset)
        else:
            response = HttpResponseRedirect(link.href, preserve_request=True)  # 307
    response["Link"] = link_header
    return resolver_headers(response)


def resolver_error(request, *, status: int, as_json: bool):
    if as_json:
        body = {"linkset": [], "status": status, "title": str(CODE_NOT_KNOWN)}
        response = JsonResponse(
            body, status=status, content_type=resolver.LINKSET_MEDIA_TYPE
        )
    else:
        response = not_found(request, status=status)
    return resolver_headers(response)


def resolver_headers(response):
    """Scanners and web apps on other origins may read the answer (CORS); the
    answer depends on what they accept and their language."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "Link, Location"
    response["Vary"] = "Accept, Accept-Language"
    return response


@require_safe
def resolver_description(request):
    return JsonResponse(resolver.description_file())


@require_GET
def epcis(request, token: str):
    """The batch's records as an EPCIS 2.0 JSON-LD document."""
    try:
        batch = selectors.batch_for_public(token=token)
    except Batch.DoesNotExist:
        return not_found(request)
    document = batch_epcis_document(batch=batch)
    return JsonResponse(document, content_type="application/ld+json")


@require_GET
def qr_png(request, token: str):
    batch = Batch.objects.filter(public_token=token).first()
    if batch is None:
        return not_found(request)
    return HttpResponse(qr_png_bytes(gs1.label_url(batch)), content_type="image/png")
