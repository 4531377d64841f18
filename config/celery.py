"""The Celery application.

Without ``CELERY_BROKER_URL`` the app runs tasks eagerly (see settings), so a
laptop demo needs no Redis; production and the test suite use Redis.
"""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("rapporteur")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
