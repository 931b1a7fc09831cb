"""Après le comité : le service retenu naît de la décision, les volontaires (un par
collectivité, déclinés avec un motif qu'on leur dit), les jalons jamais avant la sélection, la
gouvernance financée sur l'enveloppe par le socle, les consultations des référents, la
livraison au Territoires Store (seuls les services retenus et livrés) et l'adhésion."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from consultation.enums import Phase
from consultation.models import AdhesionService, Interet, Reponse, ServiceRetenu
from consultation.services import referents, suivi
from fonds.notifications.models import Notification

from .monde import PetitMonde
from .monde_services import construire, en_phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def m(territoire, roles, fonds):
    return construire(PetitMonde(territoire, roles))


def test_le_service_nait_de_la_decision_retenue(m):
    s = m["service"]
    assert s.decision.issue == "retenu"
    assert s.nom == "Un guichet des aides pour tous"
    assert s.description == "Un guichet commun des aides locales."
    assert ServiceRetenu.objects.count() == 2  # la proposition non retenue n'a pas de service


def test_une_collectivite_se_porte_volontaire_une_fois(m, territoire, roles):
    with pytest.raises(ValidationError) as e:
        referents.se_porter_volontaire(
            service=m["service"],
            collectivite=territoire["a"],
            role="premier",
            par=roles["membre_a"],
        )
    assert "déjà portée volontaire" in str(e.value)
    assert Interet.objects.filter(service=m["service"], collectivite=territoire["a"]).count() == 1
    # … mais peut être référente de plusieurs services.
    i = referents.se_porter_volontaire(
        service=m["livre"], collectivite=territoire["a"], role="referent", par=roles["membre_a"]
    )
    assert i.role == "referent"


def test_seul_un_membre_verifie_se_porte_volontaire(m, territoire, roles):
    for personne in ("membre_b", "en_attente_a", "anct"):
        with pytest.raises(PermissionDenied):
            referents.se_porter_volontaire(
                service=m["service"],
                collectivite=territoire["a"],
                role="referent",
                par=roles[personne],
            )


def test_hors_de_l_expression_d_interet_on_ne_se_porte_pas_volontaire(m, territoire, roles):
    en_phase(m["tour"], Phase.SELECTION)
    m["service"].tour.refresh_from_db()
    with pytest.raises(ValidationError, match="n'est pas ouverte"):
        referents.se_porter_volontaire(
            service=ServiceRetenu.objects.get(pk=m["service"].pk),
            collectivite=territoire["b"],
            role="referent",
            par=roles["membre_b"],
        )


def test_le_volontaire_decline_sait_pourquoi(m, roles):
    with pytest.raises(ValidationError):
        referents.decliner(interet=m["interet_a"], motif=" ", par=roles["anct"])
    with pytest.raises(PermissionDenied):
        referents.decliner(interet=m["interet_a"], motif="Non.", par=roles["membre_b"])
    referents.decliner(
        interet=m["interet_a"], motif="Trois référents suffisent déjà.", par=roles["anct"]
    )
    n = Notification.objects.get(destinataire=roles["membre_a"], cle__endswith=":decline")
    assert "Trois référents suffisent déjà." in n.texte
    assert not Interet.objects.referents().filter(pk=m["interet_a"].pk).exists()


def test_un_jalon_n_est_pas_date_avant_la_selection(m, roles):
    veille = timezone.localdate(m["service"].decision.le) - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as e:
        suivi.ajouter_jalon(
            service=m["service"],
            titre="Trop tôt",
            echeance=veille,
            statut="prevu",
            par=roles["anct"],
        )
    assert "avant la sélection" in str(e.value.message_dict["echeance"])
    with pytest.raises(PermissionDenied):
        suivi.ajouter_jalon(
            service=m["service"],
            titre="X",
            echeance=timezone.localdate(),
            statut="prevu",
            par=roles["membre_a"],
        )


def test_la_gouvernance_est_financee_sur_l_enveloppe_au_profit_d_un_referent(m, territoire, roles):
    enveloppe = m["tour"].enveloppe
    avant = enveloppe.montant_engage
    with pytest.raises(ValidationError) as e:
        suivi.financer_gouvernance(
            service=m["service"],
            montant=Decimal("1000"),
            beneficiaire=territoire["b"],
            objet="Statuts du SMO",
            par=roles["anct"],
        )
    assert "beneficiaire" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        suivi.financer_gouvernance(
            service=m["service"],
            montant=Decimal("30001"),
            beneficiaire=territoire["a"],
            objet="Statuts du SMO",
            par=roles["anct"],
        )
    enveloppe.refresh_from_db()
    assert enveloppe.montant_engage == avant  # 100 000 − 70 000 : il reste 30 000
    f = suivi.financer_gouvernance(
        service=m["service"],
        montant=Decimal("30000"),
        beneficiaire=territoire["a"],
        objet="Statuts du SMO",
        par=roles["anct"],
    )
    enveloppe.refresh_from_db()
    assert enveloppe.montant_engage == avant + 30000 == enveloppe.montant
    assert f.engagement.beneficiaire == territoire["a"]


def test_les_referents_repondent_aux_consultations(m, territoire, roles):
    q = m["question"]
    assert Notification.objects.filter(
        destinataire=roles["membre_a"], cle=f"consultation:question:{q.uuid}"
    ).exists()
    assert not Notification.objects.filter(
        destinataire=roles["membre_b"], cle=f"consultation:question:{q.uuid}"
    ).exists()
    with pytest.raises(PermissionDenied):
        referents.repondre(
            question=q, collectivite=territoire["b"], texte="Nous aussi", par=roles["membre_b"]
        )
    referents.repondre(
        question=q, collectivite=territoire["a"], texte="Deux", par=roles["membre_a"]
    )
    referents.repondre(
        question=q, collectivite=territoire["a"], texte="Trois", par=roles["membre_a"]
    )
    r = Reponse.objects.get(question=q)
    assert r.texte == "Trois" and r.history.count() == 2


def test_seuls_les_services_retenus_et_livres_sont_au_store(m, territoire, roles):
    assert list(ServiceRetenu.objects.au_store()) == [m["livre"]]
    with pytest.raises(ValidationError, match="livrés"):
        referents.adherer(service=m["service"], collectivite=territoire["b"], par=roles["membre_b"])
    suivi.modifier_fiche(service=m["service"], pour_qui="", licence="", par=roles["anct"])
    with pytest.raises(ValidationError) as e:
        suivi.livrer(service=m["service"], par=roles["anct"])
    assert set(e.value.message_dict) == {"pour_qui", "licence"}
    a = referents.adherer(service=m["livre"], collectivite=territoire["a"], par=roles["membre_a"])
    with pytest.raises(ValidationError, match="déjà demandé"):
        referents.adherer(service=m["livre"], collectivite=territoire["a"], par=roles["membre_a"])
    referents.mettre_en_service(adhesion=a, par=roles["anct"])
    assert AdhesionService.objects.get(pk=a.pk).en_service_le is not None


def test_pages_publiques(client, m):
    r = client.get(reverse("consultation:store"))
    assert "Carte des équipements sportifs" in r.text
    assert "Un guichet des aides pour tous" not in r.text
    r = client.get(reverse("consultation:service", args=[m["service"].uuid]))
    assert "Premier prototype" in r.text and "cofinancement de 5" in r.text
    assert "Quels sites pilotes" not in r.text  # les consultations : ANCT et référents


def test_le_volontaire_garde_sa_saisie_et_lit_le_message(client, m, roles):
    client.force_login(roles["membre_a"])
    r = client.post(
        reverse("consultation:volontaire", args=[m["service"].uuid]),
        {
            "collectivite": m["interet_a"].collectivite.uuid,
            "role": "premier",
            "sites_pilotes": "La maison des solidarités du centre",
        },
    )
    assert r.status_code == 422
    assert "déjà portée volontaire" in r.text
    assert "La maison des solidarités du centre" in r.text


def test_mon_espace_dit_les_roles_et_les_consultations_en_attente(client, m, territoire, roles):
    client.force_login(roles["membre_a"])
    r = client.get(reverse("portail:mon_espace"))
    assert "Consultations qui attendent votre réponse" in r.text
    assert "Territoire référent" in r.text
    referents.repondre(
        question=m["question"], collectivite=territoire["a"], texte="Oui", par=roles["membre_a"]
    )
    r = client.get(reverse("portail:mon_espace"))
    assert "Consultations qui attendent votre réponse" not in r.text
    client.force_login(roles["membre_b"])
    r = client.get(reverse("portail:mon_espace"))
    assert "demande transmise" in r.text
    assert "Territoire référent" not in r.text
