"""The one place the environment is read; every variable has an embedded default."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("MARKETPLACE_VAR_DIR", BASE_DIR / "var"))


def text(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def items(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in text(name, default).split(",") if item.strip()]


SECRET_KEY = text("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = flag("DEBUG", False)
ALLOWED_HOSTS = items("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = items("CSRF_TRUSTED_ORIGINS")
DATABASE_URL = text("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
REDIS_URL = text("REDIS_URL")
ELASTICSEARCH_URL = text("ELASTICSEARCH_URL")
EMAIL_HOST = text("EMAIL_HOST")
EMAIL_PORT = int(text("EMAIL_PORT", "587"))
EMAIL_HOST_USER = text("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = text("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = flag("EMAIL_USE_TLS", True)
# Production: HTTPS only (off behind a proxy that already redirects).
SECURE_SSL_REDIRECT = flag("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(text("SECURE_HSTS_SECONDS", "31536000"))
# Proxies in front of the web nodes that append X-Forwarded-For (production:
# the balancer). Unset, the embedded default trusts none, production one.
TRUSTED_PROXY_COUNT = text("TRUSTED_PROXY_COUNT")
DEFAULT_FROM_EMAIL = text("DEFAULT_FROM_EMAIL", "OCOP Marketplace <no-reply@localhost>")
MEDIA_ROOT = Path(text("MEDIA_ROOT", str(BASE_DIR / "media")))
# Private files (seller documents) never live under MEDIA_ROOT.
PRIVATE_MEDIA_ROOT = Path(text("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
# Object storage (S3, MinIO, ...): media goes there when S3_BUCKET is set.
# Public pictures in S3_BUCKET (readable by anyone: give it a public-read
# bucket policy), private files in S3_PRIVATE_BUCKET, reached by signed links.
S3_BUCKET = text("S3_BUCKET")
S3_PRIVATE_BUCKET = text("S3_PRIVATE_BUCKET", f"{S3_BUCKET}-private")
S3_ENDPOINT_URL = text("S3_ENDPOINT_URL")  # empty: AWS itself
S3_REGION = text("S3_REGION", "us-east-1")
S3_ACCESS_KEY_ID = text("S3_ACCESS_KEY_ID")
S3_SECRET_ACCESS_KEY = text("S3_SECRET_ACCESS_KEY")
# Where browsers fetch public media (a CDN in front of the bucket), e.g.
# "https://media.cho-ocop.vn"; empty: the bucket's own address.
S3_PUBLIC_URL = text("S3_PUBLIC_URL")
STATIC_ROOT = Path(text("STATIC_ROOT", str(BASE_DIR / "static-collected")))
SITE_URL = text("SITE_URL", "http://127.0.0.1:8000")
MARKETPLACE_COMMISSION_RATE = text("MARKETPLACE_COMMISSION_RATE", "8")
MARKETPLACE_SHIPPING_FEE_PER_SELLER = text(
    "MARKETPLACE_SHIPPING_FEE_PER_SELLER", "30000"
)
SUPPORT_EMAIL = text("SUPPORT_EMAIL", "hotro@example.com")
# The marketplace's bank account that receives VietQR transfers (NAPAS BIN).
VIETQR_BANK_BIN = text("VIETQR_BANK_BIN", "970436")
VIETQR_BANK_NAME = text("VIETQR_BANK_NAME", "Vietcombank")
VIETQR_ACCOUNT_NUMBER = text("VIETQR_ACCOUNT_NUMBER", "0011001234567")
VIETQR_ACCOUNT_NAME = text("VIETQR_ACCOUNT_NAME", "CONG TY CHO OCOP")
PAYMENT_EXPIRY_HOURS = int(text("PAYMENT_EXPIRY_HOURS", "48"))
# Card payments through Stripe, off unless CARD_PAYMENTS is set. The defaults
# are test keys for localstripe on its default port (tests start their own).
CARD_PAYMENTS = flag("CARD_PAYMENTS", False)
STRIPE_SECRET_KEY = text("STRIPE_SECRET_KEY", "sk_test_localstripe")
STRIPE_PUBLISHABLE_KEY = text("STRIPE_PUBLISHABLE_KEY", "pk_test_localstripe")
STRIPE_WEBHOOK_SECRET = text("STRIPE_WEBHOOK_SECRET", "whsec_test_localstripe")
STRIPE_API_BASE = text("STRIPE_API_BASE", "http://127.0.0.1:8420")
STRIPE_JS_URL = text("STRIPE_JS_URL", "http://127.0.0.1:8420/js.stripe.com/v3/")
# Merchant feeds: rebuilt when the catalogue changed and the last build is older.
FEED_REFRESH_SECONDS = int(text("FEED_REFRESH_SECONDS", "3600"))
# Tasks: attempts before a task is left failed for staff, the first retry's
# delay (then x4 each time), how long another machine's task may run before
# it counts as abandoned by a dead worker.
TASK_MAX_ATTEMPTS = int(text("TASK_MAX_ATTEMPTS", "5"))
TASK_RETRY_BASE_SECONDS = int(text("TASK_RETRY_BASE_SECONDS", "30"))
TASK_LEASE_SECONDS = int(text("TASK_LEASE_SECONDS", "3600"))
# Housekeeping (daily): finished tasks and the sent-mail keys that make a
# retried task send nothing twice are dropped once no retry can come.
TASK_RESULTS_KEEP_DAYS = int(text("TASK_RESULTS_KEEP_DAYS", "14"))
SENT_MAIL_KEEP_DAYS = int(text("SENT_MAIL_KEEP_DAYS", "90"))
# Label sheets of more labels than this are made by the worker, not in the
# request, and kept for the seller to download for LABEL_SHEET_KEEP_DAYS.
LABELS_IN_REQUEST_MAX = int(text("LABELS_IN_REQUEST_MAX", "100"))
LABEL_SHEET_KEEP_DAYS = int(text("LABEL_SHEET_KEEP_DAYS", "7"))
# /healthz says "degraded" when the oldest ready task waited longer (no worker?).
TASK_STALL_SECONDS = int(text("TASK_STALL_SECONDS", "300"))
# Livestream records (schedule, streamers, prices, complaints) are kept this
# long after a livestream ends (E-commerce Law 2025; the draft said 3 years).
LIVESTREAM_RECORDS_RETENTION_DAYS = int(
    text("LIVESTREAM_RECORDS_RETENTION_DAYS", "1095")
)
# The business behind the marketplace, shown in every page's footer.
MARKETPLACE_COMPANY = text("MARKETPLACE_COMPANY", "Công ty TNHH Chợ OCOP (demo)")
MARKETPLACE_TAX_CODE = text("MARKETPLACE_TAX_CODE", "2600123456")
MARKETPLACE_ADDRESS = text("MARKETPLACE_ADDRESS", "Phường Việt Trì, tỉnh Phú Thọ")
MARKETPLACE_HOTLINE = text("MARKETPLACE_HOTLINE", "0912345678")
