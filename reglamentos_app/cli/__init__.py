"""Command-line interface: ``reglamentos import|list|show|export-text|report|admin``."""
