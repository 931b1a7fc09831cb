import inspect

import pytest

from fonds.comptes.enums import Role, StatutAdhesion
from tests.collectivites.factories import CollectiviteFactory, DepartementFactory, RegionFactory
from tests.comptes.factories import AdhesionFactory, HabilitationFactory, UserFactory


class VariableInconnue:
    """Fait échouer le test quand un gabarit du projet utilise une variable inconnue.

    Les gabarits des bibliothèques (django-dsfr, allauth, admin) testent souvent des variables
    facultatives : seuls les nôtres sont tenus à la règle.
    """

    def __contains__(self, key):
        return key == "%s"

    def __mod__(self, variable):
        for frame_info in inspect.stack()[1:]:
            if frame_info.function == "render":
                origin = getattr(frame_info.frame.f_locals.get("self"), "origin", None)
                if origin is not None:
                    nom = str(origin.name)
                    if "site-packages" in nom:
                        return ""
                    pytest.fail(f"Variable inconnue « {variable} » dans le gabarit {nom}")
        pytest.fail(f"Variable inconnue « {variable} »")


def pytest_configure(config):
    from django.conf import settings

    from tests.dossiers import sorte_essai

    # Une sorte de guichet déclarée hors du socle, comme le ferait un axe (le monde des
    # preuves en a un guichet).
    sorte_essai.declarer()

    for moteur in settings.TEMPLATES:
        moteur.setdefault("OPTIONS", {})["string_if_invalid"] = VariableInconnue()


@pytest.fixture(autouse=True)
def _media_temporaire(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PIECES_JOINTES_ROOT = tmp_path / "pieces-jointes"


@pytest.fixture(autouse=True)
def _celery_attente_permise():
    """Celery garde dans une variable globale, commune aux fils, « attendre un résultat
    bloquerait » le temps d'une tâche exécutée tout de suite ; deux fils qui en exécutent en
    même temps (tests de concurrence) peuvent la laisser levée, et le `.get()` d'un test
    suivant croirait tourner dans une tâche. Le processus de test n'est pas un worker."""
    yield
    from celery._state import _set_task_join_will_block

    _set_task_join_will_block(False)


@pytest.fixture(autouse=True)
def _chiffres_publics_frais():
    """Le cache survit d'un test à l'autre (locmem, ou Redis) : chaque test part d'une version
    neuve des chiffres publics et d'aucune page gardée, sans vider un cache partagé."""
    from fonds import pages_en_cache
    from fonds.financement.cache import invalider_chiffres

    invalider_chiffres()
    pages_en_cache.tout_renouveler()


@pytest.fixture
def territoire():
    """Deux régions, trois départements, une commune par département."""
    r = RegionFactory(code="R1", nom="Région Une")
    r2 = RegionFactory(code="R2", nom="Région Deux")
    dx = DepartementFactory(code="DX", nom="Département X", region=r)
    dy = DepartementFactory(code="DY", nom="Département Y", region=r)
    dz = DepartementFactory(code="DZ", nom="Département Z", region=r2)
    return {
        "region": r,
        "autre_region": r2,
        "dx": dx,
        "dy": dy,
        "dz": dz,
        "a": CollectiviteFactory(nom="Commune A", departement=dx),
        "b": CollectiviteFactory(nom="Commune B", departement=dy),
        "c": CollectiviteFactory(nom="Commune C", departement=dz),
    }


@pytest.fixture
def roles(territoire):
    """Une personne par rôle du portail, pour les tests d'accès."""
    membre_a = AdhesionFactory(collectivite=territoire["a"]).user
    membre_b = AdhesionFactory(collectivite=territoire["b"]).user
    en_attente_a = AdhesionFactory(
        collectivite=territoire["a"], statut=StatutAdhesion.EN_ATTENTE
    ).user
    return {
        "anonyme": None,
        "membre_a": membre_a,
        "membre_b": membre_b,
        "en_attente_a": en_attente_a,
        "sans_collectivite": UserFactory(),
        "partenaire": HabilitationFactory(role=Role.PARTENAIRE, organisation="Asso").user,
        "instructeur_dx": HabilitationFactory(
            role=Role.INSTRUCTEUR, departement=territoire["dx"]
        ).user,
        "instructeur_dy": HabilitationFactory(
            role=Role.INSTRUCTEUR, departement=territoire["dy"]
        ).user,
        "instructeur_region": HabilitationFactory(
            role=Role.INSTRUCTEUR, region=territoire["region"]
        ).user,
        "anct": HabilitationFactory(role=Role.ANCT).user,
        "dinum": HabilitationFactory(role=Role.DINUM).user,
        "jure": HabilitationFactory(role=Role.JURE).user,
        # Habilitation limitée au guichet de Y : posée par le monde de la matrice
        # (tests/preuves/monde.py), qui crée ce guichet.
        "jure_dy": UserFactory(first_name="Juré", last_name="Limité-DY"),
        # Instructeur de X qui s'est déporté des dossiers de la commune A.
        "instructeur_dx_conflit": _en_conflit(
            HabilitationFactory(role=Role.INSTRUCTEUR, departement=territoire["dx"]).user,
            territoire["a"],
        ),
        "administrateur": HabilitationFactory(role=Role.ADMINISTRATEUR).user,
    }


def _en_conflit(user, collectivite):
    from fonds.comptes.models import ConflitInteret

    ConflitInteret.objects.create(user=user, collectivite=collectivite, motif="Élu de A.")
    return user


def pytest_terminal_summary(terminalreporter):
    """Combien de motifs d'URL et de cas la matrice des permissions et les budgets ont joués
    (sommés sur les processus de pytest-xdist, depuis les propriétés des rapports)."""
    totaux, motifs = {}, {}
    for rapport in terminalreporter.stats.get("passed", []):
        if rapport.when != "call":
            continue
        for nom, valeur in rapport.user_properties:
            totaux[nom] = totaux.get(nom, 0) + valeur
            motifs[nom] = motifs.get(nom, 0) + 1
    if not totaux:
        return
    libelles = {
        "cas_matrice": "matrice des permissions (URL × rôle × méthode)",
        "cas_administration": "administration réservée (URL × rôle × méthode)",
        "mesures_budget": "budgets de requêtes (page × rôle × 2 volumes)",
        "exemples_fuzz": "banc de fuzz (exemples postés aux formulaires)",
    }
    terminalreporter.section("Preuves")
    for nom, libelle in libelles.items():
        if nom in totaux:
            terminalreporter.write_line(
                f"{libelle} : {motifs[nom]} motifs d'URL, {totaux[nom]} cas réussis"
            )
