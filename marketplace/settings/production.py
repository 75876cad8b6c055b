"""docker-compose and real deployments: everything from the environment, secure defaults."""

from . import env
from .base import *  # noqa: F401
from .base import MIDDLEWARE, STORAGES

if not env.REDIS_URL:
    # Workers must share cached pages and the catalogue version (a change in
    # one worker has to reach the others): files, when Redis is not there.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(env.VAR_DIR / "cache"),
        }
    }

# Compressed, cache-busted static files straight from gunicorn.
MIDDLEWARE = [
    MIDDLEWARE[0],
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[1:],
]

DEBUG = False
if env.SECRET_KEY.startswith("dev-only"):
    raise RuntimeError("Set SECRET_KEY in the environment for production.")

STORAGES = {
    **STORAGES,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env.EMAIL_HOST
EMAIL_PORT = env.EMAIL_PORT
EMAIL_HOST_USER = env.EMAIL_HOST_USER
EMAIL_HOST_PASSWORD = env.EMAIL_HOST_PASSWORD
EMAIL_USE_TLS = env.EMAIL_USE_TLS
# Mail leaves from the worker; a stuck SMTP server must not hold it forever.
EMAIL_TIMEOUT = 20

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind the balancer every request comes from its address: login throttling
# and the complaint limit read the shopper's from its X-Forwarded-For.
TRUSTED_PROXY_COUNT = int(env.TRUSTED_PROXY_COUNT or 1)
SECURE_SSL_REDIRECT = env.SECURE_SSL_REDIRECT
# The balancer checks nodes over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.SECURE_HSTS_SECONDS
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
