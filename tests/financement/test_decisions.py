"""L'argent d'une décision : la subvention naît de l'acceptation du dossier, bornée par les
règles du guichet, dans la même transaction ; une règle non tenue refuse tout."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fonds.comptes.services import EMAIL_ACTEUR_SYSTEME, acteur_systeme
from fonds.dossiers import services as dossiers
from fonds.dossiers.enums import Etat
from fonds.financement import services
from fonds.financement.enums import Axe, NatureEnveloppe
from fonds.financement.models import Engagement, Subvention
from tests.collectivites.factories import CollectiviteFactory
from tests.dossiers.factories import GuichetFactory
from tests.financement.conftest import dossier_en_instruction, guichet_de

pytestmark = pytest.mark.django_db


def _rien_de_cree(dossier, enveloppe):
    dossier.refresh_from_db()
    enveloppe.refresh_from_db()
    assert dossier.etat == Etat.EN_INSTRUCTION
    assert not Subvention.objects.filter(dossier=dossier).exists()
    assert not Engagement.objects.filter(beneficiaire=dossier.collectivite).exists()
    assert enveloppe.montant_engage == 0


def test_le_plafond_est_le_plus_bas_des_bornes_du_guichet(enveloppe_dx, territoire):
    guichet = guichet_de(enveloppe_dx, taux_max=Decimal("50"), montant_max=Decimal("9000"))
    d = dossier_en_instruction(
        guichet, territoire["a"], cout_eligible=Decimal("30000"), montant_demande=Decimal("20000")
    )
    plafond = services.plafond_du_dossier(d)
    assert plafond.montant == Decimal("9000")  # montant maximal < 50 % de 30 000 < demandé
    assert "montant maximal" in plafond.regle and "50 %" in plafond.regle
    d.montant_demande = Decimal("4000")
    assert services.plafond_du_dossier(d).montant == Decimal("4000")
    d.cout_eligible = None
    with pytest.raises(ValidationError, match="dépenses éligibles"):
        services.plafond_du_dossier(d)


def test_forfait_du_guichet(enveloppe_dx, territoire, roles):
    guichet = guichet_de(enveloppe_dx, montant_forfaitaire=Decimal("5000"))
    d = dossier_en_instruction(guichet, territoire["a"], montant_demande=Decimal("12000"))
    assert services.plafond_du_dossier(d).regle == "Forfait du guichet : 5\u202f000,00\xa0€."
    dossiers.accepter(dossier=d, par=roles["instructeur_dx"])
    sub = Subvention.objects.get(dossier=d)
    assert (sub.montant, sub.beneficiaire, sub.objet) == (Decimal("5000"), territoire["a"], d.titre)
    assert sub.enveloppe == enveloppe_dx and sub.cree_par == roles["instructeur_dx"]


def test_acceptation_engage_le_plafond_ou_moins_jamais_plus(enveloppe_dx, territoire, roles):
    guichet = guichet_de(enveloppe_dx, taux_max=Decimal("50"))
    d = dossier_en_instruction(
        guichet, territoire["a"], cout_eligible=Decimal("20000"), montant_demande=Decimal("15000")
    )
    with pytest.raises(ValidationError) as exc:
        dossiers.accepter(dossier=d, par=roles["instructeur_dx"], montant=Decimal("10000.01"))
    assert "dépasse ce que permet la règle du guichet" in exc.value.message_dict["montant"][0]
    _rien_de_cree(d, enveloppe_dx)

    dossiers.accepter(dossier=d, par=roles["instructeur_dx"], montant=Decimal("7000"))
    d.refresh_from_db()
    enveloppe_dx.refresh_from_db()
    sub = d.subvention
    assert d.etat == Etat.ACCEPTE and sub.montant == Decimal("7000")
    assert (sub.cout_eligible, sub.taux) == (Decimal("20000"), Decimal("35"))
    assert enveloppe_dx.montant_engage == Decimal("7000")
    assert sub.history.get().history_change_reason == f"Acceptation du dossier {d.uuid}"


def test_plafond_par_beneficiaire_compte_les_subventions_vivantes(enveloppe_dx, territoire, roles):
    guichet = guichet_de(enveloppe_dx, taux_max=Decimal("100"), plafond_par_beneficiaire=1)
    premier, second = (dossier_en_instruction(guichet, territoire["a"]) for _ in range(2))
    dossiers.accepter(dossier=premier, par=roles["instructeur_dx"])
    with pytest.raises(ValidationError, match="plafond par bénéficiaire"):
        dossiers.accepter(dossier=second, par=roles["instructeur_dx"])
    second.refresh_from_db()
    assert second.etat == Etat.EN_INSTRUCTION
    # Une subvention annulée ne compte plus.
    services.annuler_subvention(
        subvention=premier.subvention, motif="Projet abandonné", par=roles["instructeur_dx"]
    )
    dossiers.accepter(dossier=second, par=roles["instructeur_dx"])
    assert Subvention.objects.vivantes().filter(beneficiaire=territoire["a"]).count() == 1


def test_plafond_par_categorie(enveloppe_dx, territoire, roles):
    guichet = guichet_de(
        enveloppe_dx,
        taux_max=Decimal("100"),
        plafond_par_categorie=1,
        categories=[["franceconnect", "FranceConnect"], ["api", "API"]],
    )
    fc1, fc2, api = (
        dossier_en_instruction(guichet, territoire["a"], categorie=c)
        for c in ("franceconnect", "franceconnect", "api")
    )
    dossiers.accepter(dossier=fc1, par=roles["instructeur_dx"])
    with pytest.raises(ValidationError, match="« FranceConnect » de ce guichet"):
        dossiers.accepter(dossier=fc2, par=roles["instructeur_dx"])
    dossiers.accepter(dossier=api, par=roles["instructeur_dx"])
    # Une autre collectivité n'est pas concernée par le plafond de A.
    voisine = CollectiviteFactory(departement=territoire["dx"])
    autre = dossier_en_instruction(guichet, voisine, categorie="franceconnect")
    dossiers.accepter(dossier=autre, par=roles["instructeur_dx"])


def test_enveloppe_epuisee(enveloppe_dx, territoire, roles):
    guichet = guichet_de(enveloppe_dx, taux_max=Decimal("100"))
    d = dossier_en_instruction(
        guichet,
        territoire["a"],
        cout_eligible=Decimal("100000.01"),
        montant_demande=Decimal("100000.01"),
    )
    with pytest.raises(ValidationError, match="Il ne reste que 100"):
        dossiers.accepter(dossier=d, par=roles["instructeur_dx"])
    _rien_de_cree(d, enveloppe_dx)


def test_guichet_sans_enveloppe_refuse_l_acceptation(territoire, roles):
    guichet = GuichetFactory(departement=territoire["dx"], nom="Guichet sans argent")
    d = dossier_en_instruction(guichet, territoire["a"])
    with pytest.raises(ValidationError, match="n'a pas d'enveloppe"):
        dossiers.accepter(dossier=d, par=roles["instructeur_dx"])
    d.refresh_from_db()
    assert d.etat == Etat.EN_INSTRUCTION
    # Refuser reste possible : aucune somme n'est en jeu.
    dossiers.refuser(dossier=d, par=roles["instructeur_dx"], motivation="Hors critères")


def test_le_droit_de_decider_est_celui_d_instruire_le_guichet(enveloppe_dx, territoire, roles):
    d = dossier_en_instruction(guichet_de(enveloppe_dx, taux_max=Decimal("80")), territoire["a"])
    with pytest.raises(PermissionDenied):
        dossiers.accepter(dossier=d, par=roles["instructeur_dy"])
    _rien_de_cree(d, enveloppe_dx)


def test_decision_automatique_par_le_compte_du_portail(fonds, territoire, roles):
    guichet_fc = services.creer_enveloppe(
        parent=fonds[Axe.AXE_2],
        nom="Guichet FranceConnect",
        nature=NatureEnveloppe.GUICHET,
        montant=Decimal("5000.00"),
        motif="Guichet forfaitaire",
        par=roles["dinum"],
    )
    guichet = guichet_de(guichet_fc, montant_forfaitaire=Decimal("5000"))
    d1, d2 = (dossier_en_instruction(guichet, territoire[c]) for c in ("a", "b"))
    dossiers.accepter_automatiquement(dossier=d1)
    acteur = acteur_systeme()
    assert acteur.email == EMAIL_ACTEUR_SYSTEME and not acteur.is_active
    assert not acteur.has_usable_password() and str(acteur).startswith("Décision automatique")
    decision = d1.history.latest("history_date")
    assert (decision.history_user, decision.history_change_reason) == (
        acteur,
        "Acceptation automatique",
    )
    assert Subvention.objects.get(dossier=d1).cree_par == acteur
    # Les règles et le verrou valent aussi pour le portail : l'enveloppe est épuisée.
    with pytest.raises(ValidationError, match="Il ne reste que 0"):
        dossiers.accepter_automatiquement(dossier=d2)
