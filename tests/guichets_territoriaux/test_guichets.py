"""Les guichets ouverts par les préfectures et le formulaire d'un dossier territorial."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fonds.dossiers import services as dossiers
from fonds.dossiers.services import erreurs_de_depot
from guichets_territoriaux.services import repartition
from guichets_territoriaux.services.guichets import CODE_TERRITORIAL, ouvrir_guichet

pytestmark = pytest.mark.django_db

HIER = timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def enveloppes(fonds, territoire, roles):
    repartition.repartir(
        montants={territoire["region"].pk: Decimal(100000)},
        par=roles["administrateur"],
        motif="Répartition",
    )
    regionale = repartition.enveloppe_de_region(territoire["region"])
    dx = repartition.deleguer_au_departement(
        regionale=regionale,
        departement=territoire["dx"],
        montant=40000,
        motif="Délégation",
        par=roles["instructeur_region"],
    )
    return regionale, dx


def test_la_prefecture_ouvre_son_guichet_un_seul_par_territoire(enveloppes, territoire, roles):
    regionale, dx = enveloppes
    guichet = ouvrir_guichet(
        enveloppe=dx,
        nom="Guichet du département X",
        ouverture=HIER,
        population_max=5000,
        depenses=["etudes", "cybersecurite"],
        par=roles["instructeur_dx"],
    )
    assert (guichet.type, guichet.departement, guichet.region) == (
        CODE_TERRITORIAL,
        territoire["dx"],
        None,
    )
    assert [c[0] for c in guichet.categories] == ["etudes", "cybersecurite"]
    assert guichet.enveloppe == dx and guichet.est_ouvert()
    with pytest.raises(ValidationError, match="déjà son guichet"):
        ouvrir_guichet(
            enveloppe=dx,
            nom="Bis",
            ouverture=HIER,
            depenses=["etudes"],
            par=roles["instructeur_dx"],
        )
    with pytest.raises(PermissionDenied):
        ouvrir_guichet(
            enveloppe=regionale,
            nom="Région",
            ouverture=HIER,
            depenses=["etudes"],
            par=roles["instructeur_dx"],
        )
    with pytest.raises(ValidationError, match="clôture"):
        ouvrir_guichet(
            enveloppe=regionale,
            nom="Région",
            ouverture=HIER,
            cloture=HIER,
            depenses=["etudes"],
            par=roles["instructeur_region"],
        )


def test_le_depot_exige_les_reponses_du_formulaire_territorial(enveloppes, territoire, roles):
    _, dx = enveloppes
    guichet = ouvrir_guichet(
        enveloppe=dx,
        nom="Guichet X",
        ouverture=HIER,
        depenses=["etudes", "labs"],
        par=roles["instructeur_dx"],
    )
    dossier = dossiers.creer_dossier(
        guichet=guichet, collectivite=territoire["a"], par=roles["membre_a"]
    )
    dossier = dossiers.enregistrer_brouillon(
        dossier=dossier,
        par=roles["membre_a"],
        titre="Diagnostic",
        montant_demande=Decimal(9000),
        donnees={"sorte_depense": "labs", "budget_total": "5000"},
    )
    erreurs = erreurs_de_depot(dossier)
    for champ in ("lab", "equipe", "usagers", "plan_financement", "montant_demande"):
        assert champ in erreurs, champ
    dossier = dossiers.enregistrer_brouillon(
        dossier=dossier,
        par=roles["membre_a"],
        donnees={"sorte_depense": "cybersecurite"},
    )
    assert "sorte_depense" in erreurs_de_depot(dossier)


def test_mon_espace_mene_la_prefecture_a_ses_enveloppes(enveloppes, territoire, roles, client):
    """Une préfecture de département qui vient de recevoir une délégation trouve dans Mon
    espace le lien pour ouvrir son guichet, puis le guichet ouvert ; celle d'un autre
    département ne voit pas cette enveloppe."""
    from django.urls import reverse

    regionale, dx = enveloppes
    ouvrir = reverse("guichets_territoriaux:ouvrir_guichet", args=[dx.uuid])
    client.force_login(roles["instructeur_dx"])
    page = client.get(reverse("portail:mon_espace")).content.decode()
    assert "Axe 3 — les enveloppes de votre préfecture" in page and ouvrir in page
    guichet = ouvrir_guichet(
        enveloppe=dx,
        nom="Guichet de X",
        ouverture=HIER,
        depenses=["etudes"],
        par=roles["instructeur_dx"],
    )
    page = client.get(reverse("portail:mon_espace")).content.decode()
    assert reverse("dossiers:guichet", args=[guichet.slug]) in page and ouvrir not in page
    client.force_login(roles["instructeur_dy"])
    assert ouvrir not in client.get(reverse("portail:mon_espace")).content.decode()
    # La préfecture de région voit aussi sa propre enveloppe et le lien pour déléguer.
    client.force_login(roles["instructeur_region"])
    page = client.get(reverse("portail:mon_espace")).content.decode()
    assert reverse("guichets_territoriaux:region", args=[territoire["region"].code]) in page
