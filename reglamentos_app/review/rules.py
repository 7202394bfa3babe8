"""The obsolete-reference rules: a YAML file the legal staff edit, validated with Spanish errors.

A ``RuleBook`` holds rule sets (``RuleSet``: UMA, Ciudad de México, abrogated laws and renamed
bodies, territory, inclusive language…), each of which can be switched off, and the list of
external laws that citations may name without being reported. The file is always read with
``yaml.safe_load`` (no tags, no objects); its node marks give the line of each rule, so an
error says «línea 42: la expresión regular de la regla "uma-smgv" no es válida: …». The
factory copy is ``reglas.yaml`` in this package; a user copy in the data folder replaces it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from ..domain.errors import ValidationError
from ..domain.numbering import fold

CATEGORIES = {
    "uma": "Salario mínimo → UMA",
    "distrito_federal": "Distrito Federal → Ciudad de México",
    "ley_abrogada": "Ley abrogada o sustituida",
    "organo_renombrado": "Órgano renombrado o extinto",
    "territorio": "Cambio territorial",
    "lenguaje_incluyente": "Lenguaje incluyente",
    "otra": "Otra",
}
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_RULE_KEYS = {"id", "categoria", "descripcion", "patron", "reemplazo", "palabras_clave",
              "excluir_si"}


@dataclass(frozen=True, slots=True)
class Rule:
    """One pattern and its proposed replacement ("" = the hit needs a case-by-case review)."""

    id: str
    category: str
    description: str
    pattern: str
    replacement: str = ""
    keywords: tuple[str, ...] = ()
    exclude_if: str = ""
    set_id: str = ""

    @property
    def category_label(self) -> str:
        return CATEGORIES.get(self.category, self.category)


@dataclass(slots=True)
class RuleSet:
    """A named group of rules that can be switched on or off as a whole."""

    id: str
    name: str
    active: bool
    rules: list[Rule] = field(default_factory=list)


@dataclass(slots=True)
class RuleBook:
    """Every rule set plus the known external laws (see the module docstring)."""

    sets: list[RuleSet] = field(default_factory=list)
    known_laws: list[str] = field(default_factory=list)

    def active_rules(self, only_sets: set[str] | None = None) -> list[Rule]:
        """Rules of the active sets (or of exactly ``only_sets`` when given)."""
        chosen = [s for s in self.sets if (s.id in only_sets if only_sets else s.active)]
        return [rule for s in chosen for rule in s.rules]

    def rule(self, rule_id: str) -> Rule:
        for s in self.sets:
            for rule in s.rules:
                if rule.id == rule_id:
                    return rule
        raise ValidationError(f"No existe la regla «{rule_id}».")

    def to_data(self) -> dict:
        """Plain data in the file's own (Spanish) keys, for writing back as YAML."""
        return {"version": 1, "conjuntos": [
            {"id": s.id, "nombre": s.name, "activo": s.active, "reglas": [
                {"id": r.id, "categoria": r.category, "descripcion": r.description,
                 "patron": r.pattern, "reemplazo": r.replacement,
                 "palabras_clave": list(r.keywords), "excluir_si": r.exclude_if}
                for r in s.rules]} for s in self.sets], "leyes_conocidas": list(self.known_laws)}


def default_rules_text() -> str:
    """The factory rules file shipped with the application."""
    return resources.files(__package__).joinpath("reglas.yaml").read_text(encoding="utf-8")


def dump_rules(book: RuleBook) -> str:
    """YAML text of a rule book (what «Exportar reglas» writes)."""
    return dump_rules_data(book.to_data())


