"""L'argent d'une décision : combien un dossier accepté peut recevoir, et la subvention qui
naît de son acceptation, dans la même transaction que la décision.

Les règles sont celles du guichet (`Guichet` : enveloppe, forfait ou taux, montant maximal,
plafonds par bénéficiaire et par catégorie). Un guichet sans enveloppe ne peut pas accepter
de dossier : l'acceptation est refusée avec un message, jamais prononcée sans argent (une
décision « accepté » sans subvention laisserait croire à la collectivité qu'elle est financée).
"""

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError

from fonds.comptes.models import User

from ..models import Subvention
from ..montants import CENTIME, en_euros, verifier_montant
from ._commun import _verrouiller
from .subventions import _attribuer


@dataclass(frozen=True)
class Plafond:
    """Ce que la règle du guichet permet pour un dossier : le montant maximal, la base
    (coût éligible) de la subvention, et la règle en une phrase pour l'agent."""

    montant: Decimal
    cout_eligible: Decimal
    regle: str


def _pourcentage(taux: Decimal) -> str:
    return f"{taux.normalize():f}".replace(".", ",") + " %"


def plafond_du_dossier(dossier) -> Plafond:
    """Le montant maximal que les règles du guichet accordent à ce dossier : le forfait du
    guichet ; sinon le plus bas du montant demandé, du taux maximal appliqué aux dépenses
    éligibles et du montant maximal d'une subvention. Lève `ValidationError` si le dossier
    n'a pas de quoi calculer (ni montant demandé ni dépenses éligibles)."""
    guichet = dossier.guichet
    cout = dossier.cout_eligible
    if guichet.montant_forfaitaire:
        forfait = guichet.montant_forfaitaire
        return Plafond(
            montant=forfait,
            cout_eligible=max(cout or forfait, forfait),
            regle=f"Forfait du guichet : {en_euros(forfait)}.",
        )
    if guichet.taux_max and not cout:
        raise ValidationError(
            {
                "montant": "Le dossier n'indique pas ses dépenses éligibles : le taux maximal "
                f"du guichet ({_pourcentage(guichet.taux_max)}) ne peut s'appliquer."
            }
        )
    bornes = []
    if dossier.montant_demande:
        bornes.append((dossier.montant_demande, "le montant demandé"))
    if guichet.taux_max:
        au_taux = (cout * guichet.taux_max / 100).quantize(CENTIME, rounding=ROUND_DOWN)
        bornes.append(
            (
                au_taux,
                f"{_pourcentage(guichet.taux_max)} des {en_euros(cout)} de dépenses éligibles",
            )
        )
    elif cout:
        bornes.append((cout, "les dépenses éligibles"))
    if guichet.montant_max:
        bornes.append((guichet.montant_max, "le montant maximal d'une subvention du guichet"))
    if not bornes:
        raise ValidationError(
            {"montant": "Le dossier n'indique ni montant demandé ni dépenses éligibles."}
        )
    montant, raison = min(bornes, key=lambda b: b[0])
    detail = " ; ".join(f"{texte} : {en_euros(valeur)}" for valeur, texte in bornes)
    return Plafond(
        montant=montant,
        cout_eligible=cout or dossier.montant_demande,
        regle=f"Au plus {en_euros(montant)}, soit {raison} (le plus bas de — {detail}).",
    )


def _verifier_plafonds(dossier) -> None:
    """Les plafonds par bénéficiaire et par catégorie du guichet, comptés sur les subventions
    vivantes (ni annulées ni déchues) nées de ses dossiers. L'appelant tient le verrou de
    l'enveloppe du guichet : deux acceptations simultanées ne comptent pas la même place."""
    guichet = dossier.guichet
    du_beneficiaire = Subvention.objects.vivantes().filter(
        dossier__guichet=guichet, beneficiaire_id=dossier.collectivite_id
    )
    nom = dossier.collectivite.nom
    plafond = guichet.plafond_par_beneficiaire
    if plafond is not None and du_beneficiaire.count() >= plafond:
        raise ValidationError(
            f"{nom} a déjà {plafond} subvention(s) de ce guichet : c'est le plafond par "
            "bénéficiaire."
        )
    plafond = guichet.plafond_par_categorie
    if plafond is not None and dossier.categorie:
        deja = du_beneficiaire.filter(dossier__categorie=dossier.categorie).count()
        if deja >= plafond:
            libelle = dict(guichet.categories).get(dossier.categorie, dossier.categorie)
            raise ValidationError(
                f"{nom} a déjà {plafond} subvention(s) « {libelle} » de ce guichet : c'est le "
                "plafond par catégorie."
            )


def subventionner_dossier(*, dossier, montant=None, par: User) -> Subvention:
    """La subvention d'un dossier qu'on accepte, dans la transaction de la décision (appelée
    par `fonds.dossiers.services.accepter`, qui a vérifié le droit de décider) : engagement sur
    l'enveloppe du guichet sous son verrou, montant borné par la règle du guichet (l'agent peut
    le baisser, jamais le dépasser ; sans montant saisi, le plafond), plafonds du guichet."""
    guichet = dossier.guichet
    # La sorte du guichet peut désigner une autre enveloppe et la contractualisation (axe 3).
    conditions = dict(guichet.sorte.subvention(dossier)) if guichet.sorte.subvention else {}
    enveloppe = conditions.pop("enveloppe", None) or guichet.enveloppe
    conditions = {
        k: v for k, v in conditions.items() if k in ("contractualisation", "reference_crte")
    }
    if enveloppe is None:
        raise ValidationError(
            f"Le guichet « {guichet.nom} » n'a pas d'enveloppe : un administrateur doit lui en "
            "rattacher une avant qu'un dossier puisse y être accepté (l'acceptation engage la "
            "subvention)."
        )
    plafond = plafond_du_dossier(dossier)
    montant = plafond.montant if montant in (None, "") else verifier_montant(montant)
    if montant > plafond.montant:
        raise ValidationError(
            {
                "montant": f"{en_euros(montant)} dépasse ce que permet la règle du guichet. "
                + plafond.regle
            }
        )
    # Le verrou de l'enveloppe sérialise les décisions du guichet : disponible et plafonds
    # sont comptés par une seule transaction à la fois.
    _verrouiller(enveloppe)
    _verifier_plafonds(dossier)
    taux = (montant * 100 / plafond.cout_eligible).quantize(CENTIME, rounding=ROUND_CEILING)
    return _attribuer(
        enveloppe=enveloppe,
        beneficiaire=dossier.collectivite,
        objet=dossier.titre or str(dossier),
        cout_eligible=plafond.cout_eligible,
        taux=max(taux, CENTIME),
        montant=montant,
        par=par,
        dossier=dossier,
        **conditions,
    )
