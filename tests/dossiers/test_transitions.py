"""Chaque transition, par qui a le droit et par qui ne l'a pas."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fonds.dossiers import services
from fonds.dossiers.enums import Etat
from fonds.dossiers.models import Dossier
from fonds.notifications.models import Notification

pytestmark = pytest.mark.django_db

COLLECTIVITE_OUI = ["membre_a"]
COLLECTIVITE_NON = [
    "membre_b",
    "en_attente_a",
    "sans_collectivite",
    "instructeur_dx",
    "instructeur_dy",
    "administrateur",
]
AGENTS_OUI = ["instructeur_dx", "instructeur_region", "administrateur"]
AGENTS_NON = ["instructeur_dy", "membre_a", "membre_b", "anct", "dinum", "jure", "partenaire"]


def _historique(dossier):
    return dossier.history.order_by("-history_date", "-history_id").first()


@pytest.mark.parametrize("acteur", COLLECTIVITE_OUI)
def test_deposer_autorise(acteur, dossier, roles, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        services.deposer(dossier=dossier, par=roles[acteur])
    dossier.refresh_from_db()
    assert dossier.etat == Etat.DEPOSE
    assert dossier.depose_le is not None
    dernier = _historique(dossier)
    assert (dernier.history_user, dernier.history_change_reason) == (roles[acteur], "Dépôt")
    # La collectivité et les agents du guichet sont notifiés, par le portail et par e-mail.
    notifies = set(Notification.objects.values_list("destinataire__email", flat=True))
    assert roles["membre_a"].email in notifies
    assert roles["instructeur_dx"].email in notifies
    assert roles["instructeur_region"].email in notifies
    assert roles["instructeur_dy"].email not in notifies
    assert roles["membre_b"].email not in notifies
    assert {m.to[0] for m in mailoutbox} == notifies


@pytest.mark.parametrize("acteur", COLLECTIVITE_NON)
def test_deposer_interdit(acteur, dossier, roles):
    with pytest.raises(PermissionDenied):
        services.deposer(dossier=dossier, par=roles[acteur])
    dossier.refresh_from_db()
    assert dossier.etat == Etat.BROUILLON


def test_deposer_donne_toutes_les_erreurs_a_la_fois(dossier, roles):
    dossier.guichet.pieces_requises = ["deliberation", "budget"]
    dossier.guichet.save()
    Dossier.objects.filter(pk=dossier.pk).update(titre="", description="", montant_demande=None)
    dossier.refresh_from_db()
    with pytest.raises(ValidationError) as erreur:
        services.deposer(dossier=dossier, par=roles["membre_a"])
    assert set(erreur.value.message_dict) == {
        "titre",
        "description",
        "montant_demande",
        "piece_deliberation",
        "piece_budget",
    }
    assert erreur.value.message_dict["piece_budget"] == [
        "Joignez la pièce « Budget prévisionnel »."
    ]
    dossier.refresh_from_db()
    assert dossier.etat == Etat.BROUILLON


def test_deposer_apres_la_cloture_est_refuse(dossier, roles):
    dossier.guichet.cloture = timezone.now() - datetime.timedelta(minutes=1)
    dossier.guichet.save()
    with pytest.raises(ValidationError) as erreur:
        services.deposer(dossier=dossier, par=roles["membre_a"])
    assert "clos depuis le" in erreur.value.messages[0]
    assert "brouillon reste enregistré" in erreur.value.messages[0]
    dossier.refresh_from_db()
    assert dossier.etat == Etat.BROUILLON


def test_deposer_hors_du_territoire_ou_au_dessus_du_seuil(dossier, roles):
    dossier.guichet.population_max = 1000
    dossier.guichet.save()
    with pytest.raises(ValidationError) as erreur:
        services.deposer(dossier=dossier, par=roles["membre_a"])
    assert "habitants > 1 000, plafond de population du guichet" in erreur.value.messages[0]


def test_deposer_deux_fois_est_refuse(depose, roles):
    with pytest.raises(ValidationError, match="déjà déposé"):
        services.deposer(dossier=depose, par=roles["membre_a"])


def test_enregistrer_brouillon_puis_reprendre(dossier, roles):
    services.enregistrer_brouillon(
        dossier=dossier, par=roles["membre_a"], titre="Nouveau titre", donnees={"q1": "oui"}
    )
    repris = Dossier.objects.get(uuid=dossier.uuid)
    assert (repris.titre, repris.donnees) == ("Nouveau titre", {"q1": "oui"})
    assert _historique(repris).history_change_reason == "Enregistrement du brouillon"


@pytest.mark.parametrize("acteur", COLLECTIVITE_NON)
def test_enregistrer_brouillon_interdit(acteur, dossier, roles):
    with pytest.raises(PermissionDenied):
        services.enregistrer_brouillon(dossier=dossier, par=roles[acteur], titre="Piraté")


def test_un_dossier_en_instruction_est_verrouille(en_instruction, roles):
    with pytest.raises(PermissionDenied, match="plus modifiable"):
        services.enregistrer_brouillon(dossier=en_instruction, par=roles["membre_a"], titre="x")


@pytest.mark.parametrize("acteur", AGENTS_OUI)
def test_demander_puis_repondre_complements(
    acteur, depose, roles, django_capture_on_commit_callbacks, mailoutbox
):
    avant = timezone.localdate() + datetime.timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        services.demander_complements(
            dossier=depose, par=roles[acteur], message="Joignez le devis signé.", avant=avant
        )
    depose.refresh_from_db()
    assert depose.complements_demandes and depose.complements_avant == avant
    assert roles["membre_a"].email in {m.to[0] for m in mailoutbox}
    assert depose.messages.get().corps == "Joignez le devis signé."
    # Le dossier est rouvert à la collectivité jusqu'à sa réponse.
    services.enregistrer_brouillon(dossier=depose, par=roles["membre_a"], titre="Titre corrigé")
    services.repondre_complements(dossier=depose, par=roles["membre_a"], reponse="Voici.")
    depose.refresh_from_db()
    assert not depose.complements_demandes and depose.titre == "Titre corrigé"
    with pytest.raises(PermissionDenied):
        services.enregistrer_brouillon(dossier=depose, par=roles["membre_a"], titre="Encore")


@pytest.mark.parametrize("acteur", AGENTS_NON)
def test_demander_complements_interdit(acteur, depose, roles):
    with pytest.raises(PermissionDenied):
        services.demander_complements(dossier=depose, par=roles[acteur], message="x")


@pytest.mark.parametrize("acteur", ["membre_b", "en_attente_a", "instructeur_dx"])
def test_repondre_complements_interdit(acteur, depose, roles):
    services.demander_complements(dossier=depose, par=roles["instructeur_dx"], message="x")
    with pytest.raises(PermissionDenied):
        services.repondre_complements(dossier=depose, par=roles[acteur])


def test_demander_complements_sans_message(depose, roles):
    with pytest.raises(ValidationError) as erreur:
        services.demander_complements(dossier=depose, par=roles["instructeur_dx"], message=" ")
    assert "message" in erreur.value.message_dict


@pytest.mark.parametrize("acteur", AGENTS_OUI)
def test_passer_en_instruction(acteur, depose, roles, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.passer_en_instruction(dossier=depose, par=roles[acteur])
    depose.refresh_from_db()
    assert depose.etat == Etat.EN_INSTRUCTION
    assert depose.instructeur == roles[acteur]
    assert _historique(depose).history_user == roles[acteur]


@pytest.mark.parametrize("acteur", AGENTS_NON)
def test_passer_en_instruction_interdit(acteur, depose, roles):
    with pytest.raises(PermissionDenied):
        services.passer_en_instruction(dossier=depose, par=roles[acteur])


def test_un_brouillon_n_est_pas_instruit(dossier, roles):
    # Un brouillon n'appartient qu'à la collectivité : les agents ne le voient pas.
    with pytest.raises(PermissionDenied):
        services.passer_en_instruction(dossier=dossier, par=roles["instructeur_dx"])


@pytest.mark.parametrize(
    ("service", "etat", "motivation"),
    [
        (services.accepter, Etat.ACCEPTE, ""),
        (services.refuser, Etat.REFUSE, "Projet hors du champ du guichet."),
        (services.classer_sans_suite, Etat.CLASSE_SANS_SUITE, "Doublon du dossier 12."),
    ],
)
@pytest.mark.parametrize("acteur", AGENTS_OUI)
def test_decisions(
    acteur, service, etat, motivation, en_instruction, roles, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        service(dossier=en_instruction, par=roles[acteur], motivation=motivation)
    en_instruction.refresh_from_db()
    assert en_instruction.etat == etat
    assert en_instruction.decide_le is not None
    assert Notification.objects.filter(
        destinataire=roles["membre_a"], cle=f"dossier:{en_instruction.uuid}:decision"
    ).exists()


@pytest.mark.parametrize("service", [services.accepter, services.refuser])
@pytest.mark.parametrize("acteur", AGENTS_NON)
def test_decisions_interdites(acteur, service, en_instruction, roles):
    with pytest.raises(PermissionDenied):
        service(dossier=en_instruction, par=roles[acteur], motivation="Motif")
    en_instruction.refresh_from_db()
    assert en_instruction.etat == Etat.EN_INSTRUCTION


@pytest.mark.parametrize("service", [services.refuser, services.classer_sans_suite])
def test_refus_et_sans_suite_exigent_une_motivation(service, en_instruction, roles):
    with pytest.raises(ValidationError) as erreur:
        service(dossier=en_instruction, par=roles["instructeur_dx"], motivation="  ")
    assert erreur.value.message_dict == {
        "motivation": ["La motivation de la décision est obligatoire."]
    }
    en_instruction.refresh_from_db()
    assert en_instruction.etat == Etat.EN_INSTRUCTION


def test_on_ne_decide_pas_un_dossier_seulement_depose(depose, roles):
    with pytest.raises(ValidationError, match="en instruction"):
        services.accepter(dossier=depose, par=roles["instructeur_dx"])


def test_attribuer_a_un_agent_du_guichet(depose, roles):
    services.attribuer(
        dossier=depose, par=roles["instructeur_region"], instructeur=roles["instructeur_dx"]
    )
    depose.refresh_from_db()
    assert depose.instructeur == roles["instructeur_dx"]
    with pytest.raises(ValidationError):
        services.attribuer(
            dossier=depose, par=roles["instructeur_dx"], instructeur=roles["instructeur_dy"]
        )
    with pytest.raises(PermissionDenied):
        services.attribuer(dossier=depose, par=roles["instructeur_dy"], instructeur=None)


def test_guichet_national_instruit_par_son_role(territoire, roles):
    from fonds.comptes.enums import Role
    from tests.dossiers.factories import DossierFactory, GuichetFactory

    guichet = GuichetFactory(role_instructeur=Role.DINUM, departement=None, axe="axe2")
    dossier = DossierFactory(guichet=guichet, collectivite=territoire["a"], depose=True)
    services.passer_en_instruction(dossier=dossier, par=roles["dinum"])
    for acteur in ["anct", "instructeur_dx"]:
        with pytest.raises(PermissionDenied):
            services.accepter(dossier=dossier, par=roles[acteur])
