"""Une notification dans le portail, doublée d'un e-mail envoyé par Celery.

La clé (`cle`) rend l'envoi idempotent : notifier deux fois le même événement à la même
personne ne crée qu'une notification et n'envoie qu'un e-mail.
"""

from django.conf import settings
from django.db import models


class NotificationQuerySet(models.QuerySet):
    def pour(self, user):
        return self.filter(destinataire=user)

    def non_lues(self):
        return self.filter(lue_le__isnull=True)


class Notification(models.Model):
    destinataire = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    cle = models.CharField(max_length=200, help_text="Identifie l'événement notifié.")
    titre = models.CharField(max_length=200)
    texte = models.TextField()
    lien = models.CharField(max_length=500, blank=True)
    creee_le = models.DateTimeField(auto_now_add=True)
    lue_le = models.DateTimeField(null=True, blank=True)
    courriel_envoye_le = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-creee_le"]
        constraints = [
            models.UniqueConstraint(
                fields=["destinataire", "cle"], name="notification_unique_par_evenement"
            )
        ]
        indexes = [models.Index(fields=["destinataire", "lue_le"])]

    def __str__(self):
        return f"{self.titre} → {self.destinataire}"
