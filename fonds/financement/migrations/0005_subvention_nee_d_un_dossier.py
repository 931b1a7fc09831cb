"""Une subvention naît d'un dossier : lien réel vers le dossier (au lieu de la référence en
texte libre), ou motif d'une attribution exceptionnelle d'un administrateur.

Les références existantes (l'uuid du dossier, comme les écrivaient la démonstration et le
volume national) sont reprises ; une référence qui ne mène à aucun dossier devient le motif
exceptionnel de la subvention, pour que rien ne soit perdu."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def relier_aux_dossiers(apps, schema_editor):
    Subvention = apps.get_model("financement", "Subvention")
    Dossier = apps.get_model("dossiers", "Dossier")
    deja_pris = set()
    for subvention in Subvention.objects.order_by("pk").iterator():
        reference = (subvention.reference_dossier or "").strip()
        dossier_id = None
        try:
            cle = uuid.UUID(reference)
        except ValueError:
            cle = None
        if cle is not None:
            dossier_id = Dossier.objects.filter(uuid=cle).values_list("pk", flat=True).first()
        if dossier_id is not None and dossier_id not in deja_pris:
            deja_pris.add(dossier_id)
            Subvention.objects.filter(pk=subvention.pk).update(dossier_id=dossier_id)
        else:
            trace = f" (référence saisie : « {reference} »)" if reference else ""
            Subvention.objects.filter(pk=subvention.pk).update(
                motif_exceptionnel="Attribuée sur la page de l'enveloppe avant que les "
                f"subventions ne naissent des dossiers{trace}."
            )


def rendre_les_references(apps, schema_editor):
    Subvention = apps.get_model("financement", "Subvention")
    for subvention in Subvention.objects.filter(dossier__isnull=False).select_related("dossier"):
        Subvention.objects.filter(pk=subvention.pk).update(
            reference_dossier=str(subvention.dossier.uuid)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0007_regles_du_guichet"),
        ("financement", "0004_axes_du_socle"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalsubvention",
            name="dossier",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="dossiers.dossier",
            ),
        ),
        migrations.AddField(
            model_name="historicalsubvention",
            name="motif_exceptionnel",
            field=models.TextField(
                blank=True, verbose_name="motif de l'attribution exceptionnelle (sans dossier)"
            ),
        ),
        migrations.AddField(
            model_name="subvention",
            name="dossier",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="subvention",
                to="dossiers.dossier",
            ),
        ),
        migrations.AddField(
            model_name="subvention",
            name="motif_exceptionnel",
            field=models.TextField(
                blank=True, verbose_name="motif de l'attribution exceptionnelle (sans dossier)"
            ),
        ),
        migrations.RunPython(relier_aux_dossiers, rendre_les_references),
        migrations.AddConstraint(
            model_name="subvention",
            constraint=models.CheckConstraint(
                condition=models.Q(("dossier__isnull", False))
                | ~models.Q(("motif_exceptionnel", "")),
                name="subvention_dossier_ou_motif_exceptionnel",
                violation_error_message=(
                    "Une subvention naît d'un dossier accepté, ou d'une attribution "
                    "exceptionnelle motivée par un administrateur."
                ),
            ),
        ),
        migrations.RemoveField(model_name="historicalsubvention", name="reference_dossier"),
        migrations.RemoveField(model_name="subvention", name="reference_dossier"),
    ]
