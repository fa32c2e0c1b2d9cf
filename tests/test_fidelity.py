"""The loaded knowledge against the seed documents themselves, not against the YAML's own claims.

The work-plan seed is parsed here, independently of config/: section headings, numbered activities,
"Cronograma:" phrases and the lead / participant / observer lists. Only entity *names* come from the
database (to resolve what the seed writes, e.g. "OIM" or "Fondo Internacional de Desarrollo Agrícola
(FIDA)", to an entity key).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.knowledge.lexicon import STOPWORDS, key_tokens
from bot.knowledge.snapshot import build_knowledge
from bot.questions.engine import Engine
from bot.text import fold
from bot.time.dates import DateRange
from bot.time.timeline import parse_timeline
from storage import queries
from storage.models import Entity, Priority, Role, ThematicArea
from tests.conftest import SEEDS

PLAN_SEED = SEEDS / "002_3217d75b67be4f47.txt"
TOR_SEED = SEEDS / "000_3bc15398b6284943.txt"
pytestmark = pytest.mark.skipif(
    not (PLAN_SEED.is_file() and TOR_SEED.is_file()), reason=f"seed documents not found in {SEEDS}"
)

WORKING_GROUPS = (
    "Alternativas a la detención de inmigrantes",
    "Facilitación de vías regulares para los migrantes en situación de vulnerabilidad",
    "Creación de las condiciones propicias para que el retorno se produzca en condiciones de seguridad y "
    "dignidad y la reintegración sea sostenible",
)
HEADING = re.compile(r"^Prioridad (básica|temática) (\d+(?:\.\d+)?)$")
FIELD = re.compile(
    r"^(?P<name>Entidad encargada|Entidades encargadas|Participantes|Observadores|Cronograma"
    r"|Objetivos del Pacto Mundial para la Migración)(?: \((?P<label>[^)]*)\))?:\s*(?P<value>.*)$"
)
ITEM = re.compile(r"^(\d+)\.\s+(.+)$")
AREA = re.compile(r"^Esfera temática (\d+)\s*[-:]\s*(.+)$")
ROLE_OF = {"Entidad": "lead", "Entidades": "lead", "Participantes": "participant", "Observadores": "observer"}
# Activity-level "Participantes:" lines that are a sentence, not a list: stored as participants_note.
NOTE_SENTENCES = ("todos los miembros del comite ejecutivo", "miembros de la red pertenecientes al grupo")


def clean(text: str) -> str:
    """Drop the PDF markdown: [text](#) links, *italics*, **bold**, <sup>n</sup> footnote markers."""
    text = re.sub(r"\[([^\]]*)\]\(#\)", r"\1", text)
    return re.sub(r"<sup>\d+</sup>", "", text).replace("*", "")


def folded(text: str) -> str:
    return fold(clean(text))


@dataclass
class SeedActivity:
    number: int
    text: str
    timeline: list[str] = field(default_factory=list)
    lists: dict[str, str] = field(default_factory=dict)  # role -> the raw list


@dataclass
class SeedSection:
    kind: str
    number: str | None
    title: str = ""
    activities: list[SeedActivity] = field(default_factory=list)
    lists: dict[str, str] = field(default_factory=dict)
    participants_label: str | None = None
    gcm: str | None = None
    area: tuple[int, str] | None = None


def parse_plan(text: str) -> list[SeedSection]:
    lines = [line.strip() for line in clean(text).split("PRIORIDADES BÁSICAS", 1)[1].splitlines()]
    sections: list[SeedSection] = []
    last = ""  # what the previous recognised line was, for text running over a page break
    lists: dict[str, str] = {}  # the mapping the last list line went to
    for raw in filter(None, lines):
        bullet = raw.startswith("-")
        line = re.sub(r"^[-\s]+", "", raw)
        heading = HEADING.match(line)
        if heading or line in WORKING_GROUPS:
            kind = "working_group" if not heading else {"básica": "core", "temática": "thematic"}[heading[1]]
            sections.append(SeedSection(kind, heading[2] if heading else None, "" if heading else line))
            last = "heading"
            continue
        if not sections or not line:
            continue
        section = sections[-1]
        item, found, area = ITEM.match(line), FIELD.match(line), AREA.match(line)
        if item:
            section.activities.append(SeedActivity(int(item[1]), item[2]))
            last = "activity"
        elif found and found["name"] == "Cronograma":
            section.activities[-1].timeline.append(found["value"].strip())
            last = "timeline"
        elif found and found["name"].startswith("Objetivos"):
            section.gcm, last = found["value"], "gcm"
        elif found:
            lists = section.activities[-1].lists if bullet else section.lists
            lists[ROLE_OF[found["name"].split()[0]]] = found["value"].strip()
            if found["label"]:
                section.participants_label = found["label"]
            last = "list:" + ROLE_OF[found["name"].split()[0]]
        elif area:
            section.area, last = (int(area[1]), area[2].strip().rstrip(".")), "area"
        elif line == "Actividades:":
            last = "activities"
        elif last == "heading":
            section.title, last = line, "title"
        elif last == "activity":  # an activity's sentence running over a page break
            section.activities[-1].text += " " + line
        elif last.startswith("list:") and not lists[last[5:]].endswith("."):
            # A list running over a page break, e.g. "... en Europa" / "(OSCE); Grupo ..." (detention)
            # and "..., Mixed" / "Migration Centre, ..." (regular pathways).
            lists[last[5:]] += " " + line
    return sections


class Resolver:
    """Seed list items to entity keys, through every folded label of every entity in the database."""

    def __init__(self, entities: list[Entity]) -> None:
        self.labels: dict[str, str] = {}
        for e in entities:
            names = [n for n in (e.name_es, e.name_en) if n]
            acronyms = [a for a in (e.acronym_es, e.acronym_en) if a]
            labels = [*names, *acronyms, *e.aliases, *(f"{n} ({a})" for n in names for a in acronyms)]
            self.labels.update((folded(label), e.key) for label in labels)

    def key(self, item: str) -> str | None:
        return self.labels.get(folded(item).rstrip(". "))

    def refs(self, value: str) -> list[tuple[str, str | None]]:
        """(entity key, folded note) for every organisation a seed list names."""
        return [(key, note) for key, note, _ in self.items(value)]

    def items(self, value: str) -> list[tuple[str, str | None, str]]:
        """(entity key, folded note, the item as the seed writes it) for every organisation a list names."""
        refs: list[tuple[str, str | None, str]] = []
        for segment in value.strip().rstrip(".").split(";"):
            # Semicolon lists hold comma-bearing names ("Development Center, Organisation for ... (OECD)").
            parts = [segment] if self._whole(segment) else segment.split(",")
            for part in filter(None, (p.strip() for p in parts)):
                refs.extend(self._item(part))
        return refs

    def _whole(self, segment: str) -> bool:
        return self.key(segment) is not None or " representad" in segment

    def _item(self, item: str) -> list[tuple[str, str | None, str]]:
        # "Comité de Acción de la Sociedad Civil, representado por X": the entity, X kept as the role's note.
        qualified = re.match(r"^(.*?),\s*(representad[oa] por .+)$", item)
        if qualified:
            return [(self._must(qualified[1]), folded(qualified[2]), qualified[1])]
        # A compound entry ("OIDDH/OSCE", "IMUMI/Bloque Latinoamericano", "Kaldor Centre/ISIM") is one entry
        # of the seed's list, so one entity: it must resolve whole.
        if self.key(item):
            return [(self._must(item), None, item)]
        # " y " joins the last two names ("OMS y ONU-Hábitat"), but also occurs inside names.
        for match in re.finditer(r" y ", item):
            left, right = item[: match.start()], item[match.end() :]
            if self.key(left) and (self.key(right) or " y " in right):
                return [(self._must(left), None, left), *self._item(right)]
        return [(self._must(item), None, item)]

    def _must(self, item: str) -> str:
        key = self.key(item)
        assert key, f"seed names {item!r}, which no entity label matches"
        return key


@pytest.fixture(scope="module")
def seed_sections() -> list[SeedSection]:
    return parse_plan(PLAN_SEED.read_text(encoding="utf-8"))


@pytest.fixture
def db(loaded_engine: Engine) -> Iterator[Session]:
    with loaded_engine.session_factory() as session:
        yield session


def _priority_for(session: Session, section: SeedSection) -> Priority:
    live = [p for plan in queries.current_plans(session) for p in plan.priorities if not p.archived]
    if section.kind == "working_group":
        found = [p for p in live if p.kind == "working_group" and fold(p.title_es) == fold(section.title)]
    else:
        found = [p for p in live if p.kind == section.kind and p.number == section.number]
    assert len(found) == 1, f"{section.kind} {section.number or section.title}: {len(found)} priorities"
    return found[0]


def test_seed_parse_finds_every_section(seed_sections: list[SeedSection], db: Session) -> None:
    assert Counter(s.kind for s in seed_sections) == {"core": 6, "working_group": 3, "thematic": 7}
    assert sum(len(s.activities) for s in seed_sections) == 59
    live = [p for plan in queries.current_plans(db) for p in plan.priorities if not p.archived]
    assert len(live) == len(seed_sections) == 16


def test_titles_activities_and_timelines_match_the_seed(
    seed_sections: list[SeedSection], db: Session
) -> None:
    whole_seed = folded(PLAN_SEED.read_text(encoding="utf-8"))
    for section in seed_sections:
        priority = _priority_for(db, section)
        assert folded(priority.title_es) == folded(section.title), priority.key
        live = [a for a in priority.activities if not a.archived]
        assert [a.number for a in live] == [a.number for a in section.activities], priority.key
        for activity, seed in zip(live, section.activities, strict=True):
            where = f"{priority.key} activity {activity.number}"
            assert folded(activity.text_es) in whole_seed, where
            assert folded(activity.text_es) == folded(seed.text), where
            assert activity.timeline == seed.timeline, where


def test_roles_match_the_seed_lists(seed_sections: list[SeedSection], db: Session) -> None:
    resolver = Resolver(list(queries.all_entities(db)))
    for section in seed_sections:
        priority = _priority_for(db, section)
        stored: dict[tuple[int, str], list[tuple[str, str | None]]] = defaultdict(list)
        for role in db.scalars(select(Role).where(Role.priority_id == priority.id)):
            stored[(role.activity_number, role.role)].append(
                (role.entity_key, folded(role.note_es) if role.note_es else None)
            )
        expected: dict[tuple[int, str], list[tuple[str, str | None]]] = defaultdict(list)
        for role, value in section.lists.items():
            expected[(0, role)] = resolver.refs(value)
        activities = {a.number: a for a in priority.activities}
        for seed in section.activities:
            activity = activities[seed.number]
            value = seed.lists.get("participant")
            # A "Participantes:" line, even an empty one, is recorded as stated.
            assert activity.participants_stated == (value is not None), (priority.key, seed.number)
            if value and folded(value).startswith(NOTE_SENTENCES):
                assert folded(activity.participants_note_es or "") == folded(value), (
                    priority.key,
                    seed.number,
                )
                value = None  # a sentence ("todos los miembros del Comité Ejecutivo"), no entity roles
            else:
                assert activity.participants_note_es is None, (priority.key, seed.number)
            if value:
                expected[(seed.number, "participant")] = resolver.refs(value)
            if seed.lists.get("lead"):
                expected[(seed.number, "lead")] = resolver.refs(seed.lists["lead"])
        for _, _, representative in _representations([section], resolver):  # "representado por X": X's role
            expected[(0, "representative")].append((representative, None))
        expected = {k: v for k, v in expected.items() if v}
        # Equal as multisets: every seed item is a stored role at its level, and nothing more is stored.
        assert {k: sorted(v, key=str) for k, v in stored.items()} == {
            k: sorted(v, key=str) for k, v in expected.items()
        }, priority.key


def test_priorities_without_leads(seed_sections: list[SeedSection], db: Session) -> None:
    no_leads = [s for s in seed_sections if "lead" not in s.lists and not any(a.lists for a in s.activities)]
    # Core 5 names no one either, besides the well-known core 3, core 4, thematic 6 and thematic 7.
    assert {(s.kind, s.number) for s in no_leads} == {
        ("core", "3"), ("core", "4"), ("core", "5"), ("thematic", "6"), ("thematic", "7"),
    }  # fmt: skip
    for section in no_leads:
        priority = _priority_for(db, section)
        assert [r for r in priority.roles if r.role == "lead"] == [], priority.key
    for section in seed_sections:  # "Participantes (género): ..." labels the list (thematic 6 and 7)
        priority = _priority_for(db, section)
        assert priority.participants_label_es == section.participants_label, priority.key
        assert bool(priority.participants_label_en) == bool(section.participants_label), priority.key
    assert sum(bool(s.participants_label) for s in seed_sections) == 2


def test_gcm_objectives_and_thematic_areas(seed_sections: list[SeedSection], db: Session) -> None:
    for section in seed_sections:
        priority = _priority_for(db, section)
        if section.gcm is None:
            assert (priority.gcm_scope, priority.gcm_numbers) == ("none", []), priority.key
        elif fold(section.gcm).strip() in ("todos", "transversal"):
            assert (priority.gcm_scope, priority.gcm_numbers) == (fold(section.gcm).strip(), []), priority.key
        else:
            numbers = [int(n) for n in re.findall(r"\d+", section.gcm)]
            assert (priority.gcm_scope, priority.gcm_numbers) == ("list", numbers), priority.key
        if section.area is None:
            assert priority.thematic_area_number is None, priority.key
            continue
        number, title = section.area
        assert priority.thematic_area_number == number, priority.key
        area = db.get(ThematicArea, number)
        assert area is not None and folded(area.title_es) == folded(title), priority.key


def test_terms_of_reference(db: Session) -> None:
    seed = TOR_SEED.read_text(encoding="utf-8")
    whole = folded(seed)
    texts = queries.network_texts(db)
    principles = sorted((t for t in texts if t.section == "principle"), key=lambda t: t.position)
    objectives = sorted((t for t in texts if t.section == "objective"), key=lambda t: t.position)
    section_2 = seed.split("## 2.", 1)[1].split("### 3.", 1)[0]
    section_3 = seed.split("### 3.", 1)[1].split("#### 4.", 1)[0]
    seed_principles = re.findall(r"^- \*\*(.+?):\*\*", section_2, flags=re.M)
    seed_objectives = [fold(line[2:]) for line in section_3.splitlines() if line.startswith("- ")]
    assert len(principles) == len(seed_principles) == 8
    assert len(objectives) == len(seed_objectives) == 14
    for text, name in zip(principles, seed_principles, strict=True):
        assert fold(text.name_es or "") == fold(name)
        assert folded(text.text_es) in whole, text.name_es
    for text, seed_text in zip(objectives, seed_objectives, strict=True):
        assert folded(text.text_es) == seed_text
    settings = queries.network_settings(db)
    assert settings["established"]["date"] == "2021-01"
    assert "se establecio en mexico en enero de 2021" in whole
    assert settings["secretariat"]["entity"] == "oim"
    for text in texts:  # every passage (context, secretariat, committee, meetings...) is the seed's wording
        assert folded(text.text_es) in whole, (text.section, text.position)
        assert text.name_es is None or folded(text.name_es) in whole, (text.section, text.position)
    by_section = {t.section: t for t in texts}
    assert "trimestral el ultimo jueves" in folded(by_section["meetings.frequency"].text_es)


# --- Names as the seeds write them (issue 10) --------------------------------------------------------


def _acronymised(item: str) -> str:
    """The seed's item with each "Name (ACR)" written as its acronym: "Centro de Estudios Legales y Sociales
    (CELS)" -> "CELS", "Oficina ... (OIDDH)/Organización ... (OSCE)" -> "OIDDH/OSCE"."""
    return re.sub(r"[^/()]+?\s*\(([^)]+)\)", r"\1", item).strip()


def _seed_writings(sections: list[SeedSection], resolver: Resolver) -> dict[str, set[str]]:
    """Every way the work plan's lists write each entity, folded."""
    values = [v for s in sections for v in s.lists.values()]
    values += [v for s in sections for a in s.activities for v in a.lists.values()]
    writings: dict[str, set[str]] = defaultdict(set)
    for value in values:
        if folded(value).startswith(NOTE_SENTENCES):
            continue
        for key, _, item in resolver.items(value):
            bare = re.sub(r"\s*\([^)]*\)$", "", item)  # the name without its "(ACR)"
            writings[key] |= {folded(item), folded(_acronymised(item)), folded(bare)}
    return writings


def _occurs(label: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(folded(label))}(?!\w)", text) is not None


def test_participants_are_shown_as_the_seed_writes_them(
    seed_sections: list[SeedSection], db: Session
) -> None:
    entities = {e.key: e for e in queries.all_entities(db)}
    writings = _seed_writings(seed_sections, Resolver(list(entities.values())))
    knowledge = build_knowledge(db)
    for key, written in writings.items():
        short = knowledge.entities[key].short("es")
        assert folded(short) in written, f"{key} is shown as {short!r}; the seed writes {sorted(written)}"


def test_names_and_acronyms_come_from_the_seeds(seed_sections: list[SeedSection], db: Session) -> None:
    whole = (
        folded(PLAN_SEED.read_text(encoding="utf-8")) + "\n" + folded(TOR_SEED.read_text(encoding="utf-8"))
    )
    entities = list(queries.all_entities(db))
    writings = _seed_writings(seed_sections, Resolver(entities))
    for entity in entities:
        # An acronym only where a seed uses one; the English one only as the translation of a seed's.
        if entity.acronym_es:  # each part of a compound one ("OIDDH/OSCE")
            parts = entity.acronym_es.split("/")
            assert all(_occurs(p, whole) for p in parts), (
                f"{entity.key}: no seed writes {entity.acronym_es!r}"
            )
        assert entity.acronym_en is None or entity.acronym_es is not None, entity.key
        # The Spanish name is the seed's own, unless the seeds name the organisation only by an acronym.
        only_acronyms = entity.key in writings and all(" " not in w for w in writings[entity.key])
        if not only_acronyms:
            parts = entity.name_es.split("/")
            assert all(_occurs(part, whole) for part in parts), (
                f"{entity.key}: no seed writes {entity.name_es!r}"
            )


def test_compound_entries_stay_one_entry(seed_sections: list[SeedSection], db: Session) -> None:
    resolver = Resolver(list(queries.all_entities(db)))
    compounds = [
        (key, item)
        for s in seed_sections
        for value in s.lists.values()
        for key, _, item in resolver.items(value)
        if "/" in item
    ]
    assert len(compounds) == 3  # OIDDH/OSCE, IMUMI/Bloque Latinoamericano, Kaldor Centre/ISIM
    knowledge = build_knowledge(db)
    for key, item in compounds:
        assert "/" in knowledge.entities[key].short("es"), (key, item)


def test_the_unfccc_lead_is_its_secretariat(seed_sections: list[SeedSection], db: Session) -> None:
    resolver = Resolver(list(queries.all_entities(db)))
    knowledge = build_knowledge(db)
    leads = [
        (key, item)
        for s in seed_sections
        for a in s.activities
        for key, _, item in resolver.items(a.lists.get("lead", ""))
        if "CMNUCC" in item
    ]
    assert len(leads) == 3 and all(folded(item).startswith("secretaria de la") for _, item in leads)
    for key, _ in leads:
        entity = knowledge.entities[key]
        for lang, word in (("es", "secretaria"), ("en", "secretariat")):
            assert word in fold(entity.short(lang)) and word in fold(entity.full(lang)), (
                lang,
                entity.full(lang),
            )


# Names and acronyms the bot used to show, which the seeds never write: people may still type them.
FORMER_LABELS = {
    "PHR": "Physicians for Human Rights",
    "Médicos por los Derechos Humanos": "Physicians for Human Rights",
    "WRC": "Women's Refugee Commission",
    "Comisión de Mujeres Refugiadas": "Women's Refugee Commission",
    "UNMGCY": "Grupo Principal de la Infancia y la Juventud (Naciones Unidas)",
    "Red de Mujeres en la Migración": "Women in Migration Network",
    "Coalición Global sobre Migración": "Global Coalition on Migration",
    "OSCE": "OIDDH/OSCE",
    "ISIM": "Kaldor Centre/ISIM",
    "UNFCCC": "Secretaría de la Convención Marco de las Naciones Unidas sobre el Cambio Climático",
}


@pytest.mark.parametrize("typed", sorted(FORMER_LABELS))
def test_former_names_still_find_the_organisation(typed: str, ask) -> None:  # type: ignore[no-untyped-def]
    answer = ask(f"¿En qué participa {typed}?")
    seed_name = FORMER_LABELS[typed]
    assert _occurs(seed_name, folded(answer)) or _occurs(seed_name.split("/")[0], folded(answer)), answer
    assert folded(seed_name) in folded(PLAN_SEED.read_text(encoding="utf-8")) or "/" in seed_name


# --- Representatives (issue 10) ----------------------------------------------------------------------


def _representations(sections: list[SeedSection], resolver: Resolver) -> list[tuple[SeedSection, str, str]]:
    """(section, represented entity key, representative entity key) for each "X, representado por Y y Z"."""
    found = []
    for section in sections:
        for value in section.lists.values():
            for key, note, _ in resolver.items(value):
                if note and note.startswith("representad"):
                    names = re.sub(r"^representad[oa] por ", "", note)
                    for name in re.split(r" y (?:la |el |los |las )?", names):
                        found.append((section, key, resolver._must(name)))
    return found


def test_representatives_are_stored_as_the_seed_says(seed_sections: list[SeedSection], db: Session) -> None:
    resolver = Resolver(list(queries.all_entities(db)))
    found = _representations(seed_sections, resolver)
    # Migrant Forum in Asia (core 2.1); Alianza Americas and PICUM (core 2.2), for the Action Committee.
    assert len(found) == 3
    knowledge = build_knowledge(db)
    for section, represented, representative in found:
        priority = next(p for p in knowledge.priorities if p.key == _priority_for(db, section).key)
        pairs = {(r.entity.key, r.represents.key if r.represents else None) for r in priority.representatives}
        assert (representative, represented) in pairs, (priority.key, representative)


def test_a_representative_takes_part_as_such(seed_sections: list[SeedSection], db: Session, ask) -> None:  # type: ignore[no-untyped-def]
    entities = list(queries.all_entities(db))
    resolver = Resolver(entities)
    names = {e.key: e for e in entities}
    for section, represented, representative in _representations(seed_sections, resolver):
        for lang, heading in (
            ("es", f"prioridad basica {section.number}"),
            ("en", f"core priority {section.number}"),
        ):
            entity = names[representative]
            answer = folded(ask(f"¿En qué participa {entity.name_es}?", lang))
            assert heading in answer, (lang, representative, answer)
            who = names[represented].name_es if lang == "es" else names[represented].name_en
            assert folded(who) in answer, (lang, representative, answer)
            assert "no figura" not in answer and "not listed" not in answer, answer


# --- Groups the plan names only in passing (issue 10) -------------------------------------------------


def _plan_paragraphs() -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", clean(PLAN_SEED.read_text(encoding="utf-8")))]


def _groups_in_passing() -> tuple[list[str], str, str]:
    """(the existing thematic working groups as the plan lists them, the former data group's clause, the
    access-to-services group's clause), from the plan's "Prioridades temáticas" text, whose last paragraph
    runs over a page break."""
    text = " ".join(_plan_paragraphs())
    listed = re.search(r"Se trata de los grupos de trabajo temáticos sobre (.+?)\. El anterior", text)
    assert listed
    names = [re.sub(r"^y ", "", n.strip()) for n in listed[1].split(";")]
    former = re.search(r"(El anterior grupo de trabajo temático sobre datos .+?);", text)
    reforming = re.search(r"(el actual grupo de trabajo temático sobre el acceso .+?\.)", text)
    assert former and reforming
    return names, former[1], reforming[1]


def test_an_existing_group_without_a_section_is_known_and_says_the_plan_gives_nothing(ask) -> None:  # type: ignore[no-untyped-def]
    names, _, _ = _groups_in_passing()
    assert len(names) == 4
    with_section = [fold(t) for t in WORKING_GROUPS]
    # The groups with a section of their own share their key words with its heading; one has none.
    without = [n for n in names if not any(_overlap(n, t) >= 0.5 for t in with_section)]
    assert len(without) == 1 and "acuerdos bilaterales" in without[0]
    for question, lang in (
        (
            "¿Quién lidera el grupo de trabajo sobre vías regulares mediante acuerdos bilaterales de migración laboral?",
            "es",
        ),
        ("What activities does the working group on bilateral labour migration agreements have?", "en"),
    ):
        answer = folded(ask(question, lang))
        if lang == "es":
            assert folded(without[0]) in answer, answer
            assert "no indica" in answer and "actividades" in answer and "participantes" in answer, answer
        else:
            assert "bilateral labour migration agreements" in answer, answer
            assert "does not give" in answer and "activities" in answer and "participants" in answer, answer
        # Nothing of the other regular pathways group (ACT Alliance leads it) is passed off as this one's.
        assert "act alliance" not in answer and "unctad" not in answer, answer


def _overlap(name: str, title: str) -> float:
    words = {w for w in key_tokens(name) if w not in STOPWORDS and len(w) > 3}
    return len(words & set(key_tokens(title))) / max(len(words), 1)


@pytest.mark.parametrize(
    ("question", "lang", "which"),
    [
        ("¿Qué pasó con el grupo de trabajo sobre datos?", "es", 1),
        ("What happened to the data working group?", "en", 1),
        ("¿Qué hace el grupo de trabajo sobre el acceso a los servicios?", "es", 2),
        ("What is the access to services working group doing?", "en", 2),
    ],
)
def test_former_and_reforming_groups_are_answered_from_the_seed(
    question: str, lang: str, which: int, ask
) -> None:  # type: ignore[no-untyped-def]
    clause = _groups_in_passing()[which]
    answer = folded(ask(question, lang))
    if lang == "es":  # the seed's own clause, as written
        assert folded(clause).rstrip(".") in answer, answer
    else:
        assert ("network hub" if which == 1 else "vaccine") in answer, answer
    assert "no entendi" not in answer and "did not understand" not in answer


def test_plan_passages_are_the_seed_wording(db: Session) -> None:
    whole = " ".join(folded(p) for p in _plan_paragraphs())
    passages = queries.plan_passages(db)
    assert passages
    for passage in passages:
        assert " ".join(folded(passage.text_es).split()) in whole, passage.key
        assert passage.text_en and passage.text_en != passage.text_es, passage.key


# --- Timelines with two windows (issue 10) -------------------------------------------------------------

ORDINAL = {1: "primer", 2: "segundo", 3: "tercer", 4: "cuarto"}
MESES = "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split()


def _windows(activity: SeedActivity) -> list[dt.date]:
    """The deadline of each window the seed's Cronograma lines give: each range's end."""
    return sorted({r.end for phrase in activity.timeline for r in parse_timeline(phrase).ranges})


def test_each_window_is_a_deadline_of_its_own(seed_sections: list[SeedSection], db: Session, ask) -> None:  # type: ignore[no-untyped-def]
    knowledge = build_knowledge(db)
    checked = 0
    for section in seed_sections:
        priority = _priority_for(db, section)
        for seed in section.activities:
            windows = _windows(seed)
            if len(windows) < 2:
                continue
            checked += 1
            stored = next(
                a for a in knowledge.priority_by_key[priority.key].activities if a.number == seed.number
            )
            assert stored.deadlines == tuple(windows), (priority.key, seed.number)
            start = folded(seed.text)[:40]
            for deadline in windows:
                quarter = (deadline.month - 1) // 3 + 1
                due = folded(ask(f"¿Qué vence en el {ORDINAL[quarter]} trimestre de {deadline.year}?"))
                assert start in due, (priority.key, seed.number, deadline)
                day = f"{deadline.day} de {MESES[deadline.month - 1]} de {deadline.year}"
                assert day in due, (priority.key, seed.number, deadline, due)
            # Overdue the day after its first window, though its last is still ahead.
            late = folded(ask("¿Qué está atrasado?", today=(windows[0] + dt.timedelta(days=1)).isoformat()))
            assert start in late, (priority.key, seed.number)
    # Thematic 6.1 ("primer trimestre de 2021 y segundo trimestre de 2022"), core 3.3 ("...de 2021; primer y
    # segundo trimestre de 2022"), and thematic 6.5 and 7.4 (two Cronograma lines).
    assert checked == 4


def test_english_answers_say_the_timeline_in_english_with_the_original_on_the_card(
    seed_sections: list[SeedSection], ask
) -> None:  # type: ignore[no-untyped-def]
    for section in seed_sections:
        if section.kind == "working_group":
            continue
        kind = "core priority" if section.kind == "core" else "thematic priority"
        overview = folded(ask(f"What are the timelines of {kind} {section.number}?", "en"))
        assert "trimestre" not in overview, overview
        for seed in section.activities:
            if not seed.timeline:
                continue
            card = ask(f"What is activity {seed.number} of {kind} {section.number}?", "en")
            line = next(line for line in card.splitlines() if line.startswith("Timeline:"))
            for phrase in seed.timeline:  # the original, quoted, beside its English rendering
                assert f"“{phrase}”" in line or "trimestre" not in folded(phrase), line
            if any("trimestre" in folded(p) for p in seed.timeline):
                assert "quarter" in line, line


# --- The work plan's introduction and overview (issue 10) ----------------------------------------------


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.;:])\s+|\s+-\s+(?=[A-ZÁÉÍÓÚ])", " ".join(text.split()))  # sentences, list items
    return [s.strip() for s in parts if len(s.strip()) > 20]


