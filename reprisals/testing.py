"""A pytest plugin (``-p reprisals.testing``) that prepares the environment before Django loads.

Tests generate their own keys: secrets never live in the repository. Loaded early through ``addopts``
because pytest-django reads the settings before any conftest runs.
"""

from __future__ import annotations

import base64
import os
import secrets

os.environ.setdefault("REPRISALS_SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("REPRISALS_DATA_KEY", base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii"))
# The test client and live server speak plain HTTP; production redirects to HTTPS.
os.environ.setdefault("REPRISALS_SSL_REDIRECT", "0")
os.environ.setdefault("REPRISALS_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
