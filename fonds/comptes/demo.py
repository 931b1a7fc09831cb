"""Démonstration (commande `demo`) : un compte par rôle. Contribution de `fonds.comptes`.

Les mots de passe sont ceux du README (démonstration seulement : la commande refuse de tourner
si DEBUG est faux)."""

from allauth.account.models import EmailAddress

from fonds.collectivites.enums import Nature
from fonds.collectivites.models import Collectivite, Departement, Region
from fonds.comptes import services
from fonds.comptes.enums import Fonction, ModeValidation, Role, StatutAdhesion
from fonds.comptes.models import Adhesion, Habilitation, User

MOT_DE_PASSE = "demo-fonds-2026"

#: (e-mail, prénom, nom, rôle, territoire) ; territoire = ("region"|"departement", code).
AGENTS = [
    ("admin@demo.fonds.gouv.fr", "Alice", "Administratrice", Role.ADMINISTRATEUR, None),
    ("anct@demo.fonds.gouv.fr", "Bastien", "Agent ANCT", Role.ANCT, None),
    ("dinum@demo.fonds.gouv.fr", "Chloé", "Agente DINUM", Role.DINUM, None),
    (
        "prefecture21@demo.fonds.gouv.fr",
        "David",
        "Instructeur Côte-d'Or",
        Role.INSTRUCTEUR,
        ("departement", "21"),
    ),
    (
        "prefecture-bfc@demo.fonds.gouv.fr",
        "Emma",
        "Instructrice Bourgogne-Franche-Comté",
        Role.INSTRUCTEUR,
        ("region", "27"),
    ),
    ("jure@demo.fonds.gouv.fr", "Farid", "Juré", Role.JURE, None),
    ("partenaire@demo.fonds.gouv.fr", "Gaëlle", "Partenaire", Role.PARTENAIRE, None),
]

#: (e-mail, prénom, nom, nature, code INSEE ou SIREN de la collectivité, statut, fonction)
MEMBRES = [
    (
        "dsi@dijon.demo.fr",
        "Hugo",
        "DSI Dijon",
        Nature.COMMUNE,
        "21231",
        StatutAdhesion.VALIDEE,
        Fonction.AGENT,
    ),
    (
        "dsi@dijon.demo.fr",
        "Hugo",
        "DSI Dijon",
        Nature.EPCI,
        "242100410",
        StatutAdhesion.VALIDEE,
        Fonction.AGENT,
    ),
    (
        "maire@beaune.demo.fr",
        "Inès",
        "Maire de Beaune",
        Nature.COMMUNE,
        "21054",
        StatutAdhesion.VALIDEE,
        Fonction.ELU,
    ),
    (
        "nouvel-agent@beaune.demo.fr",
        "Jules",
        "Agent Beaune",
        Nature.COMMUNE,
        "21054",
        StatutAdhesion.EN_ATTENTE,
        Fonction.AGENT,
    ),
    (
        "numerique@cotedor.demo.fr",
        "Karima",
        "Cheffe de projet Côte-d'Or",
        Nature.DEPARTEMENT,
        "21",
        StatutAdhesion.VALIDEE,
        Fonction.AGENT,
    ),
    (
        "mairie@lyon.demo.fr",
        "Léo",
        "Agent Lyon",
        Nature.COMMUNE,
        "69123",
        StatutAdhesion.VALIDEE,
        Fonction.AGENT,
    ),
]


def _user(email, prenom, nom) -> User:
    user, cree = User.objects.get_or_create(
        email=email, defaults={"first_name": prenom, "last_name": nom}
    )
    if cree:
        user.set_password(MOT_DE_PASSE)
        user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def comptes(contexte) -> None:
    """Un compte par rôle (agents habilités, membres vérifiés ou en attente)."""
    admin = None
    for email, prenom, nom, role, territoire in AGENTS:
        user = _user(email, prenom, nom)
        kwargs = {}
        if territoire:
            genre, code = territoire
            modele = Region if genre == "region" else Departement
            kwargs[genre] = modele.objects.get(code=code)
        if role == Role.ADMINISTRATEUR:
            user.is_staff = user.is_superuser = True
            user.save()
            admin = user
        Habilitation.objects.get_or_create(
            user=user, role=role, defaults={**kwargs, "creee_par": admin}, **kwargs
        )
    for email, prenom, nom, nature, code, statut, fonction in MEMBRES:
        user = _user(email, prenom, nom)
        cle = {"siren": code} if len(code) == 9 else {"code_insee": code}
        collectivite = Collectivite.objects.get(nature=nature, **cle)
        if Adhesion.objects.filter(user=user, collectivite=collectivite).exists():
            continue
        if statut == StatutAdhesion.EN_ATTENTE:
            # Par le service : les membres de la collectivité reçoivent la notification.
            services.demander_adhesion(user=user, collectivite=collectivite, fonction=fonction)
            continue
        Adhesion.objects.create(
            user=user,
            collectivite=collectivite,
            statut=statut,
            fonction=fonction,
            decidee_par=admin,
            mode_validation=ModeValidation.ADMINISTRATEUR,
        )
    for email, prenom, nom in dict.fromkeys((e, p, n) for e, p, n, *_ in AGENTS + MEMBRES):
        contexte.comptes.append((email, prenom, nom))
