"""Courtier (Redis) en panne : les actions réussissent, leurs e-mails partent plus tard.

Le courtier est vraiment injoignable (un port mort) et les tâches ne sont plus immédiates :
la mise en file échoue comme en production. La notification, enregistrée dans la même
transaction que l'action, sert de boîte d'envoi ; la relance périodique la remet en file."""

import datetime
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from fonds.celery import app
from fonds.comptes import services as comptes
from fonds.dossiers import services as dossiers
from fonds.financement import services as financement
from fonds.notifications.models import Notification
from fonds.notifications.tasks import relancer_courriels_en_attente
from tests.fuzz.monde import construire

COURTIER_MORT = "redis://127.0.0.1:1/0"


@pytest.fixture
def courtier_en_panne():
    avant = {
        k: app.conf[k] for k in ("broker_url", "task_always_eager", "broker_transport_options")
    }
    with override_settings(CELERY_BROKER_URL=COURTIER_MORT, CELERY_TASK_ALWAYS_EAGER=False):
        app.conf.update(
            broker_url=COURTIER_MORT,
            task_always_eager=False,
            broker_transport_options={"max_retries": 0},
        )
        app._pool = None
        app.amqp._producer_pool = None
        try:
            yield
        finally:
            app.conf.update(avant)
            app._pool = None
            app.amqp._producer_pool = None


@pytest.mark.django_db(transaction=True)
def test_actions_reussies_courriels_envoyes_plus_tard(
    territoire, roles, mailoutbox, courtier_en_panne, caplog
):
    monde = construire(territoire, roles)
    deja = set(Notification.objects.values_list("pk", flat=True))
    mailoutbox.clear()

    adhesion = comptes.demander_adhesion(
        user=roles["sans_collectivite"], collectivite=territoire["a"]
    )
    dossier = dossiers.deposer(dossier=monde.brouillon, par=roles["membre_a"])
    subvention = financement.attribuer_exceptionnellement(
        enveloppe=monde.enveloppe,
        motif="Reprise d'une décision prise hors du portail",
        beneficiaire=territoire["a"],
        objet="Plateforme de téléphonie",
        cout_eligible=Decimal("5000.00"),
        taux=Decimal("50"),
        montant=Decimal("2500.00"),
        par=roles["administrateur"],
    )

    assert adhesion.pk and dossier.etat == "depose" and subvention.engagement_id
    nouvelles = Notification.objects.exclude(pk__in=deja)
    assert nouvelles.count() >= 3
    assert not nouvelles.filter(courriel_envoye_le__isnull=False).exists()
    assert mailoutbox == []
    assert "courtier indisponible" in caplog.text

    # Trop récentes pour la relance : rien ne part encore.
    app.conf.task_always_eager = True
    assert relancer_courriels_en_attente.delay().get() == 0
    Notification.objects.update(creee_le=timezone.now() - datetime.timedelta(minutes=30))
    # Toutes celles restées en attente, y compris celles de la mise en place du monde.
    attendues = Notification.objects.filter(courriel_envoye_le__isnull=True).count()
    relancer_courriels_en_attente.delay().get()
    assert len(mailoutbox) == attendues
    assert not Notification.objects.filter(courriel_envoye_le__isnull=True).exists()
    # Relancer encore n'envoie rien de plus.
    relancer_courriels_en_attente.delay().get()
    assert len(mailoutbox) == attendues