def dump_rules_data(data: dict) -> str:
    """YAML text of rules given as plain data (the GUI's rules table edits that data)."""
    header = ("# Reglas de revisión del corpus (ver la copia de fábrica para la explicación de "
              "cada campo).\n")
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def load_rules(text: str, source: str = "reglas") -> RuleBook:
    """Parse and validate a rules file; raise ``ValidationError`` with every problem found."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"línea {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ValidationError(f"El archivo de reglas «{source}» no es YAML válido: {where}"
                              f"{problem}.") from exc
    errors: list[str] = []
    book = _build(data, root, errors)
    if errors:
        shown = "\n".join(f"• {e}" for e in errors[:20])
        more = f"\n… y {len(errors) - 20} errores más." if len(errors) > 20 else ""
        raise ValidationError(f"El archivo de reglas «{source}» tiene errores:\n{shown}{more}")
    return book


def _line(node: Any) -> int:
    return node.start_mark.line + 1 if node is not None else 0


def _child(node: Any, key: str | int) -> Any:
    """The YAML node under ``key`` (a mapping key or a sequence index), for its line."""
    if node is None:
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int):
        return node.value[key] if key < len(node.value) else None
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key:
                return v
    return None


def _build(data: Any, root: Any, errors: list[str]) -> RuleBook:
    if not isinstance(data, dict):
        errors.append("el archivo debe ser un mapa con las claves «conjuntos» y "
                      "«leyes_conocidas».")
        return RuleBook()
    sets_data = data.get("conjuntos")
    if not isinstance(sets_data, list) or not sets_data:
        errors.append(f"línea {_line(root)}: falta la lista «conjuntos» (con al menos uno).")
        return RuleBook()
    book = RuleBook()
    seen: set[str] = set()
    sets_node = _child(root, "conjuntos")
    for i, item in enumerate(sets_data):
        node = _child(sets_node, i)
        rule_set = _build_set(item, node, errors, seen)
        if rule_set is not None:
            book.sets.append(rule_set)
    laws = data.get("leyes_conocidas", [])
    if not isinstance(laws, list) or not all(isinstance(x, str) for x in laws):
        errors.append(f"línea {_line(_child(root, 'leyes_conocidas'))}: «leyes_conocidas» debe "
                      "ser una lista de nombres.")
    else:
        book.known_laws = [" ".join(x.split()) for x in laws if x.strip()]
    return book


def _build_set(item: Any, node: Any, errors: list[str], seen: set[str]) -> RuleSet | None:
    line = _line(node)
    if not isinstance(item, dict):
        errors.append(f"línea {line}: cada conjunto debe ser un mapa (id, nombre, activo, reglas).")
        return None
    set_id = str(item.get("id", "")).strip()
    if not _ID_RE.match(set_id):
        errors.append(f"línea {line}: el conjunto necesita un «id» en minúsculas, sin espacios.")
        return None
    active = item.get("activo", True)
    if not isinstance(active, bool):
        errors.append(f"línea {_line(_child(node, 'activo'))}: «activo» del conjunto "
                      f"«{set_id}» debe ser true o false.")
        active = True
    rules_data = item.get("reglas")
    if not isinstance(rules_data, list):
        errors.append(f"línea {line}: el conjunto «{set_id}» necesita una lista «reglas».")
        return None
    rule_set = RuleSet(set_id, str(item.get("nombre") or set_id), active)
    rules_node = _child(node, "reglas")
    for i, rule_data in enumerate(rules_data):
        rule = _build_rule(rule_data, _child(rules_node, i), set_id, errors, seen)
        if rule is not None:
            rule_set.rules.append(rule)
    return rule_set


def _build_rule(data: Any, node: Any, set_id: str, errors: list[str],
                seen: set[str]) -> Rule | None:
    line = _line(node)
    if not isinstance(data, dict):
        errors.append(f"línea {line}: cada regla debe ser un mapa (id, categoria, patron…).")
        return None
    rule_id = str(data.get("id", "")).strip()
    where = f"línea {line}: la regla «{rule_id or '(sin id)'}»"
    before = len(errors)
    unknown = sorted(set(data) - _RULE_KEYS)
    if unknown:
        errors.append(f"{where} tiene claves desconocidas: {', '.join(map(str, unknown))}.")
    if not _ID_RE.match(rule_id):
        errors.append(f"{where} necesita un «id» en minúsculas, sin espacios.")
    elif rule_id in seen:
        errors.append(f"{where} repite un id que ya usa otra regla.")
    seen.add(rule_id)
    category = str(data.get("categoria", "otra"))
    if category not in CATEGORIES:
        errors.append(f"{where} tiene una categoría desconocida «{category}» (válidas: "
                      f"{', '.join(CATEGORIES)}).")
    pattern = data.get("patron")
    replacement = data.get("reemplazo") or ""
    exclude = data.get("excluir_si") or ""
    compiled = _check_regex(pattern, f"{where}", "patron", errors, required=True)
    _check_regex(exclude, where, "excluir_si", errors, required=False)
    if compiled is not None and not isinstance(replacement, str):
        errors.append(f"{where}: «reemplazo» debe ser texto.")
    elif compiled is not None and replacement:
        _check_template(compiled, replacement, where, errors)
    keywords = data.get("palabras_clave") or []
    if isinstance(keywords, str):
        keywords = [keywords]
    if not isinstance(keywords, list) or not all(isinstance(k, str) and k.strip()
                                                  for k in keywords):
        errors.append(f"{where}: «palabras_clave» debe ser una lista de palabras.")
        keywords = []
    elif any(len(k.split()) > 1 for k in keywords):
        # A match spread over two lines or with a double space would slip past the prefilter.
        errors.append(f"{where}: cada elemento de «palabras_clave» debe ser una sola palabra "
                      f"(«{next(k for k in keywords if len(k.split()) > 1)}» tiene varias).")
    if len(errors) > before:
        return None
    return Rule(rule_id, category, str(data.get("descripcion") or ""), pattern, replacement,
                tuple(fold(k.strip()) for k in keywords), exclude, set_id)


def _check_regex(pattern: Any, where: str, key: str, errors: list[str], *,
                 required: bool) -> re.Pattern | None:
    if pattern in (None, "") and not required:
        return None
    if not isinstance(pattern, str) or not pattern.strip():
        errors.append(f"{where} necesita un «{key}» (una expresión regular).")
        return None
    try:
        compiled = re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        errors.append(f"{where}: la expresión regular de «{key}» no es válida: "
                      f"{_regex_error(exc)}.")
        return None
    if key == "patron" and compiled.search("") is not None:
        errors.append(f"{where}: el «patron» encuentra el texto vacío; así señalaría todo.")
        return None
    return compiled


def _regex_error(exc: re.error) -> str:
    messages = {"missing )": "falta cerrar un paréntesis", "unbalanced parenthesis":
                "sobra un paréntesis de cierre", "unterminated character set":
                "falta cerrar un corchete", "nothing to repeat": "un * + ? o {} no repite nada"}
    text = str(exc.msg)
    for english, spanish in messages.items():
        if text.startswith(english):
            text = spanish
            break
    return f"{text} (posición {exc.pos})" if exc.pos is not None else text


def _check_template(compiled: re.Pattern, template: str, where: str, errors: list[str]) -> None:
    """Expand the replacement against a fake match, so a bad \\3 is caught when loading."""
    groups = compiled.groups
    refs = [int(n) for n in re.findall(r"\\(\d+)", template)]
    refs += [int(n) for n in re.findall(r"\\g<(\d+)>", template)]
    names = re.findall(r"\\g<([A-Za-z_]\w*)>", template)
    if any(n > groups for n in refs):
        errors.append(f"{where}: el «reemplazo» usa un grupo \\{max(refs)} que el patrón no "
                      f"tiene (tiene {groups}).")
    missing = [n for n in names if n not in compiled.groupindex]
    if missing:
        errors.append(f"{where}: el «reemplazo» usa el grupo «{missing[0]}» que el patrón no "
                      "define.")
