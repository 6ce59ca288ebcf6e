<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AssignmentCsv</name>
    <message>
        <source>导出楼栋分配</source>
        <translation>Export building assignment</translation>
    </message>
    <message>
        <source>CSV 文件 (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>导出失败</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <source>无法写入：
{path}

原因：{problem}</source>
        <translation>Cannot write:
{path}

Reason: {problem}</translation>
    </message>
    <message>
        <source>已导出楼栋分配：{path}</source>
        <translation>Building assignment exported: {path}</translation>
    </message>
    <message>
        <source>导入楼栋分配</source>
        <translation>Import building assignment</translation>
    </message>
    <message>
        <source>楼栋分配表 (*.csv *.xlsx)</source>
        <translation>Assignment tables (*.csv *.xlsx)</translation>
    </message>
    <message>
        <source>导入失败</source>
        <translation>Import failed</translation>
    </message>
    <message>
        <source>无法读取：
{path}

原因：{problem}</source>
        <translation>Cannot read:
{path}

Reason: {problem}</translation>
    </message>
    <message>
        <source>导入楼栋分配（{n} 栋）</source>
        <translation>Import building assignment ({n} buildings)</translation>
    </message>
    <message>
        <source>应用这些调整吗？（可撤销）</source>
        <translation>Apply these changes? (They can be undone.)</translation>
    </message>
    <message>
        <source>{moves} 栋楼将调整网格，{same} 栋不变；未知楼栋 {ub} 个，未知网格 {ug} 个，重复行 {dup} 行，冲突行 {conf} 行，空行 {blank} 行。</source>
        <translation>{moves} buildings change grid, {same} stay; {ub} unknown buildings, {ug} unknown grids, {dup} repeated rows, {conf} conflicting rows, {blank} blank rows.</translation>
    </message>
    <message>
        <source>第 {line} 行：未知楼栋 {b}</source>
        <translation>Line {line}: unknown building {b}</translation>
    </message>
    <message>
        <source>第 {line} 行：楼栋 {b} 的网格 {g} 不存在</source>
        <translation>Line {line}: grid {g} of building {b} does not exist</translation>
    </message>
    <message>
        <source>第 {line} 行：楼栋 {b} 与前面的行冲突（{g}），未调整</source>
        <translation>Line {line}: building {b} conflicts with an earlier row ({g}); not moved</translation>
    </message>
    <message>
        <source>第 {line} 行：没有楼栋编号</source>
        <translation>Line {line}: no building id</translation>
    </message>
    <message>
        <source>……另有 {n} 条</source>
        <translation>… and {n} more</translation>
    </message>
</context>
<context>
    <name>AttributeDock</name>
    <message>
        <source>属性表</source>
        <translation>Attribute Table</translation>
    </message>
    <message>
        <source>筛选：输入任意字段中的文字…</source>
        <translation>Filter: type text from any field…</translation>
    </message>
    <message>
        <source>{shown} / {total} 条，已选 {selected}</source>
        <translation>{shown} / {total} rows, {selected} selected</translation>
    </message>
</context>
<context>
    <name>BalanceDock</name>
    <message>
        <source>网格均衡</source>
        <translation>Grid balance</translation>
    </message>
    <message>
        <source>只看超出区间的</source>
        <translation>Out of band only</translation>
    </message>
    <message>
        <source>全部社区</source>
        <translation>All communities</translation>
    </message>
    <message>
        <source>区间 {lo}–{hi} 户：{ok} 个在区间内，{under} 个偏少，{over} 个偏多</source>
        <translation>Band {lo}–{hi} households: {ok} in band, {under} under, {over} over</translation>
    </message>
</context>
<context>
    <name>BalanceModel</name>
    <message>
        <source>网格</source>
        <extracomment>Projects with more grids compute compactness in a background thread. Rows computed together when a row is shown before the background result is in (a sorted view shows rows from all over the model: a larger block computes mostly rows not shown). Grids per vectorised call in the background thread.</extracomment>
        <translation>Grids</translation>
    </message>
    <message>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>户数</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>户数区间</source>
        <translation>Household band</translation>
    </message>
    <message>
        <source>楼栋</source>
        <translation>Building</translation>
    </message>
    <message>
        <source>锁定</source>
        <translation>Locked</translation>
    </message>
    <message>
        <source>Polsby-Popper 紧凑度：1 为圆形，越接近 0 越狭长</source>
        <translation>Polsby-Popper compactness: 1 is a circle, near 0 is long and thin</translation>
    </message>
    <message>
        <source>Reock 紧凑度：面积与最小外接圆面积之比</source>
        <translation>Reock compactness: area over the area of the smallest enclosing circle</translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <source>{estimated} 栋楼户数为估算，{blank} 栋缺户数</source>
        <extracomment>Paul Tol's "bright" qualitative scheme (colour-blind safe).</extracomment>
        <translation>Households of {estimated} buildings are estimated, {blank} have none</translation>
    </message>
</context>
<context>
    <name>BrushOptionsBar</name>
    <message>
        <source> 目标网格 </source>
        <translation> Target grid </translation>
    </message>
    <message>
        <source> 画笔半径 </source>
        <translation> Brush radius </translation>
    </message>
    <message>
        <source> 米</source>
        <translation> m</translation>
    </message>
    <message>
        <source>整小区</source>
        <translation>Whole compounds</translation>
    </message>
    <message>
        <source>一次分配整个小区（“一小区一党支部”）</source>
        <translation>Assign whole compounds at once ("one compound, one branch")</translation>
    </message>
    <message>
        <source>画笔、点选、框选和套索把楼栋分配到这个网格；只在该网格所在社区内生效</source>
        <translation>Brush, click, rectangle and lasso assign buildings to this grid; only within its community</translation>
    </message>
    <message>
        <source>（未选择）</source>
        <translation>(none)</translation>
    </message>
</context>
<context>
    <name>CasePanel</name>
    <message>
        <source>经办人</source>
        <extracomment>case id, to state, options {actor, note, satisfaction, handler_type, handler_id}</extracomment>
        <translation>Actor</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>承办方</source>
        <translation>Handler</translation>
    </message>
    <message>
        <source>满意度</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <source>谁办理这一步</source>
        <translation>Who takes this step</translation>
    </message>
    <message>
        <source>空 = 现在；补记时写 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM</source>
        <translation>Blank = now; for a step taken earlier write YYYY-MM-DD or YYYY-MM-DDTHH:MM</translation>
    </message>
    <message>
        <source>这一步的说明（写入流转记录）</source>
        <translation>A note on this step (goes into the timeline)</translation>
    </message>
    <message>
        <source>承办方编号或名称</source>
        <translation>Handler ID or name</translation>
    </message>
    <message>
        <source>未评</source>
        <translation>Not rated</translation>
    </message>
    <message>
        <source>回访时记录的满意度（1–5）</source>
        <translation>Satisfaction recorded on the follow-up visit (1–5)</translation>
    </message>
    <message>
        <source>转到下一步：</source>
        <translation>Next step:</translation>
    </message>
    <message>
        <source>流转记录</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <source>（不变）</source>
        <translation>(unchanged)</translation>
    </message>
    <message>
        <source>在“事件”表中选择一个事件，在此办理并查看流转记录。</source>
        <translation>Choose a case in the Cases table to handle it here and see its timeline.</translation>
    </message>
    <message>
        <source>{case} {title} — 当前：{state}</source>
        <translation>{case} {title} — now: {state}</translation>
    </message>
    <message>
        <source>（已超期）</source>
        <translation> (overdue)</translation>
    </message>
    <message>
        <source>{label}：{value}</source>
        <translation>{label}: {value}</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
</context>
<context>
    <name>CellEditor</name>
    <message>
        <source>“{column}”不能在表格中修改。</source>
        <translation>“{column}” cannot be edited in the table.</translation>
    </message>
    <message>
        <source>演示模式下个人信息已脱敏，不能修改“{column}”。</source>
        <translation>Personal data is masked in presenter mode; “{column}” cannot be edited.</translation>
    </message>
    <message>
        <source>修改{layer} {id} 的“{column}”</source>
        <translation>Edit “{column}” of {layer} {id}</translation>
    </message>
    <message>
        <source>无法完成此编辑：{reason}</source>
        <translation>Cannot make this edit: {reason}</translation>
    </message>
    <message>
        <source>“{column}”不能为空。</source>
        <translation>“{column}” cannot be blank.</translation>
    </message>
    <message>
        <source>“{column}”须为整数，“{text}”不是整数。</source>
        <translation>“{column}” must be a whole number; “{text}” is not.</translation>
    </message>
    <message>
        <source>“{column}”不能为负数。</source>
        <translation>“{column}” cannot be negative.</translation>
    </message>
    <message>
        <source>“{column}”须为大于 0 的数，“{text}”不是。</source>
        <translation>“{column}” must be a number greater than 0; “{text}” is not.</translation>
    </message>
    <message>
        <source>“{column}”只能是：{allowed}。</source>
        <translation>“{column}” must be one of: {allowed}.</translation>
    </message>
    <message>
        <source>未知的职务：{roles}。可选：{allowed}。</source>
        <translation>Unknown roles: {roles}. Allowed: {allowed}.</translation>
    </message>
    <message>
        <source>没有编号为“{id}”的{layer}。</source>
        <translation>There is no {layer} with id “{id}”.</translation>
    </message>
</context>
<context>
    <name>ChartsDock</name>
    <message>
        <source>统计图表</source>
        <extracomment>chart attribute -&gt; file name of its PNG export</extracomment>
        <translation>Charts</translation>
    </message>
    <message>
        <source>范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <source>导出 PNG…</source>
        <translation>Export PNG…</translation>
    </message>
    <message>
        <source>把每张图按幻灯片尺寸（1600×900）导出为 PNG</source>
        <translation>Export every chart as a slide-size (1600×900) PNG</translation>
    </message>
    <message>
        <source>网格户数</source>
        <translation>Households per grid</translation>
    </message>
    <message>
        <source>覆盖率</source>
        <translation>Coverage</translation>
    </message>
    <message>
        <source>实有与应有</source>
        <translation>Actual vs planned</translation>
    </message>
    <message>
        <source>全街道</source>
        <translation>Whole street</translation>
    </message>
    <message>
        <source>导出图表到文件夹</source>
        <translation>Export charts to folder</translation>
    </message>
    <message>
        <source>已导出 {n} 张图表到 {folder}</source>
        <translation>Exported {n} charts to {folder}</translation>
    </message>
</context>
<context>
    <name>Coverage</name>
    <message>
        <source>个</source>
        <translation>item(s)</translation>
    </message>
    <message>
        <source>户</source>
        <extracomment>Marker and text colours by severity (red, orange, yellow-brown: readable on the map). Figures that can be drawn as a choropleth (docs/stats_json.md); both grids and communities have them. Only grids have these. Only communities have these. The unit a figure is counted in, for legend titles ("每百户党员数（人/百户）"). Shares are drawn in percent (see :mod:`.overlay`).</extracomment>
        <translation>households</translation>
    </message>
    <message>
        <source>人</source>
        <translation>people</translation>
    </message>
    <message>
        <source>网格党支部</source>
        <extracomment>Category names in the charts.</extracomment>
        <translation>Grid party branch</translation>
    </message>
    <message>
        <source>楼栋党小组</source>
        <translation>Building party group</translation>
    </message>
    <message>
        <source>单元长</source>
        <translation>Unit head</translation>
    </message>
    <message>
        <source>中心户联系</source>
        <translation>Central-household links</translation>
    </message>
    <message>
        <source>服务站覆盖</source>
        <translation>Station coverage</translation>
    </message>
    <message>
        <source>网格长</source>
        <translation>Grid head</translation>
    </message>
    <message>
        <source>党员中心户</source>
        <translation>Central household</translation>
    </message>
    <message>
        <source>联系住户</source>
        <translation>Linked households</translation>
    </message>
    <message>
        <source>党群服务站</source>
        <translation>Party-mass service station</translation>
    </message>
    <message>
        <source>人/百户</source>
        <translation>members/100 hh</translation>
    </message>
</context>
<context>
    <name>CoverageActions</name>
    <message>
        <source>无专题图</source>
        <translation>No thematic map</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grids</translation>
    </message>
    <message>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>修改规则</source>
        <translation>Change rules</translation>
    </message>
    <message>
        <source>无法修改规则</source>
        <translation>Cannot change the rules</translation>
    </message>
    <message>
        <source>缺口清单(&amp;G)</source>
        <translation>&amp;Gap list</translation>
    </message>
    <message>
        <source>统计图表(&amp;C)</source>
        <translation>&amp;Charts</translation>
    </message>
    <message>
        <source>突出显示服务站未覆盖的楼栋</source>
        <translation>Highlight buildings outside station coverage</translation>
    </message>
    <message>
        <source>在地图上标出缺口</source>
        <translation>Show gap markers on the map</translation>
    </message>
    <message>
        <source>规则设置(&amp;R)…</source>
        <translation>&amp;Rules…</translation>
    </message>
    <message>
        <source>专题图（分级设色）</source>
        <translation>Thematic map (graduated colours)</translation>
    </message>
</context>
<context>
    <name>DbConnectDialog</name>
    <message>
        <source>连接数据库</source>
        <translation>Connect to database</translation>
    </message>
    <message>
        <source>留空则使用 ~/.pgpass</source>
        <translation>Leave empty to use ~/.pgpass</translation>
    </message>
    <message>
        <source>主机</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>端口</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>数据库</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>用户</source>
        <translation>User</translation>
    </message>
    <message>
        <source>模式</source>
        <translation>Schema</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>密码只在本次运行中使用，不会保存。</source>
        <translation>The password is used for this session only and never saved.</translation>
    </message>
    <message>
        <source>连接</source>
        <translation>Connect</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>DeleteActions</name>
    <message>
        <source>删除所选要素…</source>
        <translation>Delete selected features…</translation>
    </message>
    <message>
        <source>演示模式下个人信息已脱敏，不能删除{layer}。</source>
        <translation>Personal data is masked in presenter mode; {layer} cannot be deleted.</translation>
    </message>
    <message>
        <source>无法完成此编辑：{reason}</source>
        <translation>This edit cannot be done: {reason}</translation>
    </message>
    <message>
        <source>删除{layer} {n} 个要素</source>
        <translation>Delete {n} {layer} features</translation>
    </message>
    <message>
        <source>删除{layer}中的 {n} 个要素？</source>
        <translation>Delete {n} features from {layer}?</translation>
    </message>
    <message>
        <source>同时会：</source>
        <translation>This will also:</translation>
    </message>
    <message>
        <source>可以用“撤销”恢复。</source>
        <translation>You can restore them with Undo.</translation>
    </message>
    <message>
        <source>删除所选要素</source>
        <translation>Delete selected features</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>导入完成</source>
        <translation>Import finished</translation>
    </message>
    <message>
        <source>导入已写入项目文件</source>
        <translation>The import was written to the project file</translation>
    </message>
    <message>
        <source>导出报告到 Excel…</source>
        <translation>Export report to Excel…</translation>
    </message>
    <message>
        <source>{source} → {layer}
新增 {new} 条，更新 {upd} 条，拒绝 {bad} 行。
可用“编辑 → 撤销”撤回整个导入。</source>
        <translation>{source} → {layer}
{new} added, {upd} updated, {bad} rows rejected.
Edit → Undo takes the whole import back.</translation>
    </message>
    <message>
        <source>导出导入报告</source>
        <translation>Export import report</translation>
    </message>
    <message>
        <source>报告已导出：{path}</source>
        <translation>Report exported: {path}</translation>
    </message>
</context>
<context>
    <name>DraftDialog</name>
    <message>
        <source>自动划分网格</source>
        <translation>Draft grids automatically</translation>
    </message>
    <message>
        <source>网格编号，用逗号分隔</source>
        <translation>Grid codes, separated by commas</translation>
    </message>
    <message>
        <source>从现有网格出发，尽量少移动楼栋</source>
        <translation>Start from the current grids and move as few buildings as possible</translation>
    </message>
    <message>
        <source>自动划分方案</source>
        <translation>Automatic draft</translation>
    </message>
    <message>
        <source>社区</source>
        <translation>Communities</translation>
    </message>
    <message>
        <source>每格户数下限</source>
        <translation>Households per grid, at least</translation>
    </message>
    <message>
        <source>每格户数上限</source>
        <translation>Households per grid, at most</translation>
    </message>
    <message>
        <source>保留不动的网格</source>
        <translation>Grids to keep as they are</translation>
    </message>
    <message>
        <source>随机种子</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>方案名称</source>
        <translation>Plan name</translation>
    </message>
    <message>
        <source>开始划分</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>请至少选择一个社区。</source>
        <translation>Choose at least one community.</translation>
    </message>
    <message>
        <source>正在自动划分网格…</source>
        <translation>Drafting grids…</translation>
    </message>
    <message>
        <source>已取消自动划分</source>
        <translation>Drafting was cancelled</translation>
    </message>
    <message>
        <source>自动划分方案 {name}</source>
        <translation>Automatic draft {name}</translation>
    </message>
    <message>
        <source>方案 {plan}：{grids} 个网格，{in_band} 个在户数范围内，{n} 条例外</source>
        <translation>Plan {plan}: {grids} grids, {in_band} within the band, {n} exceptions</translation>
    </message>
</context>
<context>
    <name>EditSession</name>
    <message>
        <source>无法完成此编辑：{reason}</source>
        <translation>This edit cannot be made: {reason}</translation>
    </message>
    <message>
        <source>编辑网格</source>
        <translation>Edit grids</translation>
    </message>
    <message>
        <source>网格拓扑</source>
        <translation>Grid topology</translation>
    </message>
    <message>
        <source>{reason}

仍然执行此编辑吗？</source>
        <translation>{reason}

Make this edit anyway?</translation>
    </message>
    <message>
        <source>编辑已取消：{reason}</source>
        <translation>Edit cancelled: {reason}</translation>
    </message>
    <message>
        <source>网格 {grids} 已锁定，其中的楼栋不能划出</source>
        <translation>Grid {grids} is locked: its buildings cannot be moved out</translation>
    </message>
    <message>
        <source>这些楼栋属于其他社区：画笔只在目标网格 {grid} 所在的{community}内分配</source>
        <translation>These buildings belong to another community: the brush only assigns within {community}, the community of target grid {grid}</translation>
    </message>
</context>
<context>
    <name>EditTools</name>
    <message>
        <source>请先在“目标网格”中选择要分配到的网格</source>
        <translation>First choose the grid to assign to under "Target grid"</translation>
    </message>
    <message>
        <source>分配 {n} 栋楼到网格 {grid}</source>
        <translation>Assign {n} buildings to grid {grid}</translation>
    </message>
    <message>
        <source>这条线没有穿过任何网格</source>
        <translation>The line does not cross any grid</translation>
    </message>
    <message>
        <source>无法拆分网格 {grid}：{reason}</source>
        <translation>Cannot split grid {grid}: {reason}</translation>
    </message>
    <message>
        <source>拆分网格 {grid}</source>
        <translation>Split grid {grid}</translation>
    </message>
    <message>
        <source>移动服务站 {id}</source>
        <translation>Move station {id}</translation>
    </message>
    <message>
        <source>规划党群服务站{n}</source>
        <translation>Planned service station {n}</translation>
    </message>
    <message>
        <source>新建服务站 {name}</source>
        <translation>Add station {name}</translation>
    </message>
</context>
<context>
    <name>ExportActions</name>
    <message>
        <source>交互式网页地图(&amp;H)…</source>
        <translation>Interactive &amp;HTML Map…</translation>
    </message>
    <message>
        <source>Excel 报表(&amp;X)…</source>
        <translation>E&amp;xcel Report…</translation>
    </message>
    <message>
        <source>地图排版(&amp;L)…</source>
        <translation>Map &amp;Layout…</translation>
    </message>
    <message>
        <source>导出个人信息</source>
        <translation>Export Personal Data</translation>
    </message>
    <message>
        <source>姓名、电话、身份证号默认脱敏导出。
需要导出完整个人信息吗？</source>
        <translation>Names, phones and ID numbers are exported masked by default.
Do you need the full personal data?</translation>
    </message>
    <message>
        <source>脱敏导出（推荐）</source>
        <translation>Export masked (recommended)</translation>
    </message>
    <message>
        <source>完整导出…</source>
        <translation>Export full data…</translation>
    </message>
    <message>
        <source>确认导出完整个人信息</source>
        <translation>Confirm Full Personal Data Export</translation>
    </message>
    <message>
        <source>文件将包含完整的姓名、电话和身份证号，并在文件中注明。
请确认有权导出且不会外传。继续吗？</source>
        <translation>The file will contain names, phones and ID numbers in clear, and will say so.
Confirm that you may export them and will not share the file. Continue?</translation>
    </message>
    <message>
        <source>导出交互式网页地图</source>
        <translation>Export Interactive HTML Map</translation>
    </message>
    <message>
        <source>网页 (*.html)</source>
        <translation>Web page (*.html)</translation>
    </message>
    <message>
        <source>导出 Excel 报表</source>
        <translation>Export Excel Report</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>导出失败</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <source>无法写入：
{path}

原因：{problem}</source>
        <translation>Cannot write:
{path}

Reason: {problem}</translation>
    </message>
    <message>
        <source>已脱敏</source>
        <translation>masked</translation>
    </message>
    <message>
        <source>含完整个人信息</source>
        <translation>FULL personal data</translation>
    </message>
    <message>
        <source>已导出 {path}（{note}）</source>
        <translation>Exported {path} ({note})</translation>
    </message>
    <message>
        <source>替换文件</source>
        <translation>Replace file</translation>
    </message>
    <message>
        <source>{reason}

仍要替换它吗？</source>
        <translation>{reason}

Replace it anyway?</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>选择文件</source>
        <translation>Choose file</translation>
    </message>
    <message>
        <source>Shapefile（.shp/.zip）、GeoJSON、KML、GeoPackage、带坐标的 CSV/Excel，或党员花名册</source>
        <translation>Shapefile (.shp/.zip), GeoJSON, KML, GeoPackage, CSV/Excel with coordinates, or a member roster</translation>
    </message>
    <message>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>文件：</source>
        <translation>File:</translation>
    </message>
    <message>
        <source>图层/工作表：</source>
        <translation>Layer/sheet:</translation>
    </message>
    <message>
        <source>导入到：</source>
        <translation>Import into:</translation>
    </message>
    <message>
        <source>选择要导入的文件</source>
        <translation>Choose the file to import</translation>
    </message>
    <message>
        <source>无法读取文件</source>
        <translation>Cannot read the file</translation>
    </message>
</context>
<context>
    <name>FinderActions</name>
    <message>
        <source>下一个未分配楼栋</source>
        <translation>Next unassigned building</translation>
    </message>
    <message>
        <source>下一个户数超出区间的网格</source>
        <translation>Next grid out of the household band</translation>
    </message>
    <message>
        <source>下一个不连续的网格</source>
        <translation>Next non-contiguous grid</translation>
    </message>
    <message>
        <source>下一个飞地网格</source>
        <translation>Next enclave grid</translation>
    </message>
    <message>
        <source>没有找到：{what}</source>
        <translation>None found: {what}</translation>
    </message>
    <message>
        <source>下一个</source>
        <translation>Next </translation>
    </message>
    <message>
        <source>{what}：{id}（第 {i}/{n} 个）{detail}</source>
        <translation>{what}: {id} ({i} of {n}) {detail}</translation>
    </message>
</context>
<context>
    <name>GapDock</name>
    <message>
        <source>缺口清单</source>
        <translation>Gap list</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>全部类型</source>
        <translation>All types</translation>
    </message>
    <message>
        <source>全部社区</source>
        <translation>All communities</translation>
    </message>
    <message>
        <source>{shown} / {total} 项</source>
        <translation>{shown} / {total} items</translation>
    </message>
    <message>
        <source>补齐缺口</source>
        <translation>Close the gap</translation>
    </message>
</context>
<context>
    <name>GapFixes</name>
    <message>
        <source>新建网格党支部</source>
        <extracomment>gap type -&gt; (menu text, method name); the first entry a gap gets is the dock's button</extracomment>
        <translation>New grid branch</translation>
    </message>
    <message>
        <source>新建楼栋党小组</source>
        <translation>New building party group</translation>
    </message>
    <message>
        <source>添加党员…</source>
        <translation>Add a member…</translation>
    </message>
    <message>
        <source>在地图上选择所在楼栋</source>
        <translation>Pick the building on the map</translation>
    </message>
    <message>
        <source>在地图上点击{name}（{id}）所在的楼栋；Esc 取消</source>
        <translation>Click the building of {name} ({id}) on the map; Esc cancels</translation>
    </message>
</context>
<context>
    <name>GapTableModel</name>
    <message>
        <source>严重程度</source>
        <extracomment>(frame column shown / sorted, header); "needed" shows with its unit.</extracomment>
        <translation>Severity</translation>
    </message>
    <message>
        <source>缺口</source>
        <translation>Gap</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>尚需</source>
        <translation>Needed</translation>
    </message>
    <message>
        <source>涉及户数</source>
        <translation>Households affected</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Detail</translation>
    </message>
</context>
<context>
    <name>GridActions</name>
    <message>
        <source>新建网格</source>
        <translation>New grid</translation>
    </message>
    <message>
        <source>所属社区：</source>
        <translation>Community:</translation>
    </message>
    <message>
        <source>网格名称（留空自动命名）：</source>
        <translation>Grid name (blank for an automatic name):</translation>
    </message>
    <message>
        <source>已新建网格 {grid}，可用画笔把楼栋分配进来</source>
        <translation>Grid {grid} created; paint buildings into it with the brush</translation>
    </message>
    <message>
        <source>重命名网格</source>
        <translation>Rename grid</translation>
    </message>
    <message>
        <source>网格 {grid} 的新名称：</source>
        <translation>New name of grid {grid}:</translation>
    </message>
    <message>
        <source>重命名网格 {grid}</source>
        <translation>Rename grid {grid}</translation>
    </message>
    <message>
        <source>合并网格</source>
        <translation>Merge grids</translation>
    </message>
    <message>
        <source>请在“网格均衡”面板或地图上选择两个或更多网格。</source>
        <translation>Select two or more grids in the "Grid balance" panel or on the map.</translation>
    </message>
    <message>
        <source>合并后保留哪个网格（编号与党支部）？</source>
        <translation>Which grid remains after the merge (its id and branch)?</translation>
    </message>
    <message>
        <source>合并 {n} 个网格到 {grid}</source>
        <translation>Merge {n} grids into {grid}</translation>
    </message>
    <message>
        <source>网格 {grid} 是本社区唯一的网格，不能删除。</source>
        <translation>Grid {grid} is the only grid of its community and cannot be deleted.</translation>
    </message>
    <message>
        <source>删除网格</source>
        <translation>Delete grid</translation>
    </message>
    <message>
        <source>网格 {grid} 还有 {n} 栋楼，删除前它们移交给：</source>
        <translation>Grid {grid} still has {n} buildings; before deleting, hand them to:</translation>
    </message>
    <message>
        <source>删除空网格 {grid}？</source>
        <translation>Delete the empty grid {grid}?</translation>
    </message>
    <message>
        <source>删除网格 {grid}</source>
        <translation>Delete grid {grid}</translation>
    </message>
    <message>
        <source>按所选楼栋拆分</source>
        <translation>Split by selected buildings</translation>
    </message>
    <message>
        <source>请先在地图上选择同一网格中的若干楼栋（图层面板选中“楼栋”后用选择工具）。</source>
        <translation>First select some buildings of one grid on the map (choose "Buildings" in the layers panel, then use a select tool).</translation>
    </message>
    <message>
        <source>拆分网格 {grid}</source>
        <translation>Split grid {grid}</translation>
    </message>
    <message>
        <source>编辑网格</source>
        <translation>Edit grids</translation>
    </message>
    <message>
        <source>请先选择一个网格（目标网格或在“网格均衡”面板中选择）。</source>
        <translation>First choose a grid (the target grid, or one in the "Grid balance" panel).</translation>
    </message>
</context>
<context>
    <name>HouseholdsChart</name>
    <message>
        <source>各网格户数与规定范围</source>
        <extracomment>More grids than this in scope: the households chart shows how many grids fall in each households range (tens of bars) instead of one bar per grid (50,000 at city: unreadable, ~1 s). Bin widths tried for the histogram; one that divides both band limits keeps each bin on one side. More rows than this in a chart of grouped bars (several per row): only this many are shown.</extracomment>
        <translation>Households per grid against the band</translation>
    </message>
    <message>
        <source>户数</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>在范围内</source>
        <translation>In band</translation>
    </message>
    <message>
        <source>低于范围</source>
        <translation>Below band</translation>
    </message>
    <message>
        <source>高于范围</source>
        <translation>Above band</translation>
    </message>
    <message>
        <source>各网格户数分布与规定范围</source>
        <translation>Grids by households against the band</translation>
    </message>
    <message>
        <source>网格数</source>
        <translation>Grids</translation>
    </message>
</context>
<context>
    <name>IdentifyDock</name>
    <message>
        <source>识别结果</source>
        <extracomment>(layer, id) now shown, or None: the window outlines it on the map</extracomment>
        <translation>Identify Results</translation>
    </message>
    <message>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>值</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>所在位置</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>党组织</source>
        <translation>Party Organizations</translation>
    </message>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>未建立党组织</source>
        <translation>No party organization set up</translation>
    </message>
    <message>
        <source>党员（{n} 名）</source>
        <translation>Party members ({n})</translation>
    </message>
    <message>
        <source>另有 {n} 名未列出</source>
        <translation>{n} more not listed</translation>
    </message>
    <message>
        <source>{layer}：{name}</source>
        <translation>{layer}: {name}</translation>
    </message>
</context>
<context>
    <name>ImportColumns</name>
    <message>
        <source>经度/X</source>
        <extracomment>Encodings offered besides "detected"; GB18030 is a superset of GBK/GB2312. Source fields the importer reads besides the layer's own columns.</extracomment>
        <translation>Longitude/X</translation>
    </message>
    <message>
        <source>纬度/Y</source>
        <translation>Latitude/Y</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>党组织名称</source>
        <translation>Party organization name</translation>
    </message>
    <message>
        <source>小区名称</source>
        <translation>Compound name</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>导入数据</source>
        <translation>Import data</translation>
    </message>
</context>
<context>
    <name>ItemFormDialog</name>
    <message>
        <source>确定</source>
        <extracomment>Field kinds: text, category and unit (editable choices), choice (fixed codes), date, date_optional, real, target (type + id), org and provider (ids, shown with their names). Choices that may stay open (a case is routed to a handler at triage).</extracomment>
        <translation>OK</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>编辑{what}</source>
        <translation>Edit {what}</translation>
    </message>
    <message>
        <source>登记{what}</source>
        <translation>Register {what}</translation>
    </message>
    <message>
        <source>位置</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>办结时限（空 = 按规则）</source>
        <translation>Due date (blank = by the rules)</translation>
    </message>
    <message>
        <source>（未定）</source>
        <translation>(not yet)</translation>
    </message>
    <message>
        <source>{field}不是有效日期（应为 YYYY-MM-DD）：{value}</source>
        <translation>{field} is not a valid date (write YYYY-MM-DD): {value}</translation>
    </message>
    <message>
        <source>请填写标题</source>
        <translation>Please enter a title</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>社区</source>
        <translation>Communities</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grids</translation>
    </message>
    <message>
        <source>小区</source>
        <translation>Compounds</translation>
    </message>
    <message>
        <source>楼栋</source>
        <translation>Buildings</translation>
    </message>
    <message>
        <source>党群服务站</source>
        <translation>Service stations</translation>
    </message>
    <message>
        <source>党组织</source>
        <translation>Party organizations</translation>
    </message>
    <message>
        <source>党员</source>
        <translation>Party members</translation>
    </message>
    <message>
        <source>共建单位</source>
        <translation>Partner units</translation>
    </message>
    <message>
        <source>包联关系</source>
        <translation>Partner links</translation>
    </message>
    <message>
        <source>街道</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>社区编号</source>
        <translation>Community ID</translation>
    </message>
    <message>
        <source>网格编号</source>
        <translation>Grid ID</translation>
    </message>
    <message>
        <source>小区编号</source>
        <translation>Compound ID</translation>
    </message>
    <message>
        <source>楼栋编号</source>
        <translation>Building ID</translation>
    </message>
    <message>
        <source>服务站编号</source>
        <translation>Station ID</translation>
    </message>
    <message>
        <source>党组织编号</source>
        <translation>Organization ID</translation>
    </message>
    <message>
        <source>上级组织编号</source>
        <translation>Parent organization ID</translation>
    </message>
    <message>
        <source>党员编号</source>
        <translation>Member ID</translation>
    </message>
    <message>
        <source>共建单位编号</source>
        <translation>Partner ID</translation>
    </message>
    <message>
        <source>包联编号</source>
        <translation>Link ID</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>建成年份</source>
        <translation>Year built</translation>
    </message>
    <message>
        <source>层数</source>
        <translation>Floors</translation>
    </message>
    <message>
        <source>单元数</source>
        <translation>Units</translation>
    </message>
    <message>
        <source>户数</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>人口</source>
        <translation>Residents</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>服务半径(米)</source>
        <translation>Service radius (m)</translation>
    </message>
    <message>
        <source>范围类型</source>
        <translation>Area type</translation>
    </message>
    <message>
        <source>范围编号</source>
        <translation>Area ID</translation>
    </message>
    <message>
        <source>性别</source>
        <translation>Gender</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Roles</translation>
    </message>
    <message>
        <source>联系户数</source>
        <translation>Linked households</translation>
    </message>
    <message>
        <source>单元号</source>
        <translation>Unit no.</translation>
    </message>
    <message>
        <source>工作单位</source>
        <translation>Work unit</translation>
    </message>
    <message>
        <source>包联对象类型</source>
        <translation>Target type</translation>
    </message>
    <message>
        <source>包联对象编号</source>
        <translation>Target ID</translation>
    </message>
    <message>
        <source>认领事项数</source>
        <translation>Items claimed</translation>
    </message>
    <message>
        <source>街道党工委</source>
        <translation>Street Party Working Committee</translation>
    </message>
    <message>
        <source>社区党委</source>
        <translation>Community Party Committee</translation>
    </message>
    <message>
        <source>网格党支部</source>
        <translation>Grid Party Branch</translation>
    </message>
    <message>
        <source>楼栋党小组</source>
        <translation>Building Party Group</translation>
    </message>
    <message>
        <source>党员中心户</source>
        <translation>Central household</translation>
    </message>
    <message>
        <source>党群单元长</source>
        <translation>Unit head</translation>
    </message>
    <message>
        <source>网格长</source>
        <translation>Grid head</translation>
    </message>
    <message>
        <source>网格员</source>
        <translation>Grid worker</translation>
    </message>
    <message>
        <source>楼栋长</source>
        <translation>Building head</translation>
    </message>
    <message>
        <source>书记</source>
        <translation>Secretary</translation>
    </message>
    <message>
        <source>社区党员</source>
        <translation>Registered member</translation>
    </message>
    <message>
        <source>在职党员</source>
        <translation>In-service member</translation>
    </message>
    <message>
        <source>流动党员</source>
        <translation>Floating member</translation>
    </message>
    <message>
        <source>已建</source>
        <translation>Built</translation>
    </message>
    <message>
        <source>规划</source>
        <translation>Planned</translation>
    </message>
    <message>
        <source>一级包联单位</source>
        <translation>Level-1 partner unit</translation>
    </message>
    <message>
        <source>二级包联单位</source>
        <translation>Level-2 partner unit</translation>
    </message>
    <message>
        <source>企业</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <source>社会组织</source>
        <translation>Social organization</translation>
    </message>
    <message>
        <source>方案</source>
        <translation>Plans</translation>
    </message>
    <message>
        <source>方案楼栋分配</source>
        <translation>Plan assignments</translation>
    </message>
    <message>
        <source>方案网格</source>
        <translation>Plan grids</translation>
    </message>
    <message>
        <source>方案服务站</source>
        <translation>Plan stations</translation>
    </message>
    <message>
        <source>需求清单</source>
        <translation>Needs</translation>
    </message>
    <message>
        <source>资源清单</source>
        <translation>Resources</translation>
    </message>
    <message>
        <source>项目清单</source>
        <translation>Projects</translation>
    </message>
    <message>
        <source>事件</source>
        <translation>Cases</translation>
    </message>
    <message>
        <source>事件流转记录</source>
        <translation>Case events</translation>
    </message>
    <message>
        <source>户数来源</source>
        <translation>Households source</translation>
    </message>
    <message>
        <source>方案编号</source>
        <translation>Plan ID</translation>
    </message>
    <message>
        <source>创建时间</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>正在显示</source>
        <translation>Shown</translation>
    </message>
    <message>
        <source>行编号</source>
        <translation>Row ID</translation>
    </message>
    <message>
        <source>现状</source>
        <translation>Current</translation>
    </message>
    <message>
        <source>备选方案</source>
        <translation>Proposal</translation>
    </message>
    <message>
        <source>已归档</source>
        <translation>Archived</translation>
    </message>
    <message>
        <source>图层属性</source>
        <translation>Layer attribute</translation>
    </message>
    <message>
        <source>户数表</source>
        <translation>Household table</translation>
    </message>
    <message>
        <source>估算</source>
        <translation>Estimated</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>男</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>女</source>
        <translation>Female</translation>
    </message>
</context>
<context>
    <name>LayersDock</name>
    <message>
        <source>图层</source>
        <translation>Layers</translation>
    </message>
    <message>
        <source>上移图层</source>
        <translation>Move layer up</translation>
    </message>
    <message>
        <source>下移图层</source>
        <translation>Move layer down</translation>
    </message>
    <message>
        <source>不透明度</source>
        <translation>Opacity</translation>
    </message>
    <message>
        <source>样式</source>
        <translation>Style</translation>
    </message>
    <message>
        <source>分级字段</source>
        <translation>Classify by</translation>
    </message>
    <message>
        <source>单一颜色</source>
        <translation>Single colour</translation>
    </message>
    <message>
        <source>按网格着色</source>
        <translation>By grid</translation>
    </message>
    <message>
        <source>按数值分级</source>
        <translation>Graduated</translation>
    </message>
    <message>
        <source>每个网格一种颜色（相邻网格不同色）</source>
        <translation>One colour per grid (neighbours differ)</translation>
    </message>
    <message>
        <source>填充服务站服务范围</source>
        <translation>Fill station service areas</translation>
    </message>
    <message>
        <source>不勾选时服务范围只画细轮廓线，规划中的为虚线</source>
        <translation>When unchecked, service areas are thin outlines only (dashed for planned stations)</translation>
    </message>
    <message>
        <source>地图标记</source>
        <translation>Map marks</translation>
    </message>
</context>
<context>
    <name>LayoutDialog</name>
    <message>
        <source>地图排版</source>
        <translation>Map Layout</translation>
    </message>
    <message>
        <source>横向</source>
        <extracomment>Space kept around the page's features in the map frame (fraction of the extent). How strongly an atlas page veils what lies outside its feature (0..255).</extracomment>
        <translation>Landscape</translation>
    </message>
    <message>
        <source>纵向</source>
        <translation>Portrait</translation>
    </message>
    <message>
        <source>当前视图</source>
        <translation>Current view</translation>
    </message>
    <message>
        <source>全街道</source>
        <translation>Whole street</translation>
    </message>
    <message>
        <source>单页</source>
        <translation>Single page</translation>
    </message>
    <message>
        <source>每个社区一页（图集）</source>
        <translation>One page per community (atlas)</translation>
    </message>
    <message>
        <source>每个网格一页（图集）</source>
        <translation>One page per grid (atlas)</translation>
    </message>
    <message>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>副标题</source>
        <translation>Subtitle</translation>
    </message>
    <message>
        <source>纸张</source>
        <translation>Paper</translation>
    </message>
    <message>
        <source>方向</source>
        <translation>Orientation</translation>
    </message>
    <message>
        <source>分辨率</source>
        <translation>Resolution</translation>
    </message>
    <message>
        <source>范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <source>分页</source>
        <translation>Pages</translation>
    </message>
    <message>
        <source>格式</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>保存到</source>
        <translation>Save to</translation>
    </message>
    <message>
        <source>选择图集文件夹</source>
        <translation>Choose Atlas Folder</translation>
    </message>
    <message>
        <source>保存排版</source>
        <translation>Save Layout</translation>
    </message>
    <message>
        <source>排版导出失败</source>
        <translation>Layout Export Failed</translation>
    </message>
    <message>
        <source>无法写入：
{path}

原因：{problem}</source>
        <translation>Cannot write:
{path}

Reason: {problem}</translation>
    </message>
    <message>
        <source>已导出 {n} 个文件</source>
        <translation>Exported {n} file(s)</translation>
    </message>
</context>
<context>
    <name>Legend</name>
    <message>
        <source>{layer}（按网格着色）</source>
        <translation>{layer} (coloured by grid)</translation>
    </message>
    <message>
        <source>{layer}：{heading}</source>
        <translation>{layer}: {heading}</translation>
    </message>
    <message>
        <source>按网格着色</source>
        <extracomment>Which layers can be coloured by the grid they belong to. Paul Tol's YlOrBr sequential ramp (colour-blind safe, prints in grey). Stations only: tint the service areas; off, they are thin outlines (a city of 500 m circles filled reads as one pink sheet over the grids).</extracomment>
        <translation>Coloured by grid</translation>
    </message>
</context>
<context>
    <name>ListEdits</name>
    <message>
        <source>无法完成此操作：{reason}</source>
        <translation>This cannot be done: {reason}</translation>
    </message>
    <message>
        <source>三项清单与事件</source>
        <translation>Needs, resources, projects and cases</translation>
    </message>
</context>
<context>
    <name>ListOperations</name>
    <message>
        <source>登记{what}</source>
        <translation>Register {what}</translation>
    </message>
    <message>
        <source>修改{what} {item}</source>
        <translation>Edit {what} {item}</translation>
    </message>
    <message>
        <source>删除{what} {item}</source>
        <translation>Delete {what} {item}</translation>
    </message>
    <message>
        <source>认领需求 {need}（资源 {resource}）</source>
        <translation>Claim need {need} (resource {resource})</translation>
    </message>
    <message>
        <source>事件 {case} 转为“{state}”</source>
        <translation>Case {case} to “{state}”</translation>
    </message>
</context>
<context>
    <name>ListTab</name>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>只看超期</source>
        <translation>Overdue only</translation>
    </message>
    <message>
        <source>搜索标题、编号…</source>
        <translation>Search titles, IDs…</translation>
    </message>
    <message>
        <source>新建…</source>
        <translation>New…</translation>
    </message>
    <message>
        <source>编辑…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>匹配资源…</source>
        <translation>Match resources…</translation>
    </message>
    <message>
        <source>为所选的待认领需求推荐资源并认领</source>
        <translation>Suggest resources for the selected open need and claim one</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>显示 {shown} / 共 {total} 条</source>
        <translation>Showing {shown} of {total}</translation>
    </message>
    <message>
        <source>，超期 {n} 件</source>
        <translation>, {n} overdue</translation>
    </message>
</context>
<context>
    <name>ListTableModel</name>
    <message>
        <source>超期</source>
        <extracomment>The columns each list shows, in order ("grid" and "overdue" are derived). A case is open until it is closed (办结) or followed up (回访).</extracomment>
        <translation>Overdue</translation>
    </message>
</context>
<context>
    <name>Lists</name>
    <message>
        <source>需求</source>
        <extracomment>The list layers, in the dock's tab order. The tables a column of the lists panel may come from, in the order a bare column is looked up.</extracomment>
        <translation>Needs</translation>
    </message>
    <message>
        <source>资源</source>
        <translation>Resource</translation>
    </message>
    <message>
        <source>项目</source>
        <translation>Projects</translation>
    </message>
    <message>
        <source>事件</source>
        <translation>Cases</translation>
    </message>
    <message>
        <source>项</source>
        <extracomment>The panel's derived "grid" column is the exports' ``in_grid`` (the grid an item counts in). The stored codes of each coded column, in the order choices are offered. Vocabulary domains of a column asked for without its layer (needs and projects share the words of the statuses they have in common, so either domain words them alike). The status codes each layer uses (needs and projects share words but not codes). Case states in the order of the loop. Case state -&gt; colour on the map and in the table (overdue cases are red whatever the state). Per-grid figures of :func:`geo.lists.figures.list_figures` offered as map themes and charts.</extracomment>
        <translation>items</translation>
    </message>
    <message>
        <source>个</source>
        <translation>projects</translation>
    </message>
    <message>
        <source>件</source>
        <translation>cases</translation>
    </message>
    <message>
        <source>分</source>
        <translation>points</translation>
    </message>
</context>
<context>
    <name>ListsActions</name>
    <message>
        <source>无专题图</source>
        <translation>No theme</translation>
    </message>
    <message>
        <source>按网格</source>
        <translation>By grid</translation>
    </message>
    <message>
        <source>按社区</source>
        <translation>By community</translation>
    </message>
    <message>
        <source>三项清单与事件(&amp;L)</source>
        <translation>&amp;Lists and cases</translation>
    </message>
    <message>
        <source>登记需求…</source>
        <translation>Register a need…</translation>
    </message>
    <message>
        <source>登记资源…</source>
        <translation>Register a resource…</translation>
    </message>
    <message>
        <source>登记事件…</source>
        <translation>Register a case…</translation>
    </message>
    <message>
        <source>在地图上显示未办结事件</source>
        <translation>Show open cases on the map</translation>
    </message>
    <message>
        <source>按状态着色的点，超期的为红色</source>
        <translation>Dots coloured by state; overdue cases in red</translation>
    </message>
    <message>
        <source>三项清单(&amp;L)</source>
        <translation>&amp;Lists</translation>
    </message>
    <message>
        <source>清单专题图（分级设色）</source>
        <translation>List figures (choropleth)</translation>
    </message>
</context>
<context>
    <name>ListsChart</name>
    <message>
        <source>事件与需求</source>
        <extracomment>figure -&gt; bar colour</extracomment>
        <translation>Cases and needs</translation>
    </message>
    <message>
        <source>事件与需求（件）</source>
        <translation>Cases and needs (items)</translation>
    </message>
    <message>
        <source>事件最多的 {n} 个（共 {total} 个）</source>
        <translation>The {n} with most cases (of {total})</translation>
    </message>
</context>
<context>
    <name>ListsDock</name>
    <message>
        <source>三项清单与事件</source>
        <translation>Needs, resources, projects and cases</translation>
    </message>
    <message>
        <source>办理事件 {case}…</source>
        <translation>Handle case {case}…</translation>
    </message>
    <message>
        <source>为需求 {need} 匹配资源…</source>
        <translation>Match resources to need {need}…</translation>
    </message>
</context>
<context>
    <name>LoadingCover</name>
    <message>
        <source>正在加载…</source>
        <translation>Loading…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>最近打开(&amp;R)</source>
        <translation>Open &amp;Recent</translation>
    </message>
    <message>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>界面语言(&amp;L)</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>地图工具(&amp;M)</source>
        <translation>&amp;Map Tools</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>地图工具</source>
        <translation>Map Tools</translation>
    </message>
    <message>
        <source>GridAtlas 党建网格一张图</source>
        <translation>GridAtlas Party-Building Grid Map</translation>
    </message>
    <message>
        <source>无法打开项目</source>
        <translation>Cannot open project</translation>
    </message>
    <message>
        <source>无法打开项目文件：
{path}

原因：{problem}</source>
        <translation>Cannot open the project file:
{path}

Problem: {problem}</translation>
    </message>
    <message>
        <source>打开项目</source>
        <translation>Open Project</translation>
    </message>
    <message>
        <source>GridAtlas 项目 (*.gpkg)</source>
        <translation>GridAtlas projects (*.gpkg)</translation>
    </message>
    <message>
        <source>项目另存为</source>
        <translation>Save Project As</translation>
    </message>
    <message>
        <source>另存为失败</source>
        <translation>Save As failed</translation>
    </message>
    <message>
        <source>无法保存到：
{path}

原因：{problem}</source>
        <translation>Cannot save to:
{path}

Problem: {problem}</translation>
    </message>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>关于 GridAtlas</source>
        <translation>About GridAtlas</translation>
    </message>
    <message>
        <source>GridAtlas 党建网格一张图
街道—社区—网格—小区—楼栋与党组织体系的桌面地图。</source>
        <translation>GridAtlas Party-Building Grid Map
A desktop map of streets, communities, grids, compounds and buildings and their party organizations.</translation>
    </message>
    <message>
        <source>导出(&amp;E)</source>
        <translation>&amp;Export</translation>
    </message>
    <message>
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>分析(&amp;N)</source>
        <translation>A&amp;nalysis</translation>
    </message>
    <message>
        <source>撤销(&amp;U)</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <source>重做(&amp;R)</source>
        <translation>&amp;Redo</translation>
    </message>
    <message>
        <source>另一个窗口或程序正在编辑此项目，两边的修改可能互相覆盖：
{who}</source>
        <translation>Another window or program is editing this project; the two may overwrite each other's changes:
{who}</translation>
    </message>
    <message>
        <source>项目正被编辑</source>
        <translation>Project is being edited</translation>
    </message>
</context>
<context>
    <name>MapStatusWidget</name>
    <message>
        <source>坐标 {x:.6f}, {y:.6f}</source>
        <translation>X/Y {x:.6f}, {y:.6f}</translation>
    </message>
    <message>
        <source>坐标 {x:.1f}, {y:.1f}</source>
        <translation>X/Y {x:.1f}, {y:.1f}</translation>
    </message>
    <message>
        <source>比例尺 1:{n:,.0f}</source>
        <translation>Scale 1:{n:,.0f}</translation>
    </message>
    <message>
        <source>{communities} 个社区 · {grids} 个网格 · {buildings} 栋楼 · {members} 名党员</source>
        <translation>{communities} communities · {grids} grids · {buildings} buildings · {members} party members</translation>
    </message>
    <message>
        <source>坐标 —</source>
        <translation>X/Y —</translation>
    </message>
    <message>
        <source>比例尺 —</source>
        <translation>Scale —</translation>
    </message>
    <message>
        <source>方案：{name}（未采纳）</source>
        <translation>Plan: {name} (not adopted)</translation>
    </message>
    <message>
        <source>方案：{name}（现状）</source>
        <translation>Plan: {name} (current)</translation>
    </message>
    <message>
        <source>方案：现状</source>
        <translation>Plan: current layout</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <source>字段对应</source>
        <translation>Field mapping</translation>
    </message>
    <message>
        <source>已按字段名自动匹配，可逐项修改；选“不导入”则忽略该字段</source>
        <translation>Fields were matched by name; change any of them, or choose “not imported” to skip a field</translation>
    </message>
    <message>
        <source>源字段</source>
        <translation>Source field</translation>
    </message>
    <message>
        <source>示例值</source>
        <translation>Sample value</translation>
    </message>
    <message>
        <source>项目字段</source>
        <translation>Project field</translation>
    </message>
    <message>
        <source>（不导入）</source>
        <translation>(not imported)</translation>
    </message>
</context>
<context>
    <name>MarksLegend</name>
    <message>
        <source>网格户数低于区间（橙色虚线、斜线）</source>
        <translation>Grid households below the band (orange dashes, hatched)</translation>
    </message>
    <message>
        <source>网格户数高于区间（红色虚线、斜线）</source>
        <translation>Grid households above the band (red dashes, hatched)</translation>
    </message>
    <message>
        <source>缺口标记：红、橙、褐 = 高、中、低</source>
        <translation>Gap markers: red, orange, brown = high, medium, low</translation>
    </message>
    <message>
        <source>缩小时每个网格一个标记，数字为缺口数</source>
        <translation>Zoomed out: one marker per grid, the number of gaps</translation>
    </message>
    <message>
        <source>服务站服务范围（实线已建，虚线规划）</source>
        <translation>Station service areas (solid built, dashed planned)</translation>
    </message>
</context>
<context>
    <name>MatchDialog</name>
    <message>
        <source>为需求 {need} 匹配资源</source>
        <translation>Match resources to need {need}</translation>
    </message>
    <message>
        <source>需求：{title}（{category}）</source>
        <translation>Need: {title} ({category})</translation>
    </message>
    <message>
        <source>资源编号</source>
        <translation>Resource ID</translation>
    </message>
    <message>
        <source>资源</source>
        <translation>Resource</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>提供方</source>
        <translation>Provider</translation>
    </message>
    <message>
        <source>距离</source>
        <translation>Distance</translation>
    </message>
    <message>
        <source>四包责任</source>
        <translation>Responsible (four-contract)</translation>
    </message>
    <message>
        <source>得分</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>认领方类型</source>
        <translation>Claimant type</translation>
    </message>
    <message>
        <source>认领方编号</source>
        <translation>Claimant ID</translation>
    </message>
    <message>
        <source>没有可推荐的资源：资源清单中还没有可用的资源。</source>
        <translation>No resources to suggest: the resources list has none available yet.</translation>
    </message>
    <message>
        <source>认领</source>
        <translation>Claim</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>{m} 米</source>
        <translation>{m} m</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
</context>
<context>
    <name>MemberActions</name>
    <message>
        <source>调整所在党组织…</source>
        <translation>Move to another organization…</translation>
    </message>
    <message>
        <source>调整所在楼栋…</source>
        <translation>Move to another building…</translation>
    </message>
    <message>
        <source>设置职务…</source>
        <translation>Set roles…</translation>
    </message>
    <message>
        <source>设为党员中心户…</source>
        <translation>Make central household…</translation>
    </message>
    <message>
        <source>设为本单元单元长</source>
        <translation>Make head of this unit</translation>
    </message>
    <message>
        <source>移到目标网格 {grid}</source>
        <translation>Move to target grid {grid}</translation>
    </message>
    <message>
        <source>整个小区移到目标网格 {grid}</source>
        <translation>Move the whole compound to target grid {grid}</translation>
    </message>
    <message>
        <source>建立楼栋党小组</source>
        <translation>Create building party group</translation>
    </message>
    <message>
        <source>撤销楼栋党小组</source>
        <translation>Remove building party group</translation>
    </message>
    <message>
        <source>关联共建单位…</source>
        <translation>Link partner unit…</translation>
    </message>
    <message>
        <source>解除共建关联…</source>
        <translation>Unlink partner unit…</translation>
    </message>
    <message>
        <source>修改服务半径…</source>
        <translation>Change service radius…</translation>
    </message>
    <message>
        <source>修改建设状态…</source>
        <translation>Change status…</translation>
    </message>
    <message>
        <source>删除服务站</source>
        <translation>Delete station</translation>
    </message>
    <message>
        <source>调整党组织</source>
        <translation>Change organization</translation>
    </message>
    <message>
        <source>转入的党组织：</source>
        <translation>Move to organization:</translation>
    </message>
    <message>
        <source>党员 {id} 转入 {org}</source>
        <translation>Member {id} moves to {org}</translation>
    </message>
    <message>
        <source>调整所在楼栋</source>
        <translation>Change building</translation>
    </message>
    <message>
        <source>楼栋编号：</source>
        <translation>Building id:</translation>
    </message>
    <message>
        <source>设置党员 {id} 的职务</source>
        <translation>Set roles of member {id}</translation>
    </message>
    <message>
        <source>党员中心户</source>
        <translation>Central household</translation>
    </message>
    <message>
        <source>联系户数（0 表示取消）：</source>
        <translation>Linked households (0 removes the role):</translation>
    </message>
    <message>
        <source>党员 {id} 联系 {n} 户</source>
        <translation>Member {id} links {n} households</translation>
    </message>
    <message>
        <source>党员 {id} 没有登记楼栋和单元，不能设为单元长。</source>
        <translation>Member {id} has no building and unit registered and cannot be a unit head.</translation>
    </message>
    <message>
        <source>党员 {id} 任单元长</source>
        <translation>Member {id} becomes unit head</translation>
    </message>
    <message>
        <source>楼栋 {b} 移到网格 {grid}</source>
        <translation>Move building {b} to grid {grid}</translation>
    </message>
    <message>
        <source>小区 {c} 整体移到网格 {grid}</source>
        <translation>Move compound {c} to grid {grid}</translation>
    </message>
    <message>
        <source>建立楼栋 {b} 党小组</source>
        <translation>Create party group of building {b}</translation>
    </message>
    <message>
        <source>撤销楼栋 {b} 党小组</source>
        <translation>Remove party group of building {b}</translation>
    </message>
    <message>
        <source>关联共建单位</source>
        <translation>Link partner unit</translation>
    </message>
    <message>
        <source>共建单位：</source>
        <translation>Partner unit:</translation>
    </message>
    <message>
        <source>{p} 包联 {id}</source>
        <translation>{p} takes charge of {id}</translation>
    </message>
    <message>
        <source>解除共建关联</source>
        <translation>Unlink partner unit</translation>
    </message>
    <message>
        <source>解除哪个单位的包联：</source>
        <translation>Unlink which unit:</translation>
    </message>
    <message>
        <source>解除包联 {id}</source>
        <translation>Unlink {id}</translation>
    </message>
    <message>
        <source>服务半径</source>
        <translation>Service radius</translation>
    </message>
    <message>
        <source>服务半径（米）：</source>
        <translation>Service radius (m):</translation>
    </message>
    <message>
        <source>服务站 {id} 半径改为 {r:.0f} 米</source>
        <translation>Radius of station {id} set to {r:.0f} m</translation>
    </message>
    <message>
        <source>建设状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>状态：</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>服务站 {id} 状态改为 {s}</source>
        <translation>Status of station {id} set to {s}</translation>
    </message>
    <message>
        <source>删除服务站“{name}”？</source>
        <translation>Delete station "{name}"?</translation>
    </message>
    <message>
        <source>删除服务站 {id}</source>
        <translation>Delete station {id}</translation>
    </message>
    <message>
        <source>{n} 名党员调整所在党组织…</source>
        <translation>Move {n} members to another organization…</translation>
    </message>
    <message>
        <source>{n} 栋楼移到目标网格 {grid}</source>
        <translation>Move {n} buildings to target grid {grid}</translation>
    </message>
    <message>
        <source>{n} 名党员转入 {org}</source>
        <translation>{n} members moved to {org}</translation>
    </message>
    <message>
        <source>{n} 栋楼移到网格 {grid}</source>
        <translation>{n} buildings moved to grid {grid}</translation>
    </message>
    <message>
        <source>在地图上选择所在楼栋</source>
        <translation>Pick the building on the map</translation>
    </message>
</context>
<context>
    <name>NewMemberDialog</name>
    <message>
        <source>添加党员</source>
        <translation>Add a member</translation>
    </message>
    <message>
        <source>未填</source>
        <translation>not given</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>所在楼栋</source>
        <translation>Building</translation>
    </message>
    <message>
        <source>党员类别</source>
        <translation>Member kind</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>单元</source>
        <translation>Stairwell unit</translation>
    </message>
    <message>
        <source>联系户数（党员中心户，0 表示不是）</source>
        <translation>Households linked (central household; 0: not one)</translation>
    </message>
    <message>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>NewProjectDialog</name>
    <message>
        <source>新建项目</source>
        <extracomment>Coordinate systems a street's files usually come in (the data's own, kept as it is).</extracomment>
        <translation>New project</translation>
    </message>
    <message>
        <source>例如：青年路街道</source>
        <translation>e.g. 青年路街道 (Qingnian Road Street)</translation>
    </message>
    <message>
        <source>街道名称</source>
        <translation>Street name</translation>
    </message>
    <message>
        <source>坐标系</source>
        <translation>Coordinate system</translation>
    </message>
    <message>
        <source>新项目是空的，不含示例数据。建好后先导入社区边界，再导入楼栋、网格、小区、服务站和党员花名册。</source>
        <translation>A new project is empty: no demo data. Import the community boundaries first, then buildings, grids, compounds, stations and the member roster.</translation>
    </message>
    <message>
        <source>选择保存位置…</source>
        <translation>Choose where to save…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>GridAtlas 项目 (*.gpkg)</source>
        <translation>GridAtlas projects (*.gpkg)</translation>
    </message>
