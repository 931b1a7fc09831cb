import pytest

from fonds.comptes import perms

pytestmark = pytest.mark.django_db

#: Qui peut agir pour la commune A : seulement ses membres vérifiés.
AGIR_POUR_A = {"membre_a"}


@pytest.mark.parametrize(
    "role",
    [
        "anonyme",
        "membre_a",
        "membre_b",
        "en_attente_a",
        "sans_collectivite",
        "partenaire",
        "instructeur_dx",
        "instructeur_dy",
        "instructeur_region",
        "anct",
        "dinum",
        "jure",
        "administrateur",
    ],
)
def test_seuls_les_membres_verifies_agissent_pour_une_collectivite(territoire, roles, role):
    from django.contrib.auth.models import AnonymousUser

    user = roles[role] or AnonymousUser()
    assert perms.peut_agir_pour(user, territoire["a"]) is (role in AGIR_POUR_A)


def test_la_prefecture_de_region_couvre_ses_departements(territoire, roles):
    instructeur = roles["instructeur_region"]
    assert perms.couvre_territoire(instructeur, territoire["a"])
    assert perms.couvre_territoire(instructeur, territoire["b"])
    assert not perms.couvre_territoire(instructeur, territoire["c"])


def test_les_droits_sont_lus_une_fois_par_requete(territoire, roles, django_assert_num_queries):
    user = roles["instructeur_region"]
    # Adhésions, habilitations, départements de la région, conflits : une seule requête.
    with django_assert_num_queries(1):
        perms.droits(user)
    with django_assert_num_queries(0):
        perms.peut_agir_pour(user, territoire["a"])
        perms.couvre_territoire(user, territoire["b"])
        perms.est_administrateur(user)


def test_un_compte_desactive_n_a_aucun_droit(territoire, roles):
    user = roles["membre_a"]
    user.is_active = False
    assert not perms.peut_agir_pour(user, territoire["a"])
