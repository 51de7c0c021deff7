"""The page at ``/app/``, rendered once when the server starts, and the files it loads.

The crisis lines of every country are written into the HTML itself, one hidden section each, so
"Need help now?" works when the server stops answering, and even without JavaScript: the script
only shows the section of the chosen country. Lines come from ``data/resources/helplines.yml``,
through :mod:`assistant.safety.helplines` when it is there and the file passes its checks, else by
a small tolerant read of the YAML, else from the numbers the runtime's crisis answer has built in.
Web addresses are written as text, never as links or resources: nothing in the page points away
from this machine except ``tel:`` and ``sms:`` links.
"""
from __future__ import annotations

import html
import logging
import re
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

from assistant.core import settings as settings_module

log = logging.getLogger(__name__)

STATIC = Path(__file__).with_name("web_static")
HELPLINES = settings_module.ROOT / "data" / "resources" / "helplines.yml"
FALLBACK = "XX"
WELL_KNOWN = ("US", "CA", "GB", "IE", "AU", "NZ", "IN")
"""Countries whose numbers the page shows before anyone says where they are (as the crisis answer does)."""

CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
                 ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml"}
_NUMBER = re.compile(r"\d[\d\- ]*\d|\d")

Lines = Dict[str, Any]


def _lines(raw: Any) -> List[Dict[str, str]]:
    """Lines that name themselves and can be reached; anything else is left out quietly."""
    kept = []
    for line in raw if isinstance(raw, list) else []:
        if isinstance(line, dict) and line.get("name") and any(line.get(way) for way in ("call", "text", "url")):
            kept.append({key: str(line[key]).strip() for key in ("name", "call", "text", "keyword", "url", "about") if line.get(key)})
    return kept


def _shape(raw: Any) -> Lines:
    """Countries (name, emergency number, crisis and domestic-abuse lines) and the directory."""
    countries: Dict[str, Dict[str, Any]] = {}
    for code, entry in (raw.get("countries") or {}).items():
        if isinstance(entry, dict) and entry.get("name"):
            countries[str(code).upper()] = {"name": str(entry["name"]), "emergency": str(entry.get("emergency") or ""),
                                            "crisis": _lines(entry.get("crisis")), "abuse": _lines(entry.get("domestic_violence"))}
    fallback = countries.get(FALLBACK, {"crisis": [], "abuse": []})
    for code, entry in (raw.get("emergency_only") or {}).items():
        if isinstance(entry, dict) and entry.get("name") and str(code).upper() not in countries:
            countries[str(code).upper()] = {"name": str(entry["name"]), "emergency": str(entry.get("emergency") or ""),
                                            "crisis": fallback["crisis"], "abuse": fallback["abuse"]}
    directory = raw.get("directory") if isinstance(raw.get("directory"), dict) else {}
    return {"countries": countries, "directory": {k: str(directory.get(k) or "") for k in ("name", "url", "note")}}


def read_lines(path: Path = HELPLINES) -> Lines:
    """The lines for the page; never raises (the page must always have a way to call for help)."""
    try:
        from assistant.safety import helplines

        return _shape(helplines.load(path))
    except (ImportError, ValueError, OSError, AttributeError) as error:
        log.info("helplines checker unavailable (%s); reading the file directly", type(error).__name__)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(raw, dict):
            return _shape(raw)
    except (OSError, yaml.YAMLError, AttributeError, TypeError) as error:
        log.warning("helplines.yml unreadable (%s); the page shows the built-in numbers", type(error).__name__)
    return {"countries": {}, "directory": {"name": "", "url": "", "note": ""}}


def _dial(text: str, scheme: str = "tel") -> str:
    """Escaped text with every number in it a link to call (or text) it."""
    out, last = [], 0
    for match in _NUMBER.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        out += [html.escape(text[last:match.start()]), f'<a href="{scheme}:{digits}">{html.escape(match.group())}</a>']
        last = match.end()
    return "".join(out) + html.escape(text[last:])


def _address(url: str) -> str:
    """A web address as words to read or type (no scheme, no link)."""
    return html.escape(re.sub(r"^https?://(www\.)?", "", url).rstrip("/"))