</context>
<context>
    <name>OrgTreeActions</name>
    <message>
        <source>新建社区党委</source>
        <translation>New community committee</translation>
    </message>
    <message>
        <source>缩放到街道</source>
        <translation>Zoom to the street</translation>
    </message>
    <message>
        <source>街道统计…</source>
        <translation>Street figures…</translation>
    </message>
    <message>
        <source>新建网格党支部</source>
        <translation>New grid branch</translation>
    </message>
    <message>
        <source>缩放到社区</source>
        <translation>Zoom to the community</translation>
    </message>
    <message>
        <source>社区统计…</source>
        <translation>Community figures…</translation>
    </message>
    <message>
        <source>导出该社区报告…</source>
        <translation>Export this community's report…</translation>
    </message>
    <message>
        <source>统计</source>
        <translation>Figures</translation>
    </message>
    <message>
        <source>导出该社区报告</source>
        <translation>Export this community's report</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>导出失败</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <source>已导出 {path}</source>
        <translation>Exported {path}</translation>
    </message>
</context>
<context>
    <name>OrgTreeDock</name>
    <message>
        <source>党组织</source>
        <extracomment>The top level is shown open when it has at most this many organizations (a street: one). Columns whose change moves a node to another parent (or makes / removes one): the tree regroups.</extracomment>
        <translation>Party Organization</translation>
    </message>
    <message>
        <source>搜索网格、楼栋、组织或党员姓名…</source>
        <translation>Search grids, buildings, organizations or members…</translation>
    </message>
