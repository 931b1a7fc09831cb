"""Les règles de l'argent du fonds : une fonction par action.

Chaque fonction vérifie la règle et le droit de la personne (`fonds.comptes.perms`), verrouille
les lignes concernées (enveloppes dans l'ordre de leur clé primaire, pour ne jamais
s'interbloquer), enregistre l'historique avec son motif et programme les notifications après
la validation de la transaction.
"""

import datetime
import hashlib
from datetime import date as Date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from fonds.collectivites.models import Collectivite
from fonds.comptes import perms
from fonds.comptes.enums import Role, StatutAdhesion
from fonds.comptes.models import User
from fonds.notifications.services import notifier

from .cache import invalider_chiffres
from .enums import (
    STATUTS_OUVERTS,
    Axe,
    Contractualisation,
    NatureEnveloppe,
    StatutSubvention,
    TypeMouvement,
    TypeVersement,
)
from .models import Convention, Engagement, Enveloppe, Mouvement, Subvention, Versement
from .montants import CENTIME, en_euros, en_lettres, verifier_montant

TAILLE_MAX_CONVENTION_SIGNEE = 10 * 1024 * 1024


# --- Outils internes ---------------------------------------------------------------------


def _enregistrer(objet, *, par, motif: str = "") -> None:
    objet._history_user = par
    objet._change_reason = motif[:100] if motif else ""
    objet.full_clean()
    objet.save()
    # Les chiffres publics (tableau de bord, données ouvertes) sont recalculés après validation.
    transaction.on_commit(invalider_chiffres)


def _verrouiller(*enveloppes: Enveloppe) -> dict[int, Enveloppe]:
    """Relit les enveloppes sous verrou de ligne, toujours dans l'ordre des clés primaires."""
    pks = sorted({e.pk for e in enveloppes})
    verrouillees = {
        e.pk: e for e in Enveloppe.objects.select_for_update().filter(pk__in=pks).order_by("pk")
    }
    for enveloppe in enveloppes:  # l'objet de l'appelant reflète la base
        frais = verrouillees[enveloppe.pk]
        enveloppe.montant = frais.montant
        enveloppe.montant_delegue = frais.montant_delegue
        enveloppe.montant_engage = frais.montant_engage
    return verrouillees


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
    if axe == Axe.AXE_1:
        condition = Q(habilitations__role=Role.ANCT)
    elif axe == Axe.AXE_2:
        condition = Q(habilitations__role=Role.DINUM)
    else:
        territoire = Q(habilitations__departement_id=departement_id) if departement_id else Q()
        if region_id:
            territoire |= Q(habilitations__region_id=region_id)
        if not (departement_id or region_id):
            return []
        condition = Q(habilitations__role=Role.INSTRUCTEUR) & territoire
    return list(
        User.objects.filter(condition, is_active=True, habilitations__active=True).distinct()
    )


def _membres_de(collectivite: Collectivite) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            adhesions__collectivite=collectivite,
            adhesions__statut=StatutAdhesion.VALIDEE,
        ).distinct()
    )


def _lien(subvention: Subvention) -> str:
    return reverse("financement:subvention", args=[subvention.uuid])


def _notifier_subvention(
    subvention: Subvention, *, evenement: str, titre: str, texte: str, membres=True, agents=False
) -> None:
    destinataires = []
    if membres:
        destinataires += _membres_de(subvention.beneficiaire)
    if agents:
        destinataires += _agents_de(
            axe=subvention.axe,
            region_id=subvention.region_id,
            departement_id=subvention.departement_id,
        )
    notifier(
        destinataires=destinataires,
        cle=f"subvention-{subvention.uuid}-{evenement}",
        titre=titre,
        texte=texte,
        lien=_lien(subvention),
    )


# --- Enveloppes et mouvements ---------------------------------------------------------------


def _mouvement(*, type, source, destination, montant, motif, par) -> Mouvement:
    mouvement = Mouvement(
        type=type, source=source, destination=destination, montant=montant, motif=motif, par=par
    )
    mouvement.full_clean()
    mouvement.save()
    return mouvement


