"""Le juré se déporte d'un dossier : conflit déclaré au socle, motivé ; il ne voit plus ni ne
note le dossier (403) ; sans motif, rien n'est déclaré ; un juré d'un autre appel ne devine
pas le dossier (404)."""

import pytest
from django.urls import reverse

from fonds.comptes.models import ConflitInteret
from guichet_national.services import jury
from tests.comptes.factories import UserFactory
from tests.financement.conftest import fonds  # noqa: F401

from .monde_appels import construire_appels

pytestmark = pytest.mark.django_db


@pytest.fixture
def m(fonds, territoire, roles):  # noqa: F811
    return construire_appels(territoire, roles)


def test_le_jure_se_deporte_puis_ne_voit_plus_le_dossier(client, m, roles):
    d = m["preselectionne"]
    client.force_login(roles["jure"])
    url = reverse("guichet_national:jury_deport", args=[d.uuid])
    evaluer = reverse("guichet_national:jury_evaluer", args=[d.uuid])
    assert url in client.get(evaluer).content.decode()
    assert client.get(url).status_code == 200
    vide = client.post(url, {"motif": "  "})
    assert vide.status_code == 422
    assert not ConflitInteret.objects.filter(user=roles["jure"]).exists()
    ok = client.post(url, {"motif": "J'ai conseillé la métropole sur ce projet."})
    assert ok.status_code == 302
    conflit = ConflitInteret.objects.get(user=roles["jure"])
    assert conflit.collectivite == m["rouen"] and conflit.history.count() == 1
    assert client.get(evaluer).status_code == 403
    liste = client.get(reverse("guichet_national:jury_dossiers", args=[m["appel"].guichet.slug]))
    assert "Portail des aides" not in liste.content.decode()
    assert client.post(url, {"motif": "Encore."}).status_code == 403


def test_hors_du_jury_le_dossier_ne_se_devine_pas(client, m, roles):
    d = m["preselectionne"]
    url = reverse("guichet_national:jury_deport", args=[d.uuid])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(roles["membre_b"])  # juré en conflit (commune B partenaire)
    assert client.get(url).status_code == 403
    assert jury.jure_de(roles["membre_b"], m["appel"]) is not None
