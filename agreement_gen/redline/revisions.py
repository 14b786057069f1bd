"""Accept or reject all tracked changes of a WordprocessingML tree, in pure Python.

What Word's "Accept All Changes" / "Reject All Changes" do to the text, without Word: fast
enough for unit tests and the benchmark, and a way to compare a redline with the versions
it came from (``wmltext.lines`` of the result). Covered: inserted and deleted runs
(``w:ins``, ``w:del``), moves (``w:moveFrom``, ``w:moveTo`` and their range marks), inserted
and deleted paragraph marks (a paragraph whose mark goes away joins the next paragraph),
inserted and deleted table rows and cells, and property changes (``w:rPrChange``,
``w:pPrChange``: kept on accept, restored on reject). Everything else is left as it is.

A paragraph mark that goes away while no paragraph follows in the same container (the end of
a cell or of the body, or a table next) cannot join anything: an empty one is dropped, one
with text stays. Word behaves the same way.
"""

from __future__ import annotations

import copy

from docx.oxml.ns import qn

from ..word.wmltext import DEL_INSTR, DEL_TEXT, INSTR, P, PPR, RPR, T, TBL, TR, iter_blocks, lines

INS, DEL, MOVE_FROM, MOVE_TO = qn("w:ins"), qn("w:del"), qn("w:moveFrom"), qn("w:moveTo")
RANGE_MARKS = frozenset(qn(t) for t in (
    "w:moveFromRangeStart", "w:moveFromRangeEnd", "w:moveToRangeStart", "w:moveToRangeEnd",
))
PROPERTY_CHANGES = frozenset(qn(t) for t in (
    "w:rPrChange", "w:pPrChange", "w:sectPrChange", "w:tblPrChange", "w:tblPrExChange",
    "w:trPrChange", "w:tcPrChange", "w:tblGridChange", "w:numberingChange",
))
TRPR, TCPR = qn("w:trPr"), qn("w:tcPr")
CELL_INS, CELL_DEL = qn("w:cellIns"), qn("w:cellDel")


def accept_all(root):
    """A copy of ``root`` (any element: document, body, header) with every change accepted."""
    return _apply(copy.deepcopy(root), accept=True)


def reject_all(root):
    """A copy of ``root`` with every change rejected."""
    return _apply(copy.deepcopy(root), accept=False)


def accept_in_place(root):
    return _apply(root, accept=True)


def has_revisions(root) -> bool:
    tags = {INS, DEL, MOVE_FROM, MOVE_TO, CELL_INS, CELL_DEL} | PROPERTY_CHANGES
    return next(root.iter(*tags), None) is not None  # lxml filters by tag in C


def _apply(root, accept: bool):
    keep_runs, drop_runs = (INS, DEL) if accept else (DEL, INS)
    keep_move, drop_move = (MOVE_TO, MOVE_FROM) if accept else (MOVE_FROM, MOVE_TO)
    joining: list = []  # paragraphs whose mark goes away

    for element in list(root.iter()):
        if element.getparent() is None and element is not root:
            continue  # inside something removed already
        tag = element.tag
        parent = element.getparent()
        if parent is not None and parent.tag == RPR and parent.getparent() is not None \
                and parent.getparent().tag == PPR and tag in (INS, DEL, MOVE_FROM, MOVE_TO):
            # a paragraph mark
            if tag in (drop_runs, drop_move):
                joining.append(parent.getparent().getparent())
            parent.remove(element)
            continue
        if parent is not None and parent.tag == TRPR and tag in (INS, DEL):
            row = parent.getparent()
            if tag == drop_runs:
                row.getparent().remove(row)
            else:
                parent.remove(element)
            continue
        if parent is not None and parent.tag == TCPR and tag in (CELL_INS, CELL_DEL):
            if (tag == CELL_DEL) == accept:
                cell = parent.getparent()
                cell.getparent().remove(cell)
            else:
                parent.remove(element)
            continue
        if tag in (drop_runs, drop_move):
            if parent is not None:
                parent.remove(element)
        elif tag in (keep_runs, keep_move):
            if not accept:
                for node in element.iter(DEL_TEXT, DEL_INSTR):
                    node.tag = T if node.tag == DEL_TEXT else INSTR
            _unwrap(element)
        elif tag in RANGE_MARKS:
            parent.remove(element)
        elif tag in PROPERTY_CHANGES:
            if not accept:
                _restore(element)
            if element.getparent() is not None:
                element.getparent().remove(element)

    for paragraph in joining:
        _join_next(paragraph)
    for table in list(root.iter(TBL)):
        if table.find(TR) is None and table.getparent() is not None:
            table.getparent().remove(table)
    return root


def _unwrap(element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    index = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(index + offset, child)
    parent.remove(element)


def _restore(change) -> None:
    """Reject a property change: the properties become those recorded in the change."""
    holder = change.getparent()
    old = change.find(holder.tag)  # w:rPrChange holds a w:rPr, w:pPrChange a w:pPr, ...
    if old is None:
        return
    keep = {RPR, qn("w:sectPr"), qn("w:pPrChange")} if holder.tag == PPR else set()
    for child in list(holder):
        if child is not change and child.tag not in keep:
            holder.remove(child)
    for index, child in enumerate(list(old)):
        holder.insert(index, child)


def _content(paragraph) -> list:
    return [child for child in paragraph if child.tag != PPR]


def _join_next(paragraph) -> None:
    parent = paragraph.getparent()
    if parent is None:
        return
    following = paragraph.getnext()
    while following is not None and following.tag in RANGE_MARKS | {qn("w:bookmarkStart"), qn("w:bookmarkEnd")}:
        following = following.getnext()
    content = _content(paragraph)
    if following is not None and following.tag == P:
        anchor = following.find(PPR)
        position = following.index(anchor) + 1 if anchor is not None else 0
        for offset, child in enumerate(content):
            following.insert(position + offset, child)
        parent.remove(paragraph)
    elif not any(_has_text(child) for child in content):
        parent.remove(paragraph)


def _has_text(element) -> bool:
    return any(node.tag in (T, qn("w:tab"), qn("w:br"), qn("w:drawing"), qn("w:fldChar"))
               for node in element.iter())


def text_lines(document_root, **kwargs) -> list[str]:
    """``wmltext.lines`` of the body of a ``w:document`` root (or of a body).

    A body that ends with a table gets the empty last paragraph Word and LibreOffice add when
    they open it (a document cannot end with a table).
    """
    body = document_root.find(qn("w:body")) if document_root.tag == qn("w:document") else document_root
    out = lines(body, **kwargs)
    last = next((block for block in reversed(list(iter_blocks(body)))), None)
    if last is not None and last.tag == TBL:
        out.append("[]")
    return out