</context>
<context>
    <name>OrgTreeModel</name>
    <message>
        <source>组织 / 党员</source>
        <translation>Organization / member</translation>
    </message>
    <message>
        <source>党员数</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>{name}（{n} 个下级组织）</source>
        <translation>{name} ({n} sub-organizations)</translation>
    </message>
</context>
<context>
    <name>PlaceMenus</name>
    <message>
        <source>在此登记需求…</source>
        <extracomment>Map layers an item can be located at, and the target type they give. Organization area types an item can be located at.</extracomment>
        <translation>Register a need here…</translation>
    </message>
    <message>
        <source>在此登记事件…</source>
        <translation>Register a case here…</translation>
    </message>
</context>
<context>
    <name>PlanCompareDialog</name>
    <message>
        <source>比较方案：{a} → {b}</source>
        <translation>Compare plans: {a} → {b}</translation>
    </message>
    <message>
        <source>当前布局</source>
        <translation>Current layout</translation>
    </message>
    <message>
        <source>楼栋</source>
        <translation>Building</translation>
    </message>
    <message>
        <source>户数</source>
        <translation>Households</translation>
    </message>
    <message>
        <source>原网格</source>
        <translation>Grid before</translation>
    </message>
    <message>
        <source>新网格</source>
        <translation>Grid after</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grids</translation>
    </message>
    <message>
        <source>户数（前）</source>
        <translation>Households (before)</translation>
    </message>
    <message>
        <source>户数（后）</source>
        <translation>Households (after)</translation>
    </message>
    <message>
        <source>变化</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>区间内（前→后）</source>
        <translation>In band (before → after)</translation>
    </message>
    <message>
        <source>PP（前→后）</source>
        <translation>PP (before → after)</translation>
    </message>
    <message>
        <source>Reock（前→后）</source>
        <translation>Reock (before → after)</translation>
    </message>
    <message>
        <source>网格指标</source>
        <translation>Grid figures</translation>
    </message>
    <message>
        <source>调整的楼栋</source>
        <translation>Moved buildings</translation>
    </message>
    <message>
        <source>{n} 栋楼调整网格（{hh} 户），{g} 个网格变化；户数在区间内的网格：{a} → {b} 个。</source>
        <translation>{n} buildings change grid ({hh} households), {g} grids change; grids in the household band: {a} → {b}.</translation>
    </message>
