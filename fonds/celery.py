"""Application Celery du portail. Les tâches périodiques sont déclarées ici, en un seul endroit."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fonds.settings.dev")

app = Celery("fonds")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Dossiers : rappels avant la clôture des guichets, et des compléments attendus.
    "dossiers-rappeler-clotures": {
        "task": "fonds.dossiers.tasks.rappeler_clotures",
        "schedule": crontab(hour=8, minute=0),
    },
    "dossiers-rappeler-complements": {
        "task": "fonds.dossiers.tasks.rappeler_complements",
        "schedule": crontab(hour=8, minute=30),
    },
}
