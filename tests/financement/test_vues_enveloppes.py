from decimal import Decimal

import pytest
from django.urls import reverse

from fonds.financement.models import Enveloppe, Subvention

pytestmark = pytest.mark.django_db


def test_perimetre_des_enveloppes(client, enveloppe_dx, roles):
    url = reverse("financement:enveloppe", args=[enveloppe_dx.uuid])
    for qui, attendu in [
        ("instructeur_dx", 200),
        ("instructeur_region", 200),
        ("administrateur", 200),
        ("instructeur_dy", 404),
        ("dinum", 404),
    ]:
        client.force_login(roles[qui])
        assert client.get(url).status_code == attendu, qui
    client.force_login(roles["membre_a"])
    assert client.get(reverse("financement:enveloppes")).status_code == 403
    client.force_login(roles["instructeur_dy"])
    assert "Département X" not in client.get(reverse("financement:enveloppes")).content.decode()


def test_attribution_exceptionnelle_reservee_aux_administrateurs_et_motivee(
    client, enveloppe_dx, territoire, roles
):
    """Hors dossier, seul un administrateur attribue, avec un motif gardé dans l'historique ;
    une erreur rend la page avec ce qui a été saisi, l'erreur près du champ."""
    url = reverse("financement:attribuer_exceptionnellement", args=[enveloppe_dx.uuid])
    donnees = {
        "attribution-motif": "",
        "attribution-beneficiaire": str(territoire["a"].uuid),
        "attribution-objet": "Portail citoyen",
        "attribution-cout_eligible": "200000",
        "attribution-taux": "80",
        "attribution-montant": "150000,00",
        "attribution-contractualisation": "convention",
        "attribution-duree_mois": "24",
    }
    client.force_login(roles["instructeur_dx"])
    page = client.get(reverse("financement:enveloppe", args=[enveloppe_dx.uuid])).content.decode()
    assert "attribution-exceptionnelle" not in page
    assert client.post(url, {**donnees, "attribution-motif": "Urgence"}).status_code == 403

    client.force_login(roles["administrateur"])
    response = client.post(url, donnees)
    assert response.status_code == 422
    assert "Ce champ est obligatoire" in response.content.decode()
    response = client.post(url, {**donnees, "attribution-motif": "Décision du ministre"})
    assert response.status_code == 422
    contenu = response.content.decode()
    assert "Il ne reste que 100" in contenu
    assert 'value="Portail citoyen"' in contenu and 'value="150000,00"' in contenu
    assert not Subvention.objects.exists()
    enveloppe_dx.refresh_from_db()
    assert enveloppe_dx.montant_engage == 0

    response = client.post(url, {**donnees, "attribution-montant": "-3"})
    assert response.status_code == 422
    response = client.post(
        url,
        {**donnees, "attribution-montant": "90000,00", "attribution-motif": "Décision du ministre"},
    )
    assert response.status_code == 302
    subvention = Subvention.objects.get()
    assert subvention.montant == Decimal("90000.00") and subvention.dossier is None
    assert subvention.motif_exceptionnel == "Décision du ministre"
    creation = subvention.history.earliest("history_date")
    assert creation.history_user == roles["administrateur"]
    assert creation.history_change_reason == "Attribution exceptionnelle : Décision du ministre"


def test_creer_et_rendre_depuis_la_page(client, enveloppe_dx, roles):
    client.force_login(roles["instructeur_dx"])
    response = client.post(
        reverse("financement:retourner_credits", args=[enveloppe_dx.uuid]),
        {"retour-montant": "100000,01", "retour-motif": "Non utilisé"},
    )
    assert response.status_code == 422
    assert "Il ne reste que" in response.content.decode()
    response = client.post(
        reverse("financement:retourner_credits", args=[enveloppe_dx.uuid]),
        {"retour-montant": "40000", "retour-motif": "Non utilisé"},
    )
    assert response.status_code == 302
    enveloppe_dx.refresh_from_db()
    assert enveloppe_dx.montant == Decimal("60000.00")
    response = client.post(
        reverse("financement:creer_enveloppe_fille", args=[enveloppe_dx.uuid]),
        {"nom": "Appel DX", "nature": "guichet", "montant": "10000", "motif": "Guichet local"},
    )
    assert response.status_code == 302
    fille = Enveloppe.objects.get(nom="Appel DX")
    assert fille.montant == Decimal("10000.00")
    assert fille.departement == enveloppe_dx.departement  # elle reste gérée par DX
    assert client.get(reverse("financement:enveloppe", args=[fille.uuid])).status_code == 200
