import re

import pytest
from django.urls import reverse

from fonds.comptes.enums import StatutAdhesion
from fonds.comptes.models import Adhesion, User
from tests.comptes.factories import AdhesionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_inscription_avec_verification_de_l_adresse(client, mailoutbox):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "Claire.Dupont@Mairie-Exemple.fr",
            "first_name": "Claire",
            "last_name": "Dupont",
            "password1": "un mot de passe solide 2026",
            "password2": "un mot de passe solide 2026",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="claire.dupont@mairie-exemple.fr")
    assert (user.first_name, user.last_name) == ("Claire", "Dupont")

    # Tant que l'adresse n'est pas vérifiée, pas de connexion possible.
    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": "claire.dupont@mairie-exemple.fr", "password": "un mot de passe solide 2026"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    # Le lien reçu par e-mail vérifie l'adresse et connecte la personne.
    lien = re.search(r"https?://[^/\s]+(/comptes/confirm-email/\S+/)", mailoutbox[-1].body)
    assert lien, mailoutbox[-1].body
    response = client.post(lien.group(1))
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert user.emailaddress_set.get().verified


def test_connexion_echouee_message_en_francais(client):
    UserFactory(email="agent@commune.fr")
    response = client.post(
        reverse("account_login"), {"login": "agent@commune.fr", "password": "faux"}
    )
    assert response.status_code == 200
    contenu = response.content.decode()
    assert "mot de passe" in contenu.lower()
    assert 'value="agent@commune.fr"' in contenu


def test_demander_une_adhesion(client, territoire, mailoutbox):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("comptes:demander_adhesion"),
        {"collectivite": territoire["a"].uuid, "fonction": "elu", "intitule_poste": "Adjointe"},
    )
    adhesion = Adhesion.objects.get(user=user)
    assert response.status_code == 302
    assert response["Location"] == reverse("comptes:adhesion_detail", args=[adhesion.uuid])
    assert adhesion.statut == StatutAdhesion.EN_ATTENTE
    assert adhesion.intitule_poste == "Adjointe"


def test_demande_en_double_message_pres_du_champ_et_saisie_conservee(client, territoire):
    adhesion = AdhesionFactory(collectivite=territoire["a"], statut=StatutAdhesion.EN_ATTENTE)
    client.force_login(adhesion.user)
    response = client.post(
        reverse("comptes:demander_adhesion"),
        {"collectivite": territoire["a"].uuid, "fonction": "agent", "intitule_poste": "DSI"},
    )
    assert response.status_code == 200
    contenu = response.content.decode()
    assert "déjà une demande en cours" in contenu
    assert 'value="DSI"' in contenu
    assert Adhesion.objects.filter(user=adhesion.user).count() == 1


def test_un_membre_valide_une_demande_par_la_page(client, territoire, roles):
    adhesion = AdhesionFactory(collectivite=territoire["a"], statut=StatutAdhesion.EN_ATTENTE)
    client.force_login(roles["membre_a"])
    page = client.get(reverse("comptes:adhesions"))
    assert adhesion.user.email in page.content.decode() or adhesion.user.get_full_name() in (
        page.content.decode()
    )
    response = client.post(reverse("comptes:valider_adhesion", args=[adhesion.uuid]))
    assert response.status_code == 302
    adhesion.refresh_from_db()
    assert adhesion.statut == StatutAdhesion.VALIDEE


def test_refus_sans_motif_message_pres_du_champ(client, territoire, roles):
    adhesion = AdhesionFactory(collectivite=territoire["a"], statut=StatutAdhesion.EN_ATTENTE)
    client.force_login(roles["membre_a"])
    response = client.post(reverse("comptes:refuser_adhesion", args=[adhesion.uuid]), {"motif": ""})
    assert response.status_code == 422
    assert "fr-error-text" in response.content.decode()
    adhesion.refresh_from_db()
    assert adhesion.statut == StatutAdhesion.EN_ATTENTE


@pytest.mark.parametrize(
    ("role", "attendu"),
    [
        ("membre_a", 200),
        ("administrateur", 200),
        ("instructeur_dx", 200),
        ("instructeur_region", 200),
        ("membre_b", 403),
        ("instructeur_dy", 403),
        ("anct", 403),
        ("sans_collectivite", 403),
    ],
)
def test_une_demande_d_adhesion_n_est_visible_que_dans_son_perimetre(
    client, territoire, roles, role, attendu
):
    adhesion = AdhesionFactory(collectivite=territoire["a"], statut=StatutAdhesion.EN_ATTENTE)
    client.force_login(roles[role])
    assert client.get(reverse("comptes:adhesion_detail", args=[adhesion.uuid])).status_code == (
        attendu
    )
    response = client.post(reverse("comptes:valider_adhesion", args=[adhesion.uuid]))
    adhesion.refresh_from_db()
    assert (adhesion.statut == StatutAdhesion.VALIDEE) is (attendu == 200)
    if attendu == 403:
        assert response.status_code == 403


def test_la_liste_des_demandes_ne_montre_que_le_perimetre(client, territoire, roles):
    demande_a = AdhesionFactory(collectivite=territoire["a"], statut=StatutAdhesion.EN_ATTENTE)
    demande_b = AdhesionFactory(collectivite=territoire["b"], statut=StatutAdhesion.EN_ATTENTE)
    client.force_login(roles["instructeur_dx"])
    contenu = client.get(reverse("comptes:adhesions")).content.decode()
    assert str(demande_a.uuid) in contenu
    assert str(demande_b.uuid) not in contenu


def test_anonyme_renvoye_vers_la_connexion(client, territoire):
    adhesion = AdhesionFactory(collectivite=territoire["a"])
    for url in [
        reverse("comptes:adhesions"),
        reverse("comptes:adhesion_detail", args=[adhesion.uuid]),
        reverse("portail:mon_espace"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
