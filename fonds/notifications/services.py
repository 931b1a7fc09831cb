import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from .models import Notification


def notifier(*, destinataires: Iterable, cle: str, titre: str, texte: str, lien: str = "") -> list:
    """Crée une notification par destinataire (une seule par événement) et envoie l'e-mail
    après la validation de la transaction."""
    from fonds.celery import mettre_en_file

    from .tasks import envoyer_courriel_notification

    creees = []
    for destinataire in {d.pk: d for d in destinataires}.values():
        notification, creee = Notification.objects.get_or_create(
            destinataire=destinataire,
            cle=cle,
            defaults={"titre": titre, "texte": texte, "lien": lien},
        )
        if creee:
            creees.append(notification)
            # La notification est la boîte d'envoi : `courriel_envoye_le` vide = e-mail en
            # attente ; `relancer_courriels_en_attente` le remet en file si le courtier manquait.
            transaction.on_commit(
                lambda pk=notification.pk: mettre_en_file(envoyer_courriel_notification, pk)
            )
    return creees


def envoyer_courriel(*, notification_id: int) -> bool:
    """Envoie l'e-mail d'une notification, une seule fois même si la tâche est rejouée."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("destinataire")
            .filter(pk=notification_id, courriel_envoye_le__isnull=True)
            .first()
        )
        if notification is None:
            return False
        contexte = {"notification": notification, "site_url": settings.SITE_URL}
        send_mail(
            subject=f"[Fonds numérique des territoires] {notification.titre}",
            message=render_to_string("notifications/courriel.txt", contexte),
            from_email=None,
            recipient_list=[notification.destinataire.email],
        )
        notification.courriel_envoye_le = timezone.now()
        notification.save(update_fields=["courriel_envoye_le"])
    return True


def relancer_courriels_en_attente(*, apres_minutes: int = 10) -> int:
    """Remet en file l'e-mail des notifications qui l'attendent depuis plus de `apres_minutes`
    (le courtier était tombé, ou le worker). L'envoi reste unique : `envoyer_courriel`
    verrouille la notification et ne renvoie pas un e-mail déjà parti."""
    from fonds.celery import mettre_en_file

    from .tasks import envoyer_courriel_notification

    limite = timezone.now() - datetime.timedelta(minutes=apres_minutes)
    en_attente = Notification.objects.filter(
        courriel_envoye_le__isnull=True, creee_le__lte=limite
    ).values_list("pk", flat=True)
    return sum(mettre_en_file(envoyer_courriel_notification, pk) for pk in en_attente[:1000])


def marquer_lue(*, notification: Notification) -> None:
    if notification.lue_le is None:
        notification.lue_le = timezone.now()
        notification.save(update_fields=["lue_le"])


def tout_marquer_lu(*, destinataire) -> int:
    return Notification.objects.pour(destinataire).non_lues().update(lue_le=timezone.now())
