"""Construction du fichier livré et chargement du registre, sur de petites données."""

import gzip
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from fonds.collectivites.enums import Nature, TypeEpci
from fonds.collectivites.models import Collectivite, Departement, Region
from fonds.collectivites.registre.chargement import charger
from fonds.collectivites.registre.sources import construire_depuis_etalab, lire_fichier
from tests.comptes.factories import AdhesionFactory

DONNEES = Path(__file__).parent / "donnees"
ETALAB = DONNEES / "etalab"
COG = DONNEES / "cog"


@pytest.fixture
def donnees():
    return construire_depuis_etalab(ETALAB, millesime="2026")


def test_construire_registre_ecrit_un_fichier_compact(tmp_path):
    sortie = tmp_path / "registre.json.gz"

    call_command("construire_registre", str(ETALAB), "--millesime", "2026", "--sortie", sortie)

    with gzip.open(sortie, "rt", encoding="utf-8") as fichier:
        donnees = json.load(fichier)
    assert donnees["m"]["millesime"] == "2026"
    assert donnees["m"]["licence"] == "MIT"
    # Les collectivités d'outre-mer ne sont ni des régions ni des départements.
    assert [r[0] for r in donnees["r"]] == ["11", "94", "44"]
    assert [d[0] for d in donnees["d"]] == ["75", "91", "2A", "2B", "67", "68"]
    # Seules les communes actuelles : ni arrondissements, ni communes déléguées.
    codes = [c[0] for c in donnees["c"]]
    assert codes == ["75056", "91228", "91174", "2A004", "2B033", "67482", "98735"]
    assert donnees["c"][0] == ["75056", "Paris", "217500016", "75", "11", 2103778, "75001 75002"]
    siren, nom, type_epci, membres, population = donnees["e"][0]
    assert (siren, type_epci, membres) == ("200059228", "CA", ["91228", "91174"])
    assert population == 116500  # la population municipale que la source donne à l'EPCI
    # Reproductible : deux constructions donnent le même fichier.
    autre = tmp_path / "autre.json.gz"
    call_command("construire_registre", str(ETALAB), "--millesime", "2026", "--sortie", autre)
    assert sortie.read_bytes() == autre.read_bytes()


@pytest.mark.django_db
def test_charger_cree_territoires_et_collectivites(donnees):
    bilan = charger(donnees)

    assert Region.objects.count() == 3
    assert Departement.objects.count() == 6
    assert bilan.crees == Collectivite.objects.count() == 14
    par_nature = {
        nature: set(Collectivite.objects.filter(nature=nature).values_list("nom", flat=True))
        for nature in Nature.values
    }
    assert par_nature[Nature.REGION] == {"Région Île-de-France", "Région Grand Est"}
    # Paris exerce les compétences départementales ; Corse et Alsace ont leur collectivité.
    assert par_nature[Nature.DEPARTEMENT] == {"Département de l'Essonne"}
    assert par_nature[Nature.STATUT_PARTICULIER] == {
        "Collectivité de Corse",
        "Collectivité européenne d'Alsace",
    }
    corse = Collectivite.objects.get(nature=Nature.STATUT_PARTICULIER, code_insee="94")
    assert corse.siren == "200076958"
    assert corse.population == 73000 + 48000
    assert set(corse.departements_couverts().values_list("code", flat=True)) == {"2A", "2B"}
    assert Collectivite.objects.get(nature=Nature.REGION, code_insee="11").siren == "237500079"
    essonne = Collectivite.objects.get(nature=Nature.DEPARTEMENT, code_insee="91")
    assert essonne.siren == "229102280"
    assert essonne.population == 67000 + 51000

    paris = Collectivite.objects.get(code_insee="75056")
    assert (paris.nature, paris.siren, paris.population) == (Nature.COMMUNE, "217500016", 2103778)
    assert paris.codes_postaux == "75001 75002"
    assert paris.departement.code == "75" and paris.region.code == "11"
    evry = Collectivite.objects.get(code_insee="91228")
    assert evry.nom_recherche == "evry courcouronnes"
    papeete = Collectivite.objects.get(code_insee="98735")
    assert papeete.departement is None and papeete.region is None and papeete.siren is None

    ca = Collectivite.objects.get(siren="200059228")
    assert (ca.nature, ca.type_epci, ca.code_insee) == (Nature.EPCI, TypeEpci.CA, "")
    assert set(ca.membres.values_list("code_insee", flat=True)) == {"91228", "91174"}
    # La population de l'EPCI est celle de la source, pas la somme de ses communes (118 000).
    assert ca.population == 116500
    assert ca.departement.code == "91" and ca.region.code == "11"
    assert list(evry.groupements.all()) == [ca]


@pytest.mark.django_db
def test_sans_population_de_la_source_un_epci_compte_ses_communes(donnees):
    # Un fichier d'avant le cinquième élément (ou une population inconnue).
    donnees["e"][0] = donnees["e"][0][:4]
    donnees["e"][1][4] = None
    charger(donnees)
    assert Collectivite.objects.get(siren="200059228").population == 67000 + 51000
    strasbourg = Collectivite.objects.get(code_insee="67482")
    assert Collectivite.objects.get(siren="246700488").population == strasbourg.population


