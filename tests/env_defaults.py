"""Test-run defaults: the suite runs on real PostgreSQL and Redis.

Loaded as an early plugin (``-p tests.env_defaults`` in pyproject.toml), before
pytest-django reads the settings, so a bare ``pytest`` behaves like ``make test``.
Override with the environment to point elsewhere.
"""
import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rapporteur")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
os.environ.setdefault("MEDIA_ROOT", os.path.join(os.path.dirname(os.path.dirname(__file__)), "var", "test-media"))
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
# WhiteNoise warns when STATIC_ROOT is missing (collectstatic has not run in a test checkout).
os.makedirs(os.path.join(os.path.dirname(os.path.dirname(__file__)), "var", "static"), exist_ok=True)
