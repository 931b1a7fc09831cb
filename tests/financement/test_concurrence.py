"""Des requêtes simultanées ne dépensent jamais deux fois le même argent (PostgreSQL)."""

import datetime
from decimal import Decimal
from functools import partial

import pytest

from fonds.comptes.services import acteur_systeme
from fonds.dossiers import services as dossiers
from fonds.dossiers.enums import Etat
from fonds.dossiers.models import Dossier
from fonds.financement import services
from fonds.financement.enums import Axe, NatureEnveloppe, StatutSubvention, TypeVersement
from fonds.financement.models import Engagement, Enveloppe, Subvention
from tests.collectivites.factories import CollectiviteFactory
from tests.concurrence import SEULEMENT_POSTGRESQL, rafale
from tests.financement.conftest import attribuer, dossier_en_instruction, guichet_de

pytestmark = [SEULEMENT_POSTGRESQL, pytest.mark.django_db(transaction=True)]

N_FILS = 20


def _en_parallele(action):
    """Lance `action(i)` dans N_FILS fils qui démarrent ensemble ; rend les indices des
    réussites et des refus (ValidationError) ; toute autre erreur fait échouer le test."""
    reussies, refusees = rafale([partial(action, i) for i in range(N_FILS)])
    return [i for i, _ in reussies], [i for i, _ in refusees]


def test_engagements_simultanes_sur_une_enveloppe_presque_pleine(fonds, territoire, roles):
    enveloppe = services.creer_enveloppe(
        parent=fonds[Axe.AXE_2],
        nom="Guichet FranceConnect",
        nature=NatureEnveloppe.GUICHET,
        montant=Decimal("10000.00"),
        motif="Guichet forfaitaire",
        par=roles["dinum"],
    )

    def engager(i):
        services.engager(
            enveloppe=Enveloppe.objects.get(pk=enveloppe.pk),
            montant=Decimal("1000.00"),
            beneficiaire=territoire["a"],
            objet=f"Forfait {i}",
            par=roles["dinum"],
        )

    reussis, refuses = _en_parallele(engager)
    enveloppe.refresh_from_db()
    assert (len(reussis), len(refuses)) == (10, 10)
    assert enveloppe.montant_engage == Decimal("10000.00")
    assert Engagement.objects.filter(enveloppe=enveloppe).count() == 10


def test_versements_simultanes_ne_depassent_pas_la_subvention(fonds, territoire, roles):
    sub = attribuer(
        fonds[Axe.AXE_2],
        territoire["a"],
        roles["dinum"],
        montant="10000.00",
        cout_eligible="10000.00",
        taux="100",
    )
    Subvention.objects.filter(pk=sub.pk).update(statut=StatutSubvention.SIGNEE)

    def verser(i):
        services.enregistrer_versement(
            subvention=Subvention.objects.get(pk=sub.pk),
            type=TypeVersement.ACOMPTE,
            montant=Decimal("1000.00"),
            date=datetime.date(2026, 3, 1),
            reference=f"V-{i}",
            par=roles["dinum"],
        )

    reussis, refuses = _en_parallele(verser)
    sub.refresh_from_db()
    assert (len(reussis), len(refuses)) == (10, 10)
    assert sub.montant_verse == Decimal("10000.00")
    assert sub.versements.count() == 10
    assert sub.statut == StatutSubvention.SOLDEE


def test_delegations_simultanees_ne_depassent_pas_le_parent(fonds, roles):
    parent = services.creer_enveloppe(
        parent=fonds[Axe.AXE_1],
        nom="Consultation",
        nature=NatureEnveloppe.APPEL,
        montant=Decimal("10000.00"),
        motif="Pilotes",
        par=roles["anct"],
    )

    def creer(i):
        services.creer_enveloppe(
            parent=Enveloppe.objects.get(pk=parent.pk),
            nom=f"Pilote {i}",
            nature=NatureEnveloppe.GUICHET,
            montant=Decimal("1000.00"),
            motif="Pilote",
            par=roles["anct"],
        )

    reussis, refuses = _en_parallele(creer)
    parent.refresh_from_db()
    assert (len(reussis), len(refuses)) == (10, 10)
    assert parent.montant_delegue == Decimal("10000.00")
    assert Enveloppe.objects.filter(parent=parent).count() == 10  # rien de créé à moitié


