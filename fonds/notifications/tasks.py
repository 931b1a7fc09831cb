from celery import shared_task

from . import services


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=8)
def envoyer_courriel_notification(self, notification_id: int) -> bool:
    return services.envoyer_courriel(notification_id=notification_id)


@shared_task
def relancer_courriels_en_attente() -> int:
    """Tâche périodique (fonds/celery.py) : la relance de la boîte d'envoi."""
    return services.relancer_courriels_en_attente()
