"""Le panneau de la page du dossier (agents) : les notes et le lien vers l'instruction."""


def instruction(*, dossier, user) -> dict:
    """Une requête : les notes du dossier."""
    notes = list(dossier.notes_territoriales.order_by("critere"))
    return {"dossier": dossier, "notes": notes, "total": sum(n.note for n in notes)}
