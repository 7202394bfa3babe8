"""Export dialogs and actions of the GUI (texto vigente, cuadro, redline, decree, package)."""
