"""Une seule fonction d'éligibilité, qui s'explique avec les chiffres : chaque règle du guichet,
son refus, et son effet sur le brouillon et le dépôt."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fonds.collectivites.enums import Nature
from fonds.dossiers import services
from fonds.dossiers.eligibilite import eligibilite, regles_en_clair
from fonds.dossiers.enums import CouvertureDepartement, Etat
from fonds.dossiers.models import Dossier
from tests.collectivites.factories import CollectiviteFactory, DepartementFactory
from tests.comptes.factories import AdhesionFactory
from tests.dossiers.factories import DossierFactory, GuichetFactory

pytestmark = pytest.mark.django_db


def _national(**regles):
    regles.setdefault("couverture_departement", CouvertureDepartement.SUFFIT)
    regles.setdefault("population_min", 500_000)
    return GuichetFactory(departement=None, region=None, role_instructeur="dinum", **regles)


def test_le_plancher_se_dit_avec_les_chiffres():
    guichet = _national()
    rouen = CollectiviteFactory(
        nom="Métropole Rouen Normandie", nature=Nature.EPCI, population=500_703
    )
    rennes = CollectiviteFactory(nom="Rennes Métropole", nature=Nature.EPCI, population=473_973)

    admis = eligibilite(guichet, rouen)
    refus = eligibilite(guichet, rennes)

    assert admis.ok
    assert admis.raisons == ["Métropole Rouen Normandie : 500 703 habitants ≥ 500 000."]
    assert not refus.ok
    assert refus.raisons == [
        "Rennes Métropole : 473 973 habitants < 500 000 et ne couvre aucun département."
    ]


def test_la_marge_du_guichet_est_la_seule_marge():
    rennes = CollectiviteFactory(nom="Rennes Métropole", nature=Nature.EPCI, population=473_973)
    assert not eligibilite(_national(marge_population=0), rennes).ok
    assert not eligibilite(_national(marge_population=5), rennes).ok  # 475 000 au moins
    admis = eligibilite(_national(marge_population=10), rennes)
    assert admis.ok
    assert "dans la marge de 10 % que le guichet admet (au moins 450 000)" in admis.raisons[0]
    refus = eligibilite(_national(marge_population=5), rennes)
    assert refus.raisons == [
        "Rennes Métropole : 473 973 habitants < 475 000 (plancher de 500 000 moins la marge "
        "de 5 %) et ne couvre aucun département."
    ]


def test_couvrir_un_departement_suffit_ou_est_exige():
    departement = CollectiviteFactory(nom="Côte-d'Or", nature=Nature.DEPARTEMENT, population=530)
    petit = CollectiviteFactory(nom="Petit syndicat", nature=Nature.SYNDICAT_MIXTE)
    avec_un_departement = CollectiviteFactory(nom="GIP Numérique", nature=Nature.GIP)
    avec_un_departement.membres.add(departement)

    assert eligibilite(_national(), departement).ok
    assert (
        "couvre au moins un département : cela suffit"
        in eligibilite(_national(), avec_un_departement).raisons[0]
    )
    exige = _national(couverture_departement=CouvertureDepartement.EXIGEE, population_min=None)
    assert eligibilite(exige, avec_un_departement).ok
    assert eligibilite(exige, petit).raisons == [
        "Petit syndicat ne couvre aucun département, ce que le guichet exige."
    ]


def test_le_plafond_de_population():
    guichet = GuichetFactory(population_max=20_000)
    commune = CollectiviteFactory(nom="Beaune", population=20_001, departement=guichet.departement)
    assert eligibilite(guichet, commune).raisons == [
        "Beaune : 20 001 habitants > 20 000, plafond de population du guichet."
    ]
    commune.population = 20_000
    assert eligibilite(guichet, commune).ok


def test_une_population_inconnue_ne_passe_ni_plancher_ni_plafond():
    commune = CollectiviteFactory(nom="Inconnue", population=None)
    assert "inconnue du registre" in eligibilite(_national(), commune).raisons[0]
    guichet = GuichetFactory(population_max=100, departement=commune.departement)
    assert "inconnue du registre" in eligibilite(guichet, commune).raisons[0]


def test_les_natures_admises():
    guichet = _national(
        population_min=None,
        couverture_departement="",
        natures_eligibles=[Nature.EPCI, Nature.DEPARTEMENT],
    )
    commune = CollectiviteFactory(nom="Majastres", population=5)
    assert eligibilite(guichet, commune).raisons == [
        "Ce guichet est ouvert aux demandeurs suivants : EPCI à fiscalité propre, département ; "
        "Majastres est : commune."
    ]


def test_un_guichet_de_prefecture_ne_recoit_que_son_territoire():
    cote_dor = DepartementFactory(code="21", nom="Côte-d'Or")
    rhone = DepartementFactory(code="69", nom="Rhône")
    guichet = GuichetFactory(departement=cote_dor)
    lyon = CollectiviteFactory(nom="Lyon", departement=rhone)
    beaune = CollectiviteFactory(nom="Beaune", departement=cote_dor)
    assert eligibilite(guichet, lyon).raisons == [
        "Ce guichet ne reçoit que les collectivités du département Côte-d'Or (21) ; Lyon est "
        "rattachée au département Rhône (69)."
    ]
    assert eligibilite(guichet, beaune).ok

    regional = GuichetFactory(departement=None, region=cote_dor.region)
    assert eligibilite(regional, beaune).ok
    assert "ne reçoit que les collectivités de la région" in eligibilite(regional, lyon).raisons[0]


def test_un_guichet_ferme_n_admet_personne():
    guichet = GuichetFactory(
        ouverture=timezone.now() + datetime.timedelta(days=3),
        cloture=timezone.now() + datetime.timedelta(days=30),
    )
    commune = CollectiviteFactory(departement=guichet.departement)
    verdict = eligibilite(guichet, commune)
    assert not verdict.ok
    assert "il ouvre le" in verdict.raisons[0]
    assert eligibilite(guichet, commune, ouverture=False).ok


def test_un_guichet_sans_regle_accueille_tout_son_territoire():
    guichet = GuichetFactory()
    commune = CollectiviteFactory(nom="Majastres", population=5, departement=guichet.departement)
    verdict = eligibilite(guichet, commune)
    assert verdict.ok
    assert verdict.raisons == [
        f"Majastres est dans le département du guichet : {guichet.departement}."
    ]


# Brouillon et dépôt ------------------------------------------------------------------------


def test_une_collectivite_exclue_ne_commence_pas_de_brouillon_et_sait_pourquoi():
    cote_dor = DepartementFactory(code="21", nom="Côte-d'Or")
    guichet = GuichetFactory(departement=cote_dor)
    lyon = CollectiviteFactory(nom="Lyon", departement=DepartementFactory(code="69", nom="Rhône"))
    membre = AdhesionFactory(collectivite=lyon).user
    with pytest.raises(ValidationError) as erreur:
        services.creer_dossier(guichet=guichet, collectivite=lyon, par=membre)
    assert "Lyon est rattachée au département Rhône (69)" in erreur.value.messages[0]
    assert not Dossier.objects.exists()


def test_le_droit_d_agir_passe_avant_l_eligibilite():
    guichet = GuichetFactory()
    commune = CollectiviteFactory(departement=guichet.departement)
    intrus = AdhesionFactory(collectivite=CollectiviteFactory()).user
    with pytest.raises(PermissionDenied):
        services.creer_dossier(guichet=guichet, collectivite=commune, par=intrus)


def test_le_depot_verifie_les_regles_du_jour():
    dossier = DossierFactory()
    membre = AdhesionFactory(collectivite=dossier.collectivite).user
    dossier.collectivite.population = 60_000
    dossier.collectivite.save()
    dossier.guichet.population_max = 50_000
    dossier.guichet.save()
    with pytest.raises(ValidationError) as erreur:
        services.deposer(dossier=dossier, par=membre)
    assert "60 000 habitants > 50 000" in erreur.value.message_dict["__all__"][0]
    dossier.refresh_from_db()
    assert dossier.etat == Etat.BROUILLON
    assert "__all__" in services.erreurs_de_depot(dossier)


# Règles contradictoires ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("regles", "champ", "message"),
    [
        ({"population_min": 10, "population_max": 5}, "population_min", "dépasse le plafond"),
        (
            {"taux_max": Decimal("50"), "montant_forfaitaire": Decimal("5000")},
            "montant_forfaitaire",
            "un forfait ou un taux",
        ),
        ({"marge_population": 5}, "marge_population", "demande un plancher"),
        (
            {"couverture_departement": CouvertureDepartement.SUFFIT},
            "couverture_departement",
            "indiquez la population minimale",
        ),
        ({"plafond_par_categorie": 1}, "plafond_par_categorie", "demande des catégories"),
        (
            {
                "plafond_par_categorie": 3,
                "plafond_par_beneficiaire": 2,
                "categories": [["fc", "FranceConnect"]],
            },
            "plafond_par_categorie",
            "dépasse le plafond par bénéficiaire",
        ),
        (
            {"montant_forfaitaire": Decimal("6000"), "montant_max": Decimal("5000")},
            "montant_forfaitaire",
            "dépasse le montant maximal",
        ),
        ({"natures_eligibles": ["commune", "canton"]}, "natures_eligibles", "canton"),
        ({"types_projet": ["jardinage"]}, "types_projet", "jardinage"),
        ({"categories": [["fc"]]}, "categories", "[code, libellé]"),
    ],
)
def test_guichet_clean_refuse_les_regles_contradictoires(regles, champ, message):
    guichet = GuichetFactory.build(departement=None, role_instructeur="dinum", **regles)
    with pytest.raises(ValidationError) as erreur:
        guichet.clean()
    assert message in " ".join(erreur.value.message_dict[champ])


def test_des_regles_coherentes_passent_et_se_lisent_en_clair():
    guichet = _national(
        marge_population=5,
        taux_max=Decimal("50"),
        montant_max=Decimal("1000000"),
        plafond_par_beneficiaire=2,
        plafond_par_categorie=1,
        categories=[["fc", "FranceConnect"], ["api", "API nationale"]],
        cloture=None,
    )
    guichet.clean()
    regles = regles_en_clair(guichet)
    assert regles["qui"][-1] == (
        "Couvrir au moins un département, ou compter au moins 500 000 habitants (environ : la "
        "marge admise est de 5 %, soit 475 000)."
    )
    assert regles["combien"] == [
        "Au plus 50 % des dépenses éligibles.",
        "Au plus 1 000 000 € par subvention.",
        "Au plus 2 subventions par bénéficiaire.",
        "Au plus 1 subvention par bénéficiaire et par catégorie (FranceConnect, API nationale).",
    ]
    assert regles["quand"][-1] == "Ouvert en continu, sans date de clôture."