@transaction.atomic
def doter_fonds(*, fonds: Enveloppe, montant, motif: str, par: User) -> Mouvement:
    """Dotation initiale de l'enveloppe racine (le fonds)."""
    perms.exiger(perms.est_administrateur(par), "Seul un administrateur dote le fonds.")
    montant = verifier_montant(montant)
    motif = _exiger_motif(motif)
    if fonds.parent_id is not None:
        raise ValidationError("Seul le fonds reçoit une dotation initiale.")
    _verrouiller(fonds)
    fonds.montant += montant
    _enregistrer(fonds, par=par, motif=motif)
    return _mouvement(
        type=TypeMouvement.DOTATION_INITIALE,
        source=None,
        destination=fonds,
        montant=montant,
        motif=motif,
        par=par,
    )


@transaction.atomic
def creer_enveloppe(
    *,
    parent: Enveloppe,
    nom: str,
    nature: str,
    montant,
    motif: str,
    par: User,
    axe: str = "",
    region=None,
    departement=None,
) -> Enveloppe:
    """Crée une enveloppe fille et lui délègue `montant` pris sur ce que le parent laisse libre."""
    perms.exiger(
        perms.peut_gerer_enveloppe(par, parent), f"Vous ne gérez pas l'enveloppe « {parent} »."
    )
    axe = parent.axe or axe
    if not axe:
        raise ValidationError({"axe": "Indiquez l'axe de l'enveloppe."})
    # Une enveloppe fille reste dans le territoire de son parent (axe 3).
    departement = departement or parent.departement
    region = region or (departement.region if departement else parent.region)
    if parent.departement_id and departement.pk != parent.departement_id:
        raise ValidationError(
            {"departement": f"Une enveloppe de « {parent} » reste dans son département."}
        )
    if parent.region_id and (region is None or region.pk != parent.region_id):
        raise ValidationError({"region": f"Une enveloppe de « {parent} » reste dans sa région."})
    if departement and region and departement.region_id != region.pk:
        raise ValidationError(
            {"departement": f"Le département {departement.nom} n'est pas dans la région {region}."}
        )
    enveloppe = Enveloppe(
        parent=parent, nom=nom, nature=nature, axe=axe, region=region, departement=departement
    )
    _enregistrer(enveloppe, par=par, motif=motif)
    deleguer(source=parent, destination=enveloppe, montant=montant, motif=motif, par=par)
    return enveloppe


@transaction.atomic
def deleguer(
    *, source: Enveloppe, destination: Enveloppe, montant, motif: str, par: User
) -> Mouvement:
    """Du parent vers une enveloppe fille (fonds → axe, région → département…)."""
    montant = verifier_montant(montant)
    motif = _exiger_motif(motif)
    perms.exiger(perms.peut_gerer_enveloppe(par, source), f"Vous ne gérez pas « {source} ».")
    if destination.parent_id != source.pk:
        raise ValidationError("On ne délègue qu'à une enveloppe fille.")
    verrouillees = _verrouiller(source, destination)
    parent, enfant = verrouillees[source.pk], verrouillees[destination.pk]
    _verifier_disponible(parent, montant)
    parent.montant_delegue += montant
    enfant.montant += montant
    _enregistrer(parent, par=par, motif=motif)
    _enregistrer(enfant, par=par, motif=motif)
    source.montant_delegue, destination.montant = parent.montant_delegue, enfant.montant
    mouvement = _mouvement(
        type=TypeMouvement.DELEGATION,
        source=source,
        destination=destination,
        montant=montant,
        motif=motif,
        par=par,
    )
    _notifier_mouvement(mouvement, enfant)
    return mouvement


@transaction.atomic
def retourner(*, source: Enveloppe, montant, motif: str, par: User) -> Mouvement:
    """Rend à l'enveloppe parente des crédits non utilisés."""
    montant = verifier_montant(montant)
    motif = _exiger_motif(motif)
    perms.exiger(perms.peut_gerer_enveloppe(par, source), f"Vous ne gérez pas « {source} ».")
    if source.parent_id is None:
        raise ValidationError("Le fonds n'a pas d'enveloppe parente.")
    verrouillees = _verrouiller(source, source.parent)
    enfant, parent = verrouillees[source.pk], verrouillees[source.parent_id]
    _verifier_disponible(enfant, montant)
    enfant.montant -= montant
    parent.montant_delegue -= montant
    _enregistrer(enfant, par=par, motif=motif)
    _enregistrer(parent, par=par, motif=motif)
    return _mouvement(
        type=TypeMouvement.RETOUR,
        source=source,
        destination=parent,
        montant=montant,
        motif=motif,
        par=par,
    )


