"""Les sortes de dépenses éligibles aux guichets territoriaux (cahier des charges de l'axe 3)."""

LABS = "labs"

DEPENSES = (
    ("etudes", "Études, diagnostics de besoins et de faisabilité, schémas directeurs numériques"),
    (
        "accompagnement",
        "Accompagnement par des prestataires spécialisés (design de services, technique, "
        "conduite du changement)",
    ),
    ("formation", "Formation et certification aux compétences numériques"),
    ("relation_usagers", "Expertise en relation usagers omnicanale"),
    ("services_en_ligne", "Services en ligne et dématérialisation de procédures locales"),
    ("telephonie", "Plateformes téléphoniques et serveurs vocaux"),
    ("cybersecurite", "Cybersécurité"),
    (LABS, "Projets avec un laboratoire d'innovation territoriale"),
)

LIBELLES = dict(DEPENSES)
