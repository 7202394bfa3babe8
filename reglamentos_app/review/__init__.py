"""Review tools for cleaning up and harmonising the corpus: obsolete-reference rules,
cross-reference checks and near-duplicate provisions (strategy 8.2 of the municipal plan).

An adapter package: it reads the rules file the legal staff edit (YAML, the only user of
PyYAML) and works on domain objects handed over by the services; similarity scores come from
``diffing`` through the services. Modules: ``rules`` (the file), ``scanner`` (obsolete
references), ``citations`` (cross-references, a project's draft), ``harmonize`` (definitions,
fines), ``model`` (corpus entries and findings).
"""
