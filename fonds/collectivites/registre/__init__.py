"""Le registre des collectivités : sources, fichier livré, chargement."""

#: D'où viennent les populations du registre livré (`data/SOURCE.md`), dit sur chaque page
#: qui montre une population. À mettre à jour avec le fichier, à chaque millésime.
SOURCE_POPULATION = (
    "population municipale en vigueur en 2026 (INSEE ; pour un EPCI, liste des EPCI 2026 de la "
    "DGCL)"
)
