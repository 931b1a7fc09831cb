"""Le fichier livré, chargé en entier (≈ 36 000 collectivités) : figures connues du
millésime 2026 (@etalab/decoupage-administratif 6.0.0) et idempotence.

Un seul test, pour ne charger le fichier qu'une fois (quelques secondes sur SQLite comme sur
PostgreSQL) ; la durée est vérifiée avec une marge (l'objectif est < 30 s).
"""

import time

import pytest
from django.conf import settings
from django.db.models import Sum

from fonds.collectivites.enums import Nature, TypeEpci
from fonds.collectivites.models import Collectivite, Departement, Region
from fonds.collectivites.registre.chargement import charger
from fonds.collectivites.registre.sources import lire_fichier


@pytest.mark.django_db
def test_charger_le_registre_livre():
    donnees = lire_fichier(settings.REGISTRE_FICHIER)
    assert (donnees["m"]["version"], donnees["m"]["millesime"]) == ("6.0.0", "2026")

    debut = time.perf_counter()
    bilan = charger(donnees)
    duree = time.perf_counter() - debut
    assert duree < 30, f"chargement trop lent : {duree:.1f} s"

    assert Region.objects.count() == 18
    assert Departement.objects.count() == 101
    communes = Collectivite.objects.filter(nature=Nature.COMMUNE)
    assert communes.count() == len(donnees["c"]) == 34969
    assert Collectivite.objects.filter(nature=Nature.EPCI).count() == 1255
    # 18 régions − 4 remplacées ; 101 départements − 8 (Corse, Alsace, Martinique, Guyane,
    # Mayotte, Paris) ; 5 collectivités à statut particulier.
    assert Collectivite.objects.filter(nature=Nature.REGION).count() == 14
    assert Collectivite.objects.filter(nature=Nature.DEPARTEMENT).count() == 93
    assert Collectivite.objects.filter(nature=Nature.STATUT_PARTICULIER).count() == 5
    assert bilan.crees == Collectivite.objects.count() == 34969 + 1255 + 14 + 93 + 5

    paris = Collectivite.objects.get(nature=Nature.COMMUNE, code_insee="75056")
    assert (paris.nom, paris.siren, paris.population) == ("Paris", "217500016", 2103778)
    assert not Collectivite.objects.filter(nature=Nature.DEPARTEMENT, code_insee="75").exists()

    lyon = Collectivite.objects.get(siren="200046977")
    assert (lyon.nom, lyon.type_epci) == ("Métropole de Lyon", TypeEpci.MET69)
    assert lyon.membres.count() == 58
    assert lyon.membres.filter(code_insee="69123", nom="Lyon").exists()
    # La population d'un EPCI est celle que la source lui donne, pas la somme des communes.
    assert lyon.population == 1433613
    assert lyon.membres.aggregate(total=Sum("population"))["total"] == 1436354
    assert lyon.departement.code == "69"

    faucigny = Collectivite.objects.get(siren="200000172")
    assert faucigny.nom == "CC Faucigny - Glières"
    assert faucigny.membres.filter(code_insee="74042").exists()  # Bonneville
    assert faucigny.population == 28363
    rennes = Collectivite.objects.get(siren="243500139")
    assert (rennes.nom, rennes.population) == ("Rennes Métropole", 473973)
    rouen = Collectivite.objects.get(siren="200023414")
    assert (rouen.nom, rouen.population) == ("Métropole Rouen Normandie", 500703)

    assert Collectivite.objects.get(siren="200094332").nom == "Collectivité européenne d'Alsace"
    assert Collectivite.objects.get(siren="233500016").nom == "Région Bretagne"
    assert Collectivite.objects.get(siren="225900018").nom == "Département du Nord"

    # Second chargement : rien ne change.
    nombre, liens = Collectivite.objects.count(), Collectivite.membres.through.objects.count()
    assert charger(lire_fichier(settings.REGISTRE_FICHIER)).inchange
    assert Collectivite.objects.count() == nombre
    assert Collectivite.membres.through.objects.count() == liens == 34871