</context>
<context>
    <name>PlanDock</name>
    <message>
        <source>方案</source>
        <translation>Plans</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>创建时间</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>新建方案…</source>
        <translation>New plan…</translation>
    </message>
    <message>
        <source>切换到</source>
        <translation>Switch to</translation>
    </message>
    <message>
        <source>采用为现状</source>
        <translation>Adopt as current</translation>
    </message>
    <message>
        <source>比较…</source>
        <translation>Compare…</translation>
    </message>
    <message>
        <source>导出 CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>现状</source>
        <translation>Current</translation>
    </message>
    <message>
        <source>，正在显示</source>
        <translation>, shown</translation>
    </message>
    <message>
        <source>请先在列表中选择一个方案。</source>
        <translation>First select a plan in the list.</translation>
    </message>
    <message>
        <source>新建方案</source>
        <translation>New plan</translation>
    </message>
    <message>
        <source>方案名称（从当前显示的布局复制）：</source>
        <translation>Plan name (copied from the layout shown):</translation>
    </message>
    <message>
        <source>调整方案</source>
        <translation>Proposal</translation>
    </message>
    <message>
        <source>新建方案 {name}</source>
        <translation>New plan {name}</translation>
    </message>
    <message>
        <source>切换到方案 {id}</source>
        <translation>Switch to plan {id}</translation>
    </message>
    <message>
        <source>采用方案</source>
        <translation>Adopt plan</translation>
    </message>
    <message>
        <source>把方案 {id} 采用为现状？原现状将归档保留。</source>
        <translation>Adopt plan {id} as the current layout? The current layout will be kept as an archived plan.</translation>
    </message>
    <message>
        <source>采用方案 {id}</source>
        <translation>Adopt plan {id}</translation>
    </message>
    <message>
        <source>删除方案</source>
        <translation>Delete plan</translation>
    </message>
    <message>
        <source>删除方案 {id}？</source>
        <translation>Delete plan {id}?</translation>
    </message>
    <message>
        <source>删除方案 {id}</source>
        <translation>Delete plan {id}</translation>
    </message>
    <message>
        <source>比较方案</source>
        <translation>Compare plans</translation>
    </message>
    <message>
        <source>请选择两个方案（或一个与当前显示的方案比较）。</source>
        <translation>Select two plans (or one, to compare with the plan shown).</translation>
    </message>
