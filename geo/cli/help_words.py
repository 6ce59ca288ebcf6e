"""The command line's help in Chinese: each English help text, command description,
argument-group title and epilog, with its Chinese.

The commands keep their English in their own modules (``help=`` of each argument, the
first line of each ``cmd_*.py`` docstring); :func:`geo.cli.help_language.localize`
swaps in the Chinese below when the CLI speaks Chinese (the default; English with
``GRIDATLAS_LANG=en``). A help text missing here is shown in English, and
``tests/test_cli_help_language.py`` fails until it is added. Argument names, metavars
and values the user types (``--json``, ``partner:ID``, ``open/claimed/done``) stay as
they are; terms follow the app's Chinese (网格, 楼栋, 小区, 方案, 共建单位, 事件 …).
"""
from __future__ import annotations

_PROJECT = "project file (.gpkg) or database URL (postgresql://…)"
_OUTPUT_FORCE = ("replace an existing output file of another kind (never the project, a folder"
                 " or a device)")

#: the one-line description of each command (the first line of its module docstring)
COMMANDS_ZH = {
    "GridAtlas Party-Building Grid Map": "GridAtlas 党建网格一张图",
    "Authorize a database role on a published project: editor, viewer or admin (PostgreSQL enforces it).":
        "为已发布的项目授权一个数据库角色：editor（编辑）、viewer（只读）或 admin（管理），由 PostgreSQL 强制执行。",
    "Cases (事件): list, add, import, export, update, delete, advance through the loop, timeline.":
        "事件：list 列出、add 登记、import 导入、export 导出、update 修改、delete 删除、"
        "advance 按办理流程推进、timeline 流转记录。",
    "Copy a published project (or one street of it) into a GeoPackage to edit offline; sync sends it back.":
        "把已发布的项目（或其中一个街道）复制到 GeoPackage 中离线编辑；用 sync 同步回服务器。",
    "Delete features from a layer (undoable with main.py undo; references are cleared and listed).":
        "删除图层中的要素（可用 main.py undo 撤销；对它们的引用会被清除并列出）。",
    "Write the demo project (a fictional street; larger scales for benchmarks).":
        "写出演示项目（虚构的街道；更大规模的用于性能测试）。",
    "Draft grids automatically (自动划分网格) into a new plan; the current layout is not touched.":
        "自动划分网格，结果存为新方案；现状布局不受影响。",
    "Estimate households (and floors, units) of buildings from footprint × floors.":
        "按占地面积 × 层数估算楼栋的户数（以及层数、单元数）。",
    "Export a self-contained interactive HTML map that works offline (masked by default).":
        "导出可离线使用的独立交互式网页地图（默认脱敏）。",
    "List coverage gaps (what is missing where), most severe first; --json or --xlsx OUT.":
        "列出覆盖缺口（哪里缺什么），最严重的在前；--json 或 --xlsx OUT。",
    "List the project's recorded operations, newest first; revert one of them.":
        "列出项目记录的操作，最新的在前；可撤销其中任意一项。",
    "Import a household table (户数表): households, units and floors per building, by address.":
        "导入户数表：按地址匹配每栋楼的户数、单元数和层数。",
    "Import a Shapefile, GeoJSON, KML, GeoPackage, CSV/XLSX or member roster into a project.":
        "把 Shapefile、GeoJSON、KML、GeoPackage、CSV/XLSX 或党员花名册导入项目。",
    "Link features spatially: building → compound and grid, compound/grid/station → community.":
        "按空间位置关联要素：楼栋 → 小区和网格，小区/网格/服务站 → 社区。",
    "Needs list (需求清单): list, add, import, export, update, delete, suggest resources, match.":
        "需求清单：list 列出、add 登记、import 导入、export 导出、update 修改、delete 删除、"
        "suggest 推荐资源、match 匹配资源。",
    "Start a new, empty project for your own street (no demo data).":
        "为自己的街道新建一个空项目（不含演示数据）。",
    "Plans (方案) and grid assignments: list, export/import CSV, compare, create, switch, adopt.":
        "方案与楼栋分配：list 列出、export-csv/import-csv 导出/导入 CSV、compare 比较、create 新建、"
        "switch 切换、adopt 采用。",
    "Projects list (项目清单): list, add, import, export, update, delete.":
        "项目清单：list 列出、add 登记、import 导入、export 导出、update 修改、delete 删除。",
    "Publish a project file to PostgreSQL/PostGIS for shared editing (one transaction, verified).":
        "把项目文件发布到 PostgreSQL/PostGIS 供多人共同编辑（一个事务，提交前核对）。",
    "Write the Excel report: street, communities, grids, gaps and members (masked by default).":
        "写出 Excel 报表：街道、社区、网格、缺口和党员（默认脱敏）。",
    "Resources list (资源清单): list, add, import, export, update, delete.":
        "资源清单：list 列出、add 登记、import 导入、export 导出、update 修改、delete 删除。",
    "Show or change the project's rules (household band, 1:N, station radius, roles, case time limits, ...).":
        "查看或修改项目规则（网格户数范围、中心户联系户数 1:N、服务站半径、职务、事件办结时限等）。",
    "Propose K new party-mass service stations covering the most households not yet covered.":
        "为 K 个新党群服务站选址，使尚未覆盖的住户覆盖得最多。",
    "Print counts and figures per street, community and grid (--json for tools).":
        "输出街道、社区和网格的数量与指标（--json 供程序读取）。",
    "Sync an offline copy made by checkout with its server, three-way (base, file, server).":
        "把 checkout 生成的离线副本与其服务器三方同步（基准、文件、服务器）。",
    "Undo the newest recorded operations of a project (each undo is recorded too; see history).":
        "撤销项目最近记录的操作（每次撤销也会记录；见 history）。",
    "Validate a project file and list every problem (exit 0 clean, 1 problems, 2 unreadable).":
        "检查项目文件并列出每个问题（退出码 0 无问题，1 有问题，2 无法读取）。",
    "open the app on a project (no argument: the demo street)": "打开应用并载入项目（不给参数：演示街道）",
    "render the map to a PNG, or a PDF/SVG/PNG page layout or atlas, without a window":
        "不开窗口，把地图渲染为 PNG，或 PDF/SVG/PNG 排版页面或图集",
    # the verbs of the list commands (needs, resources, projects, cases)
    "list the items (a table, or --json)": "列出条目（表格，或 --json）",
    "add one item": "登记一个条目",
    "import items from .xlsx/.csv; bad rows are reported": "从 .xlsx/.csv 导入条目；有问题的行会列出",
    "write the items to .xlsx (personal data masked unless --unmasked)":
        "把条目写出到 .xlsx（个人信息脱敏，除非给出 --unmasked）",
    "change columns of one item": "修改一个条目的若干列",
    "delete one item": "删除一个条目",
    "move a case to its next state (one recorded step)": "把事件推进到下一状态（记录为一步）",
    "the recorded steps of a case": "事件的流转记录",
    "resources that could meet a need, best first": "可能满足某项需求的资源，最合适的在前",
    "match a need with a resource: a claimed project": "把需求与资源匹配：生成一个已认领的项目",
}