@transaction.atomic
def redeployer(
    *, source: Enveloppe, destination: Enveloppe, montant, motif: str, par: User
) -> Mouvement:
    """Déplace des crédits entre deux enveloppes sœurs ; le parent décide."""
    montant = verifier_montant(montant)
    motif = _exiger_motif(motif)
    if source.parent_id is None or source.parent_id != destination.parent_id:
        raise ValidationError("On ne redéploie qu'entre deux enveloppes du même parent.")
    perms.exiger(
        perms.peut_gerer_enveloppe(par, source.parent),
        "Seul le gestionnaire de l'enveloppe parente redéploie.",
    )
    verrouillees = _verrouiller(source, destination)
    depart, arrivee = verrouillees[source.pk], verrouillees[destination.pk]
    _verifier_disponible(depart, montant)
    depart.montant -= montant
    arrivee.montant += montant
    _enregistrer(depart, par=par, motif=motif)
    _enregistrer(arrivee, par=par, motif=motif)
    mouvement = _mouvement(
        type=TypeMouvement.REDEPLOIEMENT,
        source=source,
        destination=destination,
        montant=montant,
        motif=motif,
        par=par,
    )
    _notifier_mouvement(mouvement, arrivee)
    return mouvement


def _notifier_mouvement(mouvement: Mouvement, destination: Enveloppe) -> None:
    notifier(
        destinataires=[
            a
            for a in _agents_de(
                axe=destination.axe,
                region_id=destination.region_id,
                departement_id=destination.departement_id,
            )
            if a.pk != mouvement.par_id
        ],
        cle=f"mouvement-{mouvement.pk}",
        titre=f"{mouvement.get_type_display()} : {en_euros(mouvement.montant)}",
        texte=(
            f"{en_euros(mouvement.montant)} sont désormais disponibles sur l'enveloppe "
            f"« {destination.nom} ». Motif : {mouvement.motif}"
        ),
    )


# --- Engagements ------------------------------------------------------------------------------


@transaction.atomic
def engager(
    *, enveloppe: Enveloppe, montant, beneficiaire: Collectivite, objet: str, par: User
) -> Engagement:
    """Réserve `montant` sur l'enveloppe, sous verrou : l'engagé ne dépasse jamais l'enveloppe,
    quel que soit le nombre de demandes simultanées."""
    montant = verifier_montant(montant)
    perms.exiger(
        perms.peut_gerer_enveloppe(par, enveloppe),
        f"Vous ne pouvez pas engager de crédits sur « {enveloppe} ».",
    )
    verrouillee = _verrouiller(enveloppe)[enveloppe.pk]
    _verifier_disponible(verrouillee, montant)
    verrouillee.montant_engage += montant
    _enregistrer(verrouillee, par=par, motif=f"Engagement : {objet}")
    enveloppe.montant_engage = verrouillee.montant_engage
    engagement = Engagement(
        enveloppe=enveloppe,
        beneficiaire=beneficiaire,
        objet=objet,
        montant=montant,
        montant_initial=montant,
        cree_par=par,
    )
    _enregistrer(engagement, par=par, motif="Engagement")
    return engagement


def _rendre(engagement: Engagement, nouveau_montant: Decimal, *, motif: str, par: User) -> None:
    """Ramène l'engagement à `nouveau_montant` et rend la différence à l'enveloppe."""
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if nouveau_montant > engagement.montant:
        raise ValidationError(
            {"montant": "On ne peut que réduire un engagement ; engagez à nouveau pour plus."}
        )
    rendu = engagement.montant - nouveau_montant
    enveloppe = _verrouiller(engagement.enveloppe)[engagement.enveloppe_id]
    enveloppe.montant_engage -= rendu
    _enregistrer(enveloppe, par=par, motif=motif)
    engagement.montant = nouveau_montant
    if nouveau_montant == 0:
        engagement.libere_le = timezone.now()
    _enregistrer(engagement, par=par, motif=motif)


