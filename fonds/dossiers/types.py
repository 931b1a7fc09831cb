"""Les sortes de guichets : ce qu'un axe déclare pour ses guichets, sans toucher au socle.

Un axe enregistre, depuis `AppConfig.ready()`, un `TypeGuichet` :

    from fonds.dossiers import types

    class GuichetNationalConfig(AppConfig):
        def ready(self):
            from .forms import DossierAppelForm
            from .decisions import creer_la_subvention

            types.enregistrer(types.TypeGuichet(
                code="appel_a_projets", libelle="Appel à projets (axe 2)", axe=Axe.AXE_2,
                formulaire=DossierAppelForm,
                pieces=(types.Piece("deliberation", "Délibération", obligatoire=True),),
                etapes=(("preselectionne", "Pré-sélectionné"), ("au_jury", "Devant le jury")),
                transitions=(
                    types.Transition("preselectionner", "Pré-sélectionner",
                                     depuis=("",), vers="preselectionne"),
                    types.Transition("envoyer_au_jury", "Envoyer au jury",
                                     depuis=("preselectionne",), vers="au_jury",
                                     peut=lambda user, dossier: perms.a_role(user, Role.DINUM)),
                ),
                apres_acceptation=(creer_la_subvention,),
            ))

`Guichet.type` porte le code ; le socle lit le reste ici : le formulaire du dossier
(`forms.DossierForm` et ses sous-classes), les pièces (libellés, obligatoires ou non), les
colonnes ajoutées aux exports (`exports.py`), les panneaux de la page du dossier
(`views/dossier.py`), les étapes d'instruction et leurs transitions gardées (le service
`franchir_etape`, la vue `dossiers:franchir_etape`) et les crochets de décision, appelés dans
la transaction de l'acceptation ou du refus (`services/instruction.py`).

Le socle enregistre le type « générique » (le formulaire générique, les pièces de
`TypePiece`, aucune étape) : c'est celui des guichets qui ne disent rien d'autre.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from .enums import Axe, Etat, TypePiece

GENERIQUE = "generique"


def _instructeur(user, dossier) -> bool:
    from fonds.comptes import perms

    return perms.peut_instruire(user, dossier)


@dataclass(frozen=True)
class Piece:
    """Un type de pièce que connaît la sorte de guichet. `obligatoire` : exigée au dépôt
    (un guichet peut en exiger d'autres parmi celles-ci, `Guichet.pieces_requises`) ;
    `proposee` : offerte dans le formulaire même quand elle n'est pas exigée."""

    code: str
    libelle: str
    obligatoire: bool = False
    proposee: bool = True


@dataclass(frozen=True)
class Colonne:
    """Une colonne ajoutée aux exports CSV et XLSX des dossiers du guichet : son en-tête et sa
    valeur, `valeur(ligne)`, lue dans la ligne exportée (un dictionnaire : les colonnes du
    socle sous leur nom de champ, `donnees`, et les `champs` déclarés). Une valeur qui vient
    d'un modèle de l'axe s'ajoute en une requête par `annoter(queryset)` (une `Subquery`)
    et son nom dans `champs` : l'export reste en flux, sans requête par ligne."""

    entete: str
    valeur: Callable[[dict], object]
    champs: tuple[str, ...] = ()
    annoter: Callable[[object], object] | None = None


@dataclass(frozen=True)
class Panneau:
    """Un panneau ajouté à la page du dossier : un gabarit (inclus avec la variable
    `panneau`, le dictionnaire que rend `contexte(dossier=…, user=…)`), placé par le socle
    dans la colonne principale ou latérale, pour les agents seulement ou pour tous.

    La page est rendue à chaque requête (aucun cache par personne) ; la fonction de contexte
    lit en un nombre constant de requêtes (les budgets de `tests/preuves` le vérifient)."""

    template: str
    contexte: Callable[..., dict]
    zone: str = "principale"  # ou "laterale"
    agents_seulement: bool = True


@dataclass(frozen=True)
class Transition:
    """Un pas d'instruction gardé : de quelles étapes (« » : aucune encore) et dans quels
    états du dossier on le franchit, vers quelle étape, et qui le peut (un prédicat
    `peut(user, dossier)` sur les droits de `fonds.comptes.perms` ; par défaut, les agents
    qui instruisent le dossier). `apres(dossier=…, par=…)` tourne dans la même transaction."""

    code: str
    libelle: str
    vers: str
    depuis: tuple[str, ...] = ("",)
    etats: tuple[str, ...] = (Etat.EN_INSTRUCTION,)
    peut: Callable[[object, object], bool] = _instructeur
    apres: Callable[..., None] | None = None


@dataclass(frozen=True)
class TypeGuichet:
    code: str
    libelle: str
    axe: str = ""
    formulaire: type | None = None  # sous-classe de fonds.dossiers.forms.DossierForm
    pieces: tuple[Piece, ...] = ()
    colonnes_export: tuple[Colonne, ...] = ()
    panneaux: tuple[Panneau, ...] = ()
    etapes: tuple[tuple[str, str], ...] = ()  # (code, libellé) des étapes de l'instruction
    transitions: tuple[Transition, ...] = ()
    # Crochets de décision : f(dossier=…, par=…), dans la transaction de la décision ; une
    # exception l'annule (le dossier reste en instruction) et son message est montré.
    apres_acceptation: tuple[Callable[..., None], ...] = ()
    apres_refus: tuple[Callable[..., None], ...] = ()
    apres_classement: tuple[Callable[..., None], ...] = ()
    description: str = field(default="", compare=False)
    # Le nom d'URL de la page de dépôt propre à la sorte (argument : le slug du guichet), quand
    # l'axe décide lui-même (forfait) : le socle n'y ouvre alors aucun brouillon générique et sa
    # page du guichet renvoie à celle-là.
    depot: str = ""
    # Les conditions de la subvention d'un dossier accepté, `f(dossier) -> dict`, lues par
    # `fonds.financement.services.subventionner_dossier` dans la transaction de la décision :
    # « enveloppe » (une autre que celle du guichet : l'enveloppe nationale des labs de
    # l'axe 3), « contractualisation » et « reference_crte ». Aucune : celles du guichet.
    subvention: Callable[[object], dict] | None = None

    def classe_formulaire(self):
        from .forms import DossierForm

        return self.formulaire or DossierForm

    def piece(self, code: str) -> Piece | None:
        return next((p for p in self.pieces if p.code == code), None)

    def pieces_du_guichet(self, guichet) -> list[tuple[Piece, bool]]:
        """Les pièces du formulaire de ce guichet, chacune avec « exigée au dépôt » : les
        obligatoires de la sorte et celles qu'exige le guichet, puis les autres proposées."""
        exigees = set(guichet.pieces_requises)
        return [
            (p, p.obligatoire or p.code in exigees)
            for p in sorted(self.pieces, key=lambda p: not (p.obligatoire or p.code in exigees))
            if p.obligatoire or p.code in exigees or p.proposee
        ]

    def libelle_etape(self, code: str) -> str:
        return dict(self.etapes).get(code, code)

    def transition(self, code: str) -> Transition | None:
        return next((t for t in self.transitions if t.code == code), None)

    def transitions_possibles(self, dossier, user) -> list[Transition]:
        """Les pas que `user` peut franchir maintenant sur ce dossier (pour les boutons)."""
        return [
            t
            for t in self.transitions
            if dossier.etat in t.etats and dossier.etape in t.depuis and t.peut(user, dossier)
        ]


_TYPES: dict[str, TypeGuichet] = {}


def enregistrer(type_guichet: TypeGuichet) -> TypeGuichet:
    """Déclare une sorte de guichet (depuis `AppConfig.ready()`). Déclarer deux fois le même
    objet ne fait rien ; deux sortes différentes sous un même code sont une erreur."""
    from django.core.exceptions import ImproperlyConfigured

    deja = _TYPES.get(type_guichet.code)
    if deja is not None and deja != type_guichet:
        raise ImproperlyConfigured(f"Le type de guichet « {type_guichet.code} » existe déjà.")
    codes = [code for code, _ in type_guichet.etapes]
    for t in type_guichet.transitions:
        inconnues = ({t.vers} | set(t.depuis)) - {""} - set(codes)
        if inconnues:
            raise ImproperlyConfigured(
                f"Transition « {t.code} » du type « {type_guichet.code} » : étapes non "
                f"déclarées {sorted(inconnues)}."
            )
    _TYPES[type_guichet.code] = type_guichet
    return type_guichet


_PANNEAUX_AJOUTES: dict[str, tuple[Panneau, ...]] = {}


def ajouter_panneau(code: str, panneau: Panneau) -> None:
    """Un axe ajoute un panneau à la page des dossiers d'une sorte qu'il n'a pas déclarée
    (depuis `AppConfig.ready()`) : l'axe 1 montre, sur un dossier d'appel à projets de l'axe 2,
    le service retenu dont il vient. Ajouter deux fois le même panneau ne fait rien."""
    deja = _PANNEAUX_AJOUTES.get(code, ())
    if panneau not in deja:
        _PANNEAUX_AJOUTES[code] = (*deja, panneau)


def panneaux_de(type_guichet: TypeGuichet) -> tuple[Panneau, ...]:
    """Les panneaux de la page d'un dossier : ceux de sa sorte, puis ceux que d'autres axes
    y ont ajoutés."""
    return type_guichet.panneaux + _PANNEAUX_AJOUTES.get(type_guichet.code, ())


def retirer(code: str) -> None:
    """Pour les tests seulement : oublie une sorte déclarée."""
    _TYPES.pop(code, None)


def obtenir(code: str) -> TypeGuichet:
    """La sorte d'un guichet ; un code inconnu (application d'axe retirée) retombe sur le
    générique plutôt que de casser les pages."""
    return _TYPES.get(code) or _TYPES[GENERIQUE]


def existe(code: str) -> bool:
    return code in _TYPES


def choix() -> list[tuple[str, str]]:
    """Les sortes déclarées : les choix de `Guichet.type` (lus à l'exécution, jamais écrits
    dans une migration)."""
    return [(t.code, t.libelle) for t in _TYPES.values()]


def choix_pieces() -> list[tuple[str, str]]:
    """Tous les types de pièce connus : ceux du socle, puis ceux des sortes déclarées."""
    connus = dict(TypePiece.choices)
    for t in _TYPES.values():
        for p in t.pieces:
            connus.setdefault(p.code, p.libelle)
    return list(connus.items())


enregistrer(
    TypeGuichet(
        code=GENERIQUE,
        libelle="Générique (formulaire du socle)",
        axe="",
        pieces=tuple(
            Piece(code, libelle, proposee=False)
            for code, libelle in TypePiece.choices
            if code not in (TypePiece.MESSAGE, TypePiece.AUTRE)
        )
        + (Piece(TypePiece.AUTRE, "Autre pièce (devis, annexe…)"),),
        description="Titre, description, montant, pièces ; les pièces exigées sont celles du "
        "guichet.",
    )
)

__all__ = [
    "GENERIQUE",
    "Axe",
    "Colonne",
    "Panneau",
    "Piece",
    "Transition",
    "TypeGuichet",
    "ajouter_panneau",
    "choix",
    "choix_pieces",
    "enregistrer",
    "existe",
    "obtenir",
    "panneaux_de",
]
