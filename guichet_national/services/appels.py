"""Les appels à projets nationaux : les volets, l'ouverture d'un appel (son guichet du socle et
son enveloppe fille de l'axe 2), le dépôt d'un projet (l'aide demandée est calculée : 50 % des
dépenses éligibles, jamais plus) et la pré-sélection par la DINUM, en étapes gardées du socle."""

from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from fonds.comptes import perms
from fonds.comptes.enums import ROLE_DE_L_AXE, Role
from fonds.dossiers import services as dossiers
from fonds.dossiers.enums import CouvertureDepartement, Etat
from fonds.dossiers.models import Dossier, Guichet
from fonds.dossiers.services._commun import _enregistrer as _enregistrer_dossier
from fonds.enums import Axe
from fonds.financement import services as argent
from fonds.financement.enums import NatureEnveloppe
from fonds.financement.models import Enveloppe
from fonds.validation import valider

from ..models.appels import (
    CODE_APPEL,
    NON_PRESELECTIONNE,
    PRESELECTIONNE,
    Appel,
    LigneBudget,
    Projet,
    Volet,
)

TAUX = Decimal("50")
PLANCHER_POPULATION = 500_000
MARGE_ENVIRON = 5  # « environ 500 000 habitants » : la marge visible
CENTIME = Decimal("0.01")

VOLETS = (
    (
        "demarches",
        "Dématérialisation de qualité des démarches administratives locales",
        "Des démarches en ligne simples, accessibles et de bout en bout.",
    ),
    (
        "donnee",
        "Cycle de vie de la donnée",
        "Produire, gouverner, ouvrir et réutiliser les données locales.",
    ),
    (
        "cooperation",
        "Coopération avec les écosystèmes locaux",
        "Construire des services avec les acteurs du territoire et les partager.",
    ),
)

CRITERES = (
    ("Qualité du service rendu aux usagers", 3),
    ("Mutualisation et réutilisabilité (code ouvert, partenaires)", 2),
    ("Solidité de l'équipe et du calendrier", 2),
    ("Cohérence du budget", 1),
)


def garantir_volets() -> list[Volet]:
    return [
        Volet.objects.get_or_create(
            code=code, defaults={"nom": nom, "description": description, "ordre": i}
        )[0]
        for i, (code, nom, description) in enumerate(VOLETS)
    ]


def exiger_dinum(user) -> None:
    perms.exiger(
        perms.a_role(user, Role.DINUM) or perms.est_administrateur(user),
        "Seule la DINUM conduit les appels à projets nationaux.",
    )


@transaction.atomic
def ouvrir_appel(
    *, volet: Volet, vague: int, ouverture, cloture, montant, par, cahier: str, exemples: str = ""
) -> Appel:
    """Un appel : son enveloppe (fille de l'axe 2), son guichet (sorte « appel_a_projets »,
    taux de 50 %, couvrir un département ou environ 500 000 habitants, instruit par la DINUM)
    et sa grille de critères par défaut, tirée du texte de l'appel."""
    from ..models.jury import Critere

    enveloppe = argent.creer_enveloppe(
        parent=Enveloppe.objects.get(nature=NatureEnveloppe.AXE, axe=Axe.AXE_2),
        nom=f"{volet.nom} — vague {vague}",
        nature=NatureEnveloppe.APPEL,
        montant=montant,
        motif=f"Appel à projets national, vague {vague}",
        par=par,
    )
    guichet = Guichet(
        nom=f"{volet.nom} — vague {vague}",
        slug=f"aap-{volet.code}-{vague}",
        axe=Axe.AXE_2,
        type=CODE_APPEL,
        description=volet.description,
        ouverture=ouverture,
        cloture=cloture,
        enveloppe=enveloppe,
        role_instructeur=ROLE_DE_L_AXE[Axe.AXE_2],
        population_min=PLANCHER_POPULATION,
        marge_population=MARGE_ENVIRON,
        couverture_departement=CouvertureDepartement.SUFFIT,
        taux_max=TAUX,
        pieces_requises=["deliberation"],
    )
    valider(guichet)
    guichet.save()
    appel = Appel(
        volet=volet, vague=vague, guichet=guichet, cahier_des_charges=cahier, exemples=exemples
    )
    valider(appel)
    appel.save()
    Critere.objects.bulk_create(
        Critere(appel=appel, libelle=libelle, poids=poids, ordre=i)
        for i, (libelle, poids) in enumerate(CRITERES)
    )
    return appel