@pytest.mark.django_db
def test_charger_deux_fois_ne_change_rien(donnees):
    charger(donnees)
    avant = list(Collectivite.objects.order_by("pk").values())
    liens = Collectivite.membres.through.objects.count()

    bilan = charger(construire_depuis_etalab(ETALAB, millesime="2026"))

    assert bilan.inchange, bilan
    assert list(Collectivite.objects.order_by("pk").values()) == avant
    assert Collectivite.membres.through.objects.count() == liens


@pytest.mark.django_db
def test_charger_rafraichit_et_desactive_sans_supprimer(donnees):
    charger(donnees)
    bastia = Collectivite.objects.get(code_insee="2B033")
    AdhesionFactory(collectivite=bastia)
    # Nouveau millésime : Ajaccio change de nom et de population, Bastia disparaît,
    # Corbeil-Essonnes quitte la CA.
    for commune in donnees["c"]:
        if commune[0] == "2A004":
            commune[1], commune[5] = "Ajaccio-Nouveau", 75000
    donnees["c"] = [c for c in donnees["c"] if c[0] != "2B033"]
    donnees["e"][0][3] = ["91228"]
    donnees["e"][0][4] = 66800

    bilan = charger(donnees)

    ajaccio = Collectivite.objects.get(code_insee="2A004")
    assert (ajaccio.nom, ajaccio.nom_recherche, ajaccio.population) == (
        "Ajaccio-Nouveau",
        "ajaccio nouveau",
        75000,
    )
    bastia.refresh_from_db()
    assert bastia.actif is False  # gardée (elle a des adhésions), désactivée
    assert bilan.desactives == 1
    assert bilan.adhesions_epci_retirees == 1
    ca = Collectivite.objects.get(siren="200059228")
    assert ca.population == 66800
    corse = Collectivite.objects.get(nature=Nature.STATUT_PARTICULIER, code_insee="94")
    assert corse.population == 75000

    # Elle revient : réactivée, pas dupliquée.
    charger(construire_depuis_etalab(ETALAB, millesime="2026"))
    bastia.refresh_from_db()
    assert bastia.actif is True
    assert Collectivite.objects.filter(code_insee="2B033").count() == 1


@pytest.mark.django_db
def test_charger_ne_touche_pas_aux_groupements(donnees):
    charger(donnees)
    ca = Collectivite.objects.get(siren="200059228")
    from tests.collectivites.factories import CollectiviteFactory

    syndicat = CollectiviteFactory(
        nature=Nature.SYNDICAT_MIXTE, nom="Syndicat", code_insee="", siren="123456782"
    )
    syndicat.membres.set([ca, Collectivite.objects.get(code_insee="2A004")])

    assert charger(donnees).inchange
    syndicat.refresh_from_db()
    assert syndicat.actif and syndicat.membres.count() == 2


@pytest.mark.django_db
def test_charger_registre_depuis_le_cog(donnees, capsys):
    charger(donnees)

    call_command(
        "charger_registre",
        "--cog-regions", COG / "v_region.csv",
        "--cog-departements", COG / "v_departement.csv",
        "--cog-communes", COG / "v_commune.csv",
        "--populations", COG / "populations.csv",
    )  # fmt: skip

    assert "Registre chargé" in capsys.readouterr().out
    paris = Collectivite.objects.get(code_insee="75056")
    # Population du fichier de populations ; SIREN et codes postaux (absents du COG) gardés.
    assert (paris.population, paris.siren, paris.codes_postaux) == (
        2100000,
        "217500016",
        "75001 75002",
    )
    assert not Collectivite.objects.filter(code_insee="75101").exists()
    # Absente du COG fourni : désactivée. Les EPCI (absents du COG) ne bougent pas.
    assert Collectivite.objects.get(code_insee="91174").actif is False
    ca = Collectivite.objects.get(siren="200059228")
    assert ca.actif and ca.membres.count() == 2


@pytest.mark.django_db
def test_charger_registre_sur_base_vide_depuis_le_cog():
    call_command(
        "charger_registre",
        "--cog-regions", COG / "v_region.csv",
        "--cog-departements", COG / "v_departement.csv",
        "--cog-communes", COG / "v_commune.csv",
        "--populations", COG / "populations.csv",
    )  # fmt: skip

    assert Collectivite.objects.filter(nature=Nature.COMMUNE).count() == 4
    ajaccio = Collectivite.objects.get(code_insee="2A004")
    assert (ajaccio.population, ajaccio.siren, ajaccio.departement.code) == (74000, None, "2A")
    assert Collectivite.objects.get(nature=Nature.DEPARTEMENT).nom == "Département de l'Essonne"


def test_lire_fichier_livre_est_au_bon_format(settings):
    donnees = lire_fichier(settings.REGISTRE_FICHIER)
    assert set(donnees) == {"m", "r", "d", "c", "e"}
    assert Path(settings.REGISTRE_FICHIER).stat().st_size < 3 * 1024 * 1024