def test_the_plan_text_before_its_priorities_is_known(db: Session) -> None:
    """Every sentence from "Introducción" to "PRIORIDADES BÁSICAS" is in a passage (or the cross-cutting
    issues, stored since before): the IMRF "a inicios de 2022", the plan's basis, its core components, the
    Secretariat's oversight, the five thematic areas the Executive Committee approved."""
    seed = clean(PLAN_SEED.read_text(encoding="utf-8"))
    front = seed.split("Introducción", 1)[1].split("PRIORIDADES BÁSICAS", 1)[0]
    headings = {
        "Panorama general",
        "Prioridades básicas",
        "Prioridades temáticas",
        "Cuestiones transversales",
    }
    body = " ".join(line for line in front.splitlines() if line.strip() not in headings)
    stored = [" ".join(folded(p.text_es).split()) for p in queries.plan_passages(db)]
    stored += [" ".join(folded(p.cross_cutting_es).split()) for p in queries.current_plans(db)]
    missing = [s for s in _sentences(body) if not any(folded(s.lstrip("- ")) in text for text in stored)]
    assert not missing, missing[:3]


@pytest.mark.parametrize(
    ("question", "lang", "must"),
    [
        (
            "¿Qué es el plan de trabajo?",
            "es",
            ["a inicios de 2022", "se fundamenta en", "5 prioridades basicas"],
        ),
        ("What is the work plan?", "en", ["early 2022", "5 core priorities"]),
        (
            "¿Cuáles son los componentes del plan de trabajo?",
            "es",
            ["paises precursores", "fondo fiduciario"],
        ),
        ("¿Qué es la prioridad básica 3?", "es", ["a inicios de 2022"]),
        (
            "¿Cuáles son las esferas temáticas?",
            "es",
            ["cinco esferas tematicas aprobadas por el comite ejecutivo"],
        ),
        ("¿Quién es la Secretaría de la Red?", "es", ["supervisara la aplicacion de las decisiones"]),
        ("Who is the Network's secretariat?", "en", ["oversee the implementation of decisions"]),
    ],
)
def test_answers_quote_the_plan_introduction_and_overview(
    question: str, lang: str, must: list[str], ask
) -> None:  # type: ignore[no-untyped-def]
    answer = folded(ask(question, lang))
    for words in must:
        assert words in answer, (words, answer)
    assert "6 prioridades basicas" not in answer and "6 core priorities" not in answer


