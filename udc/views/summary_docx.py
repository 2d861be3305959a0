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
from collections.abc import Set


def _macros():
    from udc.views.templating import environment

    return environment().get_template("_award.j2").module


def _text(value) -> str:
    return str(value)  # data were made visible before (udc.views.award_docs.shown); Markup becomes plain str


def _table(doc, header: list[str], rows: list[list[str]], numeric: Set[int] = frozenset()) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(_text(text)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, row, strict=False)):
            cell.text = _text(text)
            if i in numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _repeat_header(table)


def _repeat_header(table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = table.rows[0]._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def _part(doc, w, s: dict, p: dict, own: bool) -> None:
    esc = _text
    heading = f"{w.label('own')}: {p['bidder']}" if own else str(w.winner_heading(p, esc, s["award"]["count"]))
    doc.add_heading(_text(heading), level=2)
    if p["partial"]:
        doc.add_paragraph(_text(w.partial_note()))
    rows = [[f"{r['id']}: {r['title']}", w.out_of(r["score"], r["max"]), w.out_of(r["weighted"], r["weight"]),
             (f"{r['explanation']} " if r["explanation"] else "") + f"({w.source(r['source'])})"] for r in p["rows"]]
    _table(doc, [w.label("criterion"), w.label("score"), w.label("weighted"), w.label("explanation")], rows, {1, 2})
    if p["pass_fail"]:
        doc.add_heading(_text(w.label("pass_fail")), level=3)
        _table(doc, [w.label("criterion"), w.label("outcome_col")],
               [[f"{r['id']}: {r['title']}", r["outcome"] + (f": {r['explanation']}" if r["explanation"] else "")]
                for r in p["pass_fail"]])
    if p["price"]:
        doc.add_paragraph(_text(w.price_line(p, esc)))
    doc.add_heading(_text(w.label("subtotals")), level=3)
    rows = [[t["label"], w.out_of(t["value"], t["of"])] for t in p["sections"]]
    rows += [[f"{w.label('stage')}: {t['label']}", w.out_of(t["value"], t["of"])] for t in p["stages"]]
    rows += [[w.label("quality"), w.out_of(p["quality"], p["quality_of"])],
             [w.label("total"), w.out_of(p["total"], 100)],
             [w.label("rank"), w.rank_text(p)]]
    _table(doc, [w.label("section"), w.label("score")], rows, {1})


def render_docx(s: dict) -> bytes:
    """One assessment summary (data already passed through ``shown``) as .docx bytes."""
    import docx

    w, esc = _macros(), _text
    doc = docx.Document()
    doc.core_properties.title = _text(f"{w.summary_title()}: {s['bid']['bidder']}")
    doc.core_properties.author = _text(s["tool"])
    if s["draft"]:
        header = doc.sections[0].header.paragraphs[0]
        header.add_run("DRAFT. " + _text(w.draft_banner())).bold = True
    doc.add_heading(_text(w.summary_title()), level=1)
    doc.add_paragraph(_text(f"{s['bid']['bidder']} (bid {s['bid']['id']})"))
    doc.add_paragraph(_text(w.summary_intro(s, esc)))
    doc.add_heading(_text(w.label("outcome")), level=2)
    for line in s["outcome"]:
        doc.add_paragraph(_text(line))
    doc.add_paragraph(_text(w.award_line(s, esc)))
    doc.add_heading(_text(w.label("criteria")), level=2)
    rows = [[f"{c['id']}: {c['title']}" + (f" ({w.label('question')}: {c['text']})" if c["text"] else ""),
             c["weight"] if c["weight"] is not None else "pass or fail", c["section"] or "", c["stage"] or "",
             " ".join(c["how"])] for c in s["criteria"]]
    _table(doc, [w.label(k) for k in ("criterion", "weight", "section", "stage", "how")], rows, {1})
    doc.add_heading(_text(w.label("scale")), level=3)
    doc.add_paragraph(_text(s["scale_sentence"]))
    if s["scale"]:
        _table(doc, [w.label("value"), w.label("level"), w.label("meaning")],
               [[lv["value"], lv["label"], lv["meaning"]] for lv in s["scale"]], {0})
    doc.add_heading(_text(w.label("rules")), level=3)
    for line in s["rules"]:
        doc.add_paragraph(_text(line), style="List Bullet")
    _part(doc, w, s, s["own"], own=True)
    for p in s["winners"]:
        _part(doc, w, s, p, own=False)
    doc.add_paragraph(_text(w.rounding_note()))
    doc.add_paragraph(_text(w.footer(s, esc)))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