</context>
<context>
    <name>PlannedChart</name>
    <message>
        <source>实有与应有（规划）对比</source>
        <translation>Actual against required (planned)</translation>
    </message>
    <message>
        <source>完成比例（%）</source>
        <translation>Achieved (%)</translation>
    </message>
</context>
<context>
    <name>PresentingTexts</name>
    <message>
        <source>演示模式(&amp;P)</source>
        <translation>&amp;Presenter Mode</translation>
    </message>
    <message>
        <source>下一个书签</source>
        <translation>Next Bookmark</translation>
    </message>
    <message>
        <source>上一个书签</source>
        <translation>Previous Bookmark</translation>
    </message>
    <message>
        <source>退出演示模式</source>
        <translation>Leave Presenter Mode</translation>
    </message>
    <message>
        <source>将当前视图添加为书签(&amp;A)…</source>
        <translation>&amp;Add Current View as Bookmark…</translation>
    </message>
    <message>
        <source>书签(&amp;B)</source>
        <translation>&amp;Bookmarks</translation>
    </message>
    <message>
        <source>添加书签</source>
        <translation>Add Bookmark</translation>
    </message>
    <message>
        <source>书签名称：</source>
        <translation>Bookmark name:</translation>
    </message>
    <message>
        <source>第一个书签</source>
        <translation>First bookmark</translation>
    </message>
    <message>
        <source>最后一个书签</source>
        <translation>Last bookmark</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>预览、编码与坐标系</source>
        <translation>Preview, encoding and coordinate system</translation>
    </message>
    <message>
        <source>中文显示为乱码时请换一种编码；高德/腾讯坐标选 GCJ-02，百度坐标选 BD-09</source>
        <translation>If Chinese text looks garbled, choose another encoding; Gaode/Tencent coordinates are GCJ-02, Baidu coordinates BD-09</translation>
    </message>
    <message>
        <source>自动识别</source>
        <translation>Detect</translation>
    </message>
    <message>
        <source>文件自带（.prj）</source>
        <translation>From the file (.prj)</translation>
    </message>
    <message>
        <source>GCJ-02（高德/腾讯）</source>
        <translation>GCJ-02 (Gaode/Tencent)</translation>
    </message>
    <message>
        <source>BD-09（百度）</source>
        <translation>BD-09 (Baidu)</translation>
    </message>
    <message>
        <source>编码：</source>
        <translation>Encoding:</translation>
    </message>
    <message>
        <source>坐标系：</source>
        <translation>Coordinate system:</translation>
    </message>
    <message>
        <source>识别结果：编码 {enc}；坐标系 {crs}</source>
        <translation>Detected: encoding {enc}; coordinate system {crs}</translation>
    </message>
    <message>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <source>坐标系无效</source>
        <translation>Invalid coordinate system</translation>
    </message>
