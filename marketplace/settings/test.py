"""pytest: a file-based test database so local runs can reuse it (CI passes --create-db)."""

from .base import *  # noqa: F401
from .base import BASE_DIR, DATABASES, STORAGES

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# pytest-django sets EMAIL_BACKEND to locmem whatever is written here;
# tests/ops/test_queue.py puts the queued backend back where it is tested.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
STORAGES["private"]["OPTIONS"]["location"] = BASE_DIR / "var" / "test-private"
THUMBNAIL_DEBUG = True
# Off by default: tests that change data behind the signals' back would see
# cached pages; tests/marketplace/test_pagecache.py turns it on.
PAGE_CACHE_SECONDS = 0
# Tasks run at once, inside the test (COORDINATION.md, "Tasks"); the queue
# and its worker are tested in tests/ops with the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
FRAGMENT_CACHE_SECONDS = 0
# The test client's login() passes no request, which axes refuses;
# tests/marketplace/test_logins.py turns throttling on where it is tested.
AXES_ENABLED = False
