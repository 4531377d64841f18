"""Shared fixtures: real services, small helpers to build call packages on disk."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from config.celery import app as celery_app

# Real material nobody in this project wrote, copied in with its licences (tests/data/README.md).
TEST_DATA = Path(__file__).parent / "data"
REAL_FILES = TEST_DATA / "real-files"
UDHR = TEST_DATA / "udhr"
# The UNBIS Thesaurus terms ship with the app (synthesis/reference/).
UNBIS_TERMS = Path(settings.BASE_DIR) / "synthesis" / "reference" / "unbis_terms.tsv"


@pytest.fixture
def eager_celery():
    """Run tasks in-process for tests about what a task does, not how it is queued."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield celery_app
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    shutil.rmtree(tmp_path / "media", ignore_errors=True)


CALL_SPEC = {
    "slug": "test-call",
    "title": {"en": "Test call on international cooperation", "fr": "Appel test"},
    "body": "human-rights-council",
    "session": 51,
    "agenda_item": "3",
    "mandate": {"en": "Human Rights Council resolution 48/1"},
    "report_symbol": "A/HRC/51/99",
    "report_author": "high-commissioner",
    "original_language": "en",
    "report_languages": ["en", "fr"],
    "note_verbale_date": "2022-01-10",
    "deadline": "2022-03-31",
    "word_limit": 5000,
    "themes": [
        {"key": "finance", "name": {"en": "Development finance"}, "keywords": {"en": ["debt", "finance"]}},
        {"key": "health", "name": {"en": "Health"}, "keywords": {"en": ["vaccine", "health"]}},
    ],
}


class PackageBuilder:
    """Writes a call package folder the way OHCHR registry staff would."""

    def __init__(self, root: Path, call: dict | None = None):
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        (root / "submissions").mkdir(exist_ok=True)
        if call is not None:
            self.write_call(call)

    def write_call(self, call: dict | str) -> None:
        text = call if isinstance(call, str) else yaml.safe_dump(call, allow_unicode=True, sort_keys=False)
        (self.root / "call.yaml").write_text(text, encoding="utf-8")

    def add(self, folder: str, meta: dict | str, files: dict[str, bytes | Path] | None = None) -> Path:
        path = self.root / "submissions" / folder
        path.mkdir(parents=True, exist_ok=True)
        text = meta if isinstance(meta, str) else yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
        (path / "submission.yaml").write_text(text, encoding="utf-8")
        for name, content in (files or {}).items():
            data = content.read_bytes() if isinstance(content, Path) else content
            (path / name).write_bytes(data)
        return path


@pytest.fixture
def package(tmp_path) -> PackageBuilder:
    return PackageBuilder(tmp_path / "package", dict(CALL_SPEC))


@pytest.fixture(scope="session", autouse=True)
def _leave_redis_as_found():
    """The suite shares the machine's Redis: remove every key the run created (queues, kombu
    bindings, unacked messages of a killed worker), keep what was there before."""
    import redis

    url = str(settings.CELERY_BROKER_URL)
    client = redis.Redis.from_url(url) if url.startswith("redis://") else None
    before = set(client.keys("*")) if client is not None else set()
    yield
    if client is not None:
        created = [key for key in client.keys("*") if key not in before]
        if created:
            client.delete(*created)
        client.close()
