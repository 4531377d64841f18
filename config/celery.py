"""The Celery application.

Without ``CELERY_BROKER_URL`` the app runs tasks eagerly (see settings), so a
laptop demo needs no Redis; production and the test suite use Redis.

Liveness (decision 0020): a worker whose main process stays up but whose consumer
stopped (seen after a Redis restart) must be restarted. The ``Liveness`` consumer
step touches ``CELERY_WORKER_LIVENESS_FILE`` from the consumer's own event loop
every few seconds, so the file goes stale as soon as the consumer stops consuming;
``python -m config.celery_alive`` (the compose health check) checks its age.
"""
import os
import time
from pathlib import Path
from typing import Any

from celery import Celery, bootsteps
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("rapporteur")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

LIVENESS_INTERVAL = 10.0


class Liveness(bootsteps.StartStopStep):
    """Touches the liveness file while the consumer runs; removes it when the consumer stops."""

    requires = ("celery.worker.consumer.tasks:Tasks",)

    def __init__(self, parent: Any, **kwargs: Any) -> None:
        super().__init__(parent, **kwargs)
        self.path = Path(app.conf.get("worker_liveness_file") or "/tmp/rapporteur-worker-alive")
        self.timer: Any = None

    def _touch(self) -> None:
        self.path.write_text(str(time.time()))

    def start(self, parent: Any) -> None:
        self._touch()
        self.timer = parent.timer.call_repeatedly(LIVENESS_INTERVAL, self._touch, priority=10)

    def stop(self, parent: Any) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        self.path.unlink(missing_ok=True)

    def shutdown(self, parent: Any) -> None:
        self.stop(parent)


app.steps["consumer"].add(Liveness)


@worker_init.connect
def _preload_processing_models(**kwargs: Any) -> None:
    """Before the pool forks: the models every processing task needs, shared by its processes."""
    from synthesis.preload import load_processing_models, preload_enabled

    if preload_enabled():
        load_processing_models()