@transaction.atomic
def reduire(*, engagement: Engagement, montant, motif: str, par: User) -> Engagement:
    """Ramène l'engagement à `montant` (montant final plus bas) ; la différence est rendue."""
    montant = verifier_montant(montant, zero_permis=True)
    motif = _exiger_motif(motif)
    perms.exiger(perms.peut_gerer_enveloppe(par, engagement.enveloppe))
    subvention = Subvention.objects.select_for_update().filter(engagement=engagement).first()
    if subvention is not None:
        # Le montant final de la subvention baisse avec son engagement, jamais sous le versé.
        if subvention.statut not in STATUTS_OUVERTS:
            raise ValidationError("Cette subvention est close : son engagement ne bouge plus.")
        if montant < subvention.montant_verse or montant == 0:
            raise ValidationError(
                {
                    "montant": f"{en_euros(subvention.montant_verse)} sont déjà versés : le "
                    "montant final ne peut descendre en dessous (pour tout rendre, annulez)."
                }
            )
    _rendre(engagement, montant, motif=motif, par=par)
    if subvention is not None:
        subvention.montant = montant
        _enregistrer(subvention, par=par, motif=motif)
    engagement.refresh_from_db()
    return engagement


@transaction.atomic
def liberer(*, engagement: Engagement, motif: str, par: User) -> Engagement:
    """Libère tout l'engagement (subvention annulée) : l'argent revient à l'enveloppe."""
    motif = _exiger_motif(motif)
    perms.exiger(perms.peut_gerer_enveloppe(par, engagement.enveloppe))
    _rendre(engagement, Decimal("0.00"), motif=motif, par=par)
    engagement.refresh_from_db()
    return engagement


# --- Subventions ------------------------------------------------------------------------------


@transaction.atomic
def attribuer_subvention(
    *,
    enveloppe: Enveloppe,
    beneficiaire: Collectivite,
    objet: str,
    cout_eligible,
    taux,
    montant,
    par: User,
    contractualisation: str = Contractualisation.CONVENTION,
    reference_crte: str = "",
    duree_mois: int = 24,
    reference_dossier: str = "",
) -> Subvention:
    """Transforme un dossier lauréat en subvention : engage le montant sur l'enveloppe."""
    cout_eligible = verifier_montant(cout_eligible, champ="cout_eligible")
    montant = verifier_montant(montant)
    try:
        taux = Decimal(str(taux)).quantize(CENTIME)
    except ArithmeticError as exc:
        raise ValidationError(
            {"taux": "Saisissez un taux en pourcentage, par exemple 80."}
        ) from exc
    if not (0 < taux <= 100):
        raise ValidationError({"taux": "Le taux est compris entre 0 et 100 %."})
    plafond = (cout_eligible * taux / 100).quantize(CENTIME, rounding=ROUND_HALF_UP)
    if montant > plafond:
        raise ValidationError(
            {
                "montant": f"Au taux de {taux} %, la subvention ne peut dépasser "
                f"{en_euros(plafond)} pour un coût éligible de {en_euros(cout_eligible)}."
            }
        )
    if contractualisation == Contractualisation.CRTE and enveloppe.axe != Axe.AXE_3:
        raise ValidationError({"contractualisation": "Le CRTE n'est possible que pour l'axe 3."})
    if contractualisation == Contractualisation.CRTE and not reference_crte.strip():
        raise ValidationError({"reference_crte": "Indiquez la référence du CRTE."})
    departement_id = beneficiaire.departement_id
    region_id = beneficiaire.region_id or (
        beneficiaire.departement.region_id if departement_id else None
    )
    # Une enveloppe territoriale (axe 3) ne finance que les collectivités de son territoire :
    # sinon la préfecture engagerait son argent pour une subvention qu'elle ne verrait plus.
    if (enveloppe.departement_id and departement_id != enveloppe.departement_id) or (
        enveloppe.region_id and region_id != enveloppe.region_id
    ):
        raise ValidationError(
            {
                "beneficiaire": f"{beneficiaire.nom} n'est pas dans le territoire de "
                f"l'enveloppe « {enveloppe.nom} »."
            }
        )
    engagement = engager(
        enveloppe=enveloppe, montant=montant, beneficiaire=beneficiaire, objet=objet, par=par
    )
    subvention = Subvention(
        reference_dossier=reference_dossier,
        beneficiaire=beneficiaire,
        enveloppe=enveloppe,
        engagement=engagement,
        axe=enveloppe.axe,
        region_id=region_id,
        departement_id=departement_id,
        objet=objet,
        cout_eligible=cout_eligible,
        taux=taux,
        montant=montant,
        contractualisation=contractualisation,
        reference_crte=reference_crte.strip(),
        duree_mois=duree_mois,
        cree_par=par,
    )
    _enregistrer(subvention, par=par, motif="Attribution")
    _notifier_subvention(
        subvention,
        evenement="attribuee",
        titre=f"Subvention de {en_euros(montant)} attribuée",
        texte=(
            f"Une subvention de {en_euros(montant)} est attribuée à {beneficiaire.nom} pour "
            f"« {objet} ». La convention de financement vous sera bientôt proposée."
        ),
    )
    return subvention


