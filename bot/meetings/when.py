"""When and about what: `/red reunión el próximo jueves a las 10 sobre vías regulares` read as a date, a
time (or none), a topic, and what is wrong with the date if anything (past, impossible, missing).

dateparser (restricted to Spanish and English) reads whole sentences badly: "el próximo jueves a las 10"
gives nothing, "3 de julio a las 11" gives the year 2111. So the date phrase is found first (the text before
a topic marker, else the longest prefix or suffix of words that reads as a date), its time of day is read by
rule ("a las 10", "4pm", "16:00", "4 de la tarde"), the common day words ("mañana", "el próximo jueves",
"24 de junio", "June 24", "24/06") by rule too, so that an impossible day ("31 de febrero", "June 31") is
told apart from no date at all; dateparser reads whatever else is left ("in 3 days", "next week").
Everything is relative to `now` in the person's own time zone.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import dateparser

PAST, IMPOSSIBLE, MISSING = "past", "impossible", "missing"
MAX_DATE_WORDS = 12  # "el próximo jueves 24 de junio de 2021 a las 4 de la tarde": longer is no date phrase
_MARKERS = re.compile(r"(?:^|\s)(sobre|about|acerca\s+de|para|on|re:|regarding|tema:?|topic:?)(?=\s|$)", re.I)

MONTHS = {
    "enero": 1, "ene": 1, "january": 1, "jan": 1,
    "febrero": 2, "feb": 2, "february": 2,
    "marzo": 3, "mar": 3, "march": 3,
    "abril": 4, "abr": 4, "april": 4, "apr": 4,
    "mayo": 5, "may": 5,
    "junio": 6, "jun": 6, "june": 6,
    "julio": 7, "jul": 7, "july": 7,
    "agosto": 8, "ago": 8, "august": 8, "aug": 8,
    "septiembre": 9, "setiembre": 9, "sep": 9, "sept": 9, "set": 9, "september": 9,
    "octubre": 10, "oct": 10, "october": 10,
    "noviembre": 11, "nov": 11, "november": 11,
    "diciembre": 12, "dic": 12, "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "lunes": 0, "monday": 0, "mon": 0,
    "martes": 1, "tuesday": 1, "tue": 1, "tues": 1,
    "miercoles": 2, "wednesday": 2, "wed": 2,
    "jueves": 3, "thursday": 3, "thu": 3, "thurs": 3,
    "viernes": 4, "friday": 4, "fri": 4,
    "sabado": 5, "saturday": 5, "sat": 5,
    "domingo": 6, "sunday": 6, "sun": 6,
}  # fmt: skip
_DAYS = {"ayer": -1, "yesterday": -1, "anteayer": -2, "hoy": 0, "today": 0, "manana": 1, "tomorrow": 1, "pasado manana": 2, "day after tomorrow": 2,
         "the day after tomorrow": 2, "proxima semana": 7, "semana que viene": 7, "la semana que viene": 7,
         "la proxima semana": 7, "next week": 7}  # fmt: skip
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_FILLER = re.compile(
    r"^(?:(?:el|la|los|on|the|for|para|reunion|meeting|,)\s+)+|(?:\s+(?:,|y|and|at|a|en|el|del|de|the|on))+$"
)
_STOP = {"de", "del", "el", "la", "of", "the", "y", "and", "a", "en", "in", "on"}
_EVENING = {"tarde", "noche", "pm", "p.m.", "p. m.", "evening", "afternoon", "night"}
# "a las 10", "at 4pm", "16:00", "9:30", "4 pm", "10 de la mañana", "16 h", "4 de la tarde", "mediodía"
_TIME = re.compile(
    r"(?:(?:a\s+las?|at|@|por\s+la\s+(?:manana|tarde|noche))\s+)?"
    r"(?P<hour>\d{1,2})(?:(?::|\.|h)(?P<minute>\d{2}))?\s*"
    r"(?P<ampm>a\.\s?m\.|p\.\s?m\.|am|pm|hrs?\b|h\b|horas\b|de\s+la\s+(?:manana|tarde|noche)|in\s+the\s+(?:morning|afternoon|evening)|o'?clock)?"
)
_NOON = re.compile(r"(?:(?:a\s+)?(?:al\s+)?(?:mediodia|medio\s+dia)|(?:at\s+)?noon)")


@dataclass(frozen=True)
class Understood:
    """What `/red reunión <text>` says: a day and time in the person's zone, a topic, and what is wrong."""

    date: dt.date | None = None
    time: dt.time | None = None
    topic: str = ""
    problem: str | None = None  # PAST | IMPOSSIBLE | MISSING
    phrase: str = ""  # the date as typed ("el 3 de julio a las 11"), or the whole text when none was found

    def start(self, zone: ZoneInfo) -> dt.datetime | None:
        if self.date is None or self.time is None:
            return None
        return dt.datetime.combine(self.date, self.time, tzinfo=zone)


