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
DEFAULT_FROM_EMAIL = text("DEFAULT_FROM_EMAIL", "OCOP Marketplace <no-reply@localhost>")
MEDIA_ROOT = Path(text("MEDIA_ROOT", str(BASE_DIR / "media")))
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
# The business behind the marketplace, shown in every page's footer.
MARKETPLACE_COMPANY = text("MARKETPLACE_COMPANY", "Công ty TNHH Chợ OCOP (demo)")
MARKETPLACE_TAX_CODE = text("MARKETPLACE_TAX_CODE", "2600123456")
MARKETPLACE_ADDRESS = text("MARKETPLACE_ADDRESS", "Phường Việt Trì, tỉnh Phú Thọ")
MARKETPLACE_HOTLINE = text("MARKETPLACE_HOTLINE", "0912345678")
