"""Application Celery du portail. Les tâches périodiques sont déclarées ici, en un seul endroit."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fonds.settings.dev")

app = Celery("fonds")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {}
