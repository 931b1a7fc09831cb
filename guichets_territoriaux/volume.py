"""Volume national de l'axe 3 : le socle pose déjà un guichet de préfecture par département
et ses dossiers (`fonds/portail/volume/dossiers.py`, environ 17 000 dossiers de l'axe 3 sur
tous les départements, les acceptés avec leur subvention) ; cette étape en fait des guichets
territoriaux (sorte `territorial`, sortes de dépenses) et donne à leurs dossiers les
réponses du formulaire territorial, en deux requêtes. L'effacement est celui du socle (les
guichets du volume) ; les notes n'existent pas au volume."""

from fonds.comptes.models import User
from fonds.dossiers.models import Dossier, Guichet
from fonds.portail.volume.commun import DOMAINE, PREFIXE_GUICHET

from .depenses import DEPENSES
from .services.guichets import CODE_TERRITORIAL

PREFIXE = f"{PREFIXE_GUICHET}axe3-"
REPONSES = {
    "sorte_depense": "services_en_ligne",
    "equipe": "Un agent numérique et un prestataire.",
    "usagers": "Les habitants ; besoin confirmé.",
    "budget_total": "20000",
    "plan_financement": "Autofinancement 30 %.",
}


def territoriaux(v) -> None:
    guichets = Guichet.objects.filter(slug__startswith=PREFIXE)
    guichets.update(type=CODE_TERRITORIAL, categories=[list(d) for d in DEPENSES])
    Dossier.objects.filter(guichet__slug__startswith=PREFIXE).update(donnees=REPONSES)


def pages_du_banc(session) -> list[tuple[str, str, str]]:
    from django.db.models import Count
    from django.urls import reverse

    guichet = (
        Guichet.objects.filter(type=CODE_TERRITORIAL, slug__startswith=PREFIXE)
        .annotate(n=Count("dossiers"))
        .order_by("-n")
        .select_related("departement")
        .first()
    )
    if guichet is None:
        return []
    region = guichet.departement.region
    agent = (
        User.objects.filter(email__endswith=DOMAINE, habilitations__region=region)
        .order_by("pk")
        .first()
    )
    admin = (
        User.objects.filter(email__endswith=DOMAINE, habilitations__role="administrateur")
        .order_by("pk")
        .first()
    )
    total = Dossier.objects.filter(guichet__type=CODE_TERRITORIAL).count()
    pages = []
    if agent is not None:
        cookie = session(agent.email)
        pages += [
            (
                f"Guichet territorial — liste ({guichet.n} dossiers, préfecture de région)",
                reverse("dossiers:instruction", args=[guichet.slug]),
                cookie,
            ),
            (
                f"Axe 3 — vue régionale ({region.nom})",
                reverse("guichets_territoriaux:vue_regionale", args=[region.code]),
                cookie,
            ),
        ]
    if admin is not None:
        pages.append(
            (
                f"Axe 3 — vue nationale ({total} dossiers, administrateur)",
                reverse("guichets_territoriaux:national"),
                session(admin.email),
            )
        )
    return pages
