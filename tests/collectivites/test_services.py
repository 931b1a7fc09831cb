import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fonds.collectivites.enums import Nature
from fonds.collectivites.services import creer_groupement, modifier_membres
from fonds.comptes.enums import Role
from tests.collectivites.factories import CollectiviteFactory, DepartementFactory
from tests.comptes.factories import HabilitationFactory, UserFactory


@pytest.fixture
def admin():
    return HabilitationFactory(role=Role.ADMINISTRATEUR).user


@pytest.fixture
def registre():
    d01, d02 = DepartementFactory(code="01"), DepartementFactory(code="02")
    a = CollectiviteFactory(nom="A", population=1000, departement=d01)
    b = CollectiviteFactory(nom="B", population=2000, departement=d01)
    c = CollectiviteFactory(nom="C", population=5000, departement=d02)
    epci = CollectiviteFactory(
        nature=Nature.EPCI, nom="CC AB", code_insee="", population=3000, departement=d01
    )
    epci.membres.set([a, b])
    return {"a": a, "b": b, "c": c, "epci": epci}


@pytest.mark.django_db
def test_creer_groupement_calcule_population_sans_double_compte(admin, registre):
    groupement = creer_groupement(
        nature=Nature.SYNDICAT_MIXTE,
        nom=" Syndicat numérique de l'Ain ",
        siren="200012345",
        # A est membre directe et membre de l'EPCI membre : comptée une fois.
        membres=[registre["epci"], registre["a"], registre["c"]],
        par=admin,
    )

    assert groupement.population == 3000 + 5000
    assert groupement.nom == "Syndicat numérique de l'Ain"
    assert groupement.nom_recherche == "syndicat numerique de l ain"
    assert set(groupement.membres.all()) == {registre["epci"], registre["a"], registre["c"]}
    assert groupement.departement.code == "02"  # celui du membre le plus peuplé
    couverts = groupement.departements_couverts().values_list("code", flat=True)
    assert sorted(couverts) == ["01", "02"]


@pytest.mark.django_db
def test_modifier_membres_recalcule_la_population(admin, registre):
    groupement = creer_groupement(
        nature=Nature.GIP, nom="GIP", siren="200012345", membres=[registre["c"]], par=admin
    )

    modifier_membres(groupement=groupement, membres=[registre["a"], registre["b"]], par=admin)

    groupement.refresh_from_db()
    assert groupement.population == 3000
    assert list(groupement.departements_couverts().values_list("code", flat=True)) == ["01"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("champs", "champ_en_erreur", "message"),
    [
        ({"nature": Nature.COMMUNE}, "nature", "« Commune » n'est pas une nature de groupement"),
        ({"siren": "12345"}, "siren", "Le SIREN doit comporter exactement 9 chiffres."),
        ({"siren": "12345678A"}, "siren", "Le SIREN doit comporter exactement 9 chiffres."),
        ({"membres": []}, "membres", "Un groupement doit compter au moins une collectivité"),
    ],
)
def test_creer_groupement_refuse(admin, registre, champs, champ_en_erreur, message):
    arguments = {
        "nature": Nature.SPL,
        "nom": "SPL",
        "siren": "200012345",
        "membres": [registre["a"]],
        **champs,
    }
    with pytest.raises(ValidationError) as erreur:
        creer_groupement(**arguments, par=admin)
    assert message in erreur.value.message_dict[champ_en_erreur][0]


@pytest.mark.django_db
def test_creer_groupement_refuse_un_siren_deja_pris(admin, registre):
    with pytest.raises(ValidationError) as erreur:
        creer_groupement(
            nature=Nature.SCIC,
            nom="SCIC",
            siren=registre["a"].siren,
            membres=[registre["b"]],
            par=admin,
        )
    assert erreur.value.message_dict["siren"] == [
        f"Le SIREN {registre['a'].siren} est déjà celui de « {registre['a']} »."
    ]


@pytest.mark.django_db
def test_groupements_reserves_aux_administrateurs_et_anct(registre):
    with pytest.raises(PermissionDenied):
        creer_groupement(
            nature=Nature.ASSOCIATION,
            nom="Asso",
            siren="200012345",
            membres=[registre["a"]],
            par=UserFactory(),
        )
    anct = HabilitationFactory(role=Role.ANCT).user
    groupement = creer_groupement(
        nature=Nature.ASSOCIATION, nom="Asso", siren="200012345", membres=[registre["a"]], par=anct
    )
    with pytest.raises(PermissionDenied):
        modifier_membres(groupement=groupement, membres=[registre["b"]], par=UserFactory())


@pytest.mark.django_db
def test_modifier_membres_refuse_epci_et_liste_vide(admin, registre):
    with pytest.raises(ValidationError):
        modifier_membres(groupement=registre["epci"], membres=[registre["c"]], par=admin)
    groupement = creer_groupement(
        nature=Nature.GIP, nom="GIP", siren="200012345", membres=[registre["c"]], par=admin
    )
    with pytest.raises(ValidationError):
        modifier_membres(groupement=groupement, membres=[], par=admin)
    with pytest.raises(ValidationError):
        modifier_membres(groupement=groupement, membres=[groupement], par=admin)


@pytest.mark.django_db
def test_admin_cree_un_groupement_par_le_service(client, registre):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)

    reponse = client.post(
        "/gestion-interne/collectivites/collectivite/add/",
        {
            "nature": Nature.SYNDICAT_MIXTE,
            "nom": "Syndicat mixte ouvert",
            "siren": "200012345",
            "membres": [registre["epci"].pk, registre["c"].pk],
            "codes_postaux": "",
            "code_insee": "",
            "type_epci": "",
            "actif": "on",
        },
    )

    assert reponse.status_code == 302, reponse.context["adminform"].form.errors
    from fonds.collectivites.models import Collectivite

    groupement = Collectivite.objects.get(siren="200012345")
    assert groupement.population == 8000
    assert groupement.nom_recherche == "syndicat mixte ouvert"

    reponse = client.post(
        f"/gestion-interne/collectivites/collectivite/{groupement.pk}/change/",
        {
            "nature": Nature.SYNDICAT_MIXTE,
            "nom": "Syndicat mixte ouvert",
            "siren": "200012345",
            "membres": [registre["c"].pk],
            "codes_postaux": "",
            "code_insee": "",
            "type_epci": "",
            "actif": "on",
        },
    )
    assert reponse.status_code == 302
    groupement.refresh_from_db()
    assert groupement.population == 5000


@pytest.mark.django_db
def test_admin_refuse_une_commune_creee_a_la_main(client, registre):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    reponse = client.post(
        "/gestion-interne/collectivites/collectivite/add/",
        {"nature": Nature.COMMUNE, "nom": "Nouvelle", "siren": "", "membres": [], "actif": "on"},
    )
    assert reponse.status_code == 200
    erreurs = reponse.context["adminform"].form.errors
    assert "n'est pas une nature de groupement" in erreurs["nature"][0]


@pytest.mark.django_db
def test_admin_recherche_et_autocompletion(client, registre):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/gestion-interne/collectivites/collectivite/?q=cc+ab").status_code == 200
    reponse = client.get(
        "/gestion-interne/autocomplete/",
        {
            "term": "CC AB",
            "app_label": "collectivites",
            "model_name": "collectivite",
            "field_name": "membres",
        },
    )
    assert [r["text"] for r in reponse.json()["results"]] == ["CC AB"]