</context>
<context>
    <name>ProblemsPage</name>
    <message>
        <source>检查结果</source>
        <translation>Check results</translation>
    </message>
    <message>
        <source>全部数据已校验，尚未写入项目。被拒绝的行不会导入，可在最后一页导出到 Excel 修改后重新导入。</source>
        <translation>All rows were checked; nothing is written yet. Rejected rows are not imported; export them to Excel on the last page, fix them and import again.</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>拒绝原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>行数</source>
        <translation>Rows</translation>
    </message>
    <message>
        <source>无法导入：{error}</source>
        <translation>Cannot import: {error}</translation>
    </message>
    <message>
        <source>共 {total} 行：可导入 {ok} 行（新增 {new}，更新 {upd}，无变化 {same}），拒绝 {bad} 行。</source>
        <translation>{total} rows: {ok} can be imported ({new} new, {upd} updated, {same} unchanged), {bad} rejected.</translation>
    </message>
    <message>
        <source>提示：{text}</source>
        <translation>Note: {text}</translation>
    </message>
    <message>
        <source>（没有提示）</source>
        <translation>(no notes)</translation>
    </message>
    <message>
        <source>
{n} 栋新楼按所在网格自动归属。</source>
        <translation>
{n} new buildings were assigned to the grid that contains them.</translation>
    </message>
    <message>
        <source>
{n} 栋新楼不在任何网格内，暂不归属网格（可在地图上分配）。</source>
        <translation>
{n} new buildings lie in no grid and stay unassigned (assign them on the map).</translation>
    </message>
    <message>
        <source>导入失败</source>
        <translation>Import failed</translation>
    </message>
    <message>
        <source>没有写入任何数据：{error}</source>
        <translation>Nothing was written: {error}</translation>
    </message>
    <message>
        <source>导入前检查</source>
        <translation>Check before import</translation>
    </message>
    <message>
        <source>这个文件看起来有问题：
{reasons}

