"""Les vues de la consultation, au-delà de la matrice : le POST du bulletin en peu de
requêtes, constant quel que soit le nombre de soutiens ; la recherche et les filtres."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultation.models import Bulletin
from consultation.services import groupes
from tests.consultation.monde import besoin

pytestmark = pytest.mark.django_db


def _poster(client, m, territoire, cibles):
    return client.post(
        reverse("consultation:bulletin", args=[m["vote"].slug]),
        {"collectivite": str(territoire["a"].uuid), "groupes": [str(g.uuid) for g in cibles]},
    )


def test_le_post_du_bulletin_en_requetes_constantes(monde_consultation, territoire, roles, client):
    m = monde_consultation
    anct = roles["anct"]
    nouveaux = []
    for i in range(12):
        p = besoin(m["vote"], roles["membre_b"], territoire["b"], titre=f"Besoin {i}")
        from consultation.services.propositions import decider_issue

        decider_issue(proposition=p, issue="gardee", par=anct)
        nouveaux.append(
            groupes.regrouper(propositions=[p], titre=f"G{i}", description="…", par=anct)
        )
    client.force_login(roles["membre_a"])
    _poster(client, m, territoire, [nouveaux[0]])  # le bulletin existe
    comptes = []
    # Chaque envoi retire et ajoute des soutiens : 2 pour 1, 9 pour 2, 1 pour 9.
    for cibles in (nouveaux[1:3], nouveaux[3:12], [m["groupe"]]):
        with CaptureQueriesContext(connection) as requetes:
            reponse = _poster(client, m, territoire, cibles)
        assert reponse.status_code == 302
        comptes.append(len(requetes))
    assert len(set(comptes)) == 1, comptes
    assert comptes[0] <= 13, comptes  # session en base et point de sauvegarde compris
    b = Bulletin.objects.get(tour=m["vote"], collectivite=territoire["a"])
    assert b.nb_soutiens == 1 and b.soutiens.get().groupe == m["groupe"]


def test_recherche_et_filtres(monde_consultation, client):
    url = reverse("consultation:propositions", args=[monde_consultation["vote"].slug])
    texte = client.get(url, {"q": "salles"}).content.decode()
    assert "Gestion des salles municipales" in texte and "Cartographie" not in texte
    texte = client.get(url, {"issue": "rejetee"}).content.decode()
    assert "Publicité commerciale" in texte and "Cartographie" not in texte
    texte = client.get(url, {"taille": "plus_100000"}).content.decode()
    assert "0 proposition" in texte


def test_les_resultats_suivent_chaque_vote(
    monde_consultation, territoire, roles, client, django_capture_on_commit_callbacks
):
    """Le tableau des résultats est un fragment partagé : un vote le fait rendre à nouveau."""
    m = monde_consultation
    url = reverse("consultation:resultats", args=[m["vote"].slug])
    assert (
        "Commune A"
        not in client.get(reverse("consultation:resultats_csv", args=[m["vote"].slug]))
        .getvalue()
        .decode()
    )
    avant = client.get(url).content.decode()
    assert "Réserver les salles municipales" in avant
    from consultation.services.votes import voter

    with django_capture_on_commit_callbacks(execute=True):
        voter(
            tour=m["vote"],
            collectivite=territoire["a"],
            groupes=[m["groupe"]],
            par=roles["membre_a"],
        )
    apres = client.get(url).content.decode()
    ligne = apres[apres.index("Réserver les salles municipales") :][:400]
    assert "<td>2</td>" in ligne, ligne
