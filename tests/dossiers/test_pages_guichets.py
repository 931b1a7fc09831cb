"""Les guichets, publics : la liste des guichets ouverts avec leurs règles en clair, et la page
d'un guichet avec le verdict pour chaque collectivité de la personne."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from fonds.collectivites.enums import Nature
from fonds.dossiers.enums import Axe, TypeProjet
from fonds.dossiers.models import Dossier
from tests.collectivites.factories import CollectiviteFactory
from tests.comptes.factories import AdhesionFactory
from tests.dossiers.factories import GuichetFactory

pytestmark = pytest.mark.django_db


def test_un_anonyme_liste_les_guichets_ouverts_et_leurs_regles(client, guichet):
    guichet.population_max = 20_000
    guichet.save()
    GuichetFactory(
        nom="Guichet clos",
        ouverture=timezone.now() - datetime.timedelta(days=10),
        cloture=timezone.now() - datetime.timedelta(days=1),
    )
    response = client.get(reverse("dossiers:guichets"))
    contenu = response.content.decode()
    assert response.status_code == 200
    assert f'href="/guichets/{guichet.slug}/"' in contenu
    assert "Compter au plus 20 000 habitants." in contenu
    assert "Les collectivités du département Département X (DX)." in contenu
    assert "Jusqu&#x27;au" in contenu
    assert "Guichet clos" not in contenu


def test_la_liste_se_filtre_par_axe_type_de_projet_et_departement(client, territoire):
    GuichetFactory(nom="Guichet de X", departement=territoire["dx"], types_projet=["etude"])
    GuichetFactory(nom="Guichet de Z", departement=territoire["dz"])
    GuichetFactory(
        nom="Appel national",
        axe=Axe.AXE_2,
        departement=None,
        role_instructeur="dinum",
        types_projet=[TypeProjet.DONNEE],
    )

    def noms(**parametres):
        contenu = client.get(reverse("dossiers:guichets"), parametres).content.decode()
        return {nom for nom in ("Guichet de X", "Guichet de Z", "Appel national") if nom in contenu}

    assert noms(departement="DX") == {"Guichet de X", "Appel national"}
    assert noms(axe="axe2") == {"Appel national"}
    assert noms(type_projet="etude") == {"Guichet de X", "Guichet de Z"}
    # Un filtre inconnu est signalé, la liste reste entière.
    response = client.get(reverse("dossiers:guichets"), {"axe": "axe9"})
    assert "Un filtre n'est pas valide" in response.content.decode()


def test_la_page_d_un_guichet_est_publique_et_invite_a_se_connecter(client, guichet):
    response = client.get(reverse("dossiers:guichet", args=[guichet.slug]))
    contenu = response.content.decode()
    assert response.status_code == 200
    assert "Qui peut déposer" in contenu
    assert "Connectez-vous" in contenu
    assert "Commencer un dossier" not in contenu


def test_le_verdict_pour_chaque_collectivite_et_le_bouton_pour_les_admises(
    client, guichet, territoire, roles
):
    membre = roles["membre_a"]
    ailleurs = CollectiviteFactory(nom="Commune ailleurs", departement=territoire["dz"])
    AdhesionFactory(user=membre, collectivite=ailleurs)
    client.force_login(membre)
    contenu = client.get(reverse("dossiers:guichet", args=[guichet.slug])).content.decode()
    assert "Commune A : peut déposer" in contenu
    assert "Commune ailleurs : ne peut pas déposer" in contenu
    assert "Commune ailleurs est rattachée au département Département Z (DZ)" in contenu
    assert "Commencer un dossier" in contenu
    assert f'<option value="{territoire["a"].pk}"' in contenu
    assert f'<option value="{ailleurs.pk}"' not in contenu


def test_sans_collectivite_admise_pas_de_bouton_et_pas_de_brouillon(client, guichet, territoire):
    lyon = CollectiviteFactory(nom="Lyon", nature=Nature.COMMUNE, departement=territoire["dz"])
    membre = AdhesionFactory(collectivite=lyon).user
    client.force_login(membre)
    page = client.get(reverse("dossiers:guichet", args=[guichet.slug])).content.decode()
    assert "Lyon : ne peut pas déposer" in page
    assert "Commencer un dossier" not in page

    response = client.post(
        reverse("dossiers:commencer", args=[guichet.slug]), {"collectivite": lyon.pk}, follow=True
    )
    assert "Lyon est rattachée au département Département Z (DZ)" in response.content.decode()
    assert not Dossier.objects.exists()
