from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from fonds.comptes import perms
from fonds.financement import services
from fonds.financement.enums import Axe, NatureEnveloppe, TypeMouvement
from fonds.financement.models import Enveloppe, Mouvement

pytestmark = pytest.mark.django_db


def test_arbre_initial_du_fonds(fonds):
    assert fonds["fonds"].montant == Decimal("88000000.00")
    assert fonds["fonds"].montant_delegue == Decimal("88000000.00")
    assert fonds[Axe.AXE_1].montant == Decimal("30000000.00")
    assert fonds[Axe.AXE_2].montant == Decimal("24000000.00")
    axe3 = Enveloppe.objects.get(pk=fonds[Axe.AXE_3].pk)
    assert (axe3.montant, axe3.montant_delegue) == (Decimal("34000000"), Decimal("4000000"))
    assert fonds["labs"].parent_id == axe3.pk
    assert Mouvement.objects.filter(type=TypeMouvement.DOTATION_INITIALE).count() == 1


def test_une_enveloppe_fille_ne_depasse_pas_ce_que_le_parent_laisse_libre(fonds, roles):
    with pytest.raises(ValidationError) as exc:
        services.creer_enveloppe(
            parent=fonds[Axe.AXE_2],
            nom="Volet 1",
            nature=NatureEnveloppe.APPEL,
            montant=Decimal("24000000.01"),
            motif="Appel à projets",
            par=roles["dinum"],
        )
    assert "disponible" in exc.value.message_dict["montant"][0]
    assert not Enveloppe.objects.filter(nom="Volet 1").exists()  # rien d'enregistré à moitié


def test_delegation_redeploiement_retour_tracent_un_mouvement(fonds, roles):
    dinum = roles["dinum"]
    v1 = services.creer_enveloppe(
        parent=fonds[Axe.AXE_2],
        nom="Volet 1",
        nature=NatureEnveloppe.APPEL,
        montant=Decimal("10000000"),
        motif="AAP 1",
        par=dinum,
    )
    v2 = services.creer_enveloppe(
        parent=fonds[Axe.AXE_2],
        nom="Volet 2",
        nature=NatureEnveloppe.APPEL,
        montant=Decimal("5000000"),
        motif="AAP 2",
        par=dinum,
    )
    services.redeployer(
        source=v1,
        destination=v2,
        montant=Decimal("1000000"),
        motif="Sous-consommation",
        par=dinum,
    )
    services.retourner(source=v2, montant=Decimal("500000"), motif="Non utilisé", par=dinum)
    v1.refresh_from_db()
    v2.refresh_from_db()
    axe2 = Enveloppe.objects.get(pk=fonds[Axe.AXE_2].pk)
    assert v1.montant == Decimal("9000000")
    assert v2.montant == Decimal("5500000")
    assert axe2.montant_delegue == v1.montant + v2.montant
    types = list(Mouvement.objects.filter(par=dinum).values_list("type", flat=True))
    assert sorted(types) == ["delegation", "delegation", "redeploiement", "retour"]
    dernier = Mouvement.objects.filter(type=TypeMouvement.RETOUR).get()
    assert (dernier.motif, dernier.par, dernier.destination) == ("Non utilisé", dinum, axe2)


def test_motif_obligatoire_et_montants_malformes(fonds, roles):
    for montant, attendu in [
        (Decimal("-5"), "supérieur à zéro"),
        (Decimal("0"), "supérieur à zéro"),
        (Decimal("1.001"), "deux chiffres"),
        ("abc", "Saisissez un montant"),
        (Decimal("NaN"), "Saisissez un montant"),
    ]:
        with pytest.raises(ValidationError) as exc:
            services.deleguer(
                source=fonds[Axe.AXE_1].parent,
                destination=fonds[Axe.AXE_1],
                montant=montant,
                motif="x",
                par=roles["administrateur"],
            )
        assert attendu in exc.value.message_dict["montant"][0]
    with pytest.raises(ValidationError) as exc:
        services.retourner(
            source=fonds[Axe.AXE_1], montant=Decimal("1"), motif=" ", par=roles["administrateur"]
        )
    assert "motif" in exc.value.message_dict


def test_seuls_les_gestionnaires_de_l_enveloppe(fonds, roles):
    for qui in ("anct", "instructeur_dx", "membre_a", "jure"):
        with pytest.raises(PermissionDenied):
            services.creer_enveloppe(
                parent=fonds[Axe.AXE_2],
                nom="Volet",
                nature=NatureEnveloppe.APPEL,
                montant=Decimal("1"),
                motif="x",
                par=roles[qui],
            )


def test_l_instructeur_de_departement_ne_gere_que_son_enveloppe(enveloppe_dx, roles):
    assert perms.peut_gerer_enveloppe(roles["instructeur_dx"], enveloppe_dx)
    assert perms.peut_gerer_enveloppe(roles["instructeur_region"], enveloppe_dx)
    assert not perms.peut_gerer_enveloppe(roles["instructeur_dy"], enveloppe_dx)
    assert not perms.peut_gerer_enveloppe(roles["dinum"], enveloppe_dx)


def test_la_base_refuse_un_engage_superieur_au_montant(fonds):
    axe1 = fonds[Axe.AXE_1]
    with pytest.raises(IntegrityError), transaction.atomic():
        Enveloppe.objects.filter(pk=axe1.pk).update(montant_engage=Decimal("30000000.01"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Enveloppe.objects.filter(pk=axe1.pk).update(montant=Decimal("-1"))


def test_commande_initialiser_fonds_idempotente(roles):
    from django.core.management import call_command

    call_command("initialiser_fonds", par=roles["administrateur"].email)
    call_command("initialiser_fonds", par=roles["administrateur"].email)
    assert Enveloppe.objects.filter(nature=NatureEnveloppe.FONDS).count() == 1
    assert Enveloppe.objects.count() == 5


def test_historique_avec_auteur_et_motif(fonds, roles):
    axe1 = Enveloppe.objects.get(pk=fonds[Axe.AXE_1].pk)
    services.retourner(source=axe1, montant=Decimal("1000"), motif="Reliquat", par=roles["anct"])
    derniere = axe1.history.latest()
    assert (derniere.history_user, derniere.history_change_reason) == (roles["anct"], "Reliquat")
    assert derniere.montant == Decimal("29999000.00")


def test_une_enveloppe_fille_reste_dans_le_territoire_de_son_parent(
    enveloppe_dx, territoire, roles
):
    """La préfecture de X ne crée pas, sous son enveloppe, une enveloppe du département Y ; la
    région ne délègue pas à un département d'une autre région."""
    for parent, par, territoire_fille in (
        (enveloppe_dx, roles["instructeur_dx"], {"departement": territoire["dy"]}),
        (enveloppe_dx.parent, roles["instructeur_region"], {"departement": territoire["dz"]}),
        (
            enveloppe_dx.parent,
            roles["instructeur_region"],
            {"region": territoire["region"], "departement": territoire["dz"]},
        ),
    ):
        with pytest.raises(ValidationError):
            services.creer_enveloppe(
                parent=parent,
                nom="Hors territoire",
                nature=NatureEnveloppe.GUICHET,
                montant=Decimal("1000.00"),
                motif="Essai",
                par=par,
                **territoire_fille,
            )
    assert not Enveloppe.objects.filter(nom="Hors territoire").exists()
