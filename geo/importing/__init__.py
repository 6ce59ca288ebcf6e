"""Bringing outside data in: hostile files → clean, schema-shaped frames + a report.

Nothing here writes to the project file and nothing imports Qt. The pieces:

- :mod:`.safe_open` opens a file with its intended GDAL driver only, after size,
  archive and content checks;
- :mod:`.encoding` decides a Shapefile's attribute encoding;
- :mod:`.table` reads CSV/XLSX cells as text, never evaluating formulas;
- :mod:`.fields` guesses which source column feeds which project column;
- :mod:`.address` parses and matches "幸福小区3号楼2单元501";
- :mod:`.roster` validates member rosters and merges them by ID number;
- :mod:`.vector` shapes vector data into a target layer;
- :mod:`.report` collects what was imported, rejected and warned about.
"""
