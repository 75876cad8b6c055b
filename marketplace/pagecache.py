"""Whole-page cache for shoppers who have nothing of their own on the page.

A visitor with no session and no basket sees the same catalogue page as any
other such visitor, in their language, so it is rendered once per catalogue
version (search.selectors.version(): any product, stock, price, category,
certificate, seller or published page change starts a new one) and kept at
most PAGE_CACHE_SECONDS, which bounds what follows the clock (livestream
badges, certificate expiry). The forms on a cached page still work: their CSRF
tokens are stored as a placeholder and filled in per visitor."""

import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token

# Cookies that change nothing on these pages: the CSRF secret (its token is
# filled in), the chosen language (part of the key) and Oscar's
# recently-viewed list (shown nowhere).
NEUTRAL_COOKIES = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
NEUTRAL_COOKIES |= {"oscar_history"}
TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
PLACEHOLDER = b"__csrf_token__"
KEPT_HEADERS = ("Content-Type", "Content-Language")


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


def _lookup(request) -> tuple[str, int, tuple | None]:
    """The page's key, the catalogue version and the stored page if it is of
    this version, in one round trip to the cache."""
    from search import selectors

    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    key = f"page-v2:{request.LANGUAGE_CODE}:{digest}"
    found = cache.get_many([selectors.VERSION_KEY, key])
    version = found.get(selectors.VERSION_KEY) or selectors.version()
    stored = found.get(key)
    return key, version, stored[1:] if stored and stored[0] == version else None


class AnonymousPageCacheMiddleware:
    """After CsrfViewMiddleware (it sets the cookie for the filled-in token)
    and the language middleware; before sessions, baskets and users are read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key, version, stored = _lookup(request)
        if stored is not None:
            content, headers, nonce = stored
            if PLACEHOLDER in content:
                content = content.replace(PLACEHOLDER, get_token(request).encode())
            if nonce:  # the CSP nonce it was rendered with, unguessable: renew it
                content = content.replace(
                    nonce.encode(), str(request.csp_nonce).encode()
                )
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            return response
        response = self.get_response(request)
        if _cacheable_response(response):
            content = TOKEN.sub(rb"\g<1>" + PLACEHOLDER + rb"\g<2>", response.content)
            headers = {
                name: response[name] for name in KEPT_HEADERS if name in response
            }
            # The CSP nonce, if a template used it (django-csp's lazy object is
            # truthy once evaluated).
            nonce = str(request.csp_nonce) if request.csp_nonce else None
            cache.set(
                key, (version, content, headers, nonce), settings.PAGE_CACHE_SECONDS
            )
        return response