@dataclass(frozen=True)
class _When:
    date: dt.date | None
    time: dt.time | None
    impossible: bool = False


def fold(text: str) -> str:
    """Lower case without accents, so "Miércoles" and "miercoles" read alike."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def understand(text: str, now: dt.datetime) -> Understood:
    """`text` read relative to `now` (an aware instant in the person's zone)."""
    text = " ".join(text.split())
    if not text:
        return Understood(problem=MISSING)
    found = _split(text, now)
    if found is None:
        return Understood(topic=_clean_topic(text), problem=MISSING, phrase=text)
    when, topic, phrase = found
    topic = _clean_topic(topic)
    if when.impossible:
        return Understood(None, when.time, topic, IMPOSSIBLE, phrase)
    return Understood(when.date, when.time, topic, past_problem(when.date, when.time, now), phrase)


def past_problem(date: dt.date | None, time: dt.time | None, now: dt.datetime) -> str | None:
    """PAST when the day (or the day and time) has gone by in `now`'s zone; MISSING without a day."""
    if date is None:
        return MISSING
    if date < now.date():
        return PAST
    if time is not None and date == now.date() and time <= now.time().replace(tzinfo=None):
        return PAST
    return None


def _split(text: str, now: dt.datetime) -> tuple[_When, str, str] | None:
    """The date phrase and the topic: before a topic marker, else the longest prefix or suffix (of at most
    MAX_DATE_WORDS words, so a long text stays quick to read within Slack's 3 seconds) that reads as a date.
    Returns what it read, the topic, and the date phrase as typed."""
    for marker in _MARKERS.finditer(text):
        left, right = text[: marker.start()].strip(), text[marker.end() :].strip()
        when = _read(left, now) if left and len(left.split()) <= MAX_DATE_WORDS else None
        if when is not None:
            return when, right, left
    words = text.split()
    for size in range(min(len(words), MAX_DATE_WORDS), 0, -1):
        phrase = " ".join(words[:size])
        when = _read(phrase, now)
        if when is not None:
            return when, " ".join(words[size:]), phrase
        phrase = " ".join(words[-size:])
        when = _read(phrase, now)
        if when is not None:
            return when, " ".join(words[:-size]), phrase
    return None


def _clean_topic(topic: str) -> str:
    topic = _MARKERS.sub(" ", " " + topic, count=1) if _MARKERS.match(" " + topic) else topic
    return topic.strip(" ,.;:-")


def _read(phrase: str, now: dt.datetime) -> _When | None:
    """A phrase that is all date and time ("el 3 de julio a las 11"), or None if any of it is not."""
    folded = fold(phrase).strip(" ,.;")
    says_day = bool(re.match(r"(?:el|the|on)\s+(?:dia\s+)?\d", folded))  # "el 24", "the 24th"
    folded = _FILLER.sub("", folded).strip()
    if not folded:
        return None
    time, rest = _time(folded)
    rest = _FILLER.sub("", rest.strip(" ,.;")).strip()
    if not rest:
        return _When(now.date(), time) if time is not None else None
    bare = re.fullmatch(r"(?:dia\s+)?(\d{1,2})(?:st|nd|rd|th)?", rest)
    if bare and (says_day or time is not None):
        return _day_of_month(int(bare.group(1)), now.date(), time)
    day = _day(rest, now)
    if day is None:
        return None
    if day.impossible:
        return _When(None, time, impossible=True)
    return _When(day.date, time or day.time)


def _time(folded: str) -> tuple[dt.time | None, str]:
    """The time of day in a folded phrase, and the phrase without it."""
    noon = _NOON.search(folded)
    if noon:
        return dt.time(12), (folded[: noon.start()] + " " + folded[noon.end() :]).strip()
    for match in _TIME.finditer(folded):
        prefixed = match.group(0).split()[0] in ("a", "at", "@", "por")
        marked = match.group("minute") is not None or match.group("ampm") is not None
        if not (prefixed or marked):
            continue  # a bare number is a day ("24 de junio"), not an hour
        if _day_number(folded, match):
            continue
        hour, minute = int(match.group("hour")), int(match.group("minute") or 0)
        ampm = " ".join((match.group("ampm") or "").split())
        if any(word in ampm for word in _EVENING) and hour < 12:
            hour += 12
        elif ("am" in ampm or "a.m" in ampm or "manana" in ampm or "morning" in ampm) and hour == 12:
            hour = 0
        elif not ampm and 1 <= hour <= 6:
            hour += 12  # "a las 4": nobody meets at 4 in the morning
        if hour > 23 or minute > 59:
            return None, folded
        rest = (folded[: match.start()] + " " + folded[match.end() :]).strip()
        return dt.time(hour, minute), " ".join(rest.split())
    return None, folded


def _day_number(folded: str, match: re.Match[str]) -> bool:
    """Whether a matched "a las 24" is really a day: no minutes, no am/pm, and a month right after it."""
    if match.group("minute") is not None or match.group("ampm"):
        return False
    return bool(re.match(rf"(?:de\s+)?(?:{_MONTH})\b", folded[match.end() :].strip()))


def _day(rest: str, now: dt.datetime) -> _When | None:
    today = now.date()
    if rest in _DAYS:
        return _When(today + dt.timedelta(days=_DAYS[rest]), None)
    weekday = re.fullmatch(
        rf"(?:(?:el|este|esta|this|next|proximo|proxima|siguiente|on)\s+)*(?P<d>{_WEEKDAY})"
        r"(?:\s+(?:que\s+viene|proximo|siguiente))?",
        rest,
    )
    if weekday:
        ahead = (_WEEKDAYS[weekday.group("d")] - today.weekday()) % 7 or 7
        return _When(today + dt.timedelta(days=ahead), None)
    named = re.fullmatch(
        rf"(?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th|o|ro)?\s+(?:de\s+)?(?P<m>{_MONTH})\.?"
        r"(?:,?\s+(?:de\s+|del\s+)?(?P<y>\d{4}))?",
        rest,
    ) or re.fullmatch(
        rf"(?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<m>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{{4}}))?",
        rest,
    )
    if named:
        return _dated(int(named.group("d")), MONTHS[named.group("m")], named.group("y"), today)
    numeric = re.fullmatch(r"(?P<d>\d{1,2})/(?P<m>\d{1,2})(?:/(?P<y>\d{2}|\d{4}))?", rest)
    if numeric:
        year = numeric.group("y")
        year = str(2000 + int(year)) if year and len(year) == 2 else year
        return _dated(int(numeric.group("d")), int(numeric.group("m")), year, today)
    iso = re.fullmatch(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})", rest)
    if iso:
        return _dated(int(iso.group("d")), int(iso.group("m")), iso.group("y"), today)
    words = [w for w in re.findall(r"\w+", rest) if w not in _STOP]
    if not any(w.isdigit() for w in words) or all(w.isdigit() for w in words):
        return None  # a bare number, a month alone or a word ("may") is not a date
    return _parsed(rest, now)


