"""A version as the document it is (Word, PDF, HTML) and two versions as a marked-up comparison.

- `outline.py`: a version as a flat list of blocks (title, headings, paragraphs, the "Mål" and
  "Indikator" markers) in the document's reading order; every renderer reads only these;
- `version_report.py`: the report module `riktning report version <id>|latest` (registered in
  `riktning/reports/registry.py`);
- `redline.py`: two outlines aligned block by block, words diffed inside a changed block; Word
  with real revision marks (`w:ins`/`w:del`), HTML and PDF with additions highlighted and
  deletions struck through. The report module `riktning report comparison <a> <b>` lives in
  `riktning/consultation/comparison_report.py`, which knows the consultation's change causes.
"""
