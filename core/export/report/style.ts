// The report's only stylesheet, inlined into the page. System fonts only: nothing is fetched.
export const REPORT_CSS = `
:root { --ink:#111827; --muted:#6b7280; --line:#e5e7eb; --bg:#f6f7f9; --card:#fff; --accent:#2563eb; --good:#15803d; --warn:#b45309; --bad:#c62828; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink); font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif; -webkit-font-smoothing:antialiased; }
header.top { background:#0f172a; color:#f8fafc; padding:28px 0 24px; }
.wrap { max-width:1120px; margin:0 auto; padding:0 28px; }
header.top .eyebrow { text-transform:uppercase; letter-spacing:.12em; font-size:11px; color:#93c5fd; font-weight:600; }
header.top h1 { margin:4px 0 6px; font-size:26px; font-weight:650; letter-spacing:-.01em; }
header.top .sub { color:#cbd5e1; font-size:13px; }
header.top .sub span + span::before { content:"·"; margin:0 8px; color:#64748b; }
.kpis { display:grid; grid-template-columns:repeat(4,1fr); gap:14px; margin:-18px auto 8px; position:relative; }
.kpi { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:14px 16px; box-shadow:0 1px 2px rgba(15,23,42,.06); }
.kpi .label { color:var(--muted); font-size:12px; }
.kpi .value { font-size:24px; font-weight:650; margin-top:2px; font-variant-numeric:tabular-nums; }
.kpi .note { color:var(--muted); font-size:12px; }
section { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:18px 22px 20px; margin:16px 0; box-shadow:0 1px 2px rgba(15,23,42,.04); break-inside:avoid; }
section h2 { font-size:16px; margin:0 0 2px; font-weight:650; }
section p.lead { margin:0 0 12px; color:var(--muted); font-size:13px; }
.grid2 { display:grid; grid-template-columns:1fr 1fr; gap:18px; }
.grid2 h3 { font-size:13px; margin:4px 0 4px; font-weight:600; color:#374151; }
table { border-collapse:collapse; width:100%; font-variant-numeric:tabular-nums; }
th, td { text-align:left; padding:6px 10px; border-bottom:1px solid var(--line); font-size:13px; }
th { color:var(--muted); font-weight:600; font-size:12px; background:#fafbfc; }
td.num, th.num { text-align:right; }
td.best { font-weight:700; }
/* the verdict: the app's colours (renderer/src/styles.css --ok, --warn, --danger) */
.verdict { border-left:6px solid var(--tone); } .verdict.good { --tone:var(--good); } .verdict.warn { --tone:var(--warn); } .verdict.bad { --tone:var(--bad); }
.verdict h2 { color:var(--tone); } .verdict .lost { color:var(--warn); }
table.scores { max-width:640px; } table.scores caption { text-align:left; color:var(--muted); font-size:12px; padding-bottom:4px; }
table.scores tr.chosen td { font-weight:650; } td.barcell { width:45%; }
.bar { display:inline-block; height:10px; border-radius:3px; background:#9ca3af; } .bar.net { background:var(--accent); } tr.chosen .bar { background:var(--tone); }
.pos { color:var(--good); font-weight:600; } .neg { color:var(--bad); font-weight:600; }
.tag { display:inline-block; padding:1px 8px; border-radius:999px; font-size:11px; font-weight:600; background:#eef2ff; color:#3730a3; }
.tag.target { background:#dbeafe; color:#1d4ed8; } .tag.time { background:#f1f5f9; color:#334155; } .tag.ignored { background:#f3f4f6; color:#9ca3af; } .tag.feature { background:#ecfdf5; color:#047857; }
.cfg { display:grid; grid-template-columns:repeat(auto-fill,minmax(300px,1fr)); gap:12px; align-items:start; }
.cfg div.group { border:1px solid var(--line); border-radius:8px; padding:10px 12px; }
.cfg h3 { margin:0 0 6px; font-size:12px; text-transform:uppercase; letter-spacing:.08em; color:var(--muted); }
.cfg dl { margin:0; display:grid; grid-template-columns:auto 1fr; gap:2px 12px; font-size:12.5px; }
.cfg dt { color:var(--muted); } .cfg dd { margin:0; text-align:right; font-variant-numeric:tabular-nums; word-break:break-word; }
svg.chart { width:100%; height:auto; display:block; }
svg.chart.square { max-width:440px; margin:0 auto; }
svg .grid { stroke:#eef0f3; } svg .axis { stroke:#9ca3af; } svg .tickmark { stroke:#9ca3af; }
svg .tick { fill:#6b7280; font-size:11px; } svg .axlabel { fill:#374151; font-size:12px; font-weight:600; }
svg .legend { fill:#374151; font-size:11.5px; } svg .chance { stroke:#9ca3af; stroke-dasharray:4 4; }
svg .marker { stroke:#9ca3af; stroke-dasharray:3 3; } svg .markerlabel { fill:#6b7280; font-size:11px; }
svg .seglabel { fill:#fff; font-size:12px; font-weight:600; }
svg .cm { fill:#111827; font-size:16px; font-weight:650; } svg .cmp { fill:#4b5563; font-size:11px; } svg .cm-dark { fill:#fff; }
.legend-note { color:var(--muted); font-size:12px; margin-top:6px; }
footer { color:var(--muted); font-size:12px; padding:8px 0 36px; }
@media print { body { background:#fff; } section, .kpi { box-shadow:none; } header.top { -webkit-print-color-adjust:exact; print-color-adjust:exact; } }
`
