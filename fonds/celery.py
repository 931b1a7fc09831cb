"""Application Celery du portail. Les tâches périodiques sont déclarées ici, en un seul endroit."""

import logging
import os

from celery import Celery
from celery.schedules import crontab
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

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
    # Boîte d'envoi : remet en file les e-mails restés en attente (courtier indisponible).
    "notifications-relancer-courriels": {
        "task": "fonds.notifications.tasks.relancer_courriels_en_attente",
        "schedule": crontab(minute="*/5"),
    },
    # Conventions dont le PDF n'est pas produit (génération en échec ou jamais mise en file).
    "financement-relancer-conventions": {
        "task": "fonds.financement.tasks.relancer_conventions_en_attente",
        "schedule": crontab(minute="*/10"),
    },
}


def mettre_en_file(tache, *args) -> bool:
    """Met une tâche en file sans jamais faire échouer l'action de la personne : si le
    courtier (Redis) est injoignable, l'erreur est journalisée et la tâche périodique de
    relance la remettra en file plus tard (la donnée, elle, est déjà enregistrée).
    À appeler dans `transaction.on_commit`."""
    try:
        tache.delay(*args)
    except (OperationalError, ConnectionError, OSError):
        logger.warning(
            "courtier indisponible : %s%r reste en attente de relance",
            tache.name,
            args,
            exc_info=True,
        )
        return False
    return True