#: argument help texts, argument-group titles and epilogs
ARGUMENTS_ZH = {
    # projects, files and outputs
    _PROJECT: "项目文件（.gpkg）或数据库 URL（postgresql://…）",
    _PROJECT + " to import into": "要导入到的项目文件（.gpkg）或数据库 URL（postgresql://…）",
    _PROJECT + "; default: the demo street (the last project is first in File → Recent)":
        "项目文件（.gpkg）或数据库 URL（postgresql://…）；默认：演示街道（最近的项目排在“文件 → 最近打开”的第一个）",
    "project GeoPackage to publish (read only)": "要发布的项目 GeoPackage（只读取）",
    "postgresql:// URL of a published project (with ?schema=)": "已发布项目的 postgresql:// URL（带 ?schema=）",
    "postgresql://USER@HOST:PORT/DB (password from ~/.pgpass or PGPASSWORD)":
        "postgresql://USER@HOST:PORT/DB（密码取自 ~/.pgpass 或 PGPASSWORD）",
    "postgresql://USER@HOST:PORT/DB?schema=NAME (password from ~/.pgpass or PGPASSWORD)":
        "postgresql://USER@HOST:PORT/DB?schema=NAME（密码取自 ~/.pgpass 或 PGPASSWORD）",
    "an offline copy made by checkout": "由 checkout 生成的离线副本",
    "GeoPackage to create (must not exist)": "要新建的 GeoPackage（不能已存在）",
    "GeoPackage to write (an existing file only with --force)": "要写出的 GeoPackage（已有文件须加 --force）",
    "the GeoPackage to write": "要写出的 GeoPackage",
    "HTML file to write": "要写出的 HTML 文件",
    ".xlsx file to write": "要写出的 .xlsx 文件",
    "the .xlsx to write": "要写出的 .xlsx",
    ".shp, .zip, .geojson, .kml, .gpkg, .csv or .xlsx": ".shp、.zip、.geojson、.kml、.gpkg、.csv 或 .xlsx",
    ".xlsx or .csv (UTF-8, UTF-8 with BOM, GBK)": ".xlsx 或 .csv（UTF-8、带 BOM 的 UTF-8、GBK）",
    "household table (.xlsx or .csv)": "户数表（.xlsx 或 .csv）",
    "file, plan ids or name, depending on the action": "文件、方案编号或名称，视操作而定",
    _OUTPUT_FORCE: "替换已存在的其他类型输出文件（绝不替换项目、文件夹或设备）",
    "replace an existing output of another kind (never the project or a device)":
        "替换已存在的其他类型输出（绝不替换项目或设备）",
    "replace an existing project file (never a file of another kind)": "替换已有的项目文件（绝不替换其他类型的文件）",
    "replace an existing OUT (unsynced edits in it are lost)": "替换已有的 OUT（其中未同步的修改会丢失）",
    "replace a project already published in that schema": "替换该 schema 中已发布的项目",
    # reading files
    "CSV encoding (detected by default)": "CSV 编码（默认自动识别）",
    "CSV text encoding override (e.g. gbk, utf-8)": "指定 CSV 文本编码（如 gbk、utf-8）",
    "text encoding override (e.g. gbk, utf-8)": "指定文本编码（如 gbk、utf-8）",
    "worksheet name (xlsx; the first sheet by default)": "工作表名称（xlsx；默认第一个工作表）",
    "worksheet of an .xlsx (default: the first)": ".xlsx 的工作表（默认：第一个）",
    "layer inside a .gpkg/.kml, or dataset inside a .zip": ".gpkg/.kml 中的图层，或 .zip 中的数据集",
    "target layer": "目标图层",
    "feed source FIELD into COLUMN (repeatable); FIELD=- skips a field":
        "把源字段 FIELD 导入到列 COLUMN（可重复）；FIELD=- 表示不导入该字段",
    "source coordinates: EPSG:xxxx, gcj02 (Gaode/Tencent) or bd09 (Baidu); default: the file's own (.prj)":
        "源数据坐标系：EPSG:xxxx、gcj02（高德/腾讯）或 bd09（百度）；默认：文件自带的（.prj）",
    "features whose id is already in the project: update them (default) or reject the rows":
        "编号在项目中已存在的要素：更新（默认）或拒绝这些行",
    "status of new stations whose file gives none (default: built; a file of stations is usually the"
    " register of existing ones)":
        "文件未给出状态的新服务站的状态（默认：built 已建；服务站文件通常是现有站点的台账）",
    "do not give new buildings the grid that contains them": "不把新楼栋分配到其所在的网格",
    "import even where the data lies outside China, far from the project, or offset like GCJ-02/BD-09 data":
        "即使数据位于中国境外、远离项目，或像 GCJ-02/BD-09 数据那样有偏移，也照样导入",
    "import text that looks garbled (乱码) instead of refusing it": "文本看起来是乱码时照样导入，而不是拒绝",
    "import text that looks garbled (乱码) instead of refusing the file": "文本看起来是乱码时照样导入，而不是拒绝该文件",
    "write the report (every rejected row and its reason; personal data masked unless --full is confirmed)":
        "写出报告（每个被拒绝的行及其原因；个人信息脱敏，除非确认了 --full）",
    "write every rejected row with its reasons": "写出每个被拒绝的行及其原因",
    "check only; write nothing": "只检查，不写入",
    "import: report only, change nothing": "import-csv：只报告，不做修改",
    # personal data
    "mask names, phones and ID numbers (the default)": "对姓名、电话和身份证号脱敏（默认）",
    "personal data in clear (asks for confirmation; the file says so)": "个人信息不脱敏（需确认；文件中会注明）",
    "confirm --full without asking": "确认 --full，不再询问",
    "confirm --unmasked without asking": "确认 --unmasked，不再询问",
    "--json with reporters' names and phones in clear (asks for confirmation)":
        "--json 输出中反映人姓名和电话不脱敏（需确认）",
    "reporters' names and phones in clear (asks for confirmation)": "反映人姓名和电话不脱敏（需确认）",
    "the report with reporters' names and phones in clear (asks for confirmation)":
        "报告中反映人姓名和电话不脱敏（需确认）",
    # output forms
    "print problems as JSON": "以 JSON 输出问题",
    "print the gaps as a JSON list": "以 JSON 列表输出缺口",
    "print the result as JSON": "以 JSON 输出结果",
    "print the result as JSON (a stable interface)": "以 JSON 输出结果（稳定接口）",
    "print the rules as JSON": "以 JSON 输出规则",
    "one JSON list (stable field names)": "一个 JSON 列表（字段名稳定）",
    "one JSON object (stable field names)": "一个 JSON 对象（字段名稳定）",
    "one JSON object: path, url, street, layers {layer: count}":
        "一个 JSON 对象：path、url、street、layers {layer: count}",
    "one JSON object: sent {layer: n}, taken {layer: n}, conflicts [{layer, id, kind, columns [{column,"
    " local, server}]}]":
        "一个 JSON 对象：sent {layer: n}、taken {layer: n}、"
        "conflicts [{layer, id, kind, columns [{column, local, server}]}]",
    "one JSON object: url, layers [{layer, count, hash, ok}], settings, history":
        "一个 JSON 对象：url、layers [{layer, count, hash, ok}]、settings、history",
    "every column as JSON (stored codes)": "以 JSON 输出全部列（存储代码）",
    "the events as JSON (stored codes)": "以 JSON 输出流转记录（存储代码）",
    "the suggestions as JSON": "以 JSON 输出推荐结果",
    "text output: show at most N rows (0: all)": "文本输出：最多显示 N 行（0：全部）",
    "write the gaps and figures to an Excel workbook": "把缺口和指标写入 Excel 工作簿",
    "language of headers, labels and values (default zh, or GRIDATLAS_LANG)":
        "表头、标签和取值的语言（默认 zh，或 GRIDATLAS_LANG）",
    "language of layer names, popups and legend (default zh, or GRIDATLAS_LANG)":
        "图层名称、弹出框和图例的语言（默认 zh，或 GRIDATLAS_LANG）",
    "language of the text, the details and --xlsx (default zh, or GRIDATLAS_LANG)":
        "文本、详情和 --xlsx 的语言（默认 zh，或 GRIDATLAS_LANG）",
    "sheet names, headers and values (default zh, or GRIDATLAS_LANG)":
        "工作表名称、表头和取值的语言（默认 zh，或 GRIDATLAS_LANG）",
    "interface language (default: setting, else zh)": "界面语言（默认：设置中的语言，否则 zh）",
    # filters
    "only items counted in this grid": "只列计入该网格的条目",
    "only this category": "只列该类别",
    "only this state/status (Chinese or English word)": "只列该状态（中文或英文均可）",
    "only open cases past their due date": "只列超过办结时限仍未办结的事件",
    "only gaps in this community id": "只列该社区编号内的缺口",
    "only this gap type (repeatable)": "只列该缺口类型（可重复）",
    "only the newest N entries": "只列最新的 N 条",
    "only changes at or after TIME (ISO: 2026-12-01T08:30)": "只列 TIME 及之后的修改（ISO 格式：2026-12-01T08:30）",
    "the changes of one feature (on a server: with role, from the database's own log)":
        "某个要素的修改记录（在服务器上：含数据库角色，取自数据库自己的日志）",
    "only the communities of this street and what lies in them": "只取该街道的社区及其中的要素",
    "count the needs, resources, projects and cases as of the end of this day":
        "统计截至这一天结束时的需求、资源、项目和事件",
    # dry runs
    "only say what would be deleted and cleared": "只说明会删除和清除什么",
    "only say what would be estimated": "只说明会估算什么",
    "only say what would be linked": "只说明会关联什么",
    "only say what would be written": "只说明会写入什么",
    # history, undo, rules, sync, roles
    "revert ENTRY_ID: apply the inverse of that entry as a new recorded change (refused if a feature it"
    " touched changed since)":
        "revert ENTRY_ID：把该条记录的逆操作作为一次新的记录修改应用（其涉及的要素此后又被修改过则拒绝）",
    "the entry to revert": "要撤销的记录编号",
    "how many recorded operations to undo (default 1)": "要撤销的已记录操作步数（默认 1）",
    "change one rule (repeatable; all are applied together as one undoable step), e.g. households_max=450"
    " or case_time_limit_days=矛盾纠纷:5,*:15":
        "修改一条规则（可重复；全部一起作为一步可撤销的操作应用），"
        "如 households_max=450 或 case_time_limit_days=矛盾纠纷:5,*:15",
    "settle features changed on both sides for this side": "两边都修改过的要素以这一边为准",
    "schema to create (default: the URL's ?schema=, else gridatlas)":
        "要创建的 schema（默认：URL 中的 ?schema=，否则 gridatlas）",
    "database role (lower-case letters, digits, underscores)": "数据库角色名（小写字母、数字、下划线）",
    "editor: only this street's communities": "editor：只能编辑该街道的社区",
    "editor: only these community ids": "editor：只能编辑这些社区（社区编号）",
    # delete, link, new, demo
    "ids of the features to delete": "要删除的要素编号",
    "delete every feature of the layer": "删除该图层的全部要素",
    "also replace existing links that disagree with the map": "也替换与地图不一致的已有关联",
    "the street's name, e.g. 青年路街道": "街道名称，如 青年路街道",
    "coordinate system the data will be stored in (default EPSG:4490, CGCS2000)":
        "数据存储所用的坐标系（默认 EPSG:4490，CGCS2000）",
    "0..4294967295 (default 1)": "0..4294967295（默认 1）",
    # households, drafting, siting
    "floor area per household in m² (default 90)": "每户建筑面积，平方米（默认 90）",
    "metres per floor, for floors from a height attribute (default 3)": "层高，米，用于由高度属性推算层数（默认 3）",
    "estimate every building, also those with households from attributes or tables":
        "估算每一栋楼，包括户数来自属性或户数表的楼栋",
    "communities to draft (default: all)": "要划分的社区（默认：全部）",
    "every community (the default)": "全部社区（默认）",
    "households per grid, lower-upper (default: the project's rules)": "每个网格的户数，下限-上限（默认：项目规则）",
    "grids left exactly as they are": "保持原样不动的网格",
    "start from the current layout and move as few buildings as possible": "从现状布局出发，尽量少移动楼栋",
    "name of the new plan": "新方案的名称",
    "same seed, same draft (default 1)": "相同的随机种子得到相同的划分（默认 1）",
    "how many stations to propose": "要选址的服务站数量",
    "service radius in metres (default: the project's rule)": "服务半径，米（默认：项目规则）",
    "buildings, grid-centroids, or a point file (GeoJSON/GeoPackage/Shapefile/CSV)":
        "buildings（楼栋）、grid-centroids（网格中心点），或点文件（GeoJSON/GeoPackage/Shapefile/CSV）",
    "write the proposals as planned stations into a new plan of this name": "把选址结果作为规划服务站写入以此命名的新方案",
    # plans
    "plan to export (default: the active layout)": "要导出的方案（默认：现状布局）",
    "note for a new plan": "新方案的备注",
    # the list commands' items
    "the item's id (default: the next free one)": "条目编号（默认：下一个可用编号）",
    "the item to change": "要修改的条目编号",
    "the item to delete": "要删除的条目编号",
    "the case to delete (its events go with it)": "要删除的事件编号（连同其流转记录一起删除）",
    "title (default: the category)": "标题（默认：类别）",
    "title (default: its need's title)": "标题（默认：其需求的标题）",
    "category, e.g. 矛盾纠纷, 环境卫生, 设施维修": "类别，如 矛盾纠纷、环境卫生、设施维修",
    "located at this building": "所在楼栋",
    "located at this grid": "所在网格",
    "located at this compound": "所在小区",
    "located at LON,LAT (CGCS2000/WGS84 degrees)": "所在位置 LON,LAT（CGCS2000/WGS84 经纬度）",
    "date the need was raised (default today)": "需求提出日期（默认今天）",
    "status (待认领/已认领/已完成 or open/claimed/done)": "状态（待认领/已认领/已完成 或 open/claimed/done）",
    "status (已认领/实施中/已完成 or claimed/in_progress/done)": "状态（已认领/实施中/已完成 或 claimed/in_progress/done）",
    "who reported it (personal data: masked in exports)": "反映人（个人信息：导出时脱敏）",
    "the reporter's phone (personal data)": "反映人电话（个人信息）",
    "the responsible party organization's id": "责任党组织编号",
    "who offers it: partner:ID, member:ID, org:ID, an id or a name": "提供方：partner:ID、member:ID、org:ID、编号或名称",
    "how much (a number; 20小时 also sets the unit)": "数量（数字；写 20小时 同时设定单位）",
    "unit, e.g. 小时, 元, 平方米, 次": "单位，如 小时、元、平方米、次",
    "the need the project carries out": "项目所落实的需求编号",
    "the resource it uses": "项目使用的资源编号",
    "who claimed it: partner:ID, member:ID or org:ID (default: the resource's provider)":
        "认领方：partner:ID、member:ID 或 org:ID（默认：资源的提供方）",
    "date claimed (default today)": "认领日期（默认今天）",
    "date done": "完成日期",
    "网格巡查/居民反映/党员中心户/其他 or patrol/resident/central_household/other":
        "网格巡查/居民反映/党员中心户/其他 或 patrol/resident/central_household/other",
    "网格/社区/街道部门/共建单位/调解队 or grid/community/street_dept/partner/mediation":
        "网格/社区/街道部门/共建单位/调解队 或 grid/community/street_dept/partner/mediation",
    "the handler's id or name": "承办方编号或名称",
    "date found (default today)": "发现日期（默认今天）",
    "due date (default: reported date + the category's time limit)": "办结时限（默认：发现日期 + 该类别的办结天数）",
    "note": "备注",
    "every list and the case events, not just this one": "全部清单和事件流转记录，而不只是这一个",
    "the case": "事件编号",
    "研判分流/办理中/办结/回访/退回/升级 or triage/in_progress/closed/visited/returned/escalated":
        "研判分流/办理中/办结/回访/退回/升级 或 triage/in_progress/closed/visited/returned/escalated",
    "what was done or decided": "办理情况或决定",
    "who took the step": "经办人",
    "date or date and time of the step (default now)": "这一步的日期或日期时间（默认现在）",
    "on the visit (回访): a score 1-5": "回访时：满意度评分 1-5",
    "route to: 网格/社区/街道部门/共建单位/调解队 (or the English codes)": "转给：网格/社区/街道部门/共建单位/调解队（或英文代码）",
    "the need": "需求编号",
    "at most N resources (default 10)": "最多 N 个资源（默认 10）",
    "the resource that meets it": "满足该需求的资源编号",
    "partner:ID, member:ID or org:ID (default: the resource's provider)":
        "partner:ID、member:ID 或 org:ID（默认：资源的提供方）",
    "note on the project": "项目的备注",
    # export-html and render
    "optional basemap tile URL template (loads from the network)": "可选的底图瓦片 URL 模板（需联网加载）",
    "map title (default: the street name)": "地图标题（默认：街道名称）",
    "file to write (PNG; .pdf/.svg make a layout), or a folder (DIR/) for --atlas":
        "要写出的文件（PNG；.pdf/.svg 生成排版页面），或 --atlas 的文件夹（DIR/）",
    "WIDTHxHEIGHT in pixels (plain PNG only)": "宽x高，单位像素（仅普通 PNG）",
    "minx,miny,maxx,maxy in the project CRS": "minx,miny,maxx,maxy，项目坐标系下的范围",
    'print {"load_ms": …, "frame_ms": …}': '输出 {"load_ms": …, "frame_ms": …}',
    "page layout (any of these makes a print layout: title, legend, scale bar, north arrow, source note)":
        "页面排版（给出其中任一项即生成打印排版：标题、图例、比例尺、指北针、数据来源说明）",
    "one page per community or grid (PDF: one file; PNG/SVG: one file each)":
        "每个社区或网格一页（PDF：一个文件；PNG/SVG：每页一个文件）",
    "output format (default: from --out's suffix, else png)": "输出格式（默认：按 --out 的后缀，否则 png）",
    "paper size (default A4)": "纸张大小（默认 A4）",
    "page orientation (default landscape)": "页面方向（默认 landscape 横向）",
    "resolution of the page (default 300)": "页面分辨率，dpi（默认 300）",
    "how large an area: street (default), district or city (for benchmarks)": "生成范围：street 街道（默认）、district 区或 city 市（用于性能测试）",
    "exact (HiGHS), greedy, or auto: exact for small candidate sets (default)":
        "exact 精确求解（HiGHS）、greedy 贪心，或 auto：候选点少时精确求解（默认）",
    "language of the title, legend and labels (default: GRIDATLAS_LANG, else zh)":
        "标题、图例和标注的语言（默认：GRIDATLAS_LANG，否则中文）",
    "list; export-csv OUT; import-csv FILE; compare A B; create NAME; switch PLAN; adopt PLAN":
        "list 列出；export-csv OUT 导出；import-csv FILE 导入；compare A B 比较；create NAME 新建；switch PLAN 切换；adopt PLAN 采用",
    "title (default: STREET党建网格图)": "标题（默认：街道名称 + 党建网格图）",
    "subtitle (default: today's date; an atlas page adds the title)": "副标题（默认：今天的日期；图集的每页还会加上标题）",
}

#: epilogs (examples) — only the heading changes; the example command lines stay as they are
EPILOG_HEADINGS_ZH = {"examples:": "示例："}

HELP_ZH = {**COMMANDS_ZH, **ARGUMENTS_ZH}
