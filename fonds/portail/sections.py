"""Les sections de « Mon espace » que le socle déclare (voir `espace.py`) : la collectivité
affichée, le travail d'un agent, les dossiers par axe et les subventions d'une collectivité,
les notifications. Un axe ajoute les siennes depuis son `AppConfig.ready()`."""

from django.db.models import Count, Q

from fonds.enums import Axe

from . import espace

#: Ce que chaque axe montre à une collectivité dans sa carte de dossiers.
DESCRIPTIONS_AXES = {
    Axe.AXE_1: "Les projets de la consultation et de la co-construction (ANCT).",
    Axe.AXE_2: "Les dossiers aux appels à projets de la DINUM et les forfaits FranceConnect / API.",
    Axe.AXE_3: "Les dossiers déposés auprès de la préfecture, et les subventions obtenues.",
}


def collectivite(e: espace.Espace) -> dict:
    return {
        "adhesions_validees": e.validees,
        "adhesions_en_attente": [a for a in e.adhesions if a not in e.validees],
        "collectivite": e.collectivite,
        # Un agent n'a pas à se rattacher à une collectivité pour travailler.
        "rattacher": e.collectivite is None and not e.est_agent,
    }


def travail_agent(e: espace.Espace) -> dict | None:
    """Les guichets de l'agent et sa file : dossiers à instruire, compléments attendus, en
    instruction (une requête), et les dossiers qui lui sont attribués (une requête)."""
    if not e.est_agent:
        return None
    from fonds.dossiers.enums import Etat
    from fonds.dossiers.models import Dossier, Guichet

    depose = Q(dossiers__etat=Etat.DEPOSE)
    guichets = list(
        Guichet.objects.instruits_par(e.user)
        .select_related("departement", "region")
        .annotate(
            a_instruire=Count("dossiers", filter=depose & Q(dossiers__complements_demandes=False)),
            complements=Count("dossiers", filter=depose & Q(dossiers__complements_demandes=True)),
            en_instruction=Count("dossiers", filter=Q(dossiers__etat=Etat.EN_INSTRUCTION)),
        )
        .order_by("-a_instruire", "nom")[:50]
    )
    attribues = list(
        Dossier.objects.instruits_par(e.user)
        .filter(instructeur=e.user, etat__in=[Etat.DEPOSE, Etat.EN_INSTRUCTION])
        .select_related("guichet", "collectivite")
        .order_by("depose_le")[:10]
    )
    return {"guichets": guichets, "attribues": attribues}


def dossiers(e: espace.Espace) -> dict | None:
    """Les dossiers de la collectivité affichée, une carte par axe (une requête)."""
    if e.collectivite is None:
        return None
    from fonds.dossiers.models import Dossier

    par_axe = {axe: [] for axe in Axe.values}
    for dossier in Dossier.objects.pour_mon_espace(e.collectivite):
        par_axe[dossier.guichet.axe].append(dossier)
    return {
        "axes": [
            {
                "code": axe,
                "titre": libelle,
                "description": DESCRIPTIONS_AXES[axe],
                "dossiers": par_axe[axe],
            }
            for axe, libelle in Axe.choices
        ],
        "collectivite": e.collectivite,
    }


def subventions(e: espace.Espace) -> dict | None:
    """Les subventions de la collectivité affichée (une requête)."""
    if e.collectivite is None:
        return None
    from fonds.financement.models import Subvention

    return {
        "subventions": list(
            Subvention.objects.filter(beneficiaire=e.collectivite).order_by("-cree_le")[:20]
        ),
        "collectivite": e.collectivite,
    }


def notifications(e: espace.Espace) -> dict:
    from fonds.notifications.models import Notification

    return {"notifications": list(Notification.objects.pour(e.user).non_lues()[:5])}


def enregistrer_socle() -> None:
    for section in (
        espace.Section("collectivite", "portail/espace/collectivite.html", collectivite, 10),
        espace.Section("travail_agent", "portail/espace/travail_agent.html", travail_agent, 20),
        espace.Section("dossiers", "portail/espace/dossiers.html", dossiers, 30),
        espace.Section("subventions", "portail/espace/subventions.html", subventions, 40),
        espace.Section("notifications", "portail/espace/notifications.html", notifications, 90),
    ):
        espace.enregistrer(section)
