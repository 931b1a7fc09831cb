"""« Mon espace » : des sections que le socle et les axes déclarent, sans éditer la page.

Une section est un gabarit et une fonction de contexte :

    from fonds.portail import espace

    class ConsultationConfig(AppConfig):
        def ready(self):
            espace.enregistrer(espace.Section(
                code="consultation", ordre=25, template="consultation/espace.html",
                contexte=mes_propositions,          # (e: espace.Espace) -> dict | None
            ))

La fonction de contexte rend le dictionnaire que reçoit le gabarit (sous `section`), ou
`None` quand la section n'a rien à montrer à cette personne (un agent sans collectivité ne
voit pas les dossiers de sa collectivité). Elle lit en un nombre constant de requêtes (la
page est dans les budgets). La page n'est jamais gardée en cache : chaque requête relit les
droits et les données.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ImproperlyConfigured

from fonds.comptes import perms


@dataclass
class Espace:
    """Ce que les sections savent de la personne : ses droits (lus une fois), ses adhésions
    et la collectivité affichée (`?collectivite=<uuid>`, la première par défaut)."""

    request: object

    @property
    def user(self):
        return self.request.user

    @cached_property
    def droits(self) -> perms.Droits:
        return perms.droits(self.user)

    @property
    def est_agent(self) -> bool:
        return self.droits.est_agent

    @cached_property
    def adhesions(self) -> list:
        from fonds.comptes.enums import StatutAdhesion
        from fonds.comptes.models import Adhesion

        return list(
            Adhesion.objects.filter(
                user=self.user, statut__in=[StatutAdhesion.VALIDEE, StatutAdhesion.EN_ATTENTE]
            )
            .avec_details()
            .order_by("collectivite__nom")
        )

    @cached_property
    def validees(self) -> list:
        from fonds.comptes.enums import StatutAdhesion

        return [a for a in self.adhesions if a.statut == StatutAdhesion.VALIDEE]

    @cached_property
    def collectivite(self):
        choisie = self.request.GET.get("collectivite")
        courante = next((a for a in self.validees if str(a.collectivite.uuid) == choisie), None)
        if courante is None and self.validees:
            courante = self.validees[0]
        return courante.collectivite if courante else None


@dataclass(frozen=True)
class Section:
    code: str
    template: str
    contexte: Callable[[Espace], dict | None]
    ordre: int = 100


_SECTIONS: dict[str, Section] = {}


def enregistrer(section: Section) -> Section:
    deja = _SECTIONS.get(section.code)
    if deja is not None and deja != section:
        raise ImproperlyConfigured(f"La section « {section.code} » de Mon espace existe déjà.")
    _SECTIONS[section.code] = section
    return section


def sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.ordre, s.code))


def rendre(request) -> tuple[Espace, list[dict]]:
    """Les sections à montrer à cette personne, dans l'ordre, chacune avec son contexte."""
    e = Espace(request)
    rendues = []
    for section in sections():
        contexte = section.contexte(e)
        if contexte is not None:
            rendues.append({"code": section.code, "template": section.template, **contexte})
    return e, rendues
