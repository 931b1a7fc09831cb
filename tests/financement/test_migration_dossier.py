"""La reprise des références en texte : chaque subvention retrouve son dossier par l'uuid qu'y
écrivaient la démonstration et le volume ; une référence orpheline devient le motif
exceptionnel (rien n'est perdu, la contrainte « dossier ou motif » tient)."""

import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

AVANT = [("financement", "0004_axes_du_socle"), ("dossiers", "0007_regles_du_guichet")]


def test_references_reprises(territoire, roles):
    executor = MigrationExecutor(connection)
    executor.migrate(AVANT)
    try:
        apps = executor.loader.project_state(AVANT).apps
        Enveloppe = apps.get_model("financement", "Enveloppe")
        Engagement = apps.get_model("financement", "Engagement")
        Subvention = apps.get_model("financement", "Subvention")
        Guichet = apps.get_model("dossiers", "Guichet")
        Dossier = apps.get_model("dossiers", "Dossier")
        admin = roles["administrateur"].pk
        fonds = Enveloppe.objects.create(nom="Fonds", nature="fonds", montant=100)
        axe = Enveloppe.objects.create(
            nom="Axe 2", nature="axe", axe="axe2", parent=fonds, montant=100, montant_engage=20
        )
        guichet = Guichet.objects.create(
            nom="G", slug="g", axe="axe2", ouverture="2026-01-01T00:00Z", role_instructeur="dinum"
        )
        dossier = Dossier.objects.create(
            guichet=guichet,
            collectivite_id=territoire["a"].pk,
            cree_par_id=admin,
            etat="accepte",
            depose_le="2026-01-02T00:00Z",
        )
        for reference in (str(dossier.uuid), str(uuid.uuid4()), "DOS-42"):
            engagement = Engagement.objects.create(
                enveloppe=axe,
                beneficiaire_id=territoire["a"].pk,
                objet="o",
                montant=10,
                montant_initial=10,
                cree_par_id=admin,
            )
            Subvention.objects.create(
                reference_dossier=reference,
                beneficiaire_id=territoire["a"].pk,
                enveloppe=axe,
                engagement=engagement,
                axe="axe2",
                objet="o",
                cout_eligible=Decimal(10),
                taux=Decimal(100),
                montant=Decimal(10),
                cree_par_id=admin,
            )
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    from fonds.financement.models import Subvention as SubventionApres

    lignes = list(SubventionApres.objects.order_by("pk").values("dossier_id", "motif_exceptionnel"))
    assert lignes[0] == {"dossier_id": dossier.pk, "motif_exceptionnel": ""}
    assert (
        lignes[1]["dossier_id"] is None
        and "avant que les subventions" in lignes[1]["motif_exceptionnel"]
    )
    assert lignes[2]["dossier_id"] is None and "« DOS-42 »" in lignes[2]["motif_exceptionnel"]
