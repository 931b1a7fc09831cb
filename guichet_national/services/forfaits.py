"""La demande d'un forfait FranceConnect / API et sa décision, dans la même requête.

Au dépôt, dans une transaction sous le verrou de l'enveloppe du guichet (celui que prend le
socle pour toute décision du guichet : les demandes d'un même guichet passent une à une) :
la liste d'attente est d'abord servie si l'argent est revenu, puis la demande est comptée
contre les plafonds du socle (`fonds.financement.services.decisions`) ; s'il reste de quoi
payer le forfait, le dossier est accepté par `accepter_automatiquement` (engagement,
subvention, e-mail) et sa convention émise ; sinon la demande attend son tour.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from fonds.comptes import perms
from fonds.dossiers import services as dossiers
from fonds.dossiers.eligibilite import eligibilite
from fonds.dossiers.enums import Etat
from fonds.dossiers.models import Dossier
from fonds.dossiers.services._commun import _enregistrer as _enregistrer_dossier
from fonds.financement.enums import StatutSubvention
from fonds.financement.models import Enveloppe
from fonds.financement.montants import en_euros
from fonds.financement.services import emettre_convention_automatiquement
from fonds.financement.services.decisions import _verifier_plafonds
from fonds.notifications.services import notifier
from fonds.verrous import verrouiller

from ..models.forfaits import (
    CODE_FORFAIT,
    DemandeForfait,
    SorteForfait,
    StatutDemande,
)

ETAPE_ATTENTE = "liste_attente"

#: Les champs du cahier des charges, dans l'ordre du formulaire.
CAHIER_DES_CHARGES = (
    "sorte",
    "service_nom",
    "service_url",
    "date_cible",
    "demarche",
    "api",
    "reference_datapass",
    "etat_datapass",
    "contact_nom",
    "contact_email",
    "maintien_en_production",
)


def exiger_guichet_forfait(guichet) -> None:
    if guichet.type != CODE_FORFAIT or guichet.enveloppe_id is None:
        raise ValidationError("Ce guichet ne décide pas de forfaits.")


def _verifier_cahier_des_charges(demande: DemandeForfait) -> None:
    """Chaque élément du cahier des charges, champ par champ, en une fois."""
    erreurs: dict[str, list[str]] = {}
    if demande.sorte == SorteForfait.FRANCECONNECT and not demande.demarche.strip():
        erreurs["demarche"] = [
            "Pour FranceConnect, nommez la démarche qui l'utilisera (règle du cahier des charges)."
        ]
    if demande.sorte == SorteForfait.API:
        if demande.api_id is None:
            erreurs["api"] = ["Pour un forfait API, choisissez l'API raccordée dans la liste."]
        elif not demande.api.active:
            erreurs["api"] = [f"L'API « {demande.api} » n'est plus proposée par ce guichet."]
    if not demande.maintien_en_production:
        erreurs["maintien_en_production"] = [
            "Le forfait finance un service qui reste en production : cochez l'engagement de "
            "le maintenir (règle du cahier des charges)."
        ]
    if demande.sorte != SorteForfait.FRANCECONNECT:
        demande.demarche = ""
    if demande.sorte != SorteForfait.API:
        demande.api = None
    try:
        # Les champs seuls : la sorte unique et les plafonds se vérifient sous le verrou
        # (`_verifier_places`), et la base tient ses contraintes.
        demande.full_clean(
            exclude=["dossier", "subvention", "guichet", "collectivite"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        for champ, messages in exc.message_dict.items():
            erreurs.setdefault(champ, []).extend(m for m in messages if m not in erreurs[champ])
    if erreurs:
        raise ValidationError(erreurs)


def _verifier_places(guichet, collectivite, sorte: str) -> None:
    """Les plafonds du guichet : ceux du socle (subventions vivantes du guichet), puis les
    places que tiennent déjà les demandes en liste d'attente de la collectivité."""
    _verifier_plafonds(Dossier(guichet=guichet, collectivite=collectivite, categorie=sorte))
    attente = list(
        DemandeForfait.objects.filter(
            guichet=guichet, collectivite=collectivite, statut=StatutDemande.EN_ATTENTE
        ).values_list("sorte", flat=True)
    )
    libelle = SorteForfait(sorte).label
    if sorte in attente:
        raise ValidationError(
            f"{collectivite.nom} a déjà une demande « {libelle} » en liste d'attente : une seule "
            "demande par sorte de forfait."
        )
    accordees = DemandeForfait.objects.filter(
        guichet=guichet, collectivite=collectivite, statut=StatutDemande.ACCORDEE
    ).count()
    plafond = guichet.plafond_par_beneficiaire
    if plafond is not None and accordees + len(attente) >= plafond:
        raise ValidationError(
            f"{collectivite.nom} a déjà {plafond} forfait(s) accordé(s) ou en liste d'attente "
            "à ce guichet : c'est le plafond par bénéficiaire."
        )


