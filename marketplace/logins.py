"""Login throttling: django-axes counts wrong passwords per account and
address; password-reset requests are counted here, since each one sends an email."""

import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.urls import Resolver404, resolve

PASSWORD_RESET_VIEWS = {"password-reset", "wagtailadmin_password_reset"}


def login_username(request, credentials) -> str:
    """Axes' account key: "Admin@X.vn " and "admin@x.vn" are one account, so
    changing the case buys no extra attempts."""
    username = (credentials or {}).get("username") or ""
    return username.strip().casefold()


def client_address(request) -> str:
    """Whose wrong passwords, reset emails or complaints these are. Behind
    TRUSTED_PROXY_COUNT proxies (haproxy in production) REMOTE_ADDR is the
    proxy's for every visitor, so the address is the one the outermost proxy
    appended to X-Forwarded-For; entries before it are the client's own word
    and never read. Without that header (or with junk) REMOTE_ADDR stands."""
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if hops and len(forwarded) >= hops:
        candidate = forwarded[-hops].strip()
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR", "")


class PasswordResetThrottleMiddleware:
    """At most PASSWORD_RESET_LIMIT reset requests an hour per address and per
    email: a stranger cannot flood someone's inbox or probe for accounts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and self._is_password_reset(request.path_info):
            email = request.POST.get("email", "").strip().casefold()
            keys = [f"pwreset:ip:{client_address(request)}"]
            if email:
                keys.append(f"pwreset:email:{email}")
            if any(self._count(key) > settings.PASSWORD_RESET_LIMIT for key in keys):
                return render(request, "axes/lockout.html", status=429)
        return self.get_response(request)

    @staticmethod
    def _is_password_reset(path: str) -> bool:
        try:
            return resolve(path).url_name in PASSWORD_RESET_VIEWS
        except Resolver404:
            return False

    @staticmethod
    def _count(key: str) -> int:
        cache.add(key, 0, timeout=3600)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=3600)
            return 1
