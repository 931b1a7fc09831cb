"""Rappels d'échéance : la clôture d'un guichet approche, des compléments sont attendus.

La clé de chaque notification porte l'échéance : relancer la tâche le même jour n'envoie rien
de plus.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from fonds.notifications.services import notifier

from .enums import Etat
from .models import Dossier
from .services import _lien, membres


def rappeler_clotures(maintenant=None) -> int:
    """Aux collectivités qui ont un brouillon, N jours avant la clôture (N dans
    `RAPPEL_CLOTURE_JOURS`)."""
    maintenant = maintenant or timezone.now()
    envoyes = 0
    for jours in settings.RAPPEL_CLOTURE_JOURS:
        limite = maintenant + datetime.timedelta(days=jours)
        brouillons = Dossier.objects.filter(
            etat=Etat.BROUILLON,
            guichet__ouverture__lte=maintenant,
            guichet__cloture__gt=maintenant,
            guichet__cloture__lte=limite,
        ).select_related("guichet", "collectivite")
        for dossier in brouillons:
            cloture = timezone.localtime(dossier.guichet.cloture)
            envoyes += len(
                notifier(
                    destinataires=membres(dossier),
                    cle=f"dossier:{dossier.uuid}:rappel-cloture:{jours}",
                    titre=f"Clôture du guichet le {cloture:%d/%m/%Y} : dossier à déposer",
                    texte=(
                        f"Le dossier « {dossier} » est encore un brouillon. Le guichet "
                        f"« {dossier.guichet} » ferme le {cloture:%d/%m/%Y à %H:%M} ; après, "
                        "il ne pourra plus être déposé."
                    ),
                    lien=_lien(dossier),
                )
            )
    return envoyes


def rappeler_complements(aujourd_hui=None) -> int:
    """Aux collectivités dont les compléments sont attendus sous `RAPPEL_COMPLEMENTS_JOURS`
    jours (ou en retard) ; au plus un rappel par jour."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    limite = aujourd_hui + datetime.timedelta(days=settings.RAPPEL_COMPLEMENTS_JOURS)
    attendus = Dossier.objects.filter(
        etat=Etat.DEPOSE, complements_demandes=True, complements_avant__lte=limite
    ).select_related("guichet", "collectivite")
    envoyes = 0
    for dossier in attendus:
        retard = dossier.complements_avant < aujourd_hui
        envoyes += len(
            notifier(
                destinataires=membres(dossier),
                cle=f"dossier:{dossier.uuid}:rappel-complements:{aujourd_hui.isoformat()}",
                titre=("Compléments en retard" if retard else "Compléments attendus")
                + f" : {dossier}",
                texte=(
                    f"L'instructeur attend vos compléments avant le "
                    f"{dossier.complements_avant:%d/%m/%Y} : {dossier.complements_message}"
                ),
                lien=_lien(dossier),
            )
        )
    return envoyes
