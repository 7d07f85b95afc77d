"""Every write to dossiers and nominees.

workflow.py owns the one transition function; the clerk's services (dossiers.py) and Phòng Nội
vụ's (appraisal.py) call it for every change of state.
"""

from .workflow import DossierTransitionError, transition_dossier

__all__ = ["DossierTransitionError", "transition_dossier"]
