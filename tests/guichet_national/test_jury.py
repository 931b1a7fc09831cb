"""Le jury d'un appel : nominations par la DINUM, conflits d'intérêts (403), grille pondérée,
« sans objet » jamais compté zéro, notes cachées jusqu'à soumission, classement, séance."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fonds.dossiers.enums import Etat
from fonds.financement.montants import en_euros
from guichet_national.models import Evaluation
from guichet_national.services import appels, jury
from tests.comptes.factories import UserFactory
from tests.financement.conftest import fonds  # noqa: F401

from .monde_appels import construire_appels, deposer, notes_completes

pytestmark = pytest.mark.django_db


@pytest.fixture
def m(fonds, territoire, roles):  # noqa: F811
    return construire_appels(territoire, roles)


def test_seule_la_dinum_nomme(m, roles):
    with pytest.raises(PermissionDenied):
        jury.nommer_jure(appel=m["appel"], email=roles["anct"].email, par=roles["jure"])
    with pytest.raises(ValidationError):
        jury.nommer_jure(appel=m["appel"], email=roles["jure"].email, par=roles["dinum"])


def test_jure_en_conflit_ne_voit_ni_ne_note(client, m):
    d = m["preselectionne"]  # la commune B est partenaire : membre_b est en conflit
    conflit = m["jure_en_conflit"]
    with pytest.raises(PermissionDenied):
        jury.evaluer(jure=conflit, dossier=d, notes=notes_completes(m["appel"]), soumettre=True)
    client.force_login(conflit.user)
    assert client.get(reverse("guichet_national:jury_evaluer", args=[d.uuid])).status_code == 403
    liste = client.get(reverse("guichet_national:jury_dossiers", args=[m["appel"].guichet.slug]))
    texte = liste.content.decode()
    assert "conflit d'intérêts" in texte and "Commune B, partenaire du projet" in texte
    assert str(d.uuid) not in texte
    assert not Evaluation.objects.filter(jure=conflit).exists()


def test_conflit_membre_du_porteur(m):
    jure = jury.nommer_jure(appel=m["appel"], email=m["porteur"].email, par=m["jure"].nomme_par)
    with pytest.raises(PermissionDenied):
        jury.exiger_sans_conflit(jure, m["preselectionne"])


def test_un_jure_ne_voit_que_son_appel(client, m, roles):
    client.force_login(roles["jure"])
    autre = m["a_venir"].guichet.slug
    assert client.get(reverse("guichet_national:jury_dossiers", args=[autre])).status_code == 403
    depose = m["depose"]  # pas pré-sélectionné : pas au jury
    assert (
        client.get(reverse("guichet_national:jury_evaluer", args=[depose.uuid])).status_code == 403
    )
    client.force_login(UserFactory())
    assert (
        client.get(reverse("guichet_national:jury_evaluer", args=[depose.uuid])).status_code == 404
    )


def test_grille_ponderee_sans_objet_et_justification(m):
    appel, d, jure = m["appel"], m["preselectionne"], m["jure"]
    criteres = list(appel.criteres.all())
    notes = notes_completes(appel)
    notes[criteres[0].pk] = (7, "Trop")
    notes[criteres[1].pk] = (3, "  ")
    with pytest.raises(ValidationError) as exc:
        jury.evaluer(jure=jure, dossier=d, notes=notes, soumettre=False)
    assert set(exc.value.message_dict) == {
        f"note_{criteres[0].ordre}",
        f"justification_{criteres[1].ordre}",
    }
    # Poids 3, 2, 2, 1 ; le dernier « sans objet » : ni zéro, ni poids.
    notes = {c.pk: (5, "ok") for c in criteres[:3]} | {criteres[3].pk: (None, "Sans budget")}
    e = jury.evaluer(jure=jure, dossier=d, notes=notes, soumettre=False)
    assert e.note_ponderee == Decimal("20.000")
    with pytest.raises(ValidationError):
        jury.evaluer(
            jure=jure, dossier=d, notes={c.pk: (None, "x") for c in criteres}, soumettre=True
        )


def test_notes_cachees_jusqu_a_soumission_puis_ecart_et_classement(client, m, roles):
    appel, d = m["appel"], m["preselectionne"]
    second = jury.nommer_jure(appel=appel, email=roles["anct"].email, par=roles["dinum"])
    jury.evaluer(jure=second, dossier=d, notes=notes_completes(appel, 1, "Faible"), soumettre=True)
    url = reverse("guichet_national:jury_evaluer", args=[d.uuid])
    client.force_login(roles["jure"])
    assert "Faible" not in client.get(url).content.decode()
    jury.evaluer(jure=m["jure"], dossier=d, notes=notes_completes(appel, 5, "Fort"), soumettre=True)
    assert "Faible" in client.get(url).content.decode()
    with pytest.raises(ValidationError):
        jury.evaluer(jure=m["jure"], dossier=d, notes=notes_completes(appel), soumettre=True)
    [ligne] = jury.synthese(appel, [d])
    assert ligne["moyenne"] == Decimal("12.00") and ligne["ecart_signale"]
    assert ligne["rang"] == 1


def test_seance_decision_laureat_et_refus(client, m, roles):
    appel, d = m["appel"], m["preselectionne"]
    autre = deposer(appel, m["rouen"], m["porteur"], titre="Troisième")
    appels.preselectionner(dossier=autre, par=roles["dinum"], retenu=True, motivation="Bien")
    client.force_login(roles["dinum"])
    page = client.get(reverse("guichet_national:appel_seance", args=[appel.guichet.slug]))
    assert en_euros(Decimal(400000)) in page.content.decode()  # total courant des deux dossiers
    url = reverse("guichet_national:appel_decision", args=[d.uuid])
    trop = client.post(url, {"decision": "laureat", "montant": "200 000,01"})
    assert trop.status_code == 422
    assert client.post(url, {"decision": "refuse"}).status_code == 422
    ok = client.post(url, {"decision": "laureat", "montant": "150 000"})
    assert ok.status_code == 302
    d.refresh_from_db()
    assert d.etat == Etat.ACCEPTE and d.subvention.montant == Decimal("150000.00")
    # La convention suit la décision, émise par l'agent de la DINUM qui a décidé (son PDF est
    # produit par une tâche après la validation : voir le parcours).
    convention = d.subvention.conventions.get()
    assert convention.emise_par == roles["dinum"]
    url = reverse("guichet_national:appel_decision", args=[autre.uuid])
    assert client.post(url, {"decision": "refuse", "motivation": "Budget"}).status_code == 302
    public = client.get(reverse("guichet_national:appel", args=[appel.guichet.slug]))
    assert en_euros(Decimal(150000)) in public.content.decode()
    with pytest.raises(PermissionDenied):
        jury.decider(dossier=autre, par=roles["jure"], laureat=True)


def test_jamais_au_dela_de_l_enveloppe(m, roles):
    appel = m["appel"]
    d = m["preselectionne"]
    gros = deposer(appel, m["rouen"], m["porteur"], lignes=[("Tout", Decimal("1800000"))])
    appels.preselectionner(dossier=gros, par=roles["dinum"], retenu=True, motivation="Grand")
    gros.refresh_from_db()
    jury.decider(dossier=gros, par=roles["dinum"], laureat=True)
    with pytest.raises(ValidationError):
        jury.decider(dossier=d, par=roles["dinum"], laureat=True)
    d.refresh_from_db()
    assert d.etat == Etat.EN_INSTRUCTION
