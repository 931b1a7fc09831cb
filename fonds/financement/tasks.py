import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=5, acks_late=True)
def generer_convention(self, convention_id: int) -> bool:
    """Produit le PDF d'une convention (idempotent : un seul PDF par version). Un échec est
    noté sur la convention (visible des agents) puis relancé, avec un délai croissant."""
    try:
        return services.generer_pdf_convention(convention_id=convention_id) is not None
    except Exception as exc:
        logger.exception("génération de la convention %s en échec", convention_id)
        services.noter_echec_generation(
            convention_id=convention_id, erreur=f"{type(exc).__name__} : {exc}"
        )
        if self.request.is_eager:
            return False
        raise self.retry(exc=exc, countdown=60 * 2**self.request.retries) from exc


@shared_task
def relancer_conventions_en_attente() -> int:
    """Tâche périodique (fonds/celery.py) : relance les conventions encore sans PDF."""
    return services.relancer_conventions_en_attente()
