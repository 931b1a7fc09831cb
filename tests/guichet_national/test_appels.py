"""Les appels à projets nationaux : éligibilité depuis le registre, dépôt (aide calculée,
jamais plus de 50 %), pré-sélection gardée, pages publiques."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fonds.collectivites.enums import Nature
from fonds.dossiers import services as dossiers
from fonds.dossiers.eligibilite import eligibilite
from fonds.dossiers.enums import Etat
from guichet_national.models import LigneBudget, Projet
from guichet_national.models.appels import NON_PRESELECTIONNE, PRESELECTIONNE
from guichet_national.services import appels
from tests.collectivites.factories import CollectiviteFactory
from tests.comptes.factories import AdhesionFactory
from tests.financement.conftest import fonds  # noqa: F401

from .monde_appels import construire_appels, deliberation, deposer, reponses

pytestmark = pytest.mark.django_db


@pytest.fixture
def m(fonds, territoire, roles):  # noqa: F811
    return construire_appels(territoire, roles)


def test_eligibilite_expliquee_avec_les_chiffres(m, territoire):
    verdict = eligibilite(m["appel"].guichet, m["rouen"])
    assert verdict.ok
    assert "Métropole Rouen Normandie : 500 703 habitants ≥ 500 000." in verdict.raisons
    petite = eligibilite(m["appel"].guichet, territoire["a"])
    assert not petite.ok
    assert "Commune A : 1 500 habitants" in petite.raisons[0]
    departement = CollectiviteFactory(nature=Nature.DEPARTEMENT, population=150_000)
    assert eligibilite(m["appel"].guichet, departement).ok


def test_page_de_depot_montre_le_raisonnement_et_oriente(client, m, roles):
    client.force_login(m["porteur"])
    page = client.get(reverse("guichet_national:appel_deposer", args=[m["appel"].guichet.slug]))
    assert "500 703 habitants ≥ 500 000" in page.content.decode()
    assert 'id="formulaire-projet"' in page.content.decode()
    client.force_login(roles["membre_a"])
    page = client.get(reverse("guichet_national:appel_deposer", args=[m["appel"].guichet.slug]))
    texte = page.content.decode()
    assert "non éligible" in texte and reverse("portail:orientation") in texte
    assert 'id="formulaire-projet"' not in texte


def test_aide_calculee_a_50_pourcent_jamais_plus(m):
    d = m["depose"]
    assert d.cout_eligible == Decimal("400000.00")
    assert d.montant_demande == Decimal("200000.00")
    assert d.etat == Etat.DEPOSE
    assert appels.aide_demandee(Decimal("0.03")) == Decimal("0.01")


def test_depot_refuse_ne_laisse_rien(m, territoire, roles):
    avant = (Projet.objects.count(), LigneBudget.objects.count())
    with pytest.raises(ValidationError):
        deposer(m["appel"], m["rouen"], m["porteur"], lignes=[("Rien", Decimal("-5"))])
    with pytest.raises(ValidationError):  # commune trop petite
        deposer(m["appel"], territoire["a"], roles["membre_a"])
    with pytest.raises(ValidationError) as exc:  # financements qui ne tombent pas juste
        appels.deposer_projet(
            appel=m["appel"],
            collectivite=m["rouen"],
            par=m["porteur"],
            titre="Trop",
            reponses=reponses(autres_financements=Decimal("300000")),
            lignes=[("Dev", Decimal("400000"))],
            pieces=[("deliberation", deliberation())],
        )
    assert "autres_financements" in exc.value.message_dict
    assert (Projet.objects.count(), LigneBudget.objects.count()) == avant


def test_pas_de_depot_apres_la_cloture(m, roles):
    with pytest.raises(ValidationError):
        deposer(m["a_venir"], m["rouen"], m["porteur"])


def test_depot_par_le_formulaire(client, m):
    client.force_login(m["porteur"])
    url = reverse("guichet_national:appel_deposer", args=[m["appel"].guichet.slug])
    donnees = {
        "collectivite": str(m["rouen"].uuid),
        "titre": "Données ouvertes",
        **{k: v for k, v in reponses().items() if k not in ("autres_financements",)},
        "ligne_1_libelle": "Plateforme",
        "ligne_1_montant": "120 000,50",
        "ligne_2_libelle": "Formation",
        "ligne_2_montant": "",
        "piece_deliberation": deliberation(),
    }
    page = client.post(url, donnees)
    assert page.status_code == 422
    assert "Indiquez le montant de cette dépense." in page.content.decode()
    assert "Données ouvertes" in page.content.decode()  # saisie gardée
    donnees["ligne_2_montant"] = "1 000"
    donnees["piece_deliberation"] = deliberation()
    page = client.post(url, donnees)
    assert page.status_code == 302
    projet = Projet.objects.get(dossier__titre="Données ouvertes")
    assert projet.dossier.montant_demande == Decimal("60500.25")


def test_preselection_par_la_dinum_seule(m, roles):
    d = m["depose"]
    for qui in ("jure", "anct", "membre_a"):
        with pytest.raises(PermissionDenied):
            appels.preselectionner(dossier=d, par=roles[qui], retenu=True, motivation="Oui")
    with pytest.raises(ValidationError):
        appels.preselectionner(dossier=d, par=roles["dinum"], retenu=False, motivation=" ")
    d = appels.preselectionner(dossier=d, par=roles["dinum"], retenu=False, motivation="Hors sujet")
    assert d.etape == NON_PRESELECTIONNE
    assert d.history.first().history_change_reason.startswith("Ne pas pré-sélectionner")
    assert m["preselectionne"].etape == PRESELECTIONNE


def test_un_jure_ne_franchit_pas_d_etape_ni_ne_demande_de_complements(m, roles):
    jure = m["jure"].user
    with pytest.raises(PermissionDenied):
        dossiers.franchir_etape(dossier=m["depose"], par=jure, transition="preselectionner")
    with pytest.raises(PermissionDenied):
        dossiers.demander_complements(dossier=m["depose"], par=jure, message="Plus")


def test_pages_publiques(client, m):
    assert client.get(reverse("guichet_national:appels")).status_code == 200
    page = client.get(reverse("guichet_national:appels_a_venir")).content.decode()
    assert str(m["a_venir"]) in page and str(m["appel"]) not in page
    page = client.get(reverse("guichet_national:appel", args=[m["appel"].guichet.slug]))
    assert "Un portail des aides sociales" in page.content.decode()


def test_second_membre_depose_pour_sa_collectivite(m):
    autre = AdhesionFactory(collectivite=m["rouen"]).user
    d = deposer(m["appel"], m["rouen"], autre, titre="Second")
    assert d.etat == Etat.DEPOSE