def demander_forfait(*, guichet, collectivite, par, **reponses) -> DemandeForfait:
    """Dépose la demande et la décide : accordée, ou en liste d'attente si seule l'enveloppe
    manque. Toute autre règle non tenue lève `ValidationError` (ou `PermissionDenied`) avec
    la règle, et rien n'est enregistré."""
    exiger_guichet_forfait(guichet)
    perms.exiger(
        perms.peut_agir_pour(par, collectivite),
        f"Vous n'êtes pas membre vérifié de {collectivite.nom} : seuls ses membres vérifiés "
        "demandent un forfait pour elle.",
    )
    inconnus = set(reponses) - set(CAHIER_DES_CHARGES)
    if inconnus:
        raise ValueError(f"Réponses inconnues : {sorted(inconnus)}")
    demande = DemandeForfait(guichet=guichet, collectivite=collectivite, deposee_par=par)
    for champ, valeur in reponses.items():
        setattr(demande, champ, valeur)
    _verifier_cahier_des_charges(demande)
    verdict = eligibilite(guichet, collectivite)
    if not verdict.ok:
        raise ValidationError(verdict.raisons)
    with transaction.atomic():
        enveloppe = verrouiller(Enveloppe(pk=guichet.enveloppe_id))
        servies = servir_liste_attente(guichet=guichet, enveloppe=enveloppe)
        _verifier_places(guichet, collectivite, demande.sorte)
        demande.deposee_le = timezone.now()
        demande.dossier = _ouvrir_dossier(demande, par=par)
        attendre = DemandeForfait.objects.liste_attente(guichet).exists()
        if servies:
            enveloppe.refresh_from_db(fields=["montant", "montant_delegue", "montant_engage"])
        if attendre or enveloppe.disponible < guichet.montant_forfaitaire:
            _mettre_en_attente(demande, enveloppe=enveloppe)
        else:
            _accorder(demande)
        return demande


def _ouvrir_dossier(demande: DemandeForfait, *, par) -> Dossier:
    """Le dossier du socle, déposé et mis en instruction dans la même requête : il n'a pas
    d'instructeur, la décision est automatique."""
    maintenant = timezone.now()
    dossier = Dossier(
        guichet=demande.guichet,
        collectivite=demande.collectivite,
        cree_par=par,
        etat=Etat.EN_INSTRUCTION,
        depose_le=maintenant,
        titre=demande.objet,
        description=f"Service en ligne : {demande.service_nom} ({demande.service_url}). "
        f"Habilitation DataPass : {demande.reference_datapass}.",
        montant_demande=demande.guichet.montant_forfaitaire,
        categorie=demande.sorte,
        donnees={"reference_datapass": demande.reference_datapass},
    )
    _enregistrer_dossier(dossier, par=par, raison="Dépôt au guichet à forfait")
    return dossier


def _accorder(demande: DemandeForfait) -> None:
    """La décision automatique : le socle accepte le dossier et crée la subvention (plafonds et
    disponible revérifiés sous le verrou) ; la convention est émise, son PDF mis en file."""
    guichet = demande.guichet
    dossier = dossiers.accepter_automatiquement(
        dossier=demande.dossier,
        motivation=f"Le cahier des charges du guichet est respecté : forfait de "
        f"{en_euros(guichet.montant_forfaitaire)} accordé automatiquement.",
    )
    demande.subvention = dossier.subvention
    demande.statut = StatutDemande.ACCORDEE
    demande.save()  # validée au dépôt ; la base tient les contraintes (une par sorte)
    emettre_convention_automatiquement(subvention=demande.subvention)


def _mettre_en_attente(demande: DemandeForfait, *, enveloppe) -> None:
    demande.statut = StatutDemande.EN_ATTENTE
    demande.save()  # validée au dépôt ; la base tient les contraintes (une par sorte)
    dossier = demande.dossier
    dossier.etape = ETAPE_ATTENTE
    _enregistrer_dossier(dossier, par=demande.deposee_par, raison="Mise en liste d'attente")
    rang = DemandeForfait.objects.liste_attente(demande.guichet).filter(
        deposee_le__lte=demande.deposee_le
    )
    notifier(
        destinataires=dossiers.membres(dossier),
        cle=f"forfait:{demande.uuid}:attente",
        titre="Forfait : demande en liste d'attente",
        texte=f"Votre demande respecte le cahier des charges, mais l'enveloppe du guichet est "
        f"épuisée (il reste {en_euros(enveloppe.disponible)}). Elle est en liste d'attente, au "
        f"rang {rang.count()}, et sera accordée dès que l'argent revient.",
        lien=reverse("guichet_national:forfait_demande", args=[demande.uuid]),
    )


def _constater_revocations(guichet) -> None:
    """Une subvention du guichet annulée ou déchue depuis la page de la subvention (socle)
    libère aussi la place de sa demande."""
    DemandeForfait.objects.filter(
        guichet=guichet,
        statut=StatutDemande.ACCORDEE,
        subvention__statut__in=(StatutSubvention.ANNULEE, StatutSubvention.DECHUE),
    ).update(statut=StatutDemande.REVOQUEE)


def servir_liste_attente(*, guichet, enveloppe=None) -> int:
    """Accorde, dans l'ordre du dépôt, les demandes en liste d'attente tant que l'enveloppe
    paie un forfait. À appeler dans une transaction ; prend le verrou de l'enveloppe si
    l'appelant ne le tient pas. Rend le nombre de demandes accordées."""
    if enveloppe is None:
        enveloppe = verrouiller(Enveloppe(pk=guichet.enveloppe_id))
    _constater_revocations(guichet)
    servies = 0
    for demande in DemandeForfait.objects.liste_attente(guichet).select_related(
        "dossier", "collectivite", "guichet__enveloppe"
    ):
        enveloppe.refresh_from_db(fields=["montant", "montant_delegue", "montant_engage"])
        if enveloppe.disponible < guichet.montant_forfaitaire:
            break
        _accorder(demande)
        servies += 1
    return servies


@transaction.atomic
def servir_les_listes_attente() -> int:
    """Tâche périodique : l'argent revenu par un redéploiement sert les listes d'attente sans
    attendre la prochaine demande."""
    from fonds.dossiers.models import Guichet

    return sum(
        servir_liste_attente(guichet=g)
        for g in Guichet.objects.filter(type=CODE_FORFAIT, enveloppe__isnull=False)
        if DemandeForfait.objects.liste_attente(g).exists()
    )
