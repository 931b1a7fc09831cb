"""Les liens des e-mails partent de SITE_URL, quelle que soit l'adresse de la requête."""

import pytest
from django.urls import reverse

from tests.comptes.factories import UserFactory

pytestmark = pytest.mark.django_db

LIRE_SITE_URL = (
    "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
)


def test_le_lien_du_mot_de_passe_oublie_part_de_site_url(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://fonds.exemple.gouv.fr"
    UserFactory(email="agent@commune.fr")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "agent@commune.fr"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    corps = mailoutbox[0].body
    assert "https://fonds.exemple.gouv.fr/comptes/" in corps
    assert "http://testserver/" not in corps


def test_la_demo_sert_les_liens_sur_l_adresse_de_runserver():
    """Par défaut (sans SITE_URL), les liens mènent là où `runserver 127.0.0.1:8000` sert le
    portail, la commande du README : une session ouverte sur 127.0.0.1 vaut pour eux."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "fonds.settings.dev"
    sortie = subprocess.run(
        [
            sys.executable,
            "-c",
            LIRE_SITE_URL,
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert sortie == "http://127.0.0.1:8000"
