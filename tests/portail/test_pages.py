import pytest
from django.urls import reverse

from tests.comptes.factories import HabilitationFactory, UserFactory
from tests.portail.html import Page, verifier_page_accessible

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("nom", "h1", "titre"),
    [
        ("portail:accueil", "Fonds « Transformation numérique des territoires »", "Accueil"),
        ("portail:accessibilite", "Déclaration d’accessibilité", None),
        ("portail:mentions_legales", "Mentions légales", None),
        ("portail:donnees_personnelles", "Données personnelles et cookies", None),
        ("portail:plan_du_site", "Plan du site", None),
    ],
)
def test_pages_publiques_accessibles(client, nom, h1, titre):
    verifier_page_accessible(client.get(reverse(nom)), h1, titre)


def test_accueil_presente_le_fonds(client):
    html = client.get(reverse("portail:accueil")).content.decode()
    for texte in [
        "88 millions d’euros",
        "30 M€",
        "24 M€",
        "34 M€",
        "4 M€",
        "5 000 €",
        "dématérialisation de qualité des démarches",
        "cycle de vie de la donnée",
        "coopération avec les écosystèmes locaux",
        'id="orientation"',
    ]:
        assert texte in html, texte


def test_pages_legales_contenu(client):
    accessibilite = client.get(reverse("portail:accessibilite")).content.decode()
    assert "partiellement conforme" in accessibilite
    assert "axe-core" in accessibilite
    assert "Défenseur des droits" in accessibilite
    mentions = client.get(reverse("portail:mentions_legales")).content.decode()
    assert "Agence nationale de la cohésion des territoires" in mentions
    assert "À compléter par l’exploitant" in mentions
    assert "etalab-2.0" in mentions
    donnees = client.get(reverse("portail:donnees_personnelles")).content.decode()
    assert "6-1-e" in donnees
    assert "csrftoken" in donnees


def test_pied_de_page_liens_legaux(client):
    html = client.get(reverse("portail:accueil")).content.decode()
    for nom in ("accessibilite", "mentions_legales", "donnees_personnelles", "plan_du_site"):
        assert f'href="{reverse("portail:" + nom)}"' in html


def test_entete_anonyme(client):
    html = client.get(reverse("portail:accueil")).content.decode()
    assert reverse("account_login") in html
    assert "Se déconnecter" not in html


def test_entete_connecte_nom_et_deconnexion_en_post(client):
    user = UserFactory(first_name="Camille", last_name="Durand")
    client.force_login(user)
    html = client.get(reverse("portail:accueil")).content.decode()
    assert "Camille Durand" in html
    assert f'<form method="post" action="{reverse("account_logout")}">' in html
    assert 'href="/mon-espace/"' in html


def test_menu_suit_les_roles(client):
    # Le lien vers l'administration de Django ne sert qu'aux comptes « équipe ».
    admin = HabilitationFactory(role="administrateur", user__is_staff=True).user
    client.force_login(admin)
    html = client.get(reverse("portail:accueil")).content.decode()
    assert reverse("admin:index") in html
    client.force_login(HabilitationFactory(role="administrateur").user)
    assert reverse("admin:index") not in client.get(reverse("portail:accueil")).content.decode()
    client.force_login(UserFactory())
    assert reverse("admin:index") not in client.get(reverse("portail:accueil")).content.decode()


def test_menu_page_courante(client):
    page = client.get(reverse("portail:accueil")).content.decode()
    assert 'href="/" aria-current="page"' in page


def test_entete_sans_requete_de_plus(client, django_assert_num_queries, settings):
    """L'en-tête ne lit que la session (en base, ou dans Redis avec `cached_db`), et
    la personne avec ses droits : une requête (`fonds/comptes/backends.py`)."""
    client.force_login(UserFactory())
    session_en_base = settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    with django_assert_num_queries(1 + session_en_base):
        client.get(reverse("portail:plan_du_site"))


def test_l_accueil_propose_l_orientation(client):
    page = Page(client.get(reverse("portail:accueil")).content.decode())
    assert "Quel guichet pour votre projet ?" in [t for _, t in page.titres]


def test_mon_espace_demande_connexion(client):
    response = client.get(reverse("portail:mon_espace"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