def _verrouiller_subvention(subvention: Subvention) -> Subvention:
    fraiche = Subvention.objects.select_for_update().get(pk=subvention.pk)
    subvention.statut, subvention.montant_verse = fraiche.statut, fraiche.montant_verse
    return subvention


def _changer_statut(subvention: Subvention, statut: str, *, motif: str, par: User) -> None:
    subvention.statut = statut
    subvention.motif_statut = motif
    _enregistrer(subvention, par=par, motif=motif)


def _exiger_statut(subvention: Subvention, *statuts: str, action: str) -> None:
    if subvention.statut not in statuts:
        raise ValidationError(
            f"Impossible de {action} : la subvention est « {subvention.get_statut_display()} »."
        )


@transaction.atomic
def annuler_subvention(*, subvention: Subvention, motif: str, par: User) -> Subvention:
    """Annule une subvention dont rien n'est versé ; tout l'engagement revient à l'enveloppe."""
    motif = _exiger_motif(motif)
    perms.exiger(perms.peut_gerer_subvention(par, subvention))
    _verrouiller_subvention(subvention)
    _exiger_statut(
        subvention,
        StatutSubvention.A_CONVENTIONNER,
        StatutSubvention.CONVENTION_EMISE,
        StatutSubvention.SIGNEE,
        action="annuler",
    )
    if subvention.montant_verse:
        raise ValidationError("Des versements ont eu lieu : prononcez plutôt la déchéance.")
    _rendre(subvention.engagement, Decimal("0.00"), motif=motif, par=par)
    _changer_statut(subvention, StatutSubvention.ANNULEE, motif=motif, par=par)
    _notifier_subvention(
        subvention,
        evenement="annulee",
        titre="Subvention annulée",
        texte=f"La subvention « {subvention.objet} » est annulée. Motif : {motif}",
        agents=True,
    )
    return subvention


@transaction.atomic
def prononcer_decheance(*, subvention: Subvention, motif: str, par: User) -> Subvention:
    """Déchéance : plus rien ne sera versé ; ce qui n'est pas versé revient à l'enveloppe."""
    motif = _exiger_motif(motif)
    perms.exiger(perms.peut_gerer_subvention(par, subvention))
    _verrouiller_subvention(subvention)
    _exiger_statut(subvention, *STATUTS_OUVERTS, action="prononcer la déchéance")
    _rendre(subvention.engagement, subvention.montant_verse, motif=motif, par=par)
    _changer_statut(subvention, StatutSubvention.DECHUE, motif=motif, par=par)
    _notifier_subvention(
        subvention,
        evenement="dechue",
        titre="Déchéance de la subvention",
        texte=f"La subvention « {subvention.objet} » est déchue. Motif : {motif}",
        agents=True,
    )
    return subvention


# --- Conventions --------------------------------------------------------------------------------


@transaction.atomic
def emettre_convention(*, subvention: Subvention, par: User) -> Convention:
    """Prépare une nouvelle version de la convention (la précédente est remplacée, conservée) ;
    le PDF est produit par une tâche après la validation de la transaction."""
    from fonds.celery import mettre_en_file

    from .tasks import generer_convention

    perms.exiger(perms.peut_gerer_subvention(par, subvention))
    _verrouiller_subvention(subvention)
    _exiger_statut(
        subvention,
        StatutSubvention.A_CONVENTIONNER,
        StatutSubvention.CONVENTION_EMISE,
        action="émettre une convention",
    )
    precedente = subvention.conventions.en_vigueur().select_for_update().first()
    version = 1
    if precedente:
        precedente.remplacee_le = timezone.now()
        _enregistrer(precedente, par=par, motif="Remplacée par une nouvelle version")
        version = precedente.version + 1
    convention = Convention(subvention=subvention, version=version, emise_par=par)
    _enregistrer(convention, par=par, motif="Émission")
    transaction.on_commit(lambda: mettre_en_file(generer_convention, convention.pk))
    return convention


