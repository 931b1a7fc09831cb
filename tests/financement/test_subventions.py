import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from fonds.financement import services
from fonds.financement.enums import Axe, NatureEnveloppe, StatutSubvention, TypeVersement
from fonds.financement.models import Convention, Engagement, Enveloppe, Subvention, Versement
from fonds.financement.montants import en_lettres
from fonds.notifications.models import Notification
from tests.financement.conftest import attribuer, attribuer_exceptionnellement

pytestmark = pytest.mark.django_db


def test_engager_liberer_reduire(enveloppe_dx, territoire, roles):
    instructeur = roles["instructeur_dx"]
    engagement = services.engager(
        enveloppe=enveloppe_dx,
        montant=Decimal("60000.00"),
        beneficiaire=territoire["a"],
        objet="Projet",
        par=instructeur,
    )
    with pytest.raises(ValidationError) as exc:
        services.engager(
            enveloppe=enveloppe_dx,
            montant=Decimal("40000.01"),
            beneficiaire=territoire["a"],
            objet="Trop",
            par=instructeur,
        )
    assert "Il ne reste que 40" in exc.value.message_dict["montant"][0]
    services.reduire(
        engagement=engagement, montant=Decimal("50000"), motif="Coût final", par=instructeur
    )
    enveloppe_dx.refresh_from_db()
    assert enveloppe_dx.montant_engage == Decimal("50000.00")
    services.liberer(engagement=engagement, motif="Abandon", par=instructeur)
    enveloppe_dx.refresh_from_db()
    assert enveloppe_dx.montant_engage == 0
    assert Engagement.objects.get().libere_le is not None
    with pytest.raises(PermissionDenied):
        services.engager(
            enveloppe=enveloppe_dx,
            montant=Decimal("1"),
            beneficiaire=territoire["b"],
            objet="Autre",
            par=roles["instructeur_dy"],
        )


def test_attribuer_verifie_le_taux_et_le_crte(enveloppe_dx, fonds, territoire, roles):
    with pytest.raises(ValidationError) as exc:
        attribuer(enveloppe_dx, territoire["a"], roles["instructeur_dx"], montant="8000.01")
    assert "dépasse ce que permet la règle du guichet" in exc.value.message_dict["montant"][0]
    admin = roles["administrateur"]
    with pytest.raises(ValidationError) as exc:
        attribuer_exceptionnellement(
            enveloppe_dx, territoire["a"], admin, montant="8000.01", contractualisation="crte"
        )
    assert "ne peut dépasser" in exc.value.message_dict["montant"][0]
    with pytest.raises(ValidationError) as exc:
        attribuer_exceptionnellement(
            enveloppe_dx, territoire["a"], admin, contractualisation="crte"
        )
    assert "reference_crte" in exc.value.message_dict
    with pytest.raises(ValidationError):
        attribuer_exceptionnellement(
            fonds[Axe.AXE_2],
            territoire["a"],
            admin,
            contractualisation="crte",
            reference_crte="CRTE-1",
        )
    assert not Engagement.objects.exists()
    sub = attribuer_exceptionnellement(
        enveloppe_dx,
        territoire["a"],
        admin,
        contractualisation="crte",
        reference_crte="CRTE-DX-01",
    )
    assert (sub.axe, sub.departement, sub.region) == (
        "axe3",
        territoire["dx"],
        territoire["region"],
    )


def _lire(fichier) -> bytes:
    with fichier.open("rb") as f:
        return f.read()


