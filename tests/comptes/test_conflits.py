"""Conflits d'intérêts, habilitations limitées à un guichet, droits chargés avec la personne."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fonds.comptes import perms, services
from fonds.comptes.backends import ModelBackend
from fonds.comptes.enums import Role, SourceConflit
from fonds.comptes.models import ConflitInteret, Habilitation, User
from fonds.dossiers.models import Dossier
from fonds.financement.models import Subvention
from tests.collectivites.factories import CollectiviteFactory
from tests.comptes.factories import AdhesionFactory
from tests.dossiers.factories import DossierFactory, GuichetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def guichets(territoire, roles):
    t = territoire
    gx = GuichetFactory(departement=t["dx"], slug="gx", nom="Guichet X")
    gy = GuichetFactory(departement=t["dy"], slug="gy", nom="Guichet Y")
    return {
        "gx": gx,
        "gy": gy,
        "dossier_a": DossierFactory(
            guichet=gx, collectivite=t["a"], titre="Projet numérique de A", depose=True
        ),
        "dossier_a2": DossierFactory(
            guichet=gx,
            collectivite=CollectiviteFactory(departement=t["dx"]),
            depose=True,
            titre="Projet de la voisine",
        ),
        "dossier_b": DossierFactory(
            guichet=gy, collectivite=t["b"], titre="Projet numérique de B", depose=True
        ),
    }


def test_un_conflit_declare_ferme_le_dossier_des_la_requete_suivante(client, roles, guichets):
    agent, dossier = roles["instructeur_dx"], guichets["dossier_a"]
    client.force_login(agent)
    page = reverse("dossiers:dossier", args=[dossier.uuid])
    liste = reverse("dossiers:instruction", args=[guichets["gx"].slug])
    export = reverse("dossiers:export_csv", args=[guichets["gx"].slug])
    assert client.get(page).status_code == 200
    assert dossier.titre in client.get(liste).content.decode()

    reponse = client.post(
        reverse("comptes:declarer_conflit"),
        {"collectivite": dossier.collectivite.uuid, "motif": "Conseiller municipal de A."},
    )
    assert reponse.status_code == 302

    assert client.get(page).status_code == 403
    contenu = client.get(liste).content.decode()
    assert dossier.titre not in contenu
    assert guichets["dossier_a2"].titre in contenu  # les autres dossiers restent
    assert dossier.titre not in b"".join(client.get(export).streaming_content).decode()
    assert not Dossier.objects.instruits_par(agent).filter(pk=dossier.pk).exists()
    assert Dossier.objects.instruits_par(agent).count() == 1
    with pytest.raises(PermissionDenied):
        from fonds.dossiers import services as dossiers

        dossiers.annoter(dossier=dossier, texte="…", auteur=User.objects.get(pk=agent.pk))


def test_un_conflit_declare_deux_fois_est_refuse_en_francais(roles, territoire):
    agent = roles["instructeur_dx"]
    services.declarer_conflit(user=agent, collectivite=territoire["a"], motif="Élu.", par=agent)
    with pytest.raises(ValidationError) as exc:
        services.declarer_conflit(
            user=agent, collectivite=territoire["a"], motif="Encore.", par=agent
        )
    assert "déjà déclaré" in str(exc.value.message_dict["collectivite"])
    assert ConflitInteret.objects.filter(user=agent).count() == 1


def test_un_conflit_se_declare_pour_soi_ou_par_un_administrateur(roles, territoire):
    with pytest.raises(PermissionDenied):
        services.declarer_conflit(
            user=roles["instructeur_dx"],
            collectivite=territoire["a"],
            motif="Élu.",
            par=roles["instructeur_dy"],
        )
    with pytest.raises(ValidationError):
        services.declarer_conflit(
            user=roles["instructeur_dx"],
            collectivite=territoire["a"],
            motif=" ",
            par=roles["administrateur"],
        )


def test_le_portail_propose_les_collectivites_proches(roles, territoire, guichets):
    agent, a = roles["instructeur_dx"], territoire["a"]
    epci = CollectiviteFactory(departement=territoire["dx"], nom="Communauté de A")
    epci.membres.add(a)
    AdhesionFactory(user=agent, collectivite=epci)  # l'agent est élu de l'EPCI dont A est membre
    perms.oublier_droits(agent)
    assert list(ConflitInteret.objects.propositions(agent)) == [a]
    conflit = services.declarer_conflit(
        user=agent, collectivite=a, motif="Élu de l'EPCI.", par=agent
    )
    assert conflit.source == SourceConflit.PROPOSE
    assert conflit.history.get().history_change_reason == "Déclaration"
    perms.oublier_droits(agent)
    assert not ConflitInteret.objects.propositions(agent).exists()


def test_la_page_des_conflits_liste_propositions_et_declares(client, roles, territoire, guichets):
    agent = roles["instructeur_dx"]
    AdhesionFactory(user=agent, collectivite=territoire["a"])
    client.force_login(agent)
    contenu = client.get(reverse("comptes:conflits")).content.decode()
    assert f"déclarer un conflit avec {territoire['a'].nom}" in contenu
    reponse = client.post(reverse("comptes:declarer_conflit"), {"collectivite": "", "motif": ""})
    assert reponse.status_code == 422
    assert "Ce champ est obligatoire" in reponse.content.decode()
    services.declarer_conflit(
        user=agent, collectivite=territoire["a"], motif="Élue de A.", par=agent
    )
    contenu = client.get(reverse("comptes:conflits")).content.decode()
    assert "Élue de A." in contenu
    reponse = client.post(
        reverse("comptes:declarer_conflit"),
        {"collectivite": territoire["a"].uuid, "motif": "Deux fois."},
    )
    assert reponse.status_code == 422
    assert "déjà déclaré" in reponse.content.decode()
    client.force_login(roles["membre_a"])
    assert client.get(reverse("comptes:conflits")).status_code == 403


def test_un_jure_limite_a_un_guichet_ne_voit_rien_d_un_autre(client, roles, guichets):
    jure = roles["jure_dy"]
    Habilitation.objects.create(user=jure, role=Role.JURE, guichet=guichets["gy"])
    client.force_login(jure)
    assert (
        client.get(reverse("dossiers:dossier", args=[guichets["dossier_b"].uuid])).status_code
        == 200
    )
    assert client.get(
        reverse("dossiers:dossier", args=[guichets["dossier_a"].uuid])
    ).status_code in (403, 404)
    assert client.get(reverse("dossiers:instruction", args=["gx"])).status_code == 403
    assert (
        guichets["dossier_b"].titre
        in client.get(reverse("dossiers:instruction", args=["gy"])).content.decode()
    )
    assert set(Dossier.objects.instruits_par(jure)) == {guichets["dossier_b"]}
    # Limité à un guichet, il n'a rien de l'axe : ni subventions, ni enveloppes.
    assert not perms.peut_voir_financement(jure)
    assert not Subvention.objects.pour_agent(jure).exists()
    assert jure in guichets["gy"].instructeurs()
    assert jure not in guichets["gx"].instructeurs()


def test_une_habilitation_limitee_suit_le_role_du_guichet(roles, guichets):
    h = Habilitation(user=roles["sans_collectivite"], role=Role.DINUM, guichet=guichets["gx"])
    with pytest.raises(ValidationError) as exc:
        h.full_clean()
    assert "guichet" in exc.value.message_dict


def test_les_agents_deportes_ne_sont_pas_notifies(roles, guichets, territoire):
    from fonds.dossiers.services._commun import _agents_du_dossier

    agent = roles["instructeur_dx"]
    assert agent in _agents_du_dossier(guichets["dossier_a"])
    services.declarer_conflit(user=agent, collectivite=territoire["a"], motif="Élu.", par=agent)
    assert agent not in _agents_du_dossier(guichets["dossier_a"])
    assert agent in _agents_du_dossier(guichets["dossier_a2"])


def test_la_personne_et_ses_droits_en_une_requete(
    roles, territoire, guichets, django_assert_num_queries
):
    agent = roles["instructeur_region"]
    ConflitInteret.objects.create(user=agent, collectivite=territoire["a"], motif="Élu.")
    Habilitation.objects.create(user=agent, role=Role.JURE, guichet=guichets["gy"])
    AdhesionFactory(user=agent, collectivite=territoire["c"])
    with django_assert_num_queries(1):
        user = ModelBackend().get_user(agent.pk)
    with django_assert_num_queries(0):
        d = perms.droits(user)
        assert d.collectivites == {territoire["c"].pk}
        assert d.regions == {territoire["region"].pk}
        assert d.departements == {territoire["dx"].pk, territoire["dy"].pk}
        assert d.conflits == {territoire["a"].pk}
        assert d.guichets == {guichets["gy"].pk} and d.roles_limites == {Role.JURE}
        assert not perms.peut_instruire(user, guichets["dossier_a"])
        assert perms.peut_instruire(user, guichets["dossier_a2"])


def test_une_requete_connectee_lit_personne_et_droits_en_une_requete(
    client, roles, settings, django_assert_num_queries
):
    client.force_login(roles["instructeur_dx"])
    session_en_base = settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    with django_assert_num_queries(1 + session_en_base):
        client.get(reverse("portail:plan_du_site"))
