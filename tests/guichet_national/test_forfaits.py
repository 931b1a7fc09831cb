"""Le guichet à forfait : décision au dépôt, plafonds, liste d'attente, suivi, révocation."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fonds.dossiers.enums import Etat
from fonds.financement import services as argent
from fonds.financement.enums import StatutSubvention
from fonds.financement.models import Convention, Subvention
from guichet_national.models import DemandeForfait, StatutDemande
from guichet_national.services import forfaits_suivi as suivi
from guichet_national.services.forfaits import demander_forfait, servir_les_listes_attente
from tests.collectivites.factories import CollectiviteFactory
from tests.comptes.factories import AdhesionFactory

from .conftest import ouvrir, reponses

pytestmark = pytest.mark.django_db


def demander(guichet, collectivite, par, sorte="franceconnect", **autres):
    return demander_forfait(
        guichet=guichet, collectivite=collectivite, par=par, **reponses(sorte, **autres)
    )


def test_forfait_accorde_dans_la_requete(
    guichet, territoire, roles, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        demande = demander(guichet, territoire["a"], roles["membre_a"])
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.ACCORDEE
    assert demande.dossier.etat == Etat.ACCEPTE
    assert demande.dossier.history.first().history_user.email.startswith("decision-automatique")
    subvention = demande.subvention
    assert subvention.montant == Decimal("5000.00")
    assert subvention.engagement.montant == Decimal("5000.00")
    assert subvention.statut == StatutSubvention.CONVENTION_EMISE
    assert Convention.objects.filter(subvention=subvention).exclude(fichier="").exists()
    guichet.enveloppe.refresh_from_db()
    assert guichet.enveloppe.montant_engage == Decimal("5000.00")
    assert any("5 000,00" in m.body or "Subvention" in m.subject for m in mailoutbox)


def test_deux_forfaits_au_plus_et_un_par_sorte(guichet, territoire, roles):
    demander(guichet, territoire["a"], roles["membre_a"], "franceconnect")
    with pytest.raises(ValidationError, match="plafond par catégorie"):
        demander(guichet, territoire["a"], roles["membre_a"], "franceconnect")
    demander(guichet, territoire["a"], roles["membre_a"], "api")
    guichet.categories = [*guichet.categories, ["autre", "Autre"]]
    guichet.save()
    with pytest.raises(ValidationError, match="plafond par bénéficiaire"):
        demander(guichet, territoire["a"], roles["membre_a"], "api")
    assert Subvention.objects.filter(beneficiaire=territoire["a"]).count() == 2
    assert DemandeForfait.objects.count() == 2


def test_un_membre_d_une_autre_collectivite_ne_demande_pas_pour_elle(guichet, territoire, roles):
    with pytest.raises(PermissionDenied, match="membre vérifié de Commune A"):
        demander(guichet, territoire["a"], roles["membre_b"])
    with pytest.raises(PermissionDenied):
        demander(guichet, territoire["a"], roles["en_attente_a"])
    assert not DemandeForfait.objects.exists()


def test_cahier_des_charges_incomplet(guichet, territoire, roles):
    with pytest.raises(ValidationError) as erreur:
        demander(guichet, territoire["a"], roles["membre_a"], demarche="")
    assert "démarche" in erreur.value.message_dict["demarche"][0]
    with pytest.raises(ValidationError) as erreur:
        demander(guichet, territoire["a"], roles["membre_a"], "api", api=None)
    assert "API" in erreur.value.message_dict["api"][0]
    with pytest.raises(ValidationError) as erreur:
        demander(guichet, territoire["a"], roles["membre_a"], maintien_en_production=False)
    assert "maintenir" in erreur.value.message_dict["maintien_en_production"][0]
    assert not DemandeForfait.objects.exists()


def test_liste_d_attente_servie_dans_l_ordre(fonds, territoire, roles):
    guichet = ouvrir(fonds, roles, forfaits=1, slug="petit")
    communes = [CollectiviteFactory(departement=territoire["dx"]) for _ in range(3)]
    membres = [AdhesionFactory(collectivite=c).user for c in communes]
    premiere = demander(guichet, territoire["a"], roles["membre_a"])
    attentes = [demander(guichet, c, m) for c, m in zip(communes, membres, strict=True)]
    assert premiere.statut == StatutDemande.ACCORDEE
    assert [d.statut for d in attentes] == [StatutDemande.EN_ATTENTE] * 3
    assert attentes[0].dossier.etape == "liste_attente"
    # La révocation libère 5 000 € : la première en attente est servie, dans la transaction.
    suivi.revoquer_forfait(demande=premiere, par=roles["dinum"], motif="Habilitation inventée")
    premiere.refresh_from_db()
    assert premiere.statut == StatutDemande.REVOQUEE
    assert premiere.subvention.statut == StatutSubvention.ANNULEE
    etats = [DemandeForfait.objects.get(pk=d.pk).statut for d in attentes]
    assert etats == [StatutDemande.ACCORDEE, StatutDemande.EN_ATTENTE, StatutDemande.EN_ATTENTE]
    # Un redéploiement (délégation de crédits) : la tâche périodique sert la suivante.
    argent.deleguer(
        source=guichet.enveloppe.parent,
        destination=guichet.enveloppe,
        montant=Decimal("5000.00"),
        motif="Crédits supplémentaires",
        par=roles["administrateur"],
    )
    assert servir_les_listes_attente() == 1
    etats = [DemandeForfait.objects.get(pk=d.pk).statut for d in attentes]
    assert etats == [StatutDemande.ACCORDEE, StatutDemande.ACCORDEE, StatutDemande.EN_ATTENTE]
    guichet.enveloppe.refresh_from_db()
    assert guichet.enveloppe.disponible == 0


def test_une_nouvelle_demande_ne_passe_pas_devant_la_liste(fonds, territoire, roles):
    guichet = ouvrir(fonds, roles, forfaits=1, slug="ordre")
    demander(guichet, territoire["a"], roles["membre_a"])
    attente = demander(guichet, territoire["b"], roles["membre_b"])
    argent.deleguer(
        source=guichet.enveloppe.parent,
        destination=guichet.enveloppe,
        montant=Decimal("5000.00"),
        motif="Crédits",
        par=roles["administrateur"],
    )
    nouvelle = demander(guichet, territoire["a"], roles["membre_a"], "api")
    attente.refresh_from_db()
    assert attente.statut == StatutDemande.ACCORDEE
    assert nouvelle.statut == StatutDemande.EN_ATTENTE


def test_mise_en_service_et_versement(guichet, territoire, roles):
    demande = demander(guichet, territoire["a"], roles["membre_a"])
    subvention = demande.subvention
    # Convention signée par la collectivité et contresignée : le statut « signée ».
    Subvention.objects.filter(pk=subvention.pk).update(statut=StatutSubvention.SIGNEE)
    verse = suivi.declarer_mise_en_service(
        demande=demande,
        par=roles["membre_a"],
        date=timezone.localdate(),
        adresse="https://demarches.exemple.fr/ecole",
    )
    subvention.refresh_from_db()
    assert verse and subvention.statut == StatutSubvention.SOLDEE
    assert subvention.montant_verse == Decimal("5000.00")
    with pytest.raises(ValidationError, match="déjà déclarée"):
        suivi.declarer_mise_en_service(
            demande=demande,
            par=roles["membre_a"],
            date=timezone.localdate(),
            adresse="https://x.fr",
        )


def test_mise_en_service_avant_signature_puis_tache(guichet, territoire, roles):
    demande = demander(guichet, territoire["a"], roles["membre_a"])
    assert not suivi.declarer_mise_en_service(
        demande=demande, par=roles["membre_a"], date=timezone.localdate(), adresse="https://x.fr"
    )
    Subvention.objects.filter(pk=demande.subvention_id).update(statut=StatutSubvention.SIGNEE)
    assert suivi.verser_forfaits_en_service() == 1
    assert suivi.verser_forfaits_en_service() == 0


def test_rappel_a_la_date_cible_une_fois(guichet, territoire, roles, mailoutbox):
    demande = demander(guichet, territoire["a"], roles["membre_a"], date_cible=timezone.localdate())
    assert suivi.rappeler_dates_cibles() == 1
    assert suivi.rappeler_dates_cibles() == 0
    demande.refresh_from_db()
    assert demande.rappel_envoye_le is not None


def test_seule_la_dinum_revoque(guichet, territoire, roles):
    demande = demander(guichet, territoire["a"], roles["membre_a"])
    for role in ("membre_a", "instructeur_dx", "anct"):
        with pytest.raises(PermissionDenied):
            suivi.revoquer_forfait(demande=demande, par=roles[role], motif="Non")
    with pytest.raises(ValidationError):
        suivi.revoquer_forfait(demande=demande, par=roles["dinum"], motif=" ")
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.ACCORDEE


def test_un_forfait_solde_ne_se_revoque_plus(guichet, territoire, roles):
    """Le forfait versé en entier est soldé : le socle refuse annulation et déchéance (la
    récupération d'un trop-perçu est un titre de recette, hors du portail)."""
    demande = demander(guichet, territoire["a"], roles["membre_a"])
    Subvention.objects.filter(pk=demande.subvention_id).update(statut=StatutSubvention.SIGNEE)
    suivi.declarer_mise_en_service(
        demande=demande, par=roles["membre_a"], date=timezone.localdate(), adresse="https://x.fr"
    )
    with pytest.raises(ValidationError, match="Soldée"):
        suivi.revoquer_forfait(demande=demande, par=roles["dinum"], motif="Service jamais ouvert")
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.ACCORDEE


def test_guichet_clos(fonds, territoire, roles):
    guichet = ouvrir(fonds, roles, slug="clos")
    guichet.cloture = timezone.now() - datetime.timedelta(minutes=1)
    guichet.ouverture = guichet.cloture - datetime.timedelta(days=2)
    guichet.save()
    with pytest.raises(ValidationError):
        demander(guichet, territoire["a"], roles["membre_a"])