def test_the_core_priorities_are_counted_as_the_seed_numbers_them(
    seed_sections: list[SeedSection], ask
) -> None:  # type: ignore[no-untyped-def]
    numbers = [s.number for s in seed_sections if s.kind == "core" and s.number]
    top = {n.split(".")[0] for n in numbers}
    assert len(top) == 5 and "2.1" in numbers and "2.2" in numbers
    answer = folded(ask("¿Qué es el plan de trabajo?"))
    assert f"{len(top)} prioridades basicas" in answer and "2.1" in answer and "2.2" in answer, answer


# --- Meetings: the ToR's words apart from the Network's settings (issue 10) ----------------------------


def _tor_meeting_sentence() -> str:
    found = re.search(r"\*\*Frecuencia de las reuniones:\*\*\s*(.+)", TOR_SEED.read_text(encoding="utf-8"))
    assert found
    return found[1].strip()


def test_the_meeting_rule_is_stored_as_the_tor_writes_it(db: Session) -> None:
    sentence = _tor_meeting_sentence()
    stored = next(t for t in queries.network_texts(db) if t.section == "meetings.frequency")
    assert stored.text_es == sentence
    # The translation keeps what the ToR says, "each month" included, however odd beside "quarterly".
    assert "each month" in stored.text_en and "ad hoc" in stored.text_en


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("¿Cada cuánto se reúne la Red?", "es"),
        ("¿Cuándo es la próxima reunión trimestral?", "es"),
        ("How often does the Network meet?", "en"),
        ("When is the next quarterly meeting?", "en"),
    ],
)
def test_meeting_answers_keep_the_tor_words_and_the_network_settings_apart(
    question: str, lang: str, ask
) -> None:  # type: ignore[no-untyped-def]
    sentence = _tor_meeting_sentence()
    lines = ask(question, lang, today="2021-10-05").splitlines()
    # The ToR's sentence, quoted as written (in English too, beside its translation), on a line of its own
    # that names neither the months nor the hour of the Network's settings.
    quoted = [line for line in lines if f"«{sentence}»" in line or f"“{sentence}”" in line]
    assert len(quoted) == 1, lines
    months = re.compile(r"marzo|junio|septiembre|diciembre|march|june|september|december|10:00", re.I)
    assert not months.search(quoted[0]), quoted[0]
    # The months and the hour, on their own line, said to be the Network's setting, not the ToR's.
    setting = [line for line in lines if re.search(r"marzo.*diciembre|march.*december", line, re.I)]
    assert setting and "10:00" in setting[0], lines
    assert re.search(r"no de los terminos de referencia|not from the terms of reference", folded(setting[0]))


