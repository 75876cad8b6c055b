"""Settings shared by every way of running the site; environment values come from env."""

from datetime import timedelta

from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F401 -- Oscar's OSCAR_* defaults, overridden below
from oscar.defaults import OSCAR_DASHBOARD_NAVIGATION

from sellers import statuses

from . import env

BASE_DIR = env.BASE_DIR
SECRET_KEY = env.SECRET_KEY
DEBUG = env.DEBUG
ALLOWED_HOSTS = env.ALLOWED_HOSTS
CSRF_TRUSTED_ORIGINS = env.CSRF_TRUSTED_ORIGINS

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.humanize",
    # Oscar, with our forks in place of the apps we change. No haystack.
    "oscar.config.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "marketplace.checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "marketplace.shipping.apps.ShippingConfig",
    "catalog.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "sellers.apps.PartnerConfig",
    "oscar.apps.basket.apps.BasketConfig",
    "oscar.apps.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "oscar.apps.order.apps.OrderConfig",
    "oscar.apps.customer.apps.CustomerConfig",
    "search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "marketplace.dashboard.apps.DashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "marketplace.dashboard.orders.apps.OrdersDashboardConfig",
    "marketplace.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "widget_tweaks",
    "treebeard",
    "django_tables2",
    "sorl.thumbnail",
    "qr_code",
    # Django's Tasks API (the django.tasks of Django 6): side effects leave the request.
    "django_tasks",
    "django_tasks_db",
    "ops",
    # Wagtail: content pages, admin at /cms/.
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "traceability",
    "workspace",
    "community",
    "reach",
    "django.contrib.sitemaps",
    "marketplace.cms",
    "marketplace",
    # The demo data and its commands (load_demo, seed_scale), above everything.
    "fixtures",
    "axes",
]

SITE_ID = 1

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Early, so its header is written last, after any view used the nonce.
    "csp.middleware.CSPMiddleware",
    # Pages leave compressed (a catalogue page shrinks ~5x on slow 3G); BREACH:
    # Django pads each gzip stream with random bytes, CSRF tokens are masked
    # per response, and no secret is echoed next to what a visitor types.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "marketplace.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "marketplace.pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "marketplace.logins.PasswordResetThrottleMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "themes" / "ocop" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.template.context_processors.i18n",
                "django.contrib.messages.context_processors.messages",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
                "search.context_processors.search_form",
                "catalog.context_processors.catalogue_menu",
                "marketplace.context_processors.statuses",
            ],
        },
    },
]

env.VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded SQLite file lives here
DATABASES = {
    # Health checks: a connection broken by a database restart is replaced at
    # the next request instead of failing it.
    "default": __import__("dj_database_url").parse(
        env.DATABASE_URL, conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Several workers on one file: a write transaction takes the lock when it
    # starts and waits for it (a deferred one upgrading midway fails at once
    # with "database is locked"); WAL lets pages be read meanwhile.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses any login, on every login form, while the account is
    # locked out from this address (marketplace/logins.py).
    "axes.backends.AxesStandaloneBackend",
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
]

CACHES = (
    {
        "default": {
            # Redis away: pages still served, uncached (ops/cache.py).
            "BACKEND": "ops.cache.FailSoftRedisCache",
            "LOCATION": env.REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    if env.REDIS_URL
    else {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Django's default of 300 entries culled cards, freshness's names
            # and search results against each other: repeated searches all
            # missed (make bench-search, embedded default).
            "OPTIONS": {"MAX_ENTRIES": 200_000},
        }
    }
)

# Whole catalogue pages for visitors with no session or basket
# (marketplace/pagecache.py); 0 turns it off.
PAGE_CACHE_SECONDS = int(env.text("PAGE_CACHE_SECONDS", "300"))
PAGE_CACHE_PREFIXES = (
    "/catalogue/",
    "/search/",
    "/sellers/",
    "/chuong-trinh/",
    "/livestream/",
)
# Product cards kept per product and language until the product changes
# (catalog/templatetags/card_cache.py); 0 turns it off.
FRAGMENT_CACHE_SECONDS = int(env.text("FRAGMENT_CACHE_SECONDS", "3600"))

# Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# Ours first (makemessages writes there), then completions of Oscar's own vi catalogue.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "oscar"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["marketplace.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = env.STATIC_ROOT
STATICFILES_DIRS = [BASE_DIR / "themes" / "ocop" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.MEDIA_ROOT
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Seller documents: outside MEDIA_ROOT, served only by their authorised view.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env.PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if env.S3_BUCKET:
    # Media on object storage (django-storages): names never overwritten, so
    # public objects are cached for a year; private ones by 5-minute signed URLs.
    _S3 = {
        "endpoint_url": env.S3_ENDPOINT_URL or None,
        "region_name": env.S3_REGION,
        "access_key": env.S3_ACCESS_KEY_ID or None,
        "secret_key": env.S3_SECRET_ACCESS_KEY or None,
        "addressing_style": "path",
        "signature_version": "s3v4",
        "file_overwrite": False,
    }
    _PUBLIC = (env.S3_PUBLIC_URL or f"{env.S3_ENDPOINT_URL}/{env.S3_BUCKET}").split(
        "://", 1
    )
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_S3,
            "bucket_name": env.S3_BUCKET,
            "querystring_auth": False,
            "custom_domain": _PUBLIC[1]
            if env.S3_ENDPOINT_URL or env.S3_PUBLIC_URL
            else None,
            "url_protocol": f"{_PUBLIC[0]}:",
            "object_parameters": {
                "CacheControl": "public, max-age=31536000, immutable"
            },
        },
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_S3,
            "bucket_name": env.S3_PRIVATE_BUCKET,
            "querystring_auth": True,
            "querystring_expire": 300,
            "object_parameters": {"CacheControl": "private, no-store"},
        },
    }
    MEDIA_URL = "://".join(_PUBLIC).rstrip("/") + "/"
