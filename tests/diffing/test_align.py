"""Aligning provision trees: every known pair recovered after generated edits, with and
without permanent ids; renumbering, moves, deletions, display order and the threshold."""

import copy
import itertools
import random
import time

import pytest
from rapidfuzz import fuzz

from reglamentos_app.diffing import DEFAULT_THRESHOLD, align_trees
from reglamentos_app.domain.changes import MatchKind, RowKind, own_text
from reglamentos_app.domain.numbering import canonical_token, int_to_roman
from reglamentos_app.domain.provisions import (
    Provision, ProvisionKind as K, ProvisionStatus, assign_eids, ensure_pids, new_pid,
)
from reglamentos_app.sources import parse_text
from tests.conftest import CORPUS

VOCABULARY = """ayuntamiento dirección secretaría tesorería síndico presidente cabildo regidor
comisión inspector verificador autoridad municipal estatal federal particular titular
licencia permiso autorización concesión registro padrón dictamen resolución acuerdo oficio
solicitud trámite requisito plazo término día hábil natural mes año ejercicio fiscal
establecimiento comercio mercado tianguis puesto local vía pública banqueta parque jardín
panteón fosa inhumación exhumación residuo basura limpia recolección relleno sanitario agua
drenaje alumbrado tránsito vehículo estacionamiento anuncio publicidad espectacular obra
construcción uso suelo zona predio vecino colonia delegación sanción multa arresto
amonestación clausura suspensión revocación infracción recurso revisión audiencia prueba
notificación expediente archivo documento copia certificada firma sello horario
funcionamiento seguridad protección civil riesgo emergencia siniestro programa prevención
salud higiene animal mascota vacuna campaña educación cultura deporte evento espectáculo
deberá podrá vigilará autorizará sancionará establecerá expedirá supervisará coordinará
determinará notificará resolverá integrará elaborará presentará cumplirá observará""".split()
CONNECTORS = ["de", "la", "el", "los", "las", "en", "con", "para", "por", "y", "que", "del", "al"]
NEW_VOCABULARY = """zafiro quimera brújula océano galaxia murciélago violín tornado
ciprés pingüino volcán hélice cometa laberinto acertijo"""


def words(rng: random.Random, count: int, vocabulary=VOCABULARY) -> str:
    out = []
    for i in range(count):
        out.append(rng.choice(vocabulary) if i % 3 else rng.choice(CONNECTORS))
    text = " ".join(out)
    return text[0].upper() + text[1:] + "."


def unrelated(rng: random.Random, count: int) -> str:
    """Text of a new provision: words the generated regulation never uses."""
    return words(rng, count, NEW_VOCABULARY.split())


def build_regulation(rng: random.Random, articles: int = 40, per_chapter: int = 10) -> Provision:
    root = Provision(K.ROOT)
    chapter = None
    for n in range(1, articles + 1):
        if (n - 1) % per_chapter == 0:
            chapter = Provision(K.CHAPTER, num=int_to_roman(len(root.children) + 1),
                                heading=f"DE LA MATERIA {words(rng, 3)}")
            root.children.append(chapter)
        article = Provision(K.ARTICLE, num=str(n), text=words(rng, rng.randint(20, 60)))
        shape = rng.random()
        if shape < 0.4:
            for i in range(rng.randint(2, 6)):
                clause = Provision(K.CLAUSE, num=int_to_roman(i + 1),
                                   text=words(rng, rng.randint(12, 30)))
                if i == 0 and rng.random() < 0.4:
                    clause.children = [Provision(K.ITEM, num=c,
                                                 text=words(rng, rng.randint(10, 20)))
                                       for c in "abc"]
                article.children.append(clause)
        elif shape < 0.6:
            article.children.append(Provision(K.PARAGRAPH, text=words(rng, rng.randint(20, 40))))
        chapter.children.append(article)
    assign_eids(root)
    ensure_pids(root)
    return root


