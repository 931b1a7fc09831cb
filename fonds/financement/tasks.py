from celery import shared_task

from . import services


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def generer_convention(self, convention_id: int) -> bool:
    """Produit le PDF d'une convention (idempotent : un seul PDF par version)."""
    return services.generer_pdf_convention(convention_id=convention_id) is not None
