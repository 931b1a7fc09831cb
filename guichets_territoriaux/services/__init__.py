"""Les services de l'axe 3 : répartition et délégation de l'argent (`repartition`), guichets
des préfectures (`guichets`), aiguillage d'une collectivité vers son guichet (`aiguillage`)."""
