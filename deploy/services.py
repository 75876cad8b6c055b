"""The production stack, declared once. docker-compose.yml and the stack run
(tests/stack) both follow it; tests/stack/test_compose.py checks the compose
file against this list, so the two cannot drift apart."""

SERVICES = {
    "web": "gunicorn, production settings; stateless, scale by adding nodes",
    "worker": "manage.py tasks_worker: emails, notices, reindexing, periodic jobs",
    "postgres": "PostgreSQL 16: data, sessions and the task queue",
    "redis": "cache (pages, search results, thumbnails' keys); losing it only slows",
    "elasticsearch": "search, with the embedded PostgreSQL index as fallback",
    "s3": "object storage for media (MinIO in compose, moto in the stack run)",
    "proxy": "haproxy: balances web nodes on /healthz, 503 page when none is up",
}

# What the web nodes and the worker read (marketplace/settings/env.py); both
# get the same set, so a worker renders the same links as the web.
APP_VARIABLES = (
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_SSL_REDIRECT",
    "SITE_URL",
    "DATABASE_URL",
    "REDIS_URL",
    "ELASTICSEARCH_URL",
    "S3_BUCKET",
    "S3_ENDPOINT_URL",
    "S3_PUBLIC_URL",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_USE_TLS",
    "DEFAULT_FROM_EMAIL",
)

# haproxy.cfg beside this file reads these (compose and the stack run set them).
PROXY_VARIABLES = ("PROXY_BIND", "WEB1", "WEB2", "PROXY_CHECK_HOST", "ERROR_PAGE_503")
