from .forfaits import ApiNationale, DemandeForfait, SorteForfait, StatutDemande

__all__ = ["ApiNationale", "DemandeForfait", "SorteForfait", "StatutDemande"]
