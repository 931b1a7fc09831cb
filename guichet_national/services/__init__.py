"""Les règles de l'axe 2 : une fonction par action, rangées par guichet (`forfaits` : le
guichet à forfait FranceConnect / API)."""