def _jusqu_a_signee(sub, roles, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        convention = services.emettre_convention(subvention=sub, par=roles["instructeur_dx"])
    convention.refresh_from_db()
    signee = SimpleUploadedFile("signee.pdf", _lire(convention.fichier), "application/pdf")
    services.deposer_convention_signee(convention=convention, fichier=signee, par=roles["membre_a"])
    convention = services.contresigner_convention(
        convention=convention, par=roles["instructeur_dx"]
    )
    sub.refresh_from_db()
    return convention


def test_cycle_de_vie_complet_avec_notifications(
    enveloppe_dx, territoire, roles, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        sub = attribuer(enveloppe_dx, territoire["a"], roles["instructeur_dx"])
    assert sub.statut == StatutSubvention.A_CONVENTIONNER
    # La décision sur le dossier et la subvention qui en naît.
    assert set(
        Notification.objects.filter(destinataire=roles["membre_a"]).values_list("titre", flat=True)
    ) == {"Décision sur votre dossier : accepté", "Subvention de 8\u202f000,00\xa0€ attribuée"}
    assert mailoutbox[-1].to == [roles["membre_a"].email]

    convention = _jusqu_a_signee(sub, roles, django_capture_on_commit_callbacks)
    assert sub.statut == StatutSubvention.SIGNEE
    assert convention.contresignee_par == roles["instructeur_dx"]
    titres = set(Notification.objects.values_list("titre", flat=True))
    assert {
        "Convention de financement à signer",
        "Convention signée par le bénéficiaire",
        "Convention de financement signée",
    } <= titres
    assert Notification.objects.filter(
        destinataire=roles["instructeur_dx"], titre="Convention signée par le bénéficiaire"
    ).exists()

    services.enregistrer_versement(
        subvention=sub,
        type=TypeVersement.AVANCE,
        montant=Decimal("2400.00"),
        date=datetime.date(2026, 1, 5),
        reference="AV-1",
        par=roles["instructeur_dx"],
    )
    assert sub.statut == StatutSubvention.EN_PAIEMENT
    with pytest.raises(ValidationError) as exc:
        services.enregistrer_versement(
            subvention=sub,
            type=TypeVersement.ACOMPTE,
            montant=Decimal("5600.01"),
            date=datetime.date(2026, 2, 5),
            reference="AC-1",
            par=roles["instructeur_dx"],
        )
    assert "Il reste 5" in exc.value.message_dict["montant"][0]
    with pytest.raises(PermissionDenied):
        services.enregistrer_versement(
            subvention=sub,
            type=TypeVersement.ACOMPTE,
            montant=Decimal("1"),
            date=datetime.date(2026, 2, 5),
            reference="AC-1",
            par=roles["instructeur_dy"],
        )
    # Solde inférieur : la subvention est soldée et le reste revient à l'enveloppe.
    services.enregistrer_versement(
        subvention=sub,
        type=TypeVersement.SOLDE,
        montant=Decimal("5000.00"),
        date=datetime.date(2026, 6, 5),
        reference="SO-1",
        par=roles["instructeur_dx"],
    )
    sub.refresh_from_db()
    enveloppe_dx.refresh_from_db()
    assert sub.statut == StatutSubvention.SOLDEE
    assert sub.montant_verse == Decimal("7400.00")
    assert enveloppe_dx.montant_engage == Decimal("7400.00")
    assert Versement.objects.filter(subvention=sub).count() == 2
    historique = list(sub.history.order_by("history_date").values_list("statut", flat=True))
    assert historique[0] == "a_conventionner" and historique[-1] == "soldee"
    assert sub.history.latest().history_user == roles["instructeur_dx"]


def test_le_dernier_versement_solde_la_subvention(
    enveloppe_dx, territoire, roles, django_capture_on_commit_callbacks
):
    sub = attribuer(enveloppe_dx, territoire["a"], roles["instructeur_dx"])
    _jusqu_a_signee(sub, roles, django_capture_on_commit_callbacks)
    services.enregistrer_versement(
        subvention=sub,
        type=TypeVersement.ACOMPTE,
        montant=Decimal("8000.00"),
        date=datetime.date(2026, 1, 5),
        reference="AC-1",
        par=roles["instructeur_dx"],
    )
    assert Subvention.objects.get().statut == StatutSubvention.SOLDEE


def test_annulation_rend_l_argent_et_decheance_garde_le_verse(
    enveloppe_dx, territoire, roles, django_capture_on_commit_callbacks
):
    sub = attribuer(enveloppe_dx, territoire["a"], roles["instructeur_dx"])
    with pytest.raises(PermissionDenied):
        services.annuler_subvention(subvention=sub, motif="x", par=roles["membre_a"])
    services.annuler_subvention(subvention=sub, motif="Renoncement", par=roles["instructeur_dx"])
    enveloppe_dx.refresh_from_db()
    assert (sub.statut, enveloppe_dx.montant_engage) == ("annulee", 0)
    with pytest.raises(ValidationError):
        services.emettre_convention(subvention=sub, par=roles["instructeur_dx"])

    sub2 = attribuer(enveloppe_dx, territoire["a"], roles["instructeur_dx"])
    _jusqu_a_signee(sub2, roles, django_capture_on_commit_callbacks)
    services.enregistrer_versement(
        subvention=sub2,
        type=TypeVersement.AVANCE,
        montant=Decimal("2400.00"),
        date=datetime.date(2026, 1, 5),
        reference="AV-1",
        par=roles["instructeur_dx"],
    )
    services.prononcer_decheance(
        subvention=sub2, motif="Projet abandonné", par=roles["instructeur_dx"]
    )
    enveloppe_dx.refresh_from_db()
    assert (sub2.statut, enveloppe_dx.montant_engage) == ("dechue", Decimal("2400.00"))


def test_convention_pdf_lisible_versionnee(
    enveloppe_dx, territoire, roles, django_capture_on_commit_callbacks
):
    sub = attribuer(
        enveloppe_dx,
        territoire["a"],
        roles["instructeur_dx"],
        montant="7999.99",
        cout_eligible="10000.00",
        taux="80",
    )
    with django_capture_on_commit_callbacks(execute=True):
        v1 = services.emettre_convention(subvention=sub, par=roles["instructeur_dx"])
    v1.refresh_from_db()
    contenu = _lire(v1.fichier)
    assert contenu.startswith(b"%PDF-")
    import hashlib

    assert v1.empreinte_sha256 == hashlib.sha256(contenu).hexdigest()
    texte = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(contenu)).pages)
    texte = " ".join(texte.replace("\u202f", " ").replace("\u00a0", " ").split())
    texte = texte.replace("- ", "-")  # coupure de ligne après un trait d'union
    assert "Commune A" in texte
    assert territoire["a"].siren in texte
    assert "7 999,99 €" in texte
    assert en_lettres(Decimal("7999.99")) == (
        "sept mille neuf cent quatre-vingt-dix-neuf euros et quatre-vingt-dix-neuf centimes"
    )
    assert "sept mille neuf cent quatre-vingt-dix-neuf euros et quatre-vingt-dix-neuf" in texte
    assert "80 %" in texte
    assert "préfet du département Département X" in texte
    # Rejouer la tâche ne refait pas le PDF ; une nouvelle version remplace sans effacer.
    assert services.generer_pdf_convention(convention_id=v1.pk) is None
    with django_capture_on_commit_callbacks(execute=True):
        v2 = services.emettre_convention(subvention=sub, par=roles["instructeur_dx"])
    v1.refresh_from_db()
    assert v1.remplacee_le is not None and v1.fichier
    assert list(Convention.objects.en_vigueur()) == [v2]


