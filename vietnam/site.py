"""Absolute URLs on the marketplace's canonical origin."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """`SITE_URL` + path: what leaves the site (QR codes, emails, feeds) must
    never carry the Host a visitor's request happened to use."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")
