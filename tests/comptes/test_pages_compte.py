"""Les pages de compte d'allauth : en français, au format du DSFR, accessibles."""

import pytest
from django.urls import reverse

from tests.comptes.factories import UserFactory
from tests.portail.html import Page, verifier_page_accessible

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("adresse", "h1", "titre"),
    [
        ("/comptes/login/", "Connexion", None),
        ("/comptes/signup/", "Création de compte", "Inscription"),
        ("/comptes/password/reset/", "Réinitialisation du mot de passe", None),
        ("/comptes/password/reset/done/", "Réinitialisation du mot de passe", None),
        (
            "/comptes/password/reset/key/1-cle-invalide/",
            "Mauvais jeton d'identification",
            "Modifier le mot de passe",
        ),
        ("/comptes/password/reset/key/done/", "Modifier le mot de passe", None),
        ("/comptes/confirm-email/", "Vérifiez votre adresse e-mail", None),
        ("/comptes/confirm-email/cle-invalide/", "Confirmer l'adresse e-mail", None),
    ],
)
def test_pages_de_compte_anonymes(client, adresse, h1, titre):
    verifier_page_accessible(client.get(adresse), h1, titre)


@pytest.mark.parametrize(
    ("nom", "h1"),
    [
        ("account_email", "Adresses e-mail"),
        ("account_change_password", "Modifier le mot de passe"),
        ("mfa_index", "Authentification à deux facteurs"),
        ("account_logout", "Se déconnecter"),
    ],
)
def test_pages_de_gestion_du_compte(client, nom, h1):
    client.force_login(UserFactory())
    page = verifier_page_accessible(client.get(reverse(nom)), h1)
    assert "Mon compte" in client.get(reverse(nom)).content.decode()
    assert page.champs_sans_libelle() == []


def test_formulaires_au_format_dsfr(client):
    html = client.get(reverse("account_login")).content.decode()
    assert 'class="fr-input-group"' in html
    assert 'class="fr-label" for="id_login"' in html
    assert "fr-input" in html
    assert "fr-btn" in html
    assert "novalidate" in html
    assert "placeholder" not in html
    assert "Mot de passe oublié ?" in html


def test_inscription_demande_prenom_et_nom_d_abord(client):
    page = Page(client.get(reverse("account_signup")).content.decode())
    noms = [c["name"] for c in page.champs if c.get("type") not in ("hidden", "checkbox")]
    assert noms == ["first_name", "last_name", "email", "password1", "password2"]
    html = client.get(reverse("account_signup")).content.decode()
    assert 'autocomplete="given-name"' in html
    assert 'autocomplete="family-name"' in html


def test_inscription_cree_le_compte_avec_prenom_et_nom(client, mailoutbox):
    response = client.post(
        reverse("account_signup"),
        {
            "first_name": "Camille",
            "last_name": "Durand",
            "email": "camille.durand@exemple.fr",
            "password1": "un mot de passe solide",
            "password2": "un mot de passe solide",
        },
    )
    assert response.status_code == 302
    from fonds.comptes.models import User

    user = User.objects.get(email="camille.durand@exemple.fr")
    assert (user.first_name, user.last_name) == ("Camille", "Durand")
    assert len(mailoutbox) == 1


def test_erreur_de_champ_reliee_au_champ(client):
    response = client.post(reverse("account_signup"), {"email": "pas-une-adresse"})
    assert response.status_code == 200
    page = Page(response.content.decode())
    prenom = next(c for c in page.champs if c.get("name") == "first_name")
    assert prenom["aria-invalid"] == "true"
    assert prenom["aria-describedby"] == "id_first_name-desc-error"
    assert "id_first_name-desc-error" in page.ids
    html = response.content.decode()
    assert "fr-input-group--error" in html
    assert "Ce champ est obligatoire." in html
    assert " ".join(page.titre.split()).startswith("Erreur : Inscription")


def test_connexion_refusee_message_en_francais_et_e_mail_garde(client):
    UserFactory(email="camille@exemple.fr")
    response = client.post(
        reverse("account_login"), {"login": "camille@exemple.fr", "password": "mauvais"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "L’adresse e-mail et/ou le mot de passe" in html or "sont incorrects" in html
    page = verifier_page_accessible(response, "Connexion", "Erreur : Connexion")
    assert "erreurs-formulaire" in page.ids
    champ_login = next(c for c in page.champs if c.get("name") == "login")
    assert champ_login["value"] == "camille@exemple.fr"
    assert "erreurs-formulaire" in champ_login["aria-describedby"]
    champ_mdp = next(c for c in page.champs if c.get("name") == "password")
    assert "value" not in champ_mdp


def test_connexion_reussie(client):
    UserFactory(email="camille@exemple.fr")
    response = client.post(
        reverse("account_login"),
        {"login": "camille@exemple.fr", "password": "mot-de-passe-de-test"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portail:mon_espace")
