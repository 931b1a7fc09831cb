import pytest
from django.urls import reverse

from fonds.notifications import services
from fonds.notifications.models import Notification
from tests.comptes.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_notifier_deux_fois_le_meme_evenement_n_envoie_qu_un_courriel(
    mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.notifier(destinataires=[user, user], cle="evt-1", titre="T", texte="Texte")
    assert Notification.objects.filter(destinataire=user).count() == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [user.email]
    assert "Texte" in mailoutbox[0].body


def test_la_tache_rejouee_n_envoie_pas_deux_fois(mailoutbox):
    user = UserFactory()
    notification = Notification.objects.create(destinataire=user, cle="k", titre="T", texte="x")
    assert services.envoyer_courriel(notification_id=notification.pk) is True
    assert services.envoyer_courriel(notification_id=notification.pk) is False
    assert len(mailoutbox) == 1


def test_le_courriel_n_est_envoye_qu_apres_la_transaction(
    mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        services.notifier(destinataires=[user], cle="evt-2", titre="T", texte="x")
    assert mailoutbox == []
    assert len(rappels) == 1


def test_chacun_ne_voit_que_ses_notifications(client):
    moi, autre = UserFactory(), UserFactory()
    Notification.objects.create(destinataire=moi, cle="a", titre="Pour moi", texte="x")
    Notification.objects.create(destinataire=autre, cle="b", titre="Pour autrui", texte="x")
    client.force_login(moi)
    contenu = client.get(reverse("notifications:liste")).content.decode()
    assert "Pour moi" in contenu
    assert "Pour autrui" not in contenu


def test_tout_marquer_lu_ne_touche_que_mes_notifications(client):
    moi, autre = UserFactory(), UserFactory()
    Notification.objects.create(destinataire=moi, cle="a", titre="A", texte="x")
    Notification.objects.create(destinataire=autre, cle="b", titre="B", texte="x")
    client.force_login(moi)
    response = client.post(reverse("notifications:tout_marquer_lu"))
    assert response.status_code == 302
    assert not Notification.objects.pour(moi).non_lues().exists()
    assert Notification.objects.pour(autre).non_lues().count() == 1