def test_redeploiements_croises_sans_interblocage(fonds, roles):
    """A → B et B → A en même temps : les verrous pris dans l'ordre des clés n'interbloquent pas."""
    a, b = (
        services.creer_enveloppe(
            parent=fonds[Axe.AXE_2],
            nom=nom,
            nature=NatureEnveloppe.APPEL,
            montant=Decimal("50000.00"),
            motif="Volet",
            par=roles["dinum"],
        )
        for nom in ("Volet A", "Volet B")
    )

    def redeployer(i):
        source, destination = (a, b) if i % 2 else (b, a)
        services.redeployer(
            source=Enveloppe.objects.get(pk=source.pk),
            destination=Enveloppe.objects.get(pk=destination.pk),
            montant=Decimal("100.00"),
            motif=f"Ajustement {i}",
            par=roles["dinum"],
        )

    reussis, refuses = _en_parallele(redeployer)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (len(reussis), len(refuses)) == (N_FILS, 0)
    assert a.montant + b.montant == Decimal("100000.00")


def _guichet_forfaitaire(fonds, roles, montant_enveloppe: str, **regles):
    enveloppe = services.creer_enveloppe(
        parent=fonds[Axe.AXE_2],
        nom="Guichet FranceConnect",
        nature=NatureEnveloppe.GUICHET,
        montant=Decimal(montant_enveloppe),
        motif="Guichet forfaitaire",
        par=roles["dinum"],
    )
    return enveloppe, guichet_de(enveloppe, montant_forfaitaire=Decimal("1000"), **regles)


def test_acceptations_simultanees_sur_une_enveloppe_presque_pleine(fonds, territoire, roles):
    """20 dossiers acceptés ensemble, de quoi en financer 7 : 7 subventions, 13 refus, et les
    13 dossiers refusés restent en instruction (ni décision ni argent)."""
    enveloppe, guichet = _guichet_forfaitaire(fonds, roles, "7000.00")
    en_attente = [
        dossier_en_instruction(guichet, CollectiviteFactory(departement=territoire["dx"]))
        for _ in range(N_FILS)
    ]

    def accepter(i):
        dossiers.accepter(dossier=Dossier.objects.get(pk=en_attente[i].pk), par=roles["dinum"])

    reussis, refuses = _en_parallele(accepter)
    enveloppe.refresh_from_db()
    assert (len(reussis), len(refuses)) == (7, 13)
    assert enveloppe.montant_engage == Decimal("7000.00")
    assert Subvention.objects.filter(enveloppe=enveloppe).count() == 7
    assert Dossier.objects.filter(guichet=guichet, etat=Etat.ACCEPTE).count() == 7
    assert Dossier.objects.filter(guichet=guichet, etat=Etat.EN_INSTRUCTION).count() == 13


def test_acceptations_simultanees_et_plafond_par_beneficiaire(fonds, territoire, roles):
    """Majastres dépose 20 dossiers au guichet forfaitaire plafonné à 3 par bénéficiaire ;
    acceptés ensemble, par le portail : 3 subventions, jamais plus."""
    enveloppe, guichet = _guichet_forfaitaire(fonds, roles, "100000.00", plafond_par_beneficiaire=3)
    majastres = CollectiviteFactory(nom="Majastres", departement=territoire["dx"], population=5)
    en_attente = [dossier_en_instruction(guichet, majastres) for _ in range(N_FILS)]

    def accepter(i):
        dossiers.accepter_automatiquement(dossier=Dossier.objects.get(pk=en_attente[i].pk))

    acteur_systeme()  # créé avant la course (sinon chaque fil le créerait)
    reussis, refuses = _en_parallele(accepter)
    enveloppe.refresh_from_db()
    assert (len(reussis), len(refuses)) == (3, N_FILS - 3)
    assert Subvention.objects.filter(beneficiaire=majastres).count() == 3
    assert enveloppe.montant_engage == Decimal("3000.00")
