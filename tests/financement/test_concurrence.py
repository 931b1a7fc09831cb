"""Des requêtes simultanées ne dépensent jamais deux fois le même argent (PostgreSQL)."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from fonds.financement import services
from fonds.financement.enums import Axe, NatureEnveloppe, StatutSubvention, TypeVersement
from fonds.financement.models import Engagement, Enveloppe, Subvention
from tests.concurrence import SEULEMENT_POSTGRESQL
from tests.financement.conftest import attribuer

pytestmark = [SEULEMENT_POSTGRESQL, pytest.mark.django_db(transaction=True)]

N_FILS = 20


def _en_parallele(action):
    """Lance `action(i)` dans N_FILS fils qui démarrent ensemble ; compte réussites et refus."""
    depart = threading.Barrier(N_FILS)
    resultats, erreurs = [], []

    def fil(i):
        try:
            depart.wait()
            action(i)
            resultats.append(i)
        except ValidationError:
            erreurs.append(i)
        finally:
            connection.close()

    fils = [threading.Thread(target=fil, args=(i,)) for i in range(N_FILS)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    return resultats, erreurs


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
