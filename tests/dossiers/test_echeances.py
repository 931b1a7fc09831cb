"""Échéances : la clôture ferme le dépôt ; rappels avant la clôture et des compléments."""

import datetime

import pytest
from django.utils import timezone

from fonds.celery import app
from fonds.dossiers import rappels, services, tasks
from fonds.notifications.models import Notification
from tests.dossiers.factories import DossierFactory

pytestmark = pytest.mark.django_db


def test_les_rappels_sont_declares_dans_beat():
    taches = {entree["task"] for entree in app.conf.beat_schedule.values()}
    assert {
        "fonds.dossiers.tasks.rappeler_clotures",
        "fonds.dossiers.tasks.rappeler_complements",
    } <= taches


def test_rappel_avant_cloture_aux_collectivites_qui_ont_un_brouillon(
    guichet, dossier, depose, roles, mailoutbox, django_capture_on_commit_callbacks
):
    guichet.cloture = timezone.now() + datetime.timedelta(days=5)
    guichet.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.rappeler_clotures.delay().get() == 1
    rappel = Notification.objects.get()
    assert rappel.destinataire == roles["membre_a"]
    assert "Clôture du guichet" in rappel.titre and str(dossier.uuid) in rappel.cle
    assert [m.to for m in mailoutbox] == [[roles["membre_a"].email]]
    # Relancée le même jour, la tâche n'envoie rien de plus.
    with django_capture_on_commit_callbacks(execute=True):
        assert rappels.rappeler_clotures() == 0
    assert len(mailoutbox) == 1
    # À la veille de la clôture, un second rappel.
    veille = guichet.cloture - datetime.timedelta(hours=12)
    assert rappels.rappeler_clotures(maintenant=veille) == 1


def test_pas_de_rappel_loin_de_la_cloture_ni_apres(guichet, dossier):
    guichet.cloture = timezone.now() + datetime.timedelta(days=20)
    guichet.save()
    assert rappels.rappeler_clotures() == 0
    assert rappels.rappeler_clotures(maintenant=guichet.cloture + datetime.timedelta(days=1)) == 0


def test_rappel_des_complements_attendus(depose, roles):
    aujourd_hui = timezone.localdate()
    services.demander_complements(
        dossier=depose,
        par=roles["instructeur_dx"],
        message="Le devis",
        avant=aujourd_hui + datetime.timedelta(days=2),
    )
    assert rappels.rappeler_complements() == 1
    assert rappels.rappeler_complements() == 0  # une fois par jour
    en_retard = aujourd_hui + datetime.timedelta(days=5)
    assert rappels.rappeler_complements(aujourd_hui=en_retard) == 1
    assert Notification.objects.filter(titre__startswith="Compléments en retard").exists()
    services.repondre_complements(dossier=depose, par=roles["membre_a"])
    assert rappels.rappeler_complements(aujourd_hui=en_retard + datetime.timedelta(days=1)) == 0


def test_la_cloture_ferme_le_depot_a_l_heure_dite(guichet, dossier, roles, territoire):
    guichet.cloture = timezone.now() + datetime.timedelta(seconds=1)
    guichet.save()
    autre = DossierFactory(guichet=guichet, collectivite=territoire["a"])
    services.deposer(dossier=autre, par=roles["membre_a"])
    guichet.cloture = timezone.now() - datetime.timedelta(seconds=1)
    guichet.save()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="clos depuis"):
        services.deposer(dossier=dossier, par=roles["membre_a"])
    # Et plus aucun nouveau brouillon.
    with pytest.raises(ValidationError, match="n'accepte pas de dossier"):
        services.creer_dossier(guichet=guichet, collectivite=territoire["a"], par=roles["membre_a"])
