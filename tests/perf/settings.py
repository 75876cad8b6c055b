"""The benchmark's settings: production's, served over plain HTTP on loopback.

Only what loopback needs differs from production: no HTTPS redirect or secure
cookies (wrk and the harness speak plain HTTP), and a root folder that
whitenoise serves, holding the trace page's bytes as a static file (the
static upper bound)."""

import os

from marketplace.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
WHITENOISE_ROOT = os.environ.get("BENCH_STATIC_ROOT") or None
# Order emails are rendered and handed over; a production relay would take them.
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