def test_lists_show_the_window_of_the_period_they_are_about(
    seed_sections: list[SeedSection], db: Session
) -> None:
    """The App Home and meeting agendas show, for an activity with two windows, the deadline in the period
    they list (the quarter; the latest one passed for what is overdue), not its final date."""
    knowledge = build_knowledge(db)
    for section in seed_sections:
        for seed in section.activities:
            windows = _windows(seed)
            if len(windows) < 2:
                continue
            stored = next(
                a
                for a in knowledge.priority_by_key[_priority_for(db, section).key].activities
                if a.number == seed.number
            )
            first, last = windows[0], windows[-1]
            quarter = DateRange(first.replace(day=1) - dt.timedelta(days=62), first)
            assert stored.deadline_for(quarter) == first
            after_first = DateRange(dt.date.min, first)
            assert stored.deadline_for(after_first, latest=True) == first
            assert stored.deadline_for(DateRange(dt.date.min, last), latest=True) == last


def test_every_sentence_of_the_tor_context_is_known(db: Session, ask) -> None:  # type: ignore[no-untyped-def]
    """Section 1 (Contexto) of the terms of reference, sentence by sentence: Mexico's migration context, the
    pandemic, why the national Network and what it does, are passages too (issue 10)."""
    section = clean(TOR_SEED.read_text(encoding="utf-8")).split("### 1. Contexto", 1)[1].split("## 2.", 1)[0]
    stored = [" ".join(folded(t.text_es).split()) for t in queries.network_texts(db)]
    missing = [s for s in _sentences(section) if not any(folded(s) in text for text in stored)]
    assert not missing, missing[:3]
    answer = folded(ask("¿Cuál es el contexto de la Red en México?"))
    assert "crecientemente un pais de destino" in answer and "durante la pandemia covid-19" in answer, answer
