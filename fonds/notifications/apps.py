from celery.schedules import crontab
from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "fonds.notifications"
    label = "notifications"
    verbose_name = "Notifications"
    ordre_contributions = 40
    taches_periodiques = {
        # Boîte d'envoi : remet en file les e-mails restés en attente (courtier indisponible).
        "notifications-relancer-courriels": {
            "task": "fonds.notifications.tasks.relancer_courriels_en_attente",
            "schedule": crontab(minute="*/5"),
        },
    }

    def volume(self):
        from fonds.portail.volume import notifications

        return [notifications.notifications]
