"""Volume national : ce que les services auraient notifié. Contribution de `fonds.notifications`."""

from fonds.dossiers.enums import Etat
from fonds.notifications.models import Notification

from .commun import LOT, Volume


def notifications(v: Volume) -> None:
    """Ce que les services auraient notifié : la décision sur chaque dossier à son auteur,
    chaque dépôt à l'instructeur du guichet ; une sur deux déjà lue."""
    objets = []
    for d in v.dossiers:
        lue = v.maintenant if v.hasard.random() < 0.5 else None
        if d.decide_le:
            objets.append(
                Notification(
                    destinataire=d.cree_par,
                    cle=f"dossier-{d.uuid}-decision",
                    titre=f"Décision sur votre dossier : {Etat(d.etat).label}",
                    texte=f"Le dossier « {d.titre} » est {Etat(d.etat).label.lower()}.",
                    lien=f"/dossiers/{d.uuid}/",
                    lue_le=lue,
                )
            )
        agent = v.instructeur_dep.get(d.guichet.departement_id) or v.dinum[0]
        if d.depose_le:
            objets.append(
                Notification(
                    destinataire=agent,
                    cle=f"dossier-{d.uuid}-depot",
                    titre="Nouveau dossier déposé",
                    texte=f"« {d.titre} » est déposé sur {d.guichet.nom}.",
                    lien=f"/dossiers/{d.uuid}/",
                    lue_le=lue,
                )
            )
    Notification.objects.bulk_create(objets, batch_size=LOT)
