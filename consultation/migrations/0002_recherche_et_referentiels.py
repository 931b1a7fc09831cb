from django.db import migrations


def index_postgresql(apps, schema_editor):
    """Recherche plein texte (GIN) et similarité des titres (pg_trgm, index GiST : les plus
    proches voisins d'un titre se lisent dans l'ordre de l'index), sur PostgreSQL
    seulement : SQLite se contente des replis de `PropositionQuerySet.rechercher` et de
    `services.groupes.suggestions`."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX proposition_recherche_gin ON consultation_proposition USING gin (recherche)"
    )
    schema_editor.execute(
        "CREATE INDEX proposition_titre_trgm ON consultation_proposition "
        "USING gist (titre gist_trgm_ops)"
    )


def supprimer_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS proposition_recherche_gin")
    schema_editor.execute("DROP INDEX IF EXISTS proposition_titre_trgm")


def referentiels(apps, schema_editor):
    from consultation.models.propositions import ETIQUETTES, THEMES

    Theme = apps.get_model("consultation", "Theme")
    Etiquette = apps.get_model("consultation", "Etiquette")
    for code, nom in THEMES:
        Theme.objects.get_or_create(code=code, defaults={"nom": nom})
    for code, nom in ETIQUETTES:
        Etiquette.objects.get_or_create(code=code, defaults={"nom": nom})


class Migration(migrations.Migration):
    dependencies = [("consultation", "0001_consultation")]

    operations = [
        migrations.RunPython(index_postgresql, supprimer_index),
        migrations.RunPython(referentiels, migrations.RunPython.noop),
    ]