def test_copie_signee_refusee_si_pas_un_pdf_ou_trop_lourde(
    enveloppe_dx, territoire, roles, django_capture_on_commit_callbacks, settings
):
    sub = attribuer(enveloppe_dx, territoire["a"], roles["instructeur_dx"])
    with django_capture_on_commit_callbacks(execute=True):
        convention = services.emettre_convention(subvention=sub, par=roles["instructeur_dx"])
    convention.refresh_from_db()
    for fichier, attendu in [
        (SimpleUploadedFile("x.pdf", b"MZ\x90\x00 pas un pdf"), "n'est pas un PDF"),
        (SimpleUploadedFile("x.pdf", b"%PDF-1.7 tronque"), "illisible"),
        (SimpleUploadedFile("x.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024)), "10 Mo"),
        # Un vrai PDF auquel on a collé une page web : un polyglotte.
        (
            SimpleUploadedFile(
                "x.pdf", _lire(convention.fichier) + b"<html><script>alert(1)</script>"
            ),
            "page web ou une archive",
        ),
    ]:
        with pytest.raises(ValidationError) as exc:
            services.deposer_convention_signee(
                convention=convention, fichier=fichier, par=roles["membre_a"]
            )
        assert attendu in exc.value.message_dict["fichier"][0]
    convention.refresh_from_db()
    assert not convention.fichier_signe
    with pytest.raises(PermissionDenied):
        services.deposer_convention_signee(
            convention=convention,
            fichier=SimpleUploadedFile("x.pdf", _lire(convention.fichier)),
            par=roles["membre_b"],
        )


def test_montants_en_lettres():
    assert en_lettres(Decimal("1")) == "un euro"
    assert en_lettres(Decimal("2000000")) == "deux millions d'euros"
    assert en_lettres(Decimal("1250.01")) == "mille deux cent cinquante euros et un centime"


def test_visibilite_des_subventions(enveloppe_dx, fonds, territoire, roles):
    sub_dx = attribuer(enveloppe_dx, territoire["a"], roles["instructeur_dx"])
    sub_axe2 = attribuer(fonds[Axe.AXE_2], territoire["b"], roles["dinum"])
    visibles = {
        qui: set(Subvention.objects.visibles_par(roles[qui]))
        for qui in (
            "instructeur_dx",
            "instructeur_dy",
            "instructeur_region",
            "dinum",
            "anct",
            "administrateur",
            "membre_a",
            "membre_b",
            "jure",
        )
    }
    assert visibles["instructeur_dx"] == {sub_dx}
    assert visibles["instructeur_dy"] == set()
    assert visibles["instructeur_region"] == {sub_dx}
    assert visibles["dinum"] == {sub_axe2}
    assert visibles["anct"] == set()
    assert visibles["administrateur"] == {sub_dx, sub_axe2}
    assert visibles["membre_a"] == {sub_dx}
    assert visibles["membre_b"] == {sub_axe2}
    assert visibles["jure"] == set()
    assert Enveloppe.objects.filter(nature=NatureEnveloppe.DEPARTEMENT).count() == 1


def test_reduire_l_engagement_d_une_subvention_baisse_son_montant(enveloppe_dx, territoire, roles):
    sub = attribuer(enveloppe_dx, territoire["a"], roles["instructeur_dx"])
    services.reduire(
        engagement=sub.engagement,
        montant=Decimal("6000.00"),
        motif="Devis final",
        par=roles["instructeur_dx"],
    )
    sub.refresh_from_db()
    enveloppe_dx.refresh_from_db()
    assert sub.montant == sub.engagement.montant == enveloppe_dx.montant_engage == Decimal("6000")
    Subvention.objects.filter(pk=sub.pk).update(
        statut=StatutSubvention.EN_PAIEMENT, montant_verse=Decimal("5000.00")
    )
    with pytest.raises(ValidationError) as exc:
        services.reduire(
            engagement=sub.engagement,
            montant=Decimal("4999.99"),
            motif="x",
            par=roles["instructeur_dx"],
        )
    assert "déjà versés" in exc.value.message_dict["montant"][0]


def test_une_enveloppe_departementale_ne_finance_que_son_departement(
    enveloppe_dx, territoire, roles
):
    """Sinon la préfecture de X engagerait son argent pour la commune B (Y), dans une
    subvention que seule la préfecture de Y verrait ensuite."""
    with pytest.raises(ValidationError) as erreur:
        attribuer(enveloppe_dx, territoire["b"], roles["instructeur_dx"])
    assert "beneficiaire" in erreur.value.error_dict
    enveloppe_dx.refresh_from_db()
    assert enveloppe_dx.montant_engage == 0


def test_une_subvention_lue_avant_une_reduction_ne_paie_pas_l_ancien_montant(
    enveloppe_dx, territoire, roles
):
    """La page du versement a lu la subvention (8 000 €) ; entre-temps l'engagement est réduit
    à 6 000 €. Le versement se vérifie sur la ligne verrouillée et relue entière : il ne paie
    pas au-delà de l'engagement et ne réécrit pas l'ancien montant."""
    sub = attribuer(enveloppe_dx, territoire["a"], roles["instructeur_dx"])
    Subvention.objects.filter(pk=sub.pk).update(statut=StatutSubvention.SIGNEE)
    perimee = Subvention.objects.get(pk=sub.pk)
    services.reduire(
        engagement=sub.engagement,
        montant=Decimal("6000.00"),
        motif="Devis final",
        par=roles["instructeur_dx"],
    )
    with pytest.raises(ValidationError) as exc:
        services.enregistrer_versement(
            subvention=perimee,
            type=TypeVersement.ACOMPTE,
            montant=Decimal("7000.00"),
            date=datetime.date(2026, 3, 1),
            reference="V-1",
            par=roles["instructeur_dx"],
        )
    assert "6\u202f000,00" in exc.value.message_dict["montant"][0]
    versement = services.enregistrer_versement(
        subvention=perimee,
        type=TypeVersement.ACOMPTE,
        montant=Decimal("1000.00"),
        date=datetime.date(2026, 3, 1),
        reference="V-2",
        par=roles["instructeur_dx"],
    )
    assert perimee.montant == Decimal("6000.00")  # l'objet de l'appelant est relu
    sub.refresh_from_db()
    assert (sub.montant, sub.montant_verse) == (Decimal("6000.00"), Decimal("1000.00"))
    assert versement.subvention.montant == Decimal("6000.00")
