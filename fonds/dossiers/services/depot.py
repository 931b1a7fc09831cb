"""Le dossier côté collectivité : brouillon, dépôt, réponse aux compléments."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fonds.comptes import perms
from fonds.notifications.services import notifier

from .. import types
from ..eligibilite import eligibilite
from ..enums import Etat
from ..models import Dossier, Guichet, Message
from ._commun import (
    CHAMPS_MODIFIABLES,
    _agents_du_dossier,
    _enregistrer,
    _exiger_etat,
    _lien,
    _verrouiller,
    membres,
)


@transaction.atomic
def creer_dossier(*, guichet: Guichet, collectivite, par) -> Dossier:
    perms.exiger(
        perms.peut_agir_pour(par, collectivite),
        "Seuls les membres vérifiés de la collectivité peuvent lui ouvrir un dossier.",
    )
    if types.obtenir(guichet.type).depot:
        raise ValidationError(
            "Ce guichet a son propre formulaire de demande, qui en vérifie les règles : "
            "déposez depuis sa page."
        )
    verdict = eligibilite(guichet, collectivite)
    if not verdict.ok:
        raise ValidationError(verdict.raisons)
    dossier = Dossier(guichet=guichet, collectivite=collectivite, cree_par=par)
    _enregistrer(dossier, par=par, raison="Création du brouillon")
    return dossier


@transaction.atomic
def enregistrer_brouillon(*, dossier: Dossier, par, **valeurs) -> Dossier:
    """Enregistre ce qui est saisi, même incomplet : rien de ce qui est tapé n'est perdu.
    Possible sur un brouillon, ou sur un dossier déposé dont on attend des compléments."""
    dossier = _verrouiller(dossier)
    perms.exiger(
        perms.peut_modifier_dossier(par, dossier),
        "Ce dossier n'est plus modifiable : l'instruction a commencé ou il est décidé.",
    )
    inconnus = set(valeurs) - set(CHAMPS_MODIFIABLES)
    if inconnus:
        raise ValueError(f"Champs non modifiables : {sorted(inconnus)}")
    for champ, valeur in valeurs.items():
        setattr(dossier, champ, valeur)
    _enregistrer(dossier, par=par, raison="Enregistrement du brouillon")
    return dossier


def erreurs_de_depot(dossier: Dossier) -> dict[str, list[str]]:
    """Tout ce qui manque pour déposer, champ par champ, en une fois."""
    erreurs: dict[str, list[str]] = {}
    if not dossier.titre.strip():
        erreurs["titre"] = ["Donnez un titre au projet."]
    if not dossier.description.strip():
        erreurs["description"] = ["Décrivez le projet."]
    if dossier.montant_demande is None:
        erreurs["montant_demande"] = ["Indiquez le montant demandé."]
    elif dossier.montant_demande <= Decimal(0):
        erreurs["montant_demande"] = ["Le montant demandé doit être positif."]
    presentes = set(dossier.pieces.du_dossier().values_list("type_piece", flat=True))
    for code, libelle in dossier.guichet.libelles_pieces_requises():
        if code not in presentes:
            erreurs[f"piece_{code}"] = [f"Joignez la pièce « {libelle} »."]
    guichet, collectivite = dossier.guichet, dossier.collectivite
    for champ, messages in guichet.classe_formulaire().erreurs_de_depot(dossier).items():
        erreurs.setdefault(champ, []).extend(messages)
    # Les dates sont vérifiées à part (`_exiger_guichet_ouvert`) : une réponse à une demande
    # de compléments reste possible après la clôture.
    verdict = eligibilite(guichet, collectivite, ouverture=False)
    if not verdict.ok:
        erreurs.setdefault("__all__", []).extend(verdict.raisons)
    return erreurs


def _exiger_guichet_ouvert(guichet: Guichet) -> None:
    if not guichet.est_ouvert():
        cloture = timezone.localtime(guichet.cloture) if guichet.cloture else None
        if cloture and cloture <= timezone.now():
            raise ValidationError(
                f"Le guichet est clos depuis le {cloture:%d/%m/%Y à %H:%M} : il n'accepte "
                "plus de dépôt. Votre brouillon reste enregistré."
            )
        raise ValidationError("Le guichet n'est pas encore ouvert aux dépôts.")


@transaction.atomic
def deposer(*, dossier: Dossier, par) -> Dossier:
    dossier = _verrouiller(dossier)
    perms.exiger(
        perms.peut_agir_pour(par, dossier.collectivite),
        "Seuls les membres vérifiés de la collectivité peuvent déposer ce dossier.",
    )
    _exiger_etat(dossier, Etat.BROUILLON, message="Ce dossier est déjà déposé.")
    _exiger_guichet_ouvert(dossier.guichet)
    erreurs = erreurs_de_depot(dossier)
    if erreurs:
        raise ValidationError(erreurs)
    dossier.etat = Etat.DEPOSE
    dossier.depose_le = timezone.now()
    _enregistrer(dossier, par=par, raison="Dépôt")
    cle = f"dossier:{dossier.uuid}:depose"
    notifier(
        destinataires=membres(dossier),
        cle=cle,
        titre=f"Dossier déposé : {dossier.titre}",
        texte=f"Le dossier « {dossier.titre} » est déposé au guichet « {dossier.guichet} ».",
        lien=_lien(dossier),
    )
    notifier(
        destinataires=_agents_du_dossier(dossier),
        cle=cle,
        titre=f"Nouveau dossier : {dossier.titre}",
        texte=f"{dossier.collectivite.nom} a déposé « {dossier.titre} ».",
        lien=_lien(dossier),
    )
    return dossier


@transaction.atomic
def repondre_complements(*, dossier: Dossier, par, reponse: str = "") -> Dossier:
    """La collectivité a complété son dossier : il retourne aux agents."""
    dossier = _verrouiller(dossier)
    perms.exiger(
        perms.peut_agir_pour(par, dossier.collectivite),
        "Seuls les membres vérifiés de la collectivité peuvent répondre.",
    )
    if not (dossier.etat == Etat.DEPOSE and dossier.complements_demandes):
        raise ValidationError("Aucun complément n'est demandé sur ce dossier.")
    erreurs = erreurs_de_depot(dossier)
    if erreurs:
        raise ValidationError(erreurs)
    dossier.complements_demandes = False
    dossier.complements_avant = None
    _enregistrer(dossier, par=par, raison="Réponse aux compléments")
    if reponse.strip():
        Message.objects.create(dossier=dossier, auteur=par, de_agent=False, corps=reponse)
    notifier(
        destinataires=_agents_du_dossier(dossier),
        cle=f"dossier:{dossier.uuid}:complements-apportes:{timezone.now().isoformat()}",
        titre=f"Compléments apportés : {dossier.titre}",
        texte=f"{dossier.collectivite.nom} a complété « {dossier.titre} ».",
        lien=_lien(dossier),
    )
    return dossier


# Agents ------------------------------------------------------------------------------------
