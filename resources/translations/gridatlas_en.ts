<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
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
    <name>FilePage</name>
    <message>
        <source>选择文件</source>
        <extracomment>Encodings offered besides "detected"; GB18030 is a superset of GBK/GB2312. Reasons as the geo library counts them → what the Chinese UI shows.</extracomment>
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
    <name>IdentifyDock</name>
    <message>
        <source>识别结果</source>
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
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>导入数据</source>
        <translation>Import data</translation>
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
        <source>操作历史</source>
        <translation>Undo history</translation>
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
    <name>OrgTreeDock</name>
    <message>
        <source>党组织</source>
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
    <name>PlaceholderCanvas</name>
    <message>
        <source>地图画布尚未安装</source>
        <translation>Map canvas not installed yet</translation>
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
</context>
</TS>