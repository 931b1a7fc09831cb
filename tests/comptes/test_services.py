import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fonds.comptes import perms, services
from fonds.comptes.enums import ModeValidation, StatutAdhesion
from fonds.comptes.models import Adhesion
from tests.collectivites.factories import CollectiviteFactory
from tests.comptes.factories import AdhesionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_une_demande_d_adhesion_notifie_les_membres_verifies(
    territoire, roles, mailoutbox, django_capture_on_commit_callbacks
):
    demandeur = UserFactory(first_name="Alix", last_name="Durand")
    with django_capture_on_commit_callbacks(execute=True):
        adhesion = services.demander_adhesion(user=demandeur, collectivite=territoire["a"])

    assert adhesion.statut == StatutAdhesion.EN_ATTENTE
    assert [m.to for m in mailoutbox] == [[roles["membre_a"].email]]
    assert "Alix Durand demande à agir pour Commune A" in mailoutbox[0].body
    assert not perms.peut_agir_pour(demandeur, territoire["a"])


def test_sans_membre_verifie_la_demande_va_aux_administrateurs(
    roles, mailoutbox, django_capture_on_commit_callbacks
):
    orpheline = CollectiviteFactory(nom="Commune sans membre")
    with django_capture_on_commit_callbacks(execute=True):
        services.demander_adhesion(user=UserFactory(), collectivite=orpheline)
    assert [m.to for m in mailoutbox] == [[roles["administrateur"].email]]


def test_une_demande_en_double_est_refusee_en_francais(territoire):
    user = UserFactory()
    services.demander_adhesion(user=user, collectivite=territoire["a"])
    with pytest.raises(ValidationError, match="déjà une demande en cours"):
        services.demander_adhesion(user=user, collectivite=territoire["a"])
    assert Adhesion.objects.filter(user=user).count() == 1


def test_apres_un_refus_on_peut_redemander(territoire, roles):
    user = UserFactory()
    adhesion = services.demander_adhesion(user=user, collectivite=territoire["a"])
    services.refuser_adhesion(adhesion=adhesion, par=roles["membre_a"], motif="Inconnu du service")
    services.demander_adhesion(user=user, collectivite=territoire["a"])
    assert Adhesion.objects.filter(user=user).count() == 2


@pytest.mark.parametrize(
    ("valideur", "mode"),
    [
        ("membre_a", ModeValidation.MEMBRE),
        ("administrateur", ModeValidation.ADMINISTRATEUR),
        ("instructeur_dx", ModeValidation.PREFECTURE),
        ("instructeur_region", ModeValidation.PREFECTURE),
    ],
)
def test_qui_peut_valider_une_adhesion(territoire, roles, valideur, mode, mailoutbox):
    demandeur = UserFactory()
    adhesion = services.demander_adhesion(user=demandeur, collectivite=territoire["a"])
    mailoutbox.clear()

    services.valider_adhesion(adhesion=adhesion, par=roles[valideur])

    adhesion.refresh_from_db()
    assert adhesion.statut == StatutAdhesion.VALIDEE
    assert adhesion.mode_validation == mode
    assert adhesion.decidee_par == roles[valideur]
    assert perms.peut_agir_pour(demandeur, territoire["a"])
    assert adhesion.history.first().history_change_reason.startswith("Validée par")


@pytest.mark.parametrize(
    "intrus",
    [
        "membre_b",
        "en_attente_a",
        "sans_collectivite",
        "partenaire",
        "instructeur_dy",
        "anct",
        "dinum",
        "jure",
    ],
)
def test_qui_ne_peut_pas_valider_une_adhesion(territoire, roles, intrus):
    adhesion = services.demander_adhesion(user=UserFactory(), collectivite=territoire["a"])
    with pytest.raises(PermissionDenied):
        services.valider_adhesion(adhesion=adhesion, par=roles[intrus])
    adhesion.refresh_from_db()
    assert adhesion.statut == StatutAdhesion.EN_ATTENTE


def test_on_ne_valide_pas_sa_propre_demande(territoire, roles):
    # Membre de B, il demande A : il ne peut pas se valider lui-même.
    user = roles["membre_b"]
    adhesion = services.demander_adhesion(user=user, collectivite=territoire["a"])
    with pytest.raises(PermissionDenied):
        services.valider_adhesion(adhesion=adhesion, par=user)


def test_une_demande_deja_traitee_ne_se_decide_pas_deux_fois(territoire, roles):
    adhesion = services.demander_adhesion(user=UserFactory(), collectivite=territoire["a"])
    services.valider_adhesion(adhesion=adhesion, par=roles["membre_a"])
    with pytest.raises(ValidationError, match="déjà été traitée"):
        services.refuser_adhesion(adhesion=adhesion, par=roles["administrateur"], motif="Non")


def test_un_refus_exige_un_motif(territoire, roles):
    adhesion = services.demander_adhesion(user=UserFactory(), collectivite=territoire["a"])
    with pytest.raises(ValidationError) as exc:
        services.refuser_adhesion(adhesion=adhesion, par=roles["membre_a"], motif="  ")
    assert "motif" in exc.value.message_dict
    adhesion.refresh_from_db()
    assert adhesion.statut == StatutAdhesion.EN_ATTENTE


def test_proconnect_valide_l_adhesion_par_le_siret(territoire):
    collectivite = CollectiviteFactory(siren="213500000")
    user = UserFactory()
    adhesion = services.adherer_par_proconnect(user=user, siret="21350000000017")
    assert adhesion.collectivite == collectivite
    assert adhesion.statut == StatutAdhesion.VALIDEE
    assert adhesion.mode_validation == ModeValidation.PROCONNECT
    # Une deuxième connexion ne crée rien de plus.
    assert services.adherer_par_proconnect(user=user, siret="21350000000017") == adhesion
    assert Adhesion.objects.filter(user=user).count() == 1


def test_proconnect_valide_une_demande_en_attente(territoire):
    collectivite = CollectiviteFactory(siren="213500001")
    user = UserFactory()
    en_attente = services.demander_adhesion(user=user, collectivite=collectivite)
    assert services.adherer_par_proconnect(user=user, siret="21350000100011") == en_attente
    en_attente.refresh_from_db()
    assert en_attente.statut == StatutAdhesion.VALIDEE


@pytest.mark.parametrize("siret", ["", "abc", "99999999900011", None])
def test_proconnect_sans_collectivite_connue_ne_cree_rien(siret):
    user = UserFactory()
    assert services.adherer_par_proconnect(user=user, siret=siret) is None
    assert not Adhesion.objects.filter(user=user).exists()


def test_retirer_son_adhesion(territoire):
    adhesion = AdhesionFactory(collectivite=territoire["a"])
    services.retirer_adhesion(adhesion=adhesion, par=adhesion.user)
    adhesion.refresh_from_db()
    assert adhesion.statut == StatutAdhesion.RETIREE
    assert not perms.peut_agir_pour(adhesion.user, territoire["a"])


def test_habiliter_est_reserve_aux_administrateurs(territoire, roles):
    with pytest.raises(PermissionDenied):
        services.habiliter(user=UserFactory(), role="anct", par=roles["anct"])
    with pytest.raises(ValidationError, match="une région ou un département"):
        services.habiliter(user=UserFactory(), role="instructeur", par=roles["administrateur"])
    habilitation = services.habiliter(
        user=UserFactory(),
        role="instructeur",
        departement=territoire["dz"],
        par=roles["administrateur"],
    )
    assert perms.couvre_territoire(habilitation.user, territoire["c"])
    assert not perms.couvre_territoire(habilitation.user, territoire["a"])
