"""Assessment summaries as Word documents (python-docx), with real headings and tables.

Officers finish letters in Word, so each summary is a document they can edit:
Heading 1/2/3 styles (the navigation pane and screen readers use them), tables
with a header row, and, for a draft, "Draft" in the page header of every page.
The words come from the same macros as the HTML and Markdown summaries
(``templates/_award.j2``); every string from the round passes through
:func:`udc.core.text.visible`, so no control character reaches the XML.
"""

from __future__ import annotations

import io
import re
from collections.abc import Set


def _macros():
    from udc.views.templating import environment

    return environment().get_template("_award.j2").module


def _text(value) -> str:
    return str(value)  # data were made visible before (udc.views.award_docs.shown); Markup becomes plain str


class _Doc:
    """A Word document being written from python-docx's default template: paragraphs and tables."""

    def __init__(self, doc):
        self.doc = doc

    def style_id(self, name: str) -> str:
        """The id of the style named ``name`` (not the default style: python-docx would set none for it).

        Looked up once per run: every document comes from the same template, and python-docx looks
        a style up again, through every style, at each use."""
        if name not in _STYLE_IDS:
            _STYLE_IDS[name] = self.doc.styles[name].style_id
        return _STYLE_IDS[name]

    def paragraph(self, text: str, style: str | None = None) -> None:
        """A paragraph of ``text`` in ``style`` (a style's name), as ``add_paragraph(text, style)`` makes it."""
        p = self.doc.add_paragraph()._p
        if style is not None:
            p.style = self.style_id(style)
        if text:
            _run(p, text)

    def table(self, header: list[str], rows: list[list[str]], numeric: Set[int] = frozenset()) -> None:
        """A table in the Table Grid style: a bold header row, repeated on every page, then ``rows`` (the
        ``numeric`` columns aligned right). Built whole (``add_table`` with every row): the same document
        as adding row by row, in a fraction of the time."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        table = self.doc.add_table(rows=1 + len(rows), cols=len(header))
        table._tbl.tblStyle_val = self.style_id("Table Grid")
        trs = table._tbl.tr_lst
        for tc, text in zip(trs[0].tc_lst, header, strict=True):
            _run(tc.p_lst[0], _text(text), bold=True)
        for tr, row in zip(trs[1:], rows, strict=True):
            for i, (tc, text) in enumerate(zip(tr.tc_lst, row, strict=False)):
                p = tc.p_lst[0]
                if i in numeric:
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                _run(p, _text(text))
        _repeat_header(table)


_STYLE_IDS: dict[str, str] = {}  # style name -> id, in python-docx's default template
_BREAKS = re.compile(r"([\t\r\n])")


def _run(p, text: str, bold: bool = False) -> None:
    """``text`` as a run at the end of paragraph element ``p``: what python-docx's ``Run.text`` writes
    (a tab as ``<w:tab/>``, a line break as ``<w:br/>``), without going character by character."""
    from docx.text.run import Run

    r = p.add_r()
    if bold:
        Run(r, None).bold = True  # type: ignore[arg-type]  # a parent is needed only to reach the document
    for piece in _BREAKS.split(text):
        if piece == "\t":
            r.add_tab()
        elif piece in ("\r", "\n"):
            r.add_br()
        elif piece:
            r.add_t(piece)


def _repeat_header(table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = table.rows[0]._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def _part(out: _Doc, w, s: dict, p: dict, own: bool) -> None:
    esc = _text
    heading = f"{w.label('own')}: {p['bidder']}" if own else str(w.winner_heading(p, esc, s["award"]["count"]))
    out.paragraph(_text(heading), "Heading 2")
    if p["partial"]:
        out.paragraph(_text(w.partial_note()))
    rows = [[f"{r['id']}: {r['title']}", w.out_of(r["score"], r["max"]), w.out_of(r["weighted"], r["weight"]),
             (f"{r['explanation']} " if r["explanation"] else "") + f"({w.source(r['source'])})"] for r in p["rows"]]
    out.table([w.label("criterion"), w.label("score"), w.label("weighted"), w.label("explanation")], rows, {1, 2})
    if p["pass_fail"]:
        out.paragraph(_text(w.label("pass_fail")), "Heading 3")
        out.table([w.label("criterion"), w.label("outcome_col")],
               [[f"{r['id']}: {r['title']}", r["outcome"] + (f": {r['explanation']}" if r["explanation"] else "")]
                for r in p["pass_fail"]])
    if p["price"]:
        out.paragraph(_text(w.price_line(p, esc)))
    out.paragraph(_text(w.label("subtotals")), "Heading 3")
    rows = [[t["label"], w.out_of(t["value"], t["of"])] for t in p["sections"]]
    rows += [[f"{w.label('stage')}: {t['label']}", w.out_of(t["value"], t["of"])] for t in p["stages"]]
    rows += [[w.label("quality"), w.out_of(p["quality"], p["quality_of"])],
             [w.label("total"), w.out_of(p["total"], 100)],
             [w.label("rank"), w.rank_text(p)]]
    out.table([w.label("section"), w.label("score")], rows, {1})


def render_docx(s: dict) -> bytes:
    """One assessment summary (data already passed through ``shown``) as .docx bytes."""
    import docx

    w, esc = _macros(), _text
    doc = docx.Document()
    out = _Doc(doc)
    doc.core_properties.title = _text(f"{w.summary_title()}: {s['bid']['bidder']}")
    doc.core_properties.author = _text(s["tool"])
    if s["draft"]:
        header = doc.sections[0].header.paragraphs[0]
        header.add_run("DRAFT. " + _text(w.draft_banner())).bold = True
    out.paragraph(_text(w.summary_title()), "Heading 1")
    out.paragraph(_text(f"{s['bid']['bidder']} (bid {s['bid']['id']})"))
    out.paragraph(_text(w.summary_intro(s, esc)))
    out.paragraph(_text(w.label("outcome")), "Heading 2")
    for line in s["outcome"]:
        out.paragraph(_text(line))
    out.paragraph(_text(w.award_line(s, esc)))
    out.paragraph(_text(w.label("criteria")), "Heading 2")
    rows = [[f"{c['id']}: {c['title']}" + (f" ({w.label('question')}: {c['text']})" if c["text"] else ""),
             c["weight"] if c["weight"] is not None else "pass or fail", c["section"] or "", c["stage"] or "",
             " ".join(c["how"])] for c in s["criteria"]]
    out.table([w.label(k) for k in ("criterion", "weight", "section", "stage", "how")], rows, {1})
    out.paragraph(_text(w.label("scale")), "Heading 3")
    out.paragraph(_text(s["scale_sentence"]))
    if s["scale"]:
        out.table([w.label("value"), w.label("level"), w.label("meaning")],
               [[lv["value"], lv["label"], lv["meaning"]] for lv in s["scale"]], {0})
    out.paragraph(_text(w.label("rules")), "Heading 3")
    for line in s["rules"]:
        out.paragraph(_text(line), "List Bullet")
    _part(out, w, s, s["own"], own=True)
    for p in s["winners"]:
        _part(out, w, s, p, own=False)
    out.paragraph(_text(w.rounding_note()))
    out.paragraph(_text(w.footer(s, esc)))
    written = io.BytesIO()
    doc.save(written)
    return written.getvalue()
