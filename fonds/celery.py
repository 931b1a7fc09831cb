"""Application Celery du portail. Les tâches périodiques sont réunies ici, déclarées par chaque
application dans son `AppConfig` (`taches_periodiques`)."""

import logging
import os

from celery import Celery
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fonds.settings.dev")

app = Celery("fonds")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _taches_periodiques(sender, **kwargs):
    """Les tâches périodiques, déclarées par chaque application (`taches_periodiques` de son
    `AppConfig`, voir `fonds/contributions.py`) et réunies ici."""
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    from fonds import contributions

    sender.conf.beat_schedule = contributions.taches_periodiques()


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