# Pillow's own decompression-bomb guard sits above our 25 MP upload limit.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Mail sent during a request (Django's password reset, Oscar's and Wagtail's
# notices) is queued; the worker delivers it through EMAIL_DELIVERY_BACKEND.
EMAIL_BACKEND = "ops.mail.QueuedBackend"
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.DEFAULT_FROM_EMAIL
OSCAR_FROM_EMAIL = env.DEFAULT_FROM_EMAIL

LOGIN_REDIRECT_URL = "/"
# Links in emails (order status pages) start here.
SITE_URL = env.SITE_URL

# Oscar
OSCAR_SHOP_NAME = _("Chợ OCOP")
OSCAR_SHOP_TAGLINE = _("Đặc sản OCOP từ tận vườn")
OSCAR_DEFAULT_CURRENCY = "VND"
OSCAR_CURRENCY_FORMAT = {"VND": {"format": "#,##0\u00a0¤"}}
OSCAR_HOMEPAGE = "/"
OSCAR_SLUG_FUNCTION = "vietnam.slugs.ascii_slugify"
OSCAR_PRODUCTS_PER_PAGE = 20
OSCAR_ALLOW_ANON_CHECKOUT = True
# Vietnamese addresses: one full name, street, commune/ward (line4), province
# (state); the 2025 units need no postcode.
OSCAR_REQUIRED_ADDRESS_FIELDS = ("first_name", "line1", "line4", "state", "country")
OSCAR_THUMBNAILER = "oscar.core.thumbnails.SorlThumbnail"
OSCAR_MISSING_IMAGE_URL = "image_not_found.jpg"
# Each seller fulfils its own lines of an order; the enums and pipelines are in
# sellers/statuses.py.
OSCAR_INITIAL_LINE_STATUS = statuses.LineStatus.NEW
OSCAR_INITIAL_ORDER_STATUS = statuses.OrderStatus.NEW
OSCAR_ORDER_STATUS_PIPELINE = statuses.ORDER_STATUS_PIPELINE
OSCAR_ORDER_STATUS_CASCADE = statuses.ORDER_STATUS_CASCADE
OSCAR_LINE_STATUS_PIPELINE = statuses.LINE_STATUS_PIPELINE


OSCAR_DASHBOARD_NAVIGATION = [
    *OSCAR_DASHBOARD_NAVIGATION,
    {
        "label": _("Sellers"),
        "icon": "fas fa-store",
        "url_name": "sellers-dashboard:queue",
        "access_fn": lambda user, *args, **kwargs: (
            user.is_staff and user.has_perm("partner.change_sellerprofile")
        ),
    },
    {
        "label": _("Marketplace report"),
        "icon": "fas fa-chart-bar",
        "url_name": "report:index",
        "access_fn": lambda user, *args, **kwargs: user.is_staff,
    },
    {
        "label": _("Failed tasks"),
        "icon": "fas fa-exclamation-triangle",
        "url_name": "ops:failed-tasks",
        "access_fn": lambda user, *args, **kwargs: user.is_staff,
    },
]
THUMBNAIL_PRESERVE_FORMAT = False
THUMBNAIL_QUALITY = 80

