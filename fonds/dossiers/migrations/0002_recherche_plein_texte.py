import django.contrib.postgres.search
from django.db import migrations


def creer_index(apps, schema_editor):
    """Index GIN du vecteur de recherche, sur PostgreSQL seulement (SQLite ne s'en sert pas)."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX dossier_recherche_gin ON dossiers_dossier USING gin (recherche)"
        )


def supprimer_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS dossier_recherche_gin")


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="recherche",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(creer_index, supprimer_index),
    ]
