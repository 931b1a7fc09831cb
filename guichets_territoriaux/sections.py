"""La section de Mon espace : le guichet territorial de la collectivité affichée."""


def guichet_territorial(e) -> dict | None:
    """Aucune requête : la collectivité affichée est déjà lue par Mon espace."""
    if e.collectivite is None:
        return None
    return {"collectivite": e.collectivite}


def enveloppes_de_la_prefecture(e) -> dict | None:
    """Pour un agent de préfecture : les enveloppes de l'axe 3 de son territoire, chacune avec
    son guichet ou le lien pour l'ouvrir, et sa région à gérer (une requête). C'est l'entrée
    d'une préfecture de département qui vient de recevoir une délégation."""
    d = e.droits
    if not e.est_agent or not (d.regions or d.departements):
        return None
    from django.db.models import OuterRef, Q, Subquery

    from fonds.dossiers.models import Guichet
    from fonds.financement.enums import Axe, NatureEnveloppe
    from fonds.financement.models import Enveloppe

    enveloppes = list(
        Enveloppe.objects.filter(axe=Axe.AXE_3)
        .filter(
            Q(nature=NatureEnveloppe.REGION, region_id__in=d.regions)
            | Q(nature=NatureEnveloppe.DEPARTEMENT, departement_id__in=d.departements)
        )
        .select_related("region", "departement")
        .annotate(
            guichet_slug=Subquery(
                Guichet.objects.filter(enveloppe=OuterRef("pk")).values("slug")[:1]
            )
        )
        .order_by("nature", "region__nom", "departement__code")[:30]
    )
    return {"enveloppes": enveloppes} if enveloppes else None