# Wagtail
WAGTAIL_SITE_NAME = "Chợ OCOP"
WAGTAILADMIN_BASE_URL = env.SITE_URL
WAGTAIL_I18N_ENABLED = False
# Search: the embedded database index (SQLite FTS5 / PostgreSQL full text) always;
# Elasticsearch in front of it when ELASTICSEARCH_URL is set. Both are kept up to
# date on save, so search/backends.py can fall back when Elasticsearch is down.
EMBEDDED_SEARCH = {
    "BACKEND": "search.embedded",
    # No English stemming or stop words ("do", "to", "me" are Vietnamese words).
    "SEARCH_CONFIG": "simple",
}
ELASTICSEARCH_SEARCH = {
    "BACKEND": "wagtail.search.backends.elasticsearch9",
    "URLS": [env.ELASTICSEARCH_URL or "http://127.0.0.1:9200"],
    "INDEX_PREFIX": "ocop_",
    "TIMEOUT": 5,
    "ATOMIC_REBUILD": True,  # rebuild into a new index, then swap the alias
    "OPTIONS": {"max_retries": 0},
    "INDEX_SETTINGS": {
        "settings": {
            "analysis": {
                # Fold accents on both sides (asciifolding maps đ to d too), so
                # fields indexed without our folding still match "che xanh".
                "analyzer": {
                    "default": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "asciifolding"],
                    }
                }
            }
        }
    },
}
WAGTAILSEARCH_BACKENDS = (
    {"default": ELASTICSEARCH_SEARCH, "embedded": EMBEDDED_SEARCH}
    if env.ELASTICSEARCH_URL
    else {"default": EMBEDDED_SEARCH}
)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Editors' uploads pass vietnam.uploads like every other file.
WAGTAILIMAGES_IMAGE_FORM_BASE = "marketplace.cms.forms.CheckedImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "marketplace.cms.forms.CheckedDocumentForm"
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 25_000_000
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# Marketplace commission on each sale, in percent; a seller's profile may override it.
MARKETPLACE_COMMISSION_RATE = env.MARKETPLACE_COMMISSION_RATE
# Counterfeit signals on trace scans: more scans than this many per package, or
# scans this many days after the batch's expiry.
TRACE_SCANS_PER_PACKAGE_LIMIT = 3
TRACE_LATE_SCAN_DAYS = 30
# Where consumers report suspected fakes (trace pages).
MARKETPLACE_SUPPORT_EMAIL = env.SUPPORT_EMAIL
# Until the Checkout issue brings per-seller rules: a flat fee per seller, in đồng.
MARKETPLACE_SHIPPING_FEE_PER_SELLER = env.MARKETPLACE_SHIPPING_FEE_PER_SELLER

# Bank transfers by VietQR go to the marketplace's account; orders not paid
# within PAYMENT_EXPIRY_HOURS are cancelled by `manage.py expire_unpaid_orders`.
VIETQR_BANK_BIN = env.VIETQR_BANK_BIN
VIETQR_BANK_NAME = env.VIETQR_BANK_NAME
VIETQR_ACCOUNT_NUMBER = env.VIETQR_ACCOUNT_NUMBER
VIETQR_ACCOUNT_NAME = env.VIETQR_ACCOUNT_NAME
PAYMENT_EXPIRY_HOURS = env.PAYMENT_EXPIRY_HOURS
# Cards: Stripe PaymentIntents in VND (production: STRIPE_API_BASE
# https://api.stripe.com, STRIPE_JS_URL https://js.stripe.com/v3/).
CARD_PAYMENTS = env.CARD_PAYMENTS
STRIPE_SECRET_KEY = env.STRIPE_SECRET_KEY
STRIPE_PUBLISHABLE_KEY = env.STRIPE_PUBLISHABLE_KEY
STRIPE_WEBHOOK_SECRET = env.STRIPE_WEBHOOK_SECRET
STRIPE_API_BASE = env.STRIPE_API_BASE
STRIPE_JS_URL = env.STRIPE_JS_URL

