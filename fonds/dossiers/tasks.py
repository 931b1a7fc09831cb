"""Tâches Celery des dossiers : analyse antivirus et rappels d'échéance (déclarés dans
`fonds/celery.py`). Chacune est idempotente."""

from celery import shared_task

from . import rappels, services


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=8)
def analyser_piece(self, piece_id: int):
    return services.analyser(piece_id=piece_id)


@shared_task
def rappeler_clotures() -> int:
    return rappels.rappeler_clotures()


@shared_task
def rappeler_complements() -> int:
    return rappels.rappeler_complements()
