"""Whole-page cache for shoppers who have nothing of their own on the page.

A visitor with no session and no basket sees the same catalogue page as any
other such visitor, in their language, so it is rendered once and kept until
something it shows changes (freshness: the products, lists, sellers and pages
its view and its product cards named while it rendered; a price change of one
product leaves every page that does not show it alone), at most
PAGE_CACHE_SECONDS, which bounds what follows the clock (livestream badges,
certificate expiry). The forms on a cached page still work: their CSRF
tokens are stored as a placeholder and filled in per visitor (freshness)."""

import hashlib

from django.conf import settings
from django.http import HttpResponse

import freshness

# Cookies that change nothing on these pages: the CSRF secret (its token is
# filled in), the chosen language (part of the key) and Oscar's
# recently-viewed list (shown nowhere).
NEUTRAL_COOKIES = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
NEUTRAL_COOKIES |= {"oscar_history"}
KEPT_HEADERS = ("Content-Type", "Content-Language")
# Says whether a page came from the cache (make bench counts its hit rate).
STATUS_HEADER = "X-Page-Cache"
# Every page carries the category menu.
SHOWN_EVERYWHERE = ("fresh:categories",)


def _cacheable_request(request) -> bool:
    if request.method != "GET" or settings.PAGE_CACHE_SECONDS <= 0:
        return False
    if not set(request.COOKIES) <= NEUTRAL_COOKIES:
        return False
    path = request.path_info
    return path == "/" or path.startswith(settings.PAGE_CACHE_PREFIXES)


def _cacheable_response(response) -> bool:
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not any(word in control for word in ("private", "no-cache", "no-store"))
        and set(response.cookies) <= NEUTRAL_COOKIES
    )


def _key(request) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"page:{request.LANGUAGE_CODE}:{digest}"


class AnonymousPageCacheMiddleware:
    """After CsrfViewMiddleware (it sets the cookie for the filled-in token)
    and the language middleware; before sessions, baskets and users are read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        stored = freshness.fetch([key]).get(key)
        if stored is not None:
            # Pages stored before they carried their CSP nonce have two parts.
            content, headers, *nonce = stored
            content = freshness.fill_token(request, content)
            if nonce and nonce[0]:  # the nonce it was rendered with: renew it
                content = content.replace(
                    nonce[0].encode(), str(request.csp_nonce).encode()
                )
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            response[STATUS_HEADER] = "hit"
            return response
        with freshness.recording() as recorded:
            response = self.get_response(request)
        response[STATUS_HEADER] = "miss"
        if _cacheable_response(response):
            recorded.names.update(SHOWN_EVERYWHERE)
            if not recorded.complete:
                recorded.names.add(freshness.EVERYTHING)
            headers = {
                name: response[name] for name in KEPT_HEADERS if name in response
            }
            # The CSP nonce, if a template used it (django-csp's lazy object is
            # truthy once evaluated).
            nonce = str(request.csp_nonce) if request.csp_nonce else None
            freshness.store(
                key,
                (freshness.blank_token(response.content), headers, nonce),
                recorded=recorded,
                seconds=settings.PAGE_CACHE_SECONDS,
            )
        return response
