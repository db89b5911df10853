"""Test settings: the example site, with fast hashing and throwaway media."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only")

from example_site.settings import *  # noqa: E402, F403

DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="newsplugin-test-media-")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
ROOT_URLCONF = "tests.urls"