def _day_of_month(day: int, today: dt.date, time: dt.time | None) -> _When:
    """ "el 24": the 24th of this month, or of the next one when this month's has gone by."""
    month, year = today.month, today.year
    if day < today.day:
        month, year = (1, year + 1) if month == 12 else (month + 1, year)
    try:
        return _When(dt.date(year, month, day), time)
    except ValueError:
        return _When(None, time, impossible=True)


def _dated(day: int, month: int, year: str | None, today: dt.date) -> _When:
    """A day of a month: this year's, or next year's when this year's is more than two months gone (a day
    just gone by stays in the past, to be told so, rather than silently become next year's)."""
    if not 1 <= month <= 12:
        return _When(None, None, impossible=True)
    try:
        if year is not None:
            return _When(dt.date(int(year), month, day), None)
        found = dt.date(today.year, month, day)
    except ValueError:
        if year is None and month == 2 and day == 29:  # a 29 February of a coming leap year
            return _When(_next_leap_day(today), None)
        return _When(None, None, impossible=True)
    if found < today - dt.timedelta(days=60):
        try:
            found = found.replace(year=today.year + 1)
        except ValueError:
            return _When(None, None, impossible=True)
    return _When(found, None)


def _next_leap_day(today: dt.date) -> dt.date:
    year = today.year
    while True:
        try:
            found = dt.date(year, 2, 29)
        except ValueError:
            year += 1
            continue
        if found >= today:
            return found
        year += 1


def _parsed(rest: str, now: dt.datetime) -> _When | None:
    """Whatever the rules above do not know ("in 3 days", "en 2 semanas", "next week"), read by dateparser."""
    settings = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": now.replace(tzinfo=None),
        "RETURN_AS_TIMEZONE_AWARE": True,
        "TIMEZONE": str(now.tzinfo),
        "TO_TIMEZONE": str(now.tzinfo),
    }
    try:
        found = dateparser.parse(rest, languages=["es", "en"], settings=settings)
    except Exception:
        return None
    if found is None:
        return None
    local = found.astimezone(now.tzinfo) if found.tzinfo else found
    time = local.time().replace(tzinfo=None, second=0, microsecond=0)
    same_clock = time == now.time().replace(tzinfo=None, second=0, microsecond=0)
    return _When(local.date(), None if same_clock or time == dt.time(0) else time)