def _line(line: Dict[str, str]) -> str:
    ways = []
    if line.get("call"):
        ways.append(f"call {_dial(line['call'])}")
    if line.get("text"):
        keyword = f" {html.escape(line['keyword'])} to" if line.get("keyword") else ""
        ways.append(f"text{keyword} {_dial(line['text'], 'sms')}")
    if line.get("url"):
        ways.append(f"visit {_address(line['url'])}")
    about = f" ({html.escape(line['about'])})" if line.get("about") else ""
    return f"<li><strong>{html.escape(line['name'])}</strong>: {' or '.join(ways)}{about}.</li>"


def _directory(lines: Lines) -> str:
    directory = lines["directory"]
    if not directory.get("name"):
        return ""
    return (f'<p>Anywhere: <strong>{html.escape(directory["name"])}</strong> ({_address(directory["url"])}) is '
            f'{html.escape(directory["note"])}.</p>')


def _country_section(code: str, country: Dict[str, Any], lines: Lines, shown: bool) -> str:
    emergency = country["emergency"] or "your local emergency number"
    parts = [f'<section class="lines" data-country="{html.escape(code)}" data-emergency="{html.escape(emergency)}"'
             f'{"" if shown else " hidden"}>',
             f'<p class="emergency">If you are in danger now, call {_dial(emergency)} '
             f'(emergency, in {html.escape(country["name"])}).</p>']
    if country["crisis"]:
        parts.append('<p>To talk to someone now:</p><ul>' + "".join(_line(line) for line in country["crisis"]) + "</ul>")
    if country["abuse"]:
        parts.append('<p>If you are not safe at home:</p><ul>' + "".join(_line(line) for line in country["abuse"]) + "</ul>")
    return "".join(parts) + _directory(lines) + "</section>"


def _anywhere_section(lines: Lines, shown: bool) -> str:
    """Before a country is known: the well-known emergency numbers and crisis lines, as in the crisis answer."""
    from assistant.core.runtime import CRISIS_MESSAGE

    countries = lines["countries"]
    known = [code for code in WELL_KNOWN if code in countries]
    if not known:
        body = f'<p class="emergency">{_dial(CRISIS_MESSAGE)}</p>'
    else:
        numbers: Dict[str, List[str]] = {}
        for code in known:
            numbers.setdefault(countries[code]["emergency"], []).append(countries[code]["name"])
        emergency = "; ".join(f"{_dial(n)} in {html.escape(', '.join(names))}" for n, names in numbers.items())
        crisis: Dict[str, List[str]] = {}
        for code in known:
            for line in countries[code]["crisis"][:1]:
                crisis.setdefault(_line(line), []).append(countries[code]["name"])
        items = "".join(item.replace("</li>", f" In {html.escape(', '.join(n))}.</li>") for item, n in crisis.items())
        body = (f'<p class="emergency">If you are in danger now, call your emergency number: {emergency}.</p>'
                f"<p>To talk to someone now:</p><ul>{items}</ul>")
    return (f'<section class="lines" data-country="" data-emergency="your local emergency number"{"" if shown else " hidden"}>'
            f"{body}{_directory(lines)}</section>")


def _capital(name: str) -> str:
    return name[:1].upper() + name[1:]


def _sort_name(name: str) -> str:
    return re.sub(r"^the ", "", name.lower())


def render(lines: Lines, country: Optional[str]) -> str:
    """index.html with the country choice and every country's section filled in."""
    countries = {code: c for code, c in lines["countries"].items() if code != FALLBACK}
    chosen = country if country in countries else ""
    order = sorted(countries, key=lambda code: _sort_name(countries[code]["name"]))
    options = ['<option value="">Choose where you are</option>'] + [
        f'<option value="{code}"{" selected" if code == chosen else ""}>{html.escape(_capital(countries[code]["name"]))}</option>'
        for code in order
    ]
    sections = [_anywhere_section(lines, not chosen)] + [
        _country_section(code, countries[code], lines, code == chosen) for code in order
    ]
    template = (STATIC / "index.html").read_text(encoding="utf-8")
    return template.replace("{{countries}}", "".join(options)).replace("{{sections}}", "\n".join(sections))


def static_files() -> Dict[str, bytes]:
    """Every file the page loads, by its path under ``/app/static/`` (read once: they are small)."""
    return {path.relative_to(STATIC).as_posix(): path.read_bytes() for path in sorted(STATIC.rglob("*"))
            if path.is_file() and path.suffix in CONTENT_TYPES and path.name != "index.html"}
