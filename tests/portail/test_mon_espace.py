import pytest
from django.urls import reverse

from fonds.comptes.enums import StatutAdhesion
from tests.collectivites.factories import CollectiviteFactory
from tests.comptes.factories import AdhesionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _requetes(client, django_assert_max_num_queries, user, budget):
    client.force_login(user)
    with django_assert_max_num_queries(budget) as contexte:
        response = client.get(reverse("portail:mon_espace"))
    assert response.status_code == 200
    return len(contexte.captured_queries)


def test_mon_espace_a_un_nombre_de_requetes_constant(client, django_assert_max_num_queries):
    user = UserFactory()
    AdhesionFactory(user=user)
    peu = _requetes(client, django_assert_max_num_queries, user, 12)
    for _ in range(15):
        AdhesionFactory(user=user)
        AdhesionFactory(user=user, statut=StatutAdhesion.EN_ATTENTE)
    CollectiviteFactory.create_batch(50)
    beaucoup = _requetes(client, django_assert_max_num_queries, user, 12)
    assert peu == beaucoup, "Mon espace fait plus de requêtes quand les données augmentent."


def test_mon_espace_affiche_la_collectivite_choisie(client):
    user = UserFactory()
    a = AdhesionFactory(user=user, collectivite__nom="Aubagne").collectivite
    b = AdhesionFactory(user=user, collectivite__nom="Besançon").collectivite
    client.force_login(user)
    assert "— Aubagne" in client.get(reverse("portail:mon_espace")).content.decode()
    contenu = client.get(reverse("portail:mon_espace"), {"collectivite": b.uuid}).content.decode()
    assert "— Besançon" in contenu
    assert a.nom in contenu  # dans le sélecteur


def test_mon_espace_ne_montre_pas_une_collectivite_dont_on_n_est_pas_membre(client):
    user = UserFactory()
    AdhesionFactory(user=user, collectivite__nom="Aubagne")
    autre = CollectiviteFactory(nom="Collectivité d'autrui")
    client.force_login(user)
    contenu = client.get(reverse("portail:mon_espace"), {"collectivite": autre.uuid})
    assert "Collectivité d'autrui" not in contenu.content.decode()


def test_mon_espace_d_une_personne_en_attente(client):
    adhesion = AdhesionFactory(statut=StatutAdhesion.EN_ATTENTE, collectivite__nom="Cahors")
    client.force_login(adhesion.user)
    contenu = client.get(reverse("portail:mon_espace")).content.decode()
    assert "attend d'être vérifiée" in contenu
    assert "Demander à rejoindre une collectivité" in contenu


def test_mon_espace_d_un_agent_montre_sa_file_et_pas_le_rattachement(
    client, territoire, roles, django_assert_max_num_queries
):
    """Un agent voit ses guichets et sa file (à instruire, compléments attendus, en
    instruction, ses dossiers attribués) ; on ne l'invite pas à se rattacher à une
    collectivité. Autant de requêtes avec beaucoup de guichets et de dossiers."""
    from tests.dossiers.factories import DossierFactory, GuichetFactory

    agent = roles["instructeur_dx"]
    guichet = GuichetFactory(departement=territoire["dx"], nom="Guichet de la file")
    client.force_login(agent)
    with django_assert_max_num_queries(20) as peu:
        contenu = client.get(reverse("portail:mon_espace")).content.decode()
    assert "Rattachez-vous" not in contenu
    for _ in range(3):
        DossierFactory(guichet=guichet, collectivite=territoire["a"], depose=True)
    DossierFactory(
        guichet=guichet, collectivite=territoire["a"], depose=True, complements_demandes=True
    )
    DossierFactory(
        guichet=guichet,
        collectivite=territoire["a"],
        en_instruction=True,
        instructeur=agent,
        titre="Mon dossier attribué",
    )
    DossierFactory(guichet=guichet, collectivite=territoire["a"])  # brouillon : pas compté
    for _ in range(5):
        GuichetFactory(departement=territoire["dx"])
    with django_assert_max_num_queries(20) as beaucoup:
        contenu = client.get(reverse("portail:mon_espace")).content.decode()
    assert len(peu.captured_queries) == len(beaucoup.captured_queries)
    ligne = contenu[contenu.index("Guichet de la file") :]
    ligne = ligne[: ligne.index("</tr>")]
    assert [c.split("<")[0] for c in ligne.split("<td>")[1:]] == ["3", "1", "1"]
    assert "Mon dossier attribué" in contenu
    assert "Rattachez-vous" not in contenu


def test_mon_espace_d_un_membre_montre_ses_dossiers_et_subventions(client, territoire, roles):
    from decimal import Decimal

    from fonds.financement import services
    from fonds.financement.enums import Axe, NatureEnveloppe
    from fonds.financement.models import Enveloppe

    admin = roles["administrateur"]
    services.initialiser_fonds(par=admin)
    axe = Enveloppe.objects.get(axe=Axe.AXE_2, nature=NatureEnveloppe.AXE)
    for collectivite in (territoire["a"], territoire["b"]):
        services.attribuer_exceptionnellement(
            enveloppe=axe,
            beneficiaire=collectivite,
            objet=f"Subvention de {collectivite.nom}",
            cout_eligible=Decimal("10000.00"),
            taux=Decimal("50"),
            montant=Decimal("5000.00"),
            motif="Reprise d'une décision prise hors du portail",
            par=admin,
        )
    client.force_login(roles["membre_a"])
    contenu = client.get(reverse("portail:mon_espace")).content.decode()
    assert "Subvention de Commune A" in contenu
    assert "Subvention de Commune B" not in contenu
    assert (
        "Mon travail d&#x27;instruction" not in contenu
        and "Mon travail d'instruction" not in contenu
    )
    # Le titre de chaque carte d'axe vient avant sa liste (fr-card__end).
    carte = contenu[contenu.index('id="axe3-titre"') :]
    assert carte.index("fr-card__end") > carte.index("</h2>")
