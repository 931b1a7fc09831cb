import pytest
from django.urls import reverse

from fonds.collectivites.enums import Nature
from fonds.collectivites.models import Collectivite
from fonds.collectivites.recherche import normaliser
from tests.collectivites.factories import CollectiviteFactory, DepartementFactory


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("L'Haÿ-les-Roses", "l hay les roses"),
        ("  Saint-Étienne   du  Rouvray ", "saint etienne du rouvray"),
        ("Œuilly", "oeuilly"),
        ("CC Faucigny - Glières", "cc faucigny glieres"),
        ("Région Provence-Alpes-Côte d’Azur", "region provence alpes cote d azur"),
        ("", ""),
    ],
)
def test_normaliser(texte, attendu):
    assert normaliser(texte) == attendu


def chercher(client, texte):
    reponse = client.get(reverse("collectivites:recherche"), {"q": texte})
    assert reponse.status_code == 200
    return [r["nom"] for r in reponse.json()["resultats"]]


@pytest.fixture
def communes():
    d42 = DepartementFactory(code="42", nom="Loire")
    d76 = DepartementFactory(code="76", nom="Seine-Maritime")
    return {
        "saint_etienne": CollectiviteFactory(
            nom="Saint-Étienne", code_insee="42218", siren="214202186", population=173000,
            codes_postaux="42000 42100", departement=d42,
        ),
        "rouvray": CollectiviteFactory(
            nom="Saint-Étienne-du-Rouvray", code_insee="76575", population=28000,
            codes_postaux="76800", departement=d76,
        ),
        "petite": CollectiviteFactory(
            nom="Saint-Étienne-de-Chigny", code_insee="37219", population=1500,
        ),
        "agglo": CollectiviteFactory(
            nature=Nature.EPCI, nom="Saint-Étienne Métropole", code_insee="",
            siren="244200770", population=400000, departement=d42,
        ),
        "ancienne": CollectiviteFactory(nom="Saint-Étienne-Vieux", actif=False),
    }  # fmt: skip


@pytest.mark.django_db
def test_recherche_par_nom_classe_nom_exact_puis_population(client, communes):
    assert chercher(client, "saint etienne") == [
        "Saint-Étienne (42)",
        "Saint-Étienne Métropole",
        "Saint-Étienne-du-Rouvray (76)",
        f"Saint-Étienne-de-Chigny ({communes['petite'].departement.code})",
    ]
    # Préfixes de mots, dans n'importe quelle position ; accents et tirets ignorés.
    assert chercher(client, "ROUVRAY") == ["Saint-Étienne-du-Rouvray (76)"]
    assert chercher(client, "st-et") == []
    assert chercher(client, "saint eti du") == ["Saint-Étienne-du-Rouvray (76)"]


@pytest.mark.django_db
def test_recherche_par_code_insee_siren_et_code_postal(client, communes):
    assert chercher(client, "42218") == ["Saint-Étienne (42)"]
    assert chercher(client, "244200770") == ["Saint-Étienne Métropole"]
    assert chercher(client, "214 202 186") == ["Saint-Étienne (42)"]
    assert chercher(client, "76800") == ["Saint-Étienne-du-Rouvray (76)"]
    assert chercher(client, "42100") == ["Saint-Étienne (42)"]
    # Le libellé affiché par le portail, avec le département, retrouve la commune.
    attendu = ["Saint-Étienne (42)", "Saint-Étienne Métropole"]
    assert chercher(client, "Saint-Étienne (42)") == attendu


@pytest.mark.django_db
def test_recherche_code_exact_avant_code_postal(client):
    CollectiviteFactory(nom="Grande", code_insee="11111", population=90000)
    CollectiviteFactory(nom="Petite", code_insee="22222", codes_postaux="11111", population=10)
    CollectiviteFactory(nom="Autre", code_insee="33333", codes_postaux="11111", population=50)
    noms = chercher(client, "11111")
    assert [n.split(" (")[0] for n in noms] == ["Grande", "Autre", "Petite"]


@pytest.mark.django_db
def test_recherche_publique_vide_et_limitee(client):
    assert chercher(client, "") == []
    assert chercher(client, "   ") == []
    CollectiviteFactory.create_batch(25, nom="Villeneuve")
    assert len(chercher(client, "villeneuve")) == 20


@pytest.mark.django_db
@pytest.mark.parametrize("nombre", [10, 1000])
def test_recherche_nombre_de_requetes_constant(client, django_assert_max_num_queries, nombre):
    departement = DepartementFactory()
    Collectivite.objects.bulk_create(
        [
            Collectivite(
                nature=Nature.COMMUNE, nom=f"Commune {i}", nom_recherche=f"commune {i}",
                code_insee=f"{i:05d}", population=i, departement=departement,
                region=departement.region,
            )
            for i in range(nombre)
        ]
    )  # fmt: skip
    with django_assert_max_num_queries(1, info="La recherche doit tenir en une requête."):
        resultats = chercher(client, "commune")
    assert len(resultats) == min(nombre, 20)
    assert resultats[0] == f"Commune {nombre - 1} ({departement.code})"
