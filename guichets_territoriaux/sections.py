"""La section de Mon espace : le guichet territorial de la collectivité affichée."""


def guichet_territorial(e) -> dict | None:
    """Aucune requête : la collectivité affichée est déjà lue par Mon espace."""
    if e.collectivite is None:
        return None
    return {"collectivite": e.collectivite}
