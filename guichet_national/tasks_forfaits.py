"""Les tâches périodiques du guichet à forfait (déclarées dans `apps.py`)."""

from celery import shared_task

from .services import forfaits, forfaits_suivi


@shared_task(name="guichet_national.tasks_forfaits.rappeler_dates_cibles")
def rappeler_dates_cibles() -> int:
    return forfaits_suivi.rappeler_dates_cibles()


@shared_task(name="guichet_national.tasks_forfaits.verser_forfaits_en_service")
def verser_forfaits_en_service() -> int:
    return forfaits_suivi.verser_forfaits_en_service()


@shared_task(name="guichet_national.tasks_forfaits.servir_les_listes_attente")
def servir_les_listes_attente() -> int:
    return forfaits.servir_les_listes_attente()
