"""The report figures kept up to date by the dossier events: ``timeline`` (what one dossier adds,
pure), ``store`` (the cells and each dossier's last contribution), ``read`` (the settlement
columns from the cells), ``rebuild`` (everything again from the dossiers and their events)."""
