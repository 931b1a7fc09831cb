from decimal import Decimal

import pytest

from fonds.comptes.enums import Role
from fonds.dossiers import services as dossiers
from fonds.dossiers.models import Dossier, Guichet
from fonds.financement import services
from fonds.financement.enums import Axe, NatureEnveloppe
from fonds.financement.models import Enveloppe, Subvention
from tests.comptes.factories import UserFactory
from tests.dossiers.factories import DossierFactory, GuichetFactory


@pytest.fixture
def fonds(roles):
    """Le fonds de 88 M€, ses axes et la sous-enveloppe labs ; `fonds[axe]` donne un axe."""
    racine = services.initialiser_fonds(par=roles["administrateur"])
    arbre = {"fonds": racine}
    for enveloppe in Enveloppe.objects.filter(parent__isnull=False):
        arbre[enveloppe.axe if enveloppe.nature == NatureEnveloppe.AXE else "labs"] = enveloppe
    return arbre


@pytest.fixture
def enveloppe_dx(fonds, territoire, roles):
    """Une enveloppe départementale de l'axe 3 (préfecture de DX), 100 000 €."""
    region = services.creer_enveloppe(
        parent=fonds[Axe.AXE_3],
        nom="Région Une",
        nature=NatureEnveloppe.REGION,
        region=territoire["region"],
        montant=Decimal("500000.00"),
        motif="Répartition régionale",
        par=roles["administrateur"],
    )
    return services.creer_enveloppe(
        parent=region,
        nom="Département X",
        nature=NatureEnveloppe.DEPARTEMENT,
        region=territoire["region"],
        departement=territoire["dx"],
        montant=Decimal("100000.00"),
        motif="Délégation au département",
        par=roles["instructeur_region"],
    )


def guichet_de(enveloppe, **regles) -> Guichet:
    """Le guichet qui engage ses subventions sur `enveloppe` (créé au besoin), instruit par les
    agents qui gèrent l'enveloppe : ANCT (axe 1), DINUM (axe 2), préfecture du territoire
    (axe 3). `regles` : taux maximal, forfait, plafonds…"""
    guichet = Guichet.objects.filter(enveloppe=enveloppe).first()
    if guichet is None:
        role = {Axe.AXE_1: Role.ANCT, Axe.AXE_2: Role.DINUM}.get(enveloppe.axe, Role.INSTRUCTEUR)
        if role == Role.INSTRUCTEUR and not (enveloppe.departement_id or enveloppe.region_id):
            role = Role.ADMINISTRATEUR
        guichet = GuichetFactory(
            nom=f"Guichet de {enveloppe.nom}",
            axe=enveloppe.axe,
            enveloppe=enveloppe,
            role_instructeur=role,
            departement=enveloppe.departement,
            region=None if enveloppe.departement_id else enveloppe.region,
            **regles,
        )
    elif regles:
        Guichet.objects.filter(pk=guichet.pk).update(**regles)
        guichet.refresh_from_db()
    return guichet


def dossier_en_instruction(guichet, beneficiaire, **champs) -> Dossier:
    return DossierFactory(
        guichet=guichet,
        collectivite=beneficiaire,
        cree_par=UserFactory(),
        en_instruction=True,
        **champs,
    )


def attribuer(enveloppe, beneficiaire, par, montant="8000.00", **kwargs):
    """Une subvention comme elles naissent : un dossier de `beneficiaire`, sur le guichet de
    `enveloppe`, accepté par `par` (qui doit pouvoir l'instruire) au montant donné."""
    taux = Decimal(kwargs.pop("taux", "80"))
    guichet = guichet_de(enveloppe, taux_max=taux)
    dossier = dossier_en_instruction(
        guichet,
        beneficiaire,
        titre=kwargs.pop("objet", "Dématérialisation des démarches"),
        cout_eligible=Decimal(kwargs.pop("cout_eligible", "10000.00")),
        montant_demande=Decimal(montant),
        categorie=kwargs.pop("categorie", ""),
    )
    assert not kwargs, f"Arguments inconnus : {kwargs}"
    dossiers.accepter(dossier=dossier, par=par, montant=Decimal(montant))
    return Subvention.objects.get(dossier=dossier)


def attribuer_exceptionnellement(enveloppe, beneficiaire, par, montant="8000.00", **kwargs):
    """Une subvention hors dossier, par un administrateur, avec son motif."""
    return services.attribuer_exceptionnellement(
        enveloppe=enveloppe,
        beneficiaire=beneficiaire,
        objet=kwargs.pop("objet", "Dématérialisation des démarches"),
        cout_eligible=Decimal(kwargs.pop("cout_eligible", "10000.00")),
        taux=Decimal(kwargs.pop("taux", "80")),
        montant=Decimal(montant),
        motif=kwargs.pop("motif", "Reprise d'une décision prise hors du portail"),
        par=par,
        **kwargs,
    )
