"""Domain equivalences as data: forms that mean the same, searched together.

The legal area keeps them in a TOML file (``equivalencias.toml`` in this package is the factory
copy; a user copy in the data folder replaces it), read with the standard library's ``tomllib``
— only ``reglamentos_app.review`` may use YAML. Each group lists equivalent forms (words or
phrases: "art." / "artículo", "D.F." / "Distrito Federal", "salario mínimo" / "UMA" / "Unidad de
Medida y Actualización"); a group is applied always, or only when the user ticks it
(``opcional``). Expansion happens on the query, not in the index, so an edited file takes effect
on the next search with no rebuild: where the query holds one form (compared word by word as
the index compares them: ``spanish.phrase_token``), it becomes an OR of every form of the
group, each as an exact phrase.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources

from ..domain.errors import ValidationError
from .analysis import TOKEN_PATTERN
from .spanish import phrase_token

FACTORY_FILE = "equivalencias.toml"
_TOKEN = re.compile(TOKEN_PATTERN)


@dataclass(slots=True)
class EquivalenceGroup:
    """Forms that mean the same (see the module docstring)."""

    id: str
    name: str
    forms: list[str]
    optional: bool = False
    keys: list[tuple[str, ...]] = field(default_factory=list)  # each form's word sequence


@dataclass(slots=True)
class Equivalences:
    """Every group of a file, in its order."""

    groups: list[EquivalenceGroup] = field(default_factory=list)
    source: str = "equivalencias de fábrica"

    @property
    def optional(self) -> list[EquivalenceGroup]:
        return [g for g in self.groups if g.optional]

    def expand(self, words: str, chosen: set[str] | frozenset[str] = frozenset()
               ) -> tuple[str, list[str]]:
        """``words`` with each form of an active group replaced by the OR of its group.

        ``chosen``: the optional groups the user ticked. Returns the new query text and, for
        the user, which equivalences were applied.
        """
        active = [g for g in self.groups if not g.optional or g.id in chosen]
        if not active or not words.strip():
            return words, []
        applied: list[str] = []
        out: list[str] = []
        # Quoted phrases are matched whole; the rest word by word, longest form first.
        for piece in re.split(r'("[^"]*")', words):
            if piece.startswith('"') and piece.endswith('"') and len(piece) > 1:
                key = _key(piece[1:-1])
                groups = [g for g in active if key in g.keys]
                out.append(_alternatives(groups) if groups else piece)
                applied.extend(g.name for g in groups)
            else:
                out.append(_expand_free(piece, active, applied))
        return "".join(out), list(dict.fromkeys(applied))


def _key(text: str) -> tuple[str, ...]:
    return tuple(phrase_token(t) for t in _TOKEN.findall(text.lower()))


def _alternatives(groups: list[EquivalenceGroup]) -> str:
    """Every form of ``groups`` (those sharing the form found), as an OR of phrases."""
    forms = list(dict.fromkeys(f.replace('"', "") for g in groups for f in g.forms))
    return "(" + " OR ".join(f'"{f}"' for f in forms) + ")"


def _expand_free(text: str, groups: list[EquivalenceGroup], applied: list[str]) -> str:
    tokens = list(_TOKEN.finditer(text))
    keys = [phrase_token(t.group().lower()) for t in tokens]
    candidates = sorted(((len(k), k, g) for g in groups for k in g.keys if k),
                        key=lambda c: -c[0])
    out, pos, i = [], 0, 0
    while i < len(tokens):
        for n, key, group in candidates:
            if tuple(keys[i:i + n]) == key:
                start, end = tokens[i].start(), tokens[i + n - 1].end()
                # "art." keeps its dot out of the next word; a trailing dot is part of the form.
                if end < len(text) and text[end] == ".":
                    end += 1
                sharing = [g for g in groups if key in g.keys]  # "D.F." is in two groups
                out.append(text[pos:start])
                out.append(_alternatives(sharing))
                applied.extend(g.name for g in sharing)
                pos, i = end, i + n
                break
        else:
            i += 1
    out.append(text[pos:])
    return "".join(out)


def default_equivalences_text() -> str:
    return resources.files(__package__).joinpath(FACTORY_FILE).read_text(encoding="utf-8")


def load_equivalences(text: str, source: str = "equivalencias") -> Equivalences:
    """Read and check an equivalences file; ``ValidationError`` in Spanish if it is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"«{source}» no es un archivo TOML válido: {exc}") from exc
    groups_data = data.get("grupo", [])
    if not isinstance(groups_data, list):
        raise ValidationError(f"«{source}»: «grupo» debe escribirse como [[grupo]].")
    groups: list[EquivalenceGroup] = []
    seen: set[str] = set()
    for n, item in enumerate(groups_data, 1):
        where = f"«{source}», grupo {n}"
        if not isinstance(item, dict):
            raise ValidationError(f"{where}: no es una tabla [[grupo]].")
        ident = str(item.get("id", "")).strip()
        name = str(item.get("nombre", ident)).strip()
        forms = item.get("formas")
        optional = item.get("opcional", False)
        if not ident or not re.fullmatch(r"[\w-]+", ident):
            raise ValidationError(f"{where}: falta «id» o tiene espacios.")
        if ident in seen:
            raise ValidationError(f"{where}: el id «{ident}» está repetido.")
        if not isinstance(optional, bool):
            raise ValidationError(f"{where} («{ident}»): «opcional» debe ser true o false.")
        if (not isinstance(forms, list) or len(forms) < 2
                or not all(isinstance(f, str) and f.strip() for f in forms)):
            raise ValidationError(f"{where} («{ident}»): «formas» debe ser una lista de al menos "
                                  "dos textos.")
        keys = [_key(f) for f in forms]
        if not all(keys):
            raise ValidationError(f"{where} («{ident}»): una forma no tiene ninguna palabra.")
        seen.add(ident)
        groups.append(EquivalenceGroup(ident, name or ident, [f.strip() for f in forms],
                                       optional, keys))
    return Equivalences(groups, source)
