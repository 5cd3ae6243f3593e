"""Test settings: the production settings with a throwaway key, so tests see what production does."""

import os

os.environ.setdefault("MEERVOUD_SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("MEERVOUD_HTTPS", "0")

from meervoud.conf.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
STORAGES = {**STORAGES, "staticfiles": {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
STATIC_ROOT = None  # tests serve static files from the apps' folders (finders)
