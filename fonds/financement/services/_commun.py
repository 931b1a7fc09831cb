"""Outils internes des services de l'argent : enregistrement, verrous, destinataires."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from fonds.comptes.enums import ROLE_DE_L_AXE
from fonds.comptes.models import User
from fonds.notifications.services import notifier
from fonds.validation import valider
from fonds.verrous import verrouiller_tous

from ..cache import invalider_chiffres
from ..models import Enveloppe, Subvention
from ..montants import en_euros

TAILLE_MAX_CONVENTION_SIGNEE = 10 * 1024 * 1024


# --- Outils internes ---------------------------------------------------------------------


def _enregistrer(objet, *, par, motif: str = "") -> None:
    objet._history_user = par
    objet._change_reason = motif[:100] if motif else ""
    valider(objet)
    objet.save()
    # Les chiffres publics (tableau de bord, données ouvertes) sont recalculés après validation.
    transaction.on_commit(invalider_chiffres)


def _verrouiller(*enveloppes: Enveloppe) -> dict[int, Enveloppe]:
    """Relit entières les enveloppes sous verrou de ligne, dans l'ordre des clés primaires ; les
    objets de l'appelant sont ceux qui sont relus et rendus."""
    return verrouiller_tous(*enveloppes)


def _exiger_motif(motif: str) -> str:
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError({"motif": "Indiquez le motif de ce mouvement."})
    return motif


def _verifier_disponible(enveloppe: Enveloppe, montant: Decimal, champ: str = "montant") -> None:
    if montant > enveloppe.disponible:
        raise ValidationError(
            {
                champ: f"Il ne reste que {en_euros(enveloppe.disponible)} de disponible sur "
                f"l'enveloppe « {enveloppe.nom} » : impossible d'y prendre {en_euros(montant)}."
            }
        )


def _agents_de(*, axe: str, region_id=None, departement_id=None) -> list[User]:
    """Les agents qui gèrent cet axe et ce territoire (destinataires des notifications)."""
    role = ROLE_DE_L_AXE.get(axe)
    if role is None:  # le fonds lui-même : les administrateurs
        return []
    return list(User.objects.agents(role, region_id=region_id, departement_id=departement_id))


def _lien(subvention: Subvention) -> str:
    return reverse("financement:subvention", args=[subvention.uuid])


def _notifier_subvention(
    subvention: Subvention, *, evenement: str, titre: str, texte: str, membres=True, agents=False
) -> None:
    destinataires = []
    if membres:
        destinataires += list(User.objects.membres_verifies_de(subvention.beneficiaire))
    if agents:
        # Un agent qui s'est déporté n'est pas prévenu des affaires du bénéficiaire.
        destinataires += list(
            User.objects.agents(
                ROLE_DE_L_AXE[subvention.axe],
                region_id=subvention.region_id,
                departement_id=subvention.departement_id,
            ).sans_conflit_avec(subvention.beneficiaire_id)
        )
    notifier(
        destinataires=destinataires,
        cle=f"subvention-{subvention.uuid}-{evenement}",
        titre=titre,
        texte=texte,
        lien=_lien(subvention),
    )
