"""Un axe déclare le formulaire de sa sorte de guichet ; ses réponses vont dans `donnees`."""

import pytest
from django.urls import reverse

from fonds.dossiers import types
from fonds.dossiers.enums import Etat
from tests.dossiers.formulaires import FormulaireAxeTest

pytestmark = pytest.mark.django_db


@pytest.fixture
def guichet_axe(guichet):
    types.enregistrer(
        types.TypeGuichet(
            code="formulaire_axe",
            libelle="Formulaire d'axe",
            formulaire=FormulaireAxeTest,
            pieces=types.obtenir(types.GENERIQUE).pieces,
        )
    )
    guichet.type = "formulaire_axe"
    guichet.full_clean()
    guichet.save()
    yield guichet
    types.retirer("formulaire_axe")


def test_les_reponses_de_l_axe_sont_enregistrees_et_reprises(client, guichet_axe, dossier, roles):
    client.force_login(roles["membre_a"])
    url = reverse("dossiers:modifier", args=[dossier.uuid])
    client.post(
        reverse("dossiers:autosauvegarde", args=[dossier.uuid]),
        {"titre": dossier.titre, "thematique": "cyber"},
    )
    dossier.refresh_from_db()
    assert dossier.donnees == {"nombre_agents": None, "thematique": "cyber"}
    contenu = client.get(url).content.decode()
    assert "Nombre d&#x27;agents formés" in contenu or "Nombre d'agents formés" in contenu
    assert '<option value="cyber" selected>' in contenu


def test_les_regles_de_depot_de_l_axe_s_ajoutent(client, guichet_axe, dossier, roles):
    client.force_login(roles["membre_a"])
    donnees = {
        "titre": dossier.titre,
        "description": dossier.description,
        "montant_demande": "100",
        "thematique": "formation",
    }
    response = client.post(reverse("dossiers:deposer", args=[dossier.uuid]), donnees)
    assert response.status_code == 400
    assert "Indiquez le nombre d" in response.content.decode()
    response = client.post(
        reverse("dossiers:deposer", args=[dossier.uuid]), {**donnees, "nombre_agents": "12"}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.etat == Etat.DEPOSE
    assert dossier.donnees == {"nombre_agents": 12, "thematique": "formation"}
    # La page du dossier montre les questions de l'axe avec leur libellé.
    contenu = client.get(reverse("dossiers:dossier", args=[dossier.uuid])).content.decode()
    assert "<dt>Thématique</dt><dd>Formation</dd>" in contenu