建议返回上一步改正坐标系或编码。确认数据无误、仍要导入吗？</source>
        <translation>This file looks wrong:
{reasons}

Going back to fix the coordinate system or encoding is advised. Import it anyway?</translation>
    </message>
</context>
<context>
    <name>ProgressiveOpening</name>
    <message>
        <source>正在读取地图…</source>
        <extracomment>The full read waits at most this long (seconds) for the first view to be drawn. set when the first view is on screen: the full read starts then, so that the frame is not slowed by the reading (both hold Python's lock most of the time) window actions that stay on while the model loads (nothing here edits)</extracomment>
        <translation>Reading the map…</translation>
    </message>
    <message>
        <source>正在加载项目…</source>
        <translation>Loading the project…</translation>
    </message>
</context>
<context>
    <name>RolesDialog</name>
    <message>
        <source>设置职务</source>
        <translation>Set roles</translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message>
        <source>规则设置</source>
        <translation>Rules</translation>
    </message>
    <message>
        <source>网格户数下限</source>
        <translation>Minimum households per grid</translation>
    </message>
    <message>
        <source>网格户数上限</source>
        <translation>Maximum households per grid</translation>
    </message>
    <message>
        <source>每名中心户联系户数</source>
        <translation>Households per central household</translation>
    </message>
    <message>
        <source>服务站默认服务半径</source>
        <translation>Default station service radius</translation>
    </message>
    <message>
        <source>网格长角色</source>
        <translation>Grid head roles</translation>
    </message>
    <message>
        <source>网格员角色</source>
        <translation>Grid staff roles</translation>
    </message>
    <message>
        <source>计入统计的党员类别</source>
        <translation>Member kinds counted</translation>
    </message>
    <message>
        <source> 户</source>
        <translation> households</translation>
    </message>
    <message>
        <source> 米</source>
        <translation> m</translation>
    </message>
    <message>
        <source>角色代码，用逗号分隔</source>
        <translation>Role codes, comma-separated</translation>
    </message>
    <message>
        <source>党员“角色”字段中的代码，用逗号分隔。常用：{known}</source>
        <translation>Codes from the members' "roles" field, comma-separated. Common: {known}</translation>
    </message>
    <message>
        <source>网格户数下限须大于 0。</source>
        <translation>The minimum households must be above 0.</translation>
    </message>
    <message>
        <source>网格户数下限不能大于上限。</source>
        <translation>The minimum households cannot exceed the maximum.</translation>
    </message>
    <message>
        <source>每名中心户联系户数须大于 0。</source>
        <translation>Households per central household must be above 0.</translation>
    </message>
    <message>
        <source>服务半径须大于 0 米。</source>
        <translation>The service radius must be above 0 m.</translation>
    </message>
    <message>
        <source>请至少填写一个网格长角色。</source>
        <translation>Enter at least one grid head role.</translation>
    </message>
    <message>
        <source>请至少填写一个网格员角色。</source>
        <translation>Enter at least one grid staff role.</translation>
    </message>
    <message>
        <source>请至少选择一种党员类别。</source>
        <translation>Choose at least one member kind.</translation>
    </message>
    <message>
        <source>事件办结时限（天）</source>
        <translation>Case time limits (days)</translation>
    </message>
    <message>
        <source>需求未匹配提醒（天）</source>
        <translation>Unmatched need reminder (days)</translation>
    </message>
    <message>
        <source> 天</source>
        <translation> days</translation>
    </message>
    <message>
        <source>待认领的需求超过这么多天未匹配资源，列入问题清单。</source>
        <translation>A need still waiting for a resource after this many days is listed as a gap.</translation>
    </message>
    <message>
        <source>需求未匹配提醒天数须大于 0。</source>
        <translation>The unmatched need reminder must be above 0 days.</translation>
    </message>
</context>
<context>
    <name>SharedProject</name>
    <message>
        <source>已载入其他用户的修改</source>
        <extracomment>the safety-net poll, and how often the list of connected users is refreshed (every 10th)</extracomment>
        <translation>Loaded other users' changes</translation>
    </message>
    <message>
        <source>连接数据库(&amp;D)…</source>
        <translation>Connect to &amp;Database…</translation>
    </message>
    <message>
        <source>服务器 {server} · 模式 {schema} · 在线 {count} 人：{users}</source>
        <translation>Server {server} · schema {schema} · {count} connected: {users}</translation>
    </message>
    <message>
        <source>与数据库的连接中断：{problem}；正在重新连接…</source>
        <translation>The connection to the database was lost: {problem}; reconnecting…</translation>
    </message>
    <message>
        <source>已重新连接数据库 {server}</source>
        <translation>Reconnected to the database {server}</translation>
    </message>
</context>
<context>
    <name>SharesChart</name>
    <message>
        <source>覆盖率（%）</source>
        <translation>Coverage (%)</translation>
    </message>
    <message>
        <source>覆盖率最低的 {n} 个（共 {total} 个）</source>
        <translation>The {n} least covered (of {total})</translation>
    </message>
</context>
<context>
    <name>SitingDialog</name>
    <message>
        <source>服务站选址</source>
        <translation>Site stations</translation>
    </message>
    <message>
        <source>楼栋位置</source>
        <translation>Building positions</translation>
    </message>
    <message>
        <source>网格中心</source>
        <translation>Grid centres</translation>
    </message>
    <message>
        <source>服务站选址方案</source>
        <translation>Station siting plan</translation>
    </message>
    <message>
        <source>新增服务站数量</source>
        <translation>New stations</translation>
    </message>
    <message>
        <source>服务半径</source>
        <translation>Service radius</translation>
    </message>
    <message>
        <source>候选位置</source>
        <translation>Candidate sites</translation>
    </message>
    <message>
        <source>方案名称</source>
        <translation>Plan name</translation>
    </message>
    <message>
        <source>开始选址</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>服务站选址方案 {name}</source>
        <translation>Station siting plan {name}</translation>
    </message>
    <message>
        <source>{n}. 新覆盖 {gain} 户</source>
        <translation>{n}. newly covers {gain} households</translation>
    </message>
    <message>
        <source>覆盖户数 {before} → {after}（共 {total} 户）</source>
        <translation>Households covered {before} → {after} (of {total})</translation>
    </message>
    <message>
        <source>切换到方案 {plan} 在地图上查看？</source>
        <translation>Switch to plan {plan} to see them on the map?</translation>
    </message>
    <message>
        <source>切换到方案 {id}</source>
        <translation>Switch to plan {id}</translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <source>画笔分配</source>
        <translation>Assign brush</translation>
    </message>
    <message>
        <source>点选/框选分配</source>
        <translation>Assign by click/rectangle</translation>
    </message>
    <message>
        <source>套索分配</source>
        <translation>Assign by lasso</translation>
    </message>
    <message>
        <source>画线拆分网格</source>
        <translation>Split grid by line</translation>
    </message>
    <message>
        <source>服务站编辑</source>
        <translation>Edit stations</translation>
    </message>
    <message>
        <source>按住拖动：画笔经过的楼栋分配到目标网格（一笔为一步撤销）</source>
        <translation>Press and drag: buildings under the brush go to the target grid (one stroke is one undo step)</translation>
    </message>
    <message>
        <source>单击楼栋或拉框：分配到目标网格</source>
        <translation>Click a building or drag a rectangle: assign to the target grid</translation>
    </message>
    <message>
        <source>画一圈：圈到的楼栋分配到目标网格</source>
        <translation>Draw a loop: the buildings inside go to the target grid</translation>
    </message>
    <message>
        <source>拖出一条穿过网格的线（按住 Shift 单击可加折点）：较小的一侧成为新网格</source>
        <translation>Drag a line across a grid (Shift-click adds bends): the smaller side becomes a new grid</translation>
    </message>
    <message>
        <source>单击空白处新建规划服务站；拖动服务站移动它；单击服务站查看并修改</source>
        <translation>Click empty map to add a planned station; drag a station to move it; click a station to inspect and edit it</translation>
    </message>
    <message>
        <source>新建网格…</source>
        <translation>New grid…</translation>
    </message>
    <message>
        <source>重命名网格…</source>
        <translation>Rename grid…</translation>
    </message>
    <message>
        <source>合并所选网格…</source>
        <translation>Merge selected grids…</translation>
    </message>
    <message>
        <source>删除网格…</source>
        <translation>Delete grid…</translation>
    </message>
    <message>
        <source>按所选楼栋拆分网格</source>
        <translation>Split grid by selected buildings</translation>
    </message>
    <message>
        <source>导出楼栋分配 CSV…</source>
        <translation>Export building assignment CSV…</translation>
    </message>
    <message>
        <source>导入楼栋分配 CSV…</source>
        <translation>Import building assignment CSV…</translation>
    </message>
    <message>
        <source>检查拓扑</source>
        <translation>Check topology</translation>
    </message>
    <message>
        <source>在地图上标出超出区间的网格</source>
        <translation>Mark grids out of the band on the map</translation>
    </message>
    <message>
        <source>网格编辑(&amp;G)</source>
        <translation>&amp;Grid editing</translation>
    </message>
    <message>
        <source>编辑网格</source>
        <translation>Edit grids</translation>
    </message>
    <message>
        <source>查找(&amp;F)</source>
        <translation>&amp;Find</translation>
    </message>
    <message>
        <source>自动划分网格…</source>
        <translation>Draft grids automatically…</translation>
    </message>
    <message>
        <source>服务站选址…</source>
        <translation>Site stations…</translation>
    </message>
</context>
<context>
    <name>TimeLimitsTable</name>
    <message>
        <source>事件类别</source>
        <extracomment>Any cell, row added or row removed.</extracomment>
        <translation>Case category</translation>
    </message>
    <message>
        <source>办结时限（天）</source>
        <translation>Time limit (days)</translation>
    </message>
    <message>
        <source>添加类别</source>
        <translation>Add category</translation>
    </message>
    <message>
        <source>删除所选类别</source>
        <translation>Remove selected category</translation>
    </message>
    <message>
        <source>其他类别（未单独列出的事件类别）</source>
        <translation>Every other category (case categories not listed separately)</translation>
    </message>
    <message>
        <source>事件类别“{category}”重复。</source>
        <translation>The case category "{category}" is listed twice.</translation>
    </message>
</context>
<context>
    <name>TopologyDock</name>
    <message>
        <source>网格重叠</source>
        <translation>Grids overlap</translation>
    </message>
    <message>
        <source>网格间空隙</source>
        <translation>Gap between grids</translation>
    </message>
    <message>
        <source>网格超出社区</source>
        <translation>Grid outside its community</translation>
    </message>
    <message>
        <source>网格不连续</source>
        <translation>Grid not contiguous</translation>
    </message>
    <message>
        <source>楼栋未分配网格</source>
        <translation>Building without grid</translation>
    </message>
    <message>
        <source>楼栋超出所属网格</source>
        <translation>Building outside its grid</translation>
    </message>
    <message>
        <source>拓扑检查</source>
        <translation>Topology check</translation>
    </message>
    <message>
        <source>检查拓扑</source>
        <translation>Check topology</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>对象</source>
        <translation>Feature</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>发现 {n} 个问题</source>
        <translation>{n} problems found</translation>
    </message>
    <message>
        <source>没有发现拓扑问题</source>
        <translation>No topology problems found</translation>
    </message>
</context>
<context>
    <name>Undo</name>
    <message>
        <source>界面更新出错</source>
        <translation>View update failed</translation>
    </message>
</context>
<context>
    <name>UndoHistoryDock</name>
    <message>
        <source>操作历史</source>
        <extracomment>the newest recorded entries shown (the file may hold thousands)</extracomment>
        <translation>History</translation>
    </message>
    <message>
        <source>&lt;打开时的状态&gt;</source>
        <translation>&lt;as opened&gt;</translation>
    </message>
    <message>
        <source>已保存的历史（此前的会话或命令行，不能在上方撤销）</source>
        <translation>Saved history (earlier sessions or the command line; not undoable above)</translation>
    </message>
    <message>
        <source>撤销最近一次（已保存）</source>
        <translation>Undo latest saved operation</translation>
    </message>
    <message>
        <source>撤销 #{id}：{text}</source>
        <translation>Undo of #{id}: {text}</translation>
    </message>
    <message>
        <source>{layer} 新增 {inserted}，修改 {updated}，删除 {deleted}</source>
        <translation>{layer}: {inserted} added, {updated} changed, {deleted} deleted</translation>
    </message>
    <message>
        <source>（已撤销）</source>
        <translation>(undone)</translation>
    </message>
    <message>
        <source>不能撤销</source>
        <translation>Cannot undo</translation>
    </message>
    <message>
        <source>撤销此操作</source>
        <translation>Revert this operation</translation>
    </message>
    <message>
        <source>把选中的已保存操作反向做一次，记为新的操作；其中的要素此后被改过时不做</source>
        <translation>Apply the inverse of the selected saved operation as a new operation; refused if its features changed since</translation>
    </message>
    <message>
        <source>不能撤销此操作</source>
        <translation>Cannot revert this operation</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <source>打开项目(&amp;O)…</source>
        <translation>&amp;Open Project…</translation>
    </message>
    <message>
        <source>另存为(&amp;A)…</source>
        <translation>Save &amp;As…</translation>
    </message>
    <message>
        <source>退出(&amp;Q)</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>放大</source>
        <translation>Zoom In</translation>
    </message>
    <message>
        <source>缩小</source>
        <translation>Zoom Out</translation>
    </message>
    <message>
        <source>全图</source>
        <translation>Full Extent</translation>
    </message>
    <message>
        <source>缩放到所选</source>
        <translation>Zoom to Selection</translation>
    </message>
    <message>
        <source>清除选择</source>
        <translation>Clear Selection</translation>
    </message>
    <message>
        <source>关于 GridAtlas(&amp;A)</source>
        <translation>&amp;About GridAtlas</translation>
    </message>
    <message>
        <source>平移</source>
        <translation>Pan</translation>
    </message>
    <message>
        <source>拉框放大</source>
        <translation>Zoom to Box</translation>
    </message>
    <message>
        <source>识别要素</source>
        <translation>Identify Features</translation>
    </message>
    <message>
        <source>点选</source>
        <translation>Select by Click</translation>
    </message>
    <message>
        <source>矩形选择</source>
        <translation>Select by Rectangle</translation>
    </message>
    <message>
        <source>套索选择</source>
        <translation>Select by Lasso</translation>
    </message>
    <message>
        <source>导入数据(&amp;I)…</source>
        <translation>&amp;Import data…</translation>
    </message>
    <message>
        <source>新建项目(&amp;N)…</source>
        <translation>&amp;New project…</translation>
    </message>
    <message>
        <source>只从当前图层选择</source>
        <translation>Select from the current layer only</translation>
    </message>
</context>
<context>
    <name>WorkspaceTexts</name>
    <message>
        <source>默认</source>
        <extracomment>Width (pixels) of the panel column at the start: room for the identify text and the balance figures. Height (pixels) of the layers/tree pane at the top of the column.</extracomment>
        <translation>Default</translation>
    </message>
    <message>
        <source>规划</source>
        <translation>Planner</translation>
    </message>
    <message>
        <source>组织</source>
        <translation>Officer</translation>
    </message>
    <message>
        <source>演示</source>
        <translation>Presenter</translation>
    </message>
    <message>
        <source>工作区(&amp;W)</source>
        <translation>&amp;Workspace</translation>
    </message>
    <message>
        <source>工具栏(&amp;T)</source>
        <translation>&amp;Toolbars</translation>
    </message>
    <message>
        <source>面板</source>
        <translation>Panels</translation>
    </message>
</context>
</TS>