# Product images: real images only, at most 10 MB and 25 megapixels.
CATALOG_IMAGE_MAX_BYTES = 10 * 1024 * 1024
CATALOG_IMAGE_MAX_PIXELS = 25_000_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Login throttling (django-axes) on /accounts/login/, /cms/login/ and
# /django-admin/login/: 5 wrong passwords for one account from one address lock
# that pair for 15 minutes (by pair, not by account alone: a stranger cannot
# lock a seller out, and a shared carrier address does not lock everyone).
# Staff unlock in /django-admin/axes/accessattempt/ or `manage.py axes_reset`.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "marketplace.logins.login_username"
AXES_CLIENT_IP_CALLABLE = "marketplace.logins.client_address"
# How many proxies' X-Forwarded-For entries to trust (marketplace.logins).
TRUSTED_PROXY_COUNT = int(env.TRUSTED_PROXY_COUNT or 0)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
# Password-reset emails per hour, per address and per email.
PASSWORD_RESET_LIMIT = 5
# Livestream complaints (anonymous form) per client address and livestream.
COMPLAINT_LIMIT = 5
COMPLAINT_LIMIT_SECONDS = 3600

# Content-Security-Policy (django-csp), enforced everywhere, dev and tests
# included, so a template that breaks it fails before production. Shop and trace
# pages run only our own files, and inline <script>/<style> carrying
# nonce="{{ request.csp_nonce }}". style= attributes are allowed (Oscar's own
# basket and checkout templates hide fields with them; an attribute cannot run
# script or read the page), <style> elements are not. Stripe.js is added on
# the card page only (marketplace/checkout/views.py). The admins (Wagtail,
# Django, Oscar's dashboard) rely on inline scripts of their own: excluded.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/cms/", "/django-admin/", "/dashboard/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # Video blocks embed YouTube's privacy-enhanced player only.
        "frame-src": ["https://www.youtube-nocookie.com"],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
# commit, queued in the database and run by `manage.py tasks_worker` (ops/):
# SQLite for `make run`, PostgreSQL in production (docs/OPERATIONS.md says why
# not RQ). Failed tasks are retried with backoff, then listed for staff.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TASK_MAX_ATTEMPTS = env.TASK_MAX_ATTEMPTS
TASK_RETRY_BASE_SECONDS = env.TASK_RETRY_BASE_SECONDS
TASK_LEASE_SECONDS = env.TASK_LEASE_SECONDS
TASK_RESULTS_KEEP_DAYS = env.TASK_RESULTS_KEEP_DAYS
SENT_MAIL_KEEP_DAYS = env.SENT_MAIL_KEEP_DAYS
LABELS_IN_REQUEST_MAX = env.LABELS_IN_REQUEST_MAX
LABEL_SHEET_KEEP_DAYS = env.LABEL_SHEET_KEEP_DAYS
TASK_STALL_SECONDS = env.TASK_STALL_SECONDS

# Reach: merchant feeds are rebuilt by a task when the catalogue changed and the
# stored one is older than this.
FEED_REFRESH_SECONDS = env.FEED_REFRESH_SECONDS

# Community digital teams: staff approve helpers; helpers find their households.
OSCAR_DASHBOARD_NAVIGATION += [
    {
        "label": _("Community helpers"),
        "icon": "fas fa-hands-helping",
        "url_name": "community:staff-helpers",
        "access_fn": lambda user, *args, **kwargs: user.is_staff,
    },
    {
        "label": _("Community digital team"),
        "icon": "fas fa-hands-helping",
        "url_name": "community:home",
        "access_fn": lambda user, *args, **kwargs: (
            not user.is_staff and hasattr(user, "community_helper")
        ),
    },
]


LIVESTREAM_RECORDS_RETENTION_DAYS = env.LIVESTREAM_RECORDS_RETENTION_DAYS

# Stock alerts leave through catalog.tasks after commit, not inside the save.
OSCAR_EAGER_ALERTS = False

# The business details every shopper page's footer shows.
MARKETPLACE_DETAILS = {
    "company": env.MARKETPLACE_COMPANY,
    "tax_code": env.MARKETPLACE_TAX_CODE,
    "address": env.MARKETPLACE_ADDRESS,
    "hotline": env.MARKETPLACE_HOTLINE,
    "email": env.SUPPORT_EMAIL,
}