def autorite_signataire(subvention: Subvention) -> str:
    """Qui représente l'État dans la convention, selon l'axe."""
    if subvention.axe == Axe.AXE_1:
        return "le directeur général de l'Agence nationale de la cohésion des territoires (ANCT)"
    if subvention.axe == Axe.AXE_2:
        return "le directeur interministériel du numérique (DINUM)"
    enveloppe = subvention.enveloppe
    departement = enveloppe.departement or subvention.departement
    if enveloppe.nature == NatureEnveloppe.DEPARTEMENT and departement:
        return f"le préfet du département {departement.nom}"
    region = enveloppe.region or subvention.region
    if region:
        return f"le préfet de la région {region.nom}"
    return f"le préfet du département {departement.nom}" if departement else "le préfet"


def rendre_pdf_convention(convention: Convention) -> bytes:
    from weasyprint import HTML

    subvention = convention.subvention
    avance = (subvention.montant * Decimal("0.30")).quantize(CENTIME, rounding=ROUND_HALF_UP)
    html = render_to_string(
        "financement/convention.html",
        {
            "convention": convention,
            "subvention": subvention,
            "beneficiaire": subvention.beneficiaire,
            "autorite": autorite_signataire(subvention),
            "montant_en_euros": en_euros(subvention.montant),
            "montant_en_lettres": en_lettres(subvention.montant),
            "cout_eligible": en_euros(subvention.cout_eligible),
            "avance": en_euros(avance),
            "date": timezone.localdate(),
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def noter_echec_generation(*, convention_id: int, erreur: str) -> None:
    """Garde la trace d'une génération de PDF en échec, visible des agents sur la subvention ;
    la tâche la relance, et `relancer_conventions_en_attente` après elle."""
    Convention.objects.filter(pk=convention_id, fichier="").update(
        tentatives_generation=F("tentatives_generation") + 1,
        erreur_generation=erreur[:500],
    )


def relancer_conventions_en_attente(*, apres_minutes: int = 10) -> int:
    """Remet en file la génération des conventions en vigueur toujours sans PDF."""
    from fonds.celery import mettre_en_file

    from .tasks import generer_convention

    limite = timezone.now() - datetime.timedelta(minutes=apres_minutes)
    en_attente = Convention.objects.filter(
        fichier="", remplacee_le__isnull=True, emise_le__lte=limite
    ).values_list("pk", flat=True)
    return sum(mettre_en_file(generer_convention, pk) for pk in en_attente[:200])


def generer_pdf_convention(*, convention_id: int) -> Convention | None:
    """Produit le PDF d'une version de convention, une seule fois même si la tâche est
    rejouée. Appelé par la tâche `generer_convention`."""
    convention = (
        Convention.objects.select_related(
            "subvention__beneficiaire",
            "subvention__enveloppe__region",
            "subvention__enveloppe__departement",
            "subvention__region",
            "subvention__departement",
        )
        .filter(pk=convention_id)
        .first()
    )
    if convention is None or convention.fichier or convention.remplacee_le:
        return None
    contenu = rendre_pdf_convention(convention)  # hors transaction : le rendu prend du temps
    with transaction.atomic():
        convention = Convention.objects.select_for_update().get(pk=convention_id)
        if convention.fichier or convention.remplacee_le:
            return None
        subvention = _verrouiller_subvention(convention.subvention)
        convention.empreinte_sha256 = hashlib.sha256(contenu).hexdigest()
        convention.fichier.save(
            f"convention-{subvention.uuid}-v{convention.version}.pdf",
            ContentFile(contenu),
            save=False,
        )
        convention.generee_le = timezone.now()
        convention.erreur_generation = ""
        _enregistrer(convention, par=convention.emise_par, motif="PDF généré")
        if subvention.statut == StatutSubvention.A_CONVENTIONNER:
            _changer_statut(
                subvention,
                StatutSubvention.CONVENTION_EMISE,
                motif=f"Convention v{convention.version} émise",
                par=convention.emise_par,
            )
        _notifier_subvention(
            subvention,
            evenement=f"convention-v{convention.version}",
            titre="Convention de financement à signer",
            texte=(
                f"La convention de financement (version {convention.version}) de la subvention "
                f"« {subvention.objet} » est prête. Téléchargez-la, faites-la signer puis "
                "déposez la copie signée dans le portail."
            ),
        )
    return convention


def verifier_pdf(fichier) -> bytes:
    """Le contenu d'un PDF lisible d'au plus 10 Mo ; sinon une erreur en français."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if fichier.size > TAILLE_MAX_CONVENTION_SIGNEE:
        raise ValidationError(
            {"fichier": "Le fichier dépasse 10 Mo : réduisez-le (scan en 150 dpi)."}
        )
    fichier.seek(0)
    contenu = fichier.read()
    if not contenu.startswith(b"%PDF-"):
        raise ValidationError(
            {"fichier": "Ce fichier n'est pas un PDF. Déposez la convention signée au format PDF."}
        )
    try:
        import io

        lecteur = PdfReader(io.BytesIO(contenu), strict=False)
        if len(lecteur.pages) < 1:
            raise ValidationError({"fichier": "Ce PDF ne contient aucune page."})
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ValidationError(
            {"fichier": "Ce PDF est illisible ou endommagé. Enregistrez-le à nouveau en PDF."}
        ) from exc
    from fonds.dossiers.fichiers import PDF, polyglotte

    if polyglotte(fichier, PDF):
        raise ValidationError(
            {
                "fichier": "Ce PDF contient aussi une page web ou une archive : enregistrez-le "
                "de nouveau en PDF depuis votre logiciel, puis déposez-le."
            }
        )
    return contenu


@transaction.atomic
def deposer_convention_signee(*, convention: Convention, fichier, par: User) -> Convention:
    """Le bénéficiaire dépose la copie signée de la convention en vigueur."""
    subvention = convention.subvention
    perms.exiger(
        perms.peut_signer_convention(par, subvention),
        "Seuls les membres vérifiés de la collectivité bénéficiaire signent la convention.",
    )
    contenu = verifier_pdf(fichier)
    convention = Convention.objects.select_for_update().get(pk=convention.pk)
    if convention.remplacee_le or not convention.fichier:
        raise ValidationError("Cette version de la convention n'est plus en vigueur.")
    if convention.contresignee_le:
        raise ValidationError("Cette convention est déjà contresignée.")
    convention.fichier_signe.save(
        f"convention-{subvention.uuid}-v{convention.version}-signee.pdf",
        ContentFile(contenu),
        save=False,
    )
    convention.empreinte_signee_sha256 = hashlib.sha256(contenu).hexdigest()
    convention.signee_par = par
    convention.signee_le = timezone.now()
    _enregistrer(convention, par=par, motif="Copie signée déposée")
    _notifier_subvention(
        subvention,
        evenement=f"convention-v{convention.version}-signee",
        titre="Convention signée par le bénéficiaire",
        texte=(
            f"{subvention.beneficiaire.nom} a déposé la convention signée (version "
            f"{convention.version}) de « {subvention.objet} ». Elle attend votre contreseing."
        ),
        membres=False,
        agents=True,
    )
    return convention


@transaction.atomic
def contresigner_convention(*, convention: Convention, par: User) -> Convention:
    subvention = convention.subvention
    perms.exiger(perms.peut_contresigner_convention(par, subvention))
    convention = Convention.objects.select_for_update().get(pk=convention.pk)
    if not convention.signee_le or convention.remplacee_le:
        raise ValidationError("La copie signée par le bénéficiaire n'a pas été déposée.")
    if convention.contresignee_le:
        raise ValidationError("Cette convention est déjà contresignée.")
    _verrouiller_subvention(subvention)
    _exiger_statut(subvention, StatutSubvention.CONVENTION_EMISE, action="contresigner")
    convention.contresignee_par = par
    convention.contresignee_le = timezone.now()
    _enregistrer(convention, par=par, motif="Contresignée")
    _changer_statut(subvention, StatutSubvention.SIGNEE, motif="Convention contresignée", par=par)
    _notifier_subvention(
        subvention,
        evenement="signee",
        titre="Convention de financement signée",
        texte=(
            f"La convention de « {subvention.objet} » est signée par les deux parties. "
            "Les versements peuvent commencer."
        ),
    )
    return convention


# --- Versements ---------------------------------------------------------------------------------


@transaction.atomic
def enregistrer_versement(
    *, subvention: Subvention, type: str, montant, date: Date, reference: str, par: User
) -> Versement:
    """Enregistre un versement, sous verrou : le total versé ne dépasse jamais la subvention.
    Le solde (ou le versement qui atteint le montant) solde la subvention et rend à l'enveloppe
    ce qui n'a pas été versé."""
    montant = verifier_montant(montant)
    perms.exiger(perms.peut_enregistrer_versement(par, subvention))
    _verrouiller_subvention(subvention)
    _exiger_statut(
        subvention,
        StatutSubvention.SIGNEE,
        StatutSubvention.EN_PAIEMENT,
        action="enregistrer un versement",
    )
    if montant > subvention.reste_a_verser:
        raise ValidationError(
            {
                "montant": f"Il reste {en_euros(subvention.reste_a_verser)} à verser sur cette "
                f"subvention : impossible de verser {en_euros(montant)}."
            }
        )
    versement = Versement(
        subvention=subvention,
        type=type,
        montant=montant,
        date=date,
        reference=(reference or "").strip(),
        par=par,
    )
    _enregistrer(versement, par=par, motif=f"{versement.get_type_display()} versé")
    subvention.montant_verse += montant
    if type == TypeVersement.SOLDE or subvention.montant_verse == subvention.montant:
        if subvention.montant_verse < subvention.montant:
            _rendre(
                subvention.engagement,
                subvention.montant_verse,
                motif="Solde inférieur au montant attribué",
                par=par,
            )
        _changer_statut(subvention, StatutSubvention.SOLDEE, motif="Solde versé", par=par)
        evenement, titre = "soldee", "Subvention soldée"
    else:
        _changer_statut(
            subvention,
            StatutSubvention.EN_PAIEMENT,
            motif=f"{versement.get_type_display()} versé",
            par=par,
        )
        evenement, titre = f"versement-{versement.uuid}", "Versement effectué"
    _notifier_subvention(
        subvention,
        evenement=evenement,
        titre=titre,
        texte=(
            f"{versement.get_type_display()} de {en_euros(montant)} versé le "
            f"{date:%d/%m/%Y} (référence {versement.reference}) pour « {subvention.objet} ». "
            f"Total versé : {en_euros(subvention.montant_verse)} sur "
            f"{en_euros(subvention.montant)}."
        ),
        agents=evenement == "soldee",
    )
    return versement


# --- Arbre initial ------------------------------------------------------------------------------

#: Le fonds et ses axes (montants en euros), d'après la répartition de France Relance.
DOTATIONS = {
    "fonds": Decimal("88000000.00"),
    Axe.AXE_1: Decimal("30000000.00"),
    Axe.AXE_2: Decimal("24000000.00"),
    Axe.AXE_3: Decimal("34000000.00"),
    "labs": Decimal("4000000.00"),
}


@transaction.atomic
def initialiser_fonds(*, par: User) -> Enveloppe:
    """Crée le fonds (88 M€), ses trois axes et la sous-enveloppe des laboratoires d'innovation
    territoriale de l'axe 3 (4 M€). Sans effet si le fonds existe déjà."""
    perms.exiger(perms.est_administrateur(par), "Seul un administrateur initialise le fonds.")
    existant = Enveloppe.objects.filter(nature=NatureEnveloppe.FONDS).first()
    if existant:
        return existant
    fonds = Enveloppe(nom="Fonds « Transformation numérique des territoires »", nature="fonds")
    _enregistrer(fonds, par=par, motif="Création du fonds")
    doter_fonds(
        fonds=fonds, montant=DOTATIONS["fonds"], motif="Loi de finances — France Relance", par=par
    )
    axes = {}
    for axe in Axe:
        axes[axe] = creer_enveloppe(
            parent=fonds,
            nom=axe.label,
            nature=NatureEnveloppe.AXE,
            axe=axe,
            montant=DOTATIONS[axe],
            motif="Répartition initiale du fonds entre les axes",
            par=par,
        )
    creer_enveloppe(
        parent=axes[Axe.AXE_3],
        nom="Projets avec laboratoires d'innovation territoriale",
        nature=NatureEnveloppe.LABS,
        montant=DOTATIONS["labs"],
        motif="Part de l'axe 3 réservée aux laboratoires d'innovation territoriale",
        par=par,
    )
    return fonds
