"""Every write to dossiers and nominees (the clerk's desk). Changes of state go through
nominations.workflow, which binds the transition tables to the shared audit.workflow helper."""