def aide_demandee(cout_eligible: Decimal, taux: Decimal = TAUX) -> Decimal:
    """50 % des dépenses éligibles, arrondi au centime inférieur : jamais plus."""
    return (cout_eligible * taux / 100).quantize(CENTIME, rounding=ROUND_DOWN)


@transaction.atomic
def deposer_projet(
    *,
    appel: Appel,
    collectivite,
    par,
    titre: str,
    reponses: dict,
    lignes,
    partenaires=(),
    pieces=(),
) -> Dossier:
    """Le dossier du socle et son projet, déposé dans la même transaction (pièces, règles du
    guichet, éligibilité et dates vérifiées par `fonds.dossiers.services.deposer`) ; une règle
    non tenue n'enregistre rien. `lignes` : [(libellé, montant)] ; `pieces` : [(code, fichier)]."""
    perms.exiger(
        perms.peut_agir_pour(par, collectivite),
        "Seuls les membres vérifiés de la collectivité déposent un projet pour elle.",
    )
    lignes = [(libelle.strip(), Decimal(montant)) for libelle, montant in lignes]
    if not lignes:
        raise ValidationError({"lignes": ["Détaillez au moins une dépense d'investissement."]})
    if any(montant <= 0 or not libelle for libelle, montant in lignes):
        raise ValidationError({"lignes": ["Chaque dépense a un libellé et un montant positif."]})
    cout = sum((m for _l, m in lignes), Decimal(0))
    autres = Decimal(reponses.get("autres_financements") or 0)
    aide = aide_demandee(cout, appel.guichet.taux_max)
    if autres + aide > cout:
        raise ValidationError(
            {
                "autres_financements": [
                    f"Le plan de financement dépasse le coût du projet : {autres} € d'autres "
                    f"financements et {aide} € d'aide demandée pour {cout} € de dépenses."
                ]
            }
        )
    dossier = Dossier(
        guichet=appel.guichet,
        collectivite=collectivite,
        cree_par=par,
        titre=titre.strip(),
        description=reponses["contexte"],
        montant_demande=aide,
        cout_eligible=cout,
    )
    _enregistrer_dossier(dossier, par=par, raison="Création du projet")
    projet = Projet(dossier=dossier, appel=appel, **reponses)
    valider(projet)
    projet.save()
    projet.partenaires.set(partenaires)
    LigneBudget.objects.bulk_create(
        LigneBudget(projet=projet, libelle=libelle, montant=montant) for libelle, montant in lignes
    )
    for code, fichier in pieces:
        dossiers.ajouter_piece(dossier=dossier, fichier=fichier, type_piece=code, par=par)
    return dossiers.deposer(dossier=dossier, par=par)


def peut_preselectionner(user, dossier) -> bool:
    """La DINUM qui instruit le dossier (jamais un juré, jamais qui s'est déporté)."""
    return (
        perms.a_role(user, Role.DINUM) or perms.est_administrateur(user)
    ) and perms.peut_instruire(user, dossier)


@transaction.atomic
def preselectionner(*, dossier: Dossier, par, retenu: bool, motivation: str) -> Dossier:
    """Pré-sélectionné ou non, motivé : le passage en instruction si besoin, puis le pas gardé
    du socle (`franchir_etape`), la motivation rejoignant les annotations."""
    if not motivation or not motivation.strip():
        raise ValidationError({"motivation": ["Motivez la pré-sélection ou son refus."]})
    perms.exiger(peut_preselectionner(par, dossier), "Vous n'instruisez pas ce dossier.")
    if dossier.etat == Etat.DEPOSE:
        dossier = dossiers.passer_en_instruction(dossier=dossier, par=par)
    return dossiers.franchir_etape(
        dossier=dossier,
        par=par,
        transition="preselectionner" if retenu else "ne_pas_preselectionner",
        commentaire=motivation,
    )


__all__ = ["NON_PRESELECTIONNE", "PRESELECTIONNE"]
