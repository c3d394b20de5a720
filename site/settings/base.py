"""Settings shared by every environment. Secrets come only from the environment."""

import os
from pathlib import Path

import dj_database_url

env = os.environ.copy()

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

DEBUG = False
SECRET_KEY = env.get("SECRET_KEY", "")
ALLOWED_HOSTS = [h.strip() for h in env.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in env.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "caching",
    "home",
    "guidance",
    "referral_form",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail_modeladmin",
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
    "django_recaptcha",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

# The order matters: see caching/middleware.py.
MIDDLEWARE = [
    "caching.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "caching.middleware.PageCacheMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "home.middleware.ReferrerPolicyMiddleware",
    "home.middleware.StripBidiControlsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "caching.middleware.StaffMarkerMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "marac_site.urls"
WSGI_APPLICATION = "marac_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite by default so `make run` needs nothing installed; PostgreSQL through DATABASE_URL.
# Connections are kept between requests (a new PostgreSQL connection costs more than serving a
# cached page) and checked before reuse, so a restarted database costs one retry, not an error.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env.get("DB_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Sessions are stored server-side; the cookie holds only the session key. The wizard's answers
# inside a session are encrypted before they get there (referral_form.wizard). With Redis they
# live in Redis (SESSION_REDIS_URL, default REDIS_URL: a wizard step then costs no database
# write; the database only while Redis is unreachable); run that Redis with persistence and
# without eviction (see README). Without
# Redis they stay in the database: a per-process cache could serve another node's stale copy.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 8
# No referrer, except 'same-origin' on the paths where forms are posted (see home.middleware):
# with 'no-referrer' browsers send 'Origin: null' and Django's CSRF check refuses the post.
SECURE_REFERRER_POLICY = "no-referrer"
FORM_PATH_PREFIXES = ["/admin/", "/refer/", "/check-criteria/"]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

WAGTAIL_SITE_NAME = "MARAC"
WAGTAILADMIN_BASE_URL = env.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# No avatars from gravatar.com: the admin must never call a third party (it would leak a hash of
# each coordinator's email address).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

EMAIL_BACKEND = env.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = env.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.get("EMAIL_USE_TLS", "true").lower() == "true"
DEFAULT_FROM_EMAIL = env.get("DEFAULT_FROM_EMAIL", "marac-noreply@localhost")
# Seconds before an SMTP server that does not answer counts as a failed try (never forever).
EMAIL_TIMEOUT = int(env.get("EMAIL_TIMEOUT", "20"))

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# `default` is shared by every process (rate limits, sessions, the publish generation): Redis
# when REDIS_URL is set, else the database. Pages, fragments and the page map go to
# PAGE_CACHE_ALIAS: the same Redis, else each process's own memory (they carry the publish
# generation, read from `default`, so no process ever serves a page from before a publish).
# Redis failing never takes the site down: every use fails open (caching.failures counts and
# logs each), sessions fall back to the database (caching.sessions), and a Redis that stops
# answering costs at most REDIS_TIMEOUT_SECONDS per call.
REDIS_URL = env.get("REDIS_URL", "")
REDIS_TIMEOUT_SECONDS = float(env.get("REDIS_TIMEOUT_SECONDS", "0.5"))
REDIS_OPTIONS = {"socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
                 "socket_timeout": REDIS_TIMEOUT_SECONDS}
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "caching.backends.FailOpenRedisCache",
                    "LOCATION": REDIS_URL,
                    # Several installations (or test stacks) can share one Redis.
                    "KEY_PREFIX": env.get("CACHE_KEY_PREFIX", ""),
                    "OPTIONS": REDIS_OPTIONS},
        "sessions": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                     "LOCATION": env.get("SESSION_REDIS_URL") or REDIS_URL,
                     "KEY_PREFIX": env.get("CACHE_KEY_PREFIX", ""),
                     "OPTIONS": REDIS_OPTIONS},
    }
    PAGE_CACHE_ALIAS = "default"
    SESSION_ENGINE = "caching.sessions"
    SESSION_CACHE_ALIAS = "sessions"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                    "LOCATION": "marac_cache"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                  "LOCATION": "marac-pages", "OPTIONS": {"MAX_ENTRIES": 5000}},
    }
    PAGE_CACHE_ALIAS = "pages"
