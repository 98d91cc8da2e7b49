"""What the crawl checks on each page it visits, in Debian's Chromium: the words a reader sees, the
answers the browser got, and whether the page fits the window.

A zh-hans page may show Latin letters only in codes, names and units: IDs (CLT-2026-000001,
600036.SH, SR-2026-00000003), abbreviations written in capitals (AML, KYC, ETF, C1-C5, R1-R5,
CNY), the demo's own user names, and a short list of product and brand names. Any other Latin word
(Closed, structuring, Choose all, None) is an English leak."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

SCREENS = Path(__file__).resolve().parents[2] / "sites" / "var" / "screens"

# Brands and names that a Chinese page writes in Latin letters too.
NAMES = {
    "App",  # 手机 App
    "Android",
    "iPhone",
    "iPad",
    "MacBook",
    "Air",
    "Windows",
    "Xiaomi",
    "vivo",
    "Mate",
    "Find",
    "Hong",
    "Kong",  # bank names (HSBC Hong Kong)
    "Excel",
    "REST",
    "Procfile",
    "cron",
    "Redis",
    "Control",
    "Command",
    "Mac",  # keys and systems, in Django's "按住 Control 键或 Mac 上的 Command 键"
    "demo",  # the demo's source-system code on its ingestion batches
}
# A token with a digit, an underscore, a dot or a hyphen inside is an identifier (CLT-2026-000001,
# 600036.SH, bj01_client1, securities_crm.api, a hash name ending in a digit); a word in capitals is an abbreviation or a code.
CODE = re.compile(
    r"[A-Za-z0-9]*[0-9_.\-@/:][A-Za-z0-9_.\-@/:]*[A-Za-z0-9]"
    r"|[A-Za-z]*[0-9][A-Za-z0-9]*"  # any token with a digit: a random name such as fcdbafade1
    r"|(?<![A-Za-z])[A-Z][A-Z0-9]*(?![A-Za-z])"
)
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")

# The text a reader sees: visible text nodes, without icon ligatures (Material Symbols render
# "chevron_right" as an arrow), scripts, what a user typed into a text area, keyboard keys (esc), or
# the language switch (which names each language in that language: English).
VISIBLE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const el = node.parentElement;
    if (!el || el.closest('.material-symbols-outlined, script, style, noscript, template, textarea, kbd, [aria-hidden=true], form[action*="setlang"]')) continue;
    if (!el.checkVisibility()) continue;
    const text = node.textContent.trim();
    if (text) out.push(text);
  }
  return out;
}"""
OVERFLOW = """() => {
  const doc = document.documentElement;
  const page = doc.scrollWidth - doc.clientWidth;
  // A list's table scrolled sideways inside its box: its last columns are cut off at this width.
  const table = document.querySelector('#result_list');
  let list = 0;
  if (table) {
    let box = table.parentElement;
    while (box && box !== document.body && getComputedStyle(box).overflowX === 'visible') box = box.parentElement;
    if (box && box !== document.body) list = box.scrollWidth - box.clientWidth;
  }
  // An alert's evidence: it was clipped to half the form. It may scroll sideways (a day of orders has
  // many columns), but within the whole width of its field.
  let clipped = 0;
  for (const box of document.querySelectorAll('.crm-evidence')) {
    const field = box.closest('.field-line') || box.parentElement;
    const room = field.getBoundingClientRect().right - box.getBoundingClientRect().right;
    if (box.scrollWidth > box.clientWidth || box.querySelector('.overflow-x-auto')?.scrollWidth > box.clientWidth) clipped = Math.max(clipped, room - 40);
  }
  return {page, list, clipped};
}"""


def latin_words(lines: list[str], allowed: set[str]) -> dict[str, str]:
    """{word: the line it was seen in} for each Latin word that is not a code or an allowed name
    (`allowed`: lower-case user names, which a page may capitalise)."""
    found: dict[str, str] = {}
    for line in lines:
        for word in WORD.findall(CODE.sub(" ", line)):
            if word.lower() not in allowed and word not in NAMES:
                found.setdefault(word, line[:100])
    return found


@dataclass
class Crawl:
    """Visits pages in one browser page, collecting what is wrong with each."""

    page: object
    base: str
    allowed: set[str] = field(default_factory=set)
    check_words: bool = True
    problems: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)
    _failed: list[str] = field(default_factory=list)

    def __post_init__(self):
        def on_response(response):
            if response.status >= 400 and response.url.startswith(self.base):
                self._failed.append(f"{response.status} {response.url[len(self.base) :]}")

        self.page.on("response", on_response)

    def visit(self, path: str, label: str, screenshot: bool = True) -> None:
        self._failed.clear()
        response = self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")
        self.visited.append(path)
        where = f"[{label}] {path}"
        if response is None or response.status >= 400:
            self.problems.append(f"{where}: answered {response.status if response else 'nothing'}")
            return
        for failed in self._failed:
            self.problems.append(f"{where}: a resource answered {failed}")
        if self.check_words:
            for word, line in latin_words(self.page.evaluate(VISIBLE_TEXT), self.allowed).items():
                self.problems.append(f"{where}: English {word!r} in {line!r}")
        overflow = self.page.evaluate(OVERFLOW)
        width = self.page.viewport_size["width"]
        if overflow["page"] > 1:
            self.problems.append(f"{where}: the page is {overflow['page']}px wider than the {width}px window")
        if overflow["clipped"] > 1:
            self.problems.append(f"{where}: the evidence stops {overflow['clipped']}px short of its field at {width}px")
        if overflow["list"] > 1:
            self.problems.append(f"{where}: the list is {overflow['list']}px wider than its box at {width}px")
        if not screenshot:
            return
        SCREENS.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_") or "home"
        self.page.screenshot(path=str(SCREENS / f"{label}_{width}_{slug}.png"))

    def first_link(self, selector: str) -> str | None:
        links = self.page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")
        return links[0] if links else None

    def sidebar(self) -> list[str]:
        """The desk paths in the sidebar of the page on screen."""
        links = self.page.eval_on_selector_all(
            "#nav-sidebar a[href^='/app/'], nav a[href^='/app/']", "els => els.map(e => e.getAttribute('href'))"
        )
        return [link for link in dict.fromkeys(links) if "logout" not in link]
