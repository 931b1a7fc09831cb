"""La répartition de l'axe 3 entre les régions, la délégation aux départements et la reprise."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fonds.collectivites.enums import Nature
from fonds.financement.enums import NatureEnveloppe, TypeMouvement
from fonds.financement.models import Enveloppe, Mouvement
from guichets_territoriaux.services import repartition as services
from tests.collectivites.factories import CollectiviteFactory

pytestmark = pytest.mark.django_db


def _regions(territoire):
    return [territoire["region"], territoire["autre_region"]]


def test_la_proposition_suit_la_population_et_tombe_juste(fonds, territoire):
    CollectiviteFactory(nature=Nature.COMMUNE, departement=territoire["dx"], population=3000)
    CollectiviteFactory(nature=Nature.COMMUNE, departement=territoire["dz"], population=1000)
    parts = services.proposer(_regions(territoire), Decimal("30000000.00"))
    assert sum(parts.values()) == Decimal("30000000.00")
    assert parts[territoire["region"].pk] > 2 * parts[territoire["autre_region"].pk]


def test_le_csv_dit_ses_erreurs_par_ligne_et_d_ensemble(fonds, territoire):
    regions = _regions(territoire)
    lecture = services.lire_csv(
        "region;montant\nR1;abc\nRX;10\nR1;5\n", regions=regions, attendu=Decimal(100)
    )
    assert [n for n, _ in lecture.erreurs_lignes] == [2, 3]
    assert "Montant illisible" in lecture.erreurs_lignes[0][1]
    assert "Région inconnue" in lecture.erreurs_lignes[1][1]

    manquante = services.lire_csv("R1;100\n", regions=regions, attendu=Decimal(100))
    assert manquante.erreurs == ["Régions manquantes : Région Deux."]
    faux = services.lire_csv("R1;60\nR2;30\n", regions=regions, attendu=Decimal(100))
    assert "ne tombe pas juste" in faux.erreurs[0]
    juste = services.lire_csv("R1;70\nR2;30,00\n", regions=regions, attendu=Decimal(100))
    assert juste.valide and juste.montants[territoire["autre_region"].pk] == Decimal(30)


def test_repartir_cree_puis_ajuste_par_des_mouvements(fonds, territoire, roles):
    admin = roles["administrateur"]
    r1, r2 = _regions(territoire)
    services.repartir(
        montants={r1.pk: Decimal(20_000_000), r2.pk: Decimal(10_000_000)}, par=admin, motif="A"
    )
    services.repartir(
        montants={r1.pk: Decimal(18_000_000), r2.pk: Decimal(12_000_000)}, par=admin, motif="B"
    )
    assert services.enveloppe_de_region(r1).montant == 18_000_000
    assert services.enveloppe_de_region(r2).montant == 12_000_000
    types = list(Mouvement.objects.filter(motif="B").values_list("type", flat=True))
    assert sorted(types) == [TypeMouvement.DELEGATION, TypeMouvement.RETOUR]
    with pytest.raises(PermissionDenied):
        services.repartir(montants={r1.pk: Decimal(1)}, par=roles["instructeur_region"], motif="X")


def test_delegation_bornee_par_la_region_et_reprise(fonds, territoire, roles):
    services.repartir(
        montants={territoire["region"].pk: Decimal(1000)}, par=roles["administrateur"], motif="A"
    )
    regionale = services.enveloppe_de_region(territoire["region"])
    agent = roles["instructeur_region"]
    dx = services.deleguer_au_departement(
        regionale=regionale, departement=territoire["dx"], montant=600, motif="X", par=agent
    )
    with pytest.raises(ValidationError, match="Il ne reste que"):
        services.deleguer_au_departement(
            regionale=regionale, departement=territoire["dy"], montant=401, motif="Y", par=agent
        )
    with pytest.raises(ValidationError):
        services.deleguer_au_departement(
            regionale=regionale, departement=territoire["dz"], montant=1, motif="Z", par=agent
        )
    with pytest.raises(PermissionDenied):
        services.deleguer_au_departement(
            regionale=regionale,
            departement=territoire["dy"],
            montant=1,
            motif="Y",
            par=roles["instructeur_dx"],
        )
    services.reprendre(departementale=dx, montant=100, motif="Non utilisé", par=agent)
    dx.refresh_from_db()
    regionale.refresh_from_db()
    assert (dx.montant, regionale.montant_delegue) == (500, 500)
    assert dx.nature == NatureEnveloppe.DEPARTEMENT
    with pytest.raises(PermissionDenied):
        services.reprendre(departementale=dx, montant=1, motif="X", par=roles["instructeur_dx"])
    assert Enveloppe.objects.get(pk=dx.pk).montant == 500


@pytest.mark.parametrize("texte", ["11;1000\r84;2000", "11;" + "9" * 200_000, '11;"1000\n'])
def test_un_csv_illisible_donne_un_message(fonds, territoire, texte):
    """Un \\r seul (vieux tableur), un champ démesuré, des guillemets mal fermés : jamais
    d'erreur 500, une lecture qui dit ce qui ne va pas."""
    from guichets_territoriaux.services.repartition import lire_csv

    lecture = lire_csv(texte, regions=[territoire["region"]], attendu=Decimal(3000))
    assert not lecture.valide
    assert lecture.erreurs or lecture.erreurs_lignes
