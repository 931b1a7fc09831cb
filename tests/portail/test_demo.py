import pytest
from django.core.management import call_command

from fonds.collectivites.models import Collectivite
from fonds.comptes import perms
from fonds.comptes.models import Adhesion, Habilitation, User
from fonds.financement.models import Enveloppe, Subvention
from fonds.notifications.models import Notification

pytestmark = pytest.mark.django_db(transaction=False)


def test_la_demo_cree_un_compte_par_role_et_est_idempotente(
    settings, capsys, django_capture_on_commit_callbacks
):
    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo")

    def compter():
        return (
            User.objects.count(),
            Adhesion.objects.count(),
            Habilitation.objects.count(),
            Enveloppe.objects.count(),
            Subvention.objects.count(),
        )

    assert "Adresse du portail : http://127.0.0.1:8000/" in capsys.readouterr().out
    avant = compter()
    # L'adresse affichée est celle où le portail sera servi (`--adresse`, SITE_URL par défaut).
    call_command("demo", adresse="http://127.0.0.1:8123")
    assert compter() == avant
    sortie = capsys.readouterr().out
    assert "Adresse du portail : http://127.0.0.1:8123/" in sortie
    assert "http://127.0.0.1:8123/guichets/demonstration-cote-d-or/" in sortie
    # La subvention du guichet de Côte-d'Or a sa convention émise (les forfaits ont les leurs).
    assert (
        Subvention.objects.get(dossier__guichet__slug="demonstration-cote-d-or").statut
        == "convention_emise"
    )
    assert Collectivite.objects.filter(nature="commune").count() == 34_969

    hugo = User.objects.get(email="dsi@dijon.demo.fr")
    dijon = Collectivite.objects.get(nature="commune", code_insee="21231")
    assert perms.peut_agir_pour(hugo, dijon)
    assert hugo.check_password("demo-fonds-2026")
    jules = User.objects.get(email="nouvel-agent@beaune.demo.fr")
    beaune = Collectivite.objects.get(nature="commune", code_insee="21054")
    assert not perms.peut_agir_pour(jules, beaune)
    # La maire de Beaune a la demande de Jules à vérifier.
    assert Notification.objects.filter(destinataire__email="maire@beaune.demo.fr").exists()


def test_la_demo_cree_un_guichet_et_des_dossiers_a_chaque_etat(settings):
    from fonds.dossiers.models import Dossier, Guichet

    settings.DEBUG = True
    call_command("demo")
    call_command("demo")
    guichet = Guichet.objects.get(slug="demonstration-cote-d-or")
    assert guichet.nom == "Guichet de démonstration — Côte-d'Or"
    etats = sorted(Dossier.objects.filter(guichet=guichet).values_list("etat", flat=True))
    assert etats == ["accepte", "brouillon", "depose", "en_instruction"]
    # Le guichet porte ses règles et son enveloppe ; l'appel national est ouvert.
    assert (guichet.population_max, guichet.enveloppe.nom) == (600_000, "Axe 3 — Côte-d'Or")
    appel = Guichet.objects.get(slug="appel-national-vague-3")
    assert appel.population_min == 500_000 and appel.enveloppe is not None
    assert appel.est_ouvert()


def test_la_demo_refuse_de_tourner_en_production(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=true"):
        call_command("demo")