# Public pages: kept by the page cache and the front cache (s-maxage) for PAGE_CACHE_SECONDS,
# purged on publish; browsers keep them for BROWSER_CACHE_SECONDS. 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(env.get("PAGE_CACHE_SECONDS", "300"))
BROWSER_CACHE_SECONDS = int(env.get("BROWSER_CACHE_SECONDS", "60"))
PAGE_MAP_SECONDS = 60 * 60  # the page map and cached settings (each publish replaces them)
# The front cache (deploy/varnish/marac.vcl) that Wagtail purges on publish, e.g.
# http://127.0.0.1:6081; unset when there is none.
FRONT_CACHE_URL = env.get("FRONT_CACHE_URL", "")
if FRONT_CACHE_URL:
    WAGTAILFRONTENDCACHE = {
        "front": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                  "LOCATION": FRONT_CACHE_URL},
    }

# reCAPTCHA v3. Verification goes through referral_form.bot_checks, chosen by RECAPTCHA_VERIFIER:
# "google" calls the service; "offline" never leaves the machine (development and tests).
RECAPTCHA_PUBLIC_KEY = env.get("RECAPTCHA_PUBLIC_KEY", "")
RECAPTCHA_PRIVATE_KEY = env.get("RECAPTCHA_PRIVATE_KEY", "")
RECAPTCHA_REQUIRED_SCORE = float(env.get("RECAPTCHA_REQUIRED_SCORE", "0.5"))
RECAPTCHA_VERIFY_REQUEST_TIMEOUT = int(env.get("RECAPTCHA_VERIFY_REQUEST_TIMEOUT", "5"))
RECAPTCHA_VERIFIER = env.get("RECAPTCHA_VERIFIER", "google")
# Whether pages include Google's reCAPTCHA script (verification is unaffected).
RECAPTCHA_LOAD_SCRIPT = env.get("RECAPTCHA_LOAD_SCRIPT", "true").lower() == "true"

# Personal data encryption: comma-separated Fernet keys, newest first (the first encrypts,
# all decrypt, so keys can be rotated). The look-up hash key keys the HMAC used for exact matches.
FIELD_ENCRYPTION_KEYS = [
    key.strip() for key in env.get("FIELD_ENCRYPTION_KEYS", "").split(",") if key.strip()
]
LOOKUP_HASH_KEY = env.get("LOOKUP_HASH_KEY", "")

# Where new-referral notifications go (referral_form.notifications): the area's secure address
# in the MARAC settings when it is a real address, otherwise MARAC_NOTIFY_EMAIL. Addresses on
# example.org/.com/.net never count as real and are refused unless the next setting is on.
MARAC_NOTIFY_EMAIL = env.get("MARAC_NOTIFY_EMAIL", "")
MARAC_NOTIFY_ALLOW_EXAMPLE_ADDRESSES = False
# A failed notification is tried again after NOTIFY_RETRY_SECONDS, doubling each time, up to
# NOTIFY_MAX_ATTEMPTS tries; then it shows on the coordinators' dashboard.
NOTIFY_MAX_ATTEMPTS = int(env.get("NOTIFY_MAX_ATTEMPTS", "6"))
NOTIFY_RETRY_SECONDS = int(env.get("NOTIFY_RETRY_SECONDS", "60"))
# Submitted referrals older than this are deleted by `manage.py purge_expired_referrals`.
REFERRAL_RETENTION_DAYS = int(env.get("REFERRAL_RETENTION_DAYS", str(365 * 2)))
# Submissions per address per hour before the rest are held as suspected spam.
REFERRAL_RATE_LIMIT_PER_HOUR = int(env.get("REFERRAL_RATE_LIMIT_PER_HOUR", "10"))
# Suspected-spam rows stored per address per day; over it only a daily count is kept.
SPAM_ROWS_PER_ADDRESS_PER_DAY = int(env.get("SPAM_ROWS_PER_ADDRESS_PER_DAY", "20"))
# Suspected spam is deleted by `purge_expired_referrals` after this many days.
SPAM_RETENTION_DAYS = int(env.get("SPAM_RETENTION_DAYS", "30"))
# The most an unfinished referral may hold (its answers as JSON, in bytes) before a step is
# refused with a message: keeps sessions bounded.
WIZARD_DRAFT_MAX_BYTES = int(env.get("WIZARD_DRAFT_MAX_BYTES", "150000"))
# How many proxies of our own sit in front of the site (X-Forwarded-For is trusted only then).
TRUSTED_PROXY_COUNT = int(env.get("TRUSTED_PROXY_COUNT", "0"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.get("LOG_LEVEL", "WARNING")},
}