# -- generated edits with a known answer ------------------------------------------------------
class Edited:
    """A draft made from ``base`` by known edits; ``truth`` maps base nodes to their copies.

    Structural edits keep clear of each other where no one could tell them apart without
    permanent ids (an article deleted right where a new one takes its number reads as that
    article rewritten): ``busy`` holds the articles to leave alone.
    """

    def __init__(self, base: Provision, seed: int) -> None:
        self.base = base
        self.rng = random.Random(seed)
        memo: dict = {}
        self.draft = copy.deepcopy(base, memo)
        self.truth = {id(n): memo[id(n)] for n in base.walk()}
        self.renumbered: set[int] = set()   # ids of draft nodes whose number changed
        self.moved: set[int] = set()        # ids of draft nodes put under another parent
        self.busy: set[int] = set()

    def parents(self) -> dict[int, Provision]:
        return {id(c): n for n in self.draft.walk() for c in n.children}

    def articles(self) -> list[Provision]:
        return list(self.draft.articles())

    def free_articles(self) -> list[Provision]:
        return [a for a in self.articles() if id(a) not in self.busy]

    def lightly_edit(self, node: Provision) -> None:
        # One word in twelve replaced: the ratio stays well above the threshold.
        tokens = node.text.split(" ")
        for _ in range(max(1, len(tokens) // 12)):
            tokens[self.rng.randrange(1, len(tokens))] = self.rng.choice(VOCABULARY)
        node.text = " ".join(tokens)

    def edit_texts(self, count: int) -> None:
        units = [n for n in self.draft.walk() if len(n.text.split()) >= 15]
        for node in self.rng.sample(units, min(count, len(units))):
            self.lightly_edit(node)

    def insert_article_and_renumber(self) -> None:
        """A new article at a random place; the following ones move up by one."""
        articles = self.articles()
        at = self.rng.randrange(len(articles) // 4, 3 * len(articles) // 4)
        place = articles[at]
        parent = self.parents()[id(place)]
        for article in articles[at:]:
            article.num = str(int(article.num) + 1)
            self.renumbered.add(id(article))
        new = Provision(K.ARTICLE, num=str(at + 1), text=unrelated(self.rng, 40))
        parent.children.insert(parent.children.index(place), new)
        self.busy.update({id(articles[at - 1]), id(new), id(place)})

    def insert_clause_and_renumber(self) -> None:
        articles = [a for a in self.free_articles()
                    if sum(c.kind is K.CLAUSE for c in a.children) >= 2]
        if not articles:
            return
        article = self.rng.choice(articles)
        at = self.rng.randrange(len(article.children))
        for i, clause in enumerate(article.children[at:], at + 2):
            clause.num = int_to_roman(i)
            self.renumbered.add(id(clause))
        article.children.insert(at, Provision(K.CLAUSE, num=int_to_roman(at + 1),
                                              text=unrelated(self.rng, 20)))
        self.busy.add(id(article))

    def delete_article(self) -> None:
        # Not one that was renumbered: its number would be free for a new article.
        article = self.rng.choice([a for a in self.free_articles()
                                   if id(a) not in self.renumbered])
        self.parents()[id(article)].children.remove(article)

    def delete_clause(self) -> None:
        clauses = [(c, a) for a in self.free_articles() for c in a.children if c.kind is K.CLAUSE]
        if clauses:
            clause, article = self.rng.choice(clauses)
            article.children.remove(clause)
            self.busy.add(id(article))

    def derogate_article(self) -> None:
        article = self.rng.choice([a for a in self.free_articles()
                                   if a.status is ProvisionStatus.IN_FORCE])
        article.status, article.text, article.children = ProvisionStatus.REPEALED, "Derogado.", []
        self.busy.add(id(article))

    def move_article(self) -> None:
        """An article taken to another chapter, keeping its number and text."""
        chapters = [n for n in self.draft.children if n.kind is K.CHAPTER]
        source, target = self.rng.sample(chapters, 2)
        candidates = [a for a in source.children if id(a) not in self.busy]
        if not candidates:
            return
        article = self.rng.choice(candidates)
        source.children.remove(article)
        target.children.insert(self.rng.randrange(len(target.children) + 1), article)
        self.moved.add(id(article))
        self.busy.add(id(article))

    def finish(self, *, keep_pids: bool) -> Provision:
        assign_eids(self.draft)
        if not keep_pids:
            # As when the draft is read from a file: no permanent id in common.
            for node in self.draft.walk():
                node.pid = new_pid()
        ensure_pids(self.draft)
        return self.draft


def check_recovered(edited: Edited, draft: Provision):
    alignment = align_trees(edited.base, draft)
    base_nodes = list(edited.base.walk())[1:]
    draft_nodes = list(draft.walk())[1:]
    # Every node has exactly one row.
    assert sorted(id(p.base) for p in alignment.pairs if p.base) == sorted(map(id, base_nodes))
    assert sorted(id(p.draft) for p in alignment.pairs if p.draft) == sorted(map(id, draft_nodes))
    present = {id(n) for n in draft_nodes}
    row_of = {id(p.base): p for p in alignment.pairs if p.base is not None}
    for node in base_nodes:
        copy_ = edited.truth[id(node)]
        expected = copy_ if id(copy_) in present else None
        pair = row_of[id(node)]
        assert pair.draft is expected, (node.display_label(), node.eid,
                                        pair.draft and pair.draft.display_label())
        if expected is not None:
            assert pair.renumbered == (id(expected) in edited.renumbered)
            if id(expected) in edited.moved:
                assert pair.moved
    return alignment


@pytest.mark.parametrize("keep_pids", [True, False], ids=["con-ids", "sin-ids"])
@pytest.mark.parametrize("seed", range(25))
def test_generated_edits_recover_every_known_pair(seed, keep_pids):
    base = build_regulation(random.Random(seed))
    edited = Edited(base, seed)
    edited.edit_texts(6)
    edited.insert_article_and_renumber()
    edited.insert_clause_and_renumber()
    edited.delete_article()
    edited.delete_clause()
    edited.derogate_article()
    edited.move_article()
    draft = edited.finish(keep_pids=keep_pids)
    alignment = check_recovered(edited, draft)
    counts = alignment.counts()
    assert counts[RowKind.INSERTED] >= 1 and counts[RowKind.DELETED] >= 1
    assert counts[RowKind.MOVED] >= 1


@pytest.mark.parametrize("seed", range(10))
def test_renumbered_and_edited_articles_pair_by_similarity(seed):
    edited = Edited(build_regulation(random.Random(100 + seed)), seed)
    edited.insert_article_and_renumber()
    for article in edited.articles():
        if id(article) in edited.renumbered and edited.rng.random() < 0.5:
            edited.lightly_edit(article)
    draft = edited.finish(keep_pids=False)
    alignment = check_recovered(edited, draft)
    matches = {p.match for p in alignment.pairs if p.draft is not None
               and id(p.draft) in edited.renumbered and p.draft.kind is K.ARTICLE}
    assert matches == {MatchKind.SIMILARITY}


# -- hand-written cases -----------------------------------------------------------------------
TEXT = """REGLAMENTO DE PRUEBA

CAPÍTULO I
DISPOSICIONES GENERALES

ARTÍCULO 1.- El presente Reglamento es de orden público e interés social y tiene por objeto regular los mercados municipales.

ARTÍCULO 2.- Son autoridades para la aplicación de este Reglamento:

I.- El Ayuntamiento de Mexicali;

II.- El Presidente Municipal, por conducto de la Dirección de Comercio; y

III.- El Síndico Procurador, en el ámbito de su competencia.

ARTÍCULO 3.- Los locatarios deberán mantener sus locales limpios y en condiciones de higiene durante todo el horario de funcionamiento.

ARTÍCULO 4.- Las licencias de funcionamiento se expedirán por la Tesorería Municipal previo pago de los derechos correspondientes.

CAPÍTULO II
DE LAS SANCIONES

ARTÍCULO 5.- Las infracciones a este Reglamento se sancionarán con multa de diez a cien veces la Unidad de Medida y Actualización.

ARTÍCULO 6.- Contra las resoluciones dictadas con base en este Reglamento procede el recurso de revisión ante el Síndico Procurador.
"""


def tree(text: str) -> Provision:
    root = parse_text(text).root
    ensure_pids(root)
    return root


def rows(alignment):
    return [(p.kind.value, p.base and p.base.eid, p.draft and p.draft.eid) for p in alignment.pairs]


def test_identical_versions_pair_every_node_by_permanent_id():
    base = tree(TEXT)
    alignment = align_trees(base, copy.deepcopy(base))
    assert {p.match for p in alignment.pairs} == {MatchKind.PID}
    assert alignment.counts() == {RowKind.EQUAL: len(list(base.walk())) - 1}
    assert all(p.similarity == 100.0 for p in alignment.pairs)
    assert [p.draft.eid for p in alignment.pairs] == [n.eid for n in base.walk()][1:]


def test_two_readings_of_one_file_pair_by_number():
    alignment = align_trees(tree(TEXT), tree(TEXT))
    assert {p.match for p in alignment.pairs} == {MatchKind.NUMBER}
    assert alignment.changed() == []


def test_a_new_article_three_renumbers_the_rest():
    draft_text = TEXT.replace("ARTÍCULO 6.-", "ARTÍCULO 7.-").replace("ARTÍCULO 5.-",
                                                                     "ARTÍCULO 6.-")
    draft_text = draft_text.replace("ARTÍCULO 4.- Las licencias de funcionamiento se expedirán",
                                    "ARTÍCULO 5.- Las licencias de funcionamiento se otorgarán")
    draft_text = draft_text.replace(
        "ARTÍCULO 3.- Los", "ARTÍCULO 3.- Queda prohibida la venta de bebidas alcohólicas "
        "dentro de los mercados.\n\nARTÍCULO 4.- Los")
    alignment = align_trees(tree(TEXT), tree(draft_text))
    pairs = {(p.base and p.base.num, p.draft and p.draft.num): p for p in alignment.pairs
             if (p.base or p.draft).kind is K.ARTICLE}
    assert set(pairs) == {("1", "1"), ("2", "2"), (None, "3"), ("3", "4"), ("4", "5"),
                          ("5", "6"), ("6", "7")}
    assert pairs[("4", "5")].kind is RowKind.CHANGED and pairs[("4", "5")].renumbered
    assert 75 < pairs[("4", "5")].similarity < 100
    assert not any(p.moved for p in alignment.pairs)


def test_renumbered_fracciones_pair_under_their_article():
    draft_text = TEXT.replace("II.- El Presidente", "III.- El Presidente").replace(
        "III.- El Síndico", "IV.- El Síndico").replace(
        "I.- El Ayuntamiento de Mexicali;", "I.- El Ayuntamiento de Mexicali;\n\n"
        "II.- El Cabildo, en sesión ordinaria o extraordinaria;")
    alignment = align_trees(tree(TEXT), tree(draft_text))
    clauses = [(p.base and p.base.num, p.draft and p.draft.num, p.renumbered)
               for p in alignment.pairs if (p.base or p.draft).kind is K.CLAUSE]
    assert clauses == [("I", "I", False), (None, "II", False), ("II", "III", True),
                       ("III", "IV", True)]


def test_deleted_rows_follow_the_closest_preceding_base_row():
    draft_text = TEXT.replace("II.- El Presidente Municipal, por conducto de la Dirección de "
                              "Comercio; y\n", "").replace(
        "ARTÍCULO 3.- Los locatarios deberán mantener sus locales limpios y en condiciones de "
        "higiene durante todo el horario de funcionamiento.\n", "")
    alignment = align_trees(tree(TEXT), tree(draft_text))
    assert rows(alignment)[:8] == [
        ("equal", "cap_1", "cap_1"), ("equal", "cap_1__art_1", "cap_1__art_1"),
        ("equal", "cap_1__art_2", "cap_1__art_2"),
        ("equal", "cap_1__art_2__frac_1", "cap_1__art_2__frac_1"),
        ("deleted", "cap_1__art_2__frac_2", None),
        ("equal", "cap_1__art_2__frac_3", "cap_1__art_2__frac_3"),
        ("deleted", "cap_1__art_3", None),
        ("equal", "cap_1__art_4", "cap_1__art_4")]


def test_article_moved_to_another_chapter_is_flagged():
    article = ("ARTÍCULO 4.- Las licencias de funcionamiento se expedirán por la Tesorería "
               "Municipal previo pago de los derechos correspondientes.\n")
    draft_text = TEXT.replace(article, "").replace("ARTÍCULO 6.-", article + "\nARTÍCULO 6.-")
    alignment = align_trees(tree(TEXT), tree(draft_text))
    moved = [p for p in alignment.pairs if p.kind is RowKind.MOVED]
    assert [(p.base.eid, p.draft.eid, p.match) for p in moved] == [
        ("cap_1__art_4", "cap_2__art_4", MatchKind.NUMBER)]


def test_out_of_order_siblings_are_moved_but_the_longest_run_is_not():
    base = tree(TEXT)
    draft = copy.deepcopy(base)
    article = draft.find("cap_1__art_2")
    first, second, third = article.children
    article.children = [second, first, third]
    alignment = align_trees(base, draft)
    moved = {p.draft.pid for p in alignment.pairs if p.moved}
    assert len(moved) == 1 and moved < {first.pid, second.pid}
    assert all(p.match is MatchKind.PID for p in alignment.pairs)


def test_nodes_of_another_kind_never_pair():
    base = tree("R\n\nARTÍCULO 1.- Texto común de la disposición.\n")
    draft = copy.deepcopy(base)
    draft.children[0].kind = K.TRANSITIONAL  # same pid, same text, another kind
    alignment = align_trees(base, draft)
    # No base row precedes the deleted article: it opens the comparison.
    assert [p.kind for p in alignment.pairs] == [RowKind.DELETED, RowKind.INSERTED]


# -- the similarity threshold, on real regulations ----------------------------------------------
def corpus_articles() -> dict[str, list[str]]:
    out = {}
    for path in sorted(CORPUS.glob("*.txt")):
        root = parse_text(path.read_text(encoding="utf-8")).root
        texts = [full_text(a) for a in root.articles()]
        out[path.stem] = [t for t in texts if len(t) >= 120]
    return out


def full_text(node: Provision) -> str:
    parts = [own_text(node), *(full_text(c) for c in node.children)]
    return " ".join(p for p in parts if p)


def replace_words(rng: random.Random, text: str, share: float) -> str:
    tokens = text.split(" ")
    for i in rng.sample(range(len(tokens)), max(1, int(len(tokens) * share))):
        tokens[i] = rng.choice(VOCABULARY)
    return " ".join(tokens)


def similar_length(a: str, b: str) -> bool:
    return 0.8 <= len(a) / len(b) <= 1.25


def test_threshold_keeps_light_edits_and_rejects_unrelated_articles():
    """Why 75: edited articles stay above it, unrelated ones of similar length stay below."""
    rng = random.Random(11)
    by_file = corpus_articles()
    edited = [fuzz.ratio(t, replace_words(rng, t, 0.15)) for texts in by_file.values()
              for t in texts]
    assert len(edited) > 300 and min(edited) >= DEFAULT_THRESHOLD
    # Every pair of articles of similar length from two different regulations: only formula
    # twins ("Las multas … tendrán el carácter de créditos fiscales") reach the threshold.
    across = [fuzz.ratio(a, b) for x, y in itertools.combinations(by_file.values(), 2)
              for a in x for b in y if similar_length(a, b)]
    assert len(across) > 10_000
    assert sum(score >= DEFAULT_THRESHOLD for score in across) <= len(across) // 1000
    # Within one regulation only formula twins (penalty scales) come close to it.
    within = [fuzz.ratio(a, b) for texts in by_file.values()
              for a, b in itertools.combinations(texts, 2) if similar_length(a, b)]
    assert sum(score >= DEFAULT_THRESHOLD for score in within) <= len(within) // 1000


def articles_tree(texts: list[str], first: int) -> Provision:
    root = Provision(K.ROOT, children=[Provision(K.ARTICLE, num=str(first + i), text=t)
                                       for i, t in enumerate(texts)])
    assign_eids(root)
    ensure_pids(root)
    return root


def test_align_pairs_renumbered_edited_articles_but_not_unrelated_ones():
    rng = random.Random(12)
    by_file = corpus_articles()
    texts = by_file["mercados"][:40]
    assert len(texts) >= 25
    base = articles_tree(texts, 1)
    # The same articles lightly edited under other numbers: paired by similarity.
    moved = articles_tree([replace_words(rng, t, 0.1) for t in texts], 101)
    alignment = align_trees(base, moved)
    assert [(p.base.num, p.draft.num, p.match) for p in alignment.pairs] == [
        (str(i), str(100 + i), MatchKind.SIMILARITY) for i in range(1, len(texts) + 1)]
    # Unrelated articles of similar length under other numbers: nothing pairs.
    pool = [o for name, other in by_file.items() if name != "mercados" for o in other]
    others = []
    for text in texts:
        others.append(next(o for o in pool if similar_length(text, o) and o not in others))
    alignment = align_trees(base, articles_tree(others, 101))
    assert all(p.base is None or p.draft is None for p in alignment.pairs)


def test_two_different_regulations():
    """No ids in common: same numbers pair (a rewritten article), unrelated texts do not."""
    base = tree((CORPUS / "mercados.txt").read_text(encoding="utf-8"))
    draft = tree((CORPUS / "panteones.txt").read_text(encoding="utf-8"))
    alignment = align_trees(base, draft)
    assert len([p for p in alignment.pairs if p.base]) == len(list(base.walk())) - 1
    assert len([p for p in alignment.pairs if p.draft]) == len(list(draft.walk())) - 1
    for pair in alignment.pairs:
        if pair.match is MatchKind.SIMILARITY:
            # Similar as a whole, or opening with the same text found once on each side
            # ("Son causas de revocación de la concesión:").
            # Divisions are compared by their headings alone.
            texts = [own_text(n) if n.kind.is_division else full_text(n)
                     for n in (pair.base, pair.draft)]
            assert (fuzz.ratio(*texts) >= DEFAULT_THRESHOLD
                    or own_text(pair.base) == own_text(pair.draft))
        if pair.match is MatchKind.NUMBER and pair.base.kind is K.ARTICLE:
            assert canonical_token(pair.base.num) == canonical_token(pair.draft.num)
    articles = [p for p in alignment.pairs if (p.base or p.draft).kind is K.ARTICLE]
    assert sum(p.match is MatchKind.NUMBER for p in articles) >= 20


# -- speed --------------------------------------------------------------------------------------
def test_a_thousand_articles_align_fast():
    """bench/bench_diff.py measures the target (≤ 150 ms); this only guards against a blow-up."""
    base = build_regulation(random.Random(1), articles=1000, per_chapter=25)
    edited = Edited(base, 1)
    edited.edit_texts(50)
    edited.insert_article_and_renumber()
    draft = edited.finish(keep_pids=False)
    # CPU time, not wall time: on a loaded machine (CI beside other jobs) wall time says more
    # about the neighbours than about the algorithm; a blow-up still costs seconds of CPU.
    start = time.process_time()
    alignment = align_trees(base, draft)
    assert time.process_time() - start < 2.0
    assert alignment.counts()[RowKind.INSERTED] == 1
