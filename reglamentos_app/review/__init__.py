"""Review tools for cleaning up and harmonising the corpus: obsolete-reference rules, cross-reference
checks and near-duplicate provisions (strategy 8.2 of the municipal plan).

An adapter package: it reads the rules file the legal staff edit (YAML, the only user of PyYAML)
and works on domain objects handed over by the services.
"""
