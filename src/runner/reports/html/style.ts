// The report's only stylesheet, inlined: system fonts, no web fonts, nothing fetched. Prints readably too.

export const STYLE = `
:root {
  --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; --accent: #0b4f8a;
  --passed: #1a7f37; --failed: #cf222e; --inconclusive: #9a6700; --error: #8250df; --notApplicable: #6e7781;
  --passed-bg: #dafbe1; --failed-bg: #ffebe9; --inconclusive-bg: #fff8c5; --error-bg: #fbefff; --notApplicable-bg: #eff2f5;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "DejaVu Sans", sans-serif;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 14px/1.45 var(--sans); color: var(--ink); background: #eef1f4; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 24px 64px; }
a { color: var(--accent); }
h1, h2, h3, h4 { line-height: 1.25; margin: 0; }
h2 { font-size: 17px; margin: 0 0 12px; }
h4 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 18px 0 8px; }
code, .mono { font-family: var(--mono); font-size: 12.5px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 20px 24px; margin: 0 0 16px; }

header.cover { display: flex; gap: 24px; align-items: flex-start; justify-content: space-between; border-top: 6px solid var(--accent); }
header.cover h1 { font-size: 24px; margin-bottom: 6px; }
header.cover .sub { color: var(--muted); }
header.cover .sub b { color: var(--ink); font-weight: 600; }
.overall { text-align: center; min-width: 170px; padding: 12px 16px; border-radius: 8px; border: 2px solid; }
.overall .word { font-size: 26px; font-weight: 700; letter-spacing: .06em; }
.overall .what { font-size: 12px; }
.overall.pass { color: var(--passed); background: var(--passed-bg); }
.overall.fail { color: var(--failed); background: var(--failed-bg); }
.overall.incomplete { color: var(--inconclusive); background: var(--inconclusive-bg); }
.overall.notrun, .overall.notApplicable { color: var(--notApplicable); background: var(--notApplicable-bg); }
.disclaimer { color: var(--muted); font-size: 12px; margin-top: 10px; max-width: 720px; }

table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; color: var(--muted); font-weight: 600; background: var(--soft); }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.zero { color: #aab2bb; }
table.kv th { width: 32%; background: none; font-size: 13px; color: var(--muted); font-weight: 500; }
table.kv td { overflow-wrap: anywhere; }
table.findings td { overflow-wrap: anywhere; }
table.findings td:first-child { width: 120px; }
table.findings td:nth-child(2) { width: 36%; }
.facts-row { display: flex; flex-wrap: wrap; gap: 4px 28px; }
.facts-row small { display: block; font-size: 11px; color: var(--muted); }
.facts-row div { overflow-wrap: anywhere; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
@media (max-width: 860px) { .grid2 { grid-template-columns: 1fr; } header.cover { flex-direction: column; } }

.pill { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 11.5px; font-weight: 700; letter-spacing: .04em; white-space: nowrap; border: 1px solid; }
.pill.passed, .pill.pass { color: var(--passed); background: var(--passed-bg); }
.pill.failed, .pill.fail { color: var(--failed); background: var(--failed-bg); }
.pill.inconclusive, .pill.incomplete { color: var(--inconclusive); background: var(--inconclusive-bg); }
.pill.error { color: var(--error); background: var(--error-bg); }
.pill.notApplicable { color: var(--notApplicable); background: var(--notApplicable-bg); }

.counts { display: flex; flex-wrap: wrap; gap: 8px; margin: 4px 0 0; }
.counts a { text-decoration: none; color: var(--ink); border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; background: #fff; display: flex; gap: 8px; align-items: baseline; }
.counts a b { font-size: 18px; }
.counts a:hover, .counts a.on { border-color: var(--accent); box-shadow: 0 0 0 1px var(--accent) inset; }
.counts a.passed b { color: var(--passed); } .counts a.failed b { color: var(--failed); }
.counts a.inconclusive b { color: var(--inconclusive); } .counts a.error b { color: var(--error); }
.counts a.notApplicable b { color: var(--notApplicable); }
.legend { margin: 0; padding: 0; list-style: none; font-size: 13px; }
.legend li { margin: 8px 0; display: flex; gap: 10px; align-items: flex-start; }
.legend .pill { flex: 0 0 128px; text-align: center; margin-top: 1px; }

.toolbar { position: sticky; top: 0; z-index: 5; background: #eef1f4; padding: 10px 0; display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
.toolbar button { font: inherit; font-size: 13px; padding: 4px 10px; border: 1px solid var(--line); border-radius: 6px; background: #fff; cursor: pointer; }
.toolbar .shown { color: var(--muted); margin-left: auto; font-size: 13px; }
.group h3 { font-size: 15px; margin: 18px 0 8px; }

details.tc { scroll-margin-top: 120px; background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--notApplicable); border-radius: 6px; margin: 0 0 6px; }
details.tc.v-passed { border-left-color: var(--passed); } details.tc.v-failed { border-left-color: var(--failed); }
details.tc.v-inconclusive { border-left-color: var(--inconclusive); } details.tc.v-error { border-left-color: var(--error); }
details.tc > summary { list-style: none; cursor: pointer; padding: 8px 12px; display: grid; grid-template-columns: 118px auto 1fr auto; gap: 2px 12px; align-items: baseline; }
details.tc > summary::-webkit-details-marker { display: none; }
details.tc > summary:hover { background: var(--soft); }
details.tc > summary .pill { justify-self: start; }
.tid { font-family: var(--mono); font-size: 12.5px; font-weight: 600; white-space: nowrap; }
.ttl { overflow-wrap: anywhere; }
.dur { color: var(--muted); font-size: 12px; font-variant-numeric: tabular-nums; white-space: nowrap; }
.why { grid-column: 2 / 5; color: var(--muted); font-size: 13px; overflow-wrap: anywhere; }
.v-failed .why { color: #a40e26; } .v-error .why { color: #6639ba; } .v-inconclusive .why { color: #7d4e00; }
details.tc[open] > summary { border-bottom: 1px solid var(--line); }
details.tc[open] > summary .why { display: none; }
.tc .body { padding: 4px 16px 16px; }
dl.facts { display: grid; grid-template-columns: 170px 1fr; gap: 6px 16px; margin: 12px 0 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
dl.facts ul { margin: 0; padding-left: 18px; }
.fid { font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; padding: 0 6px; border-radius: 4px; }
.fid.full { color: var(--passed); background: var(--passed-bg); }
.fid.partial { color: var(--inconclusive); background: var(--inconclusive-bg); }
.missing { color: var(--muted); font-size: 13px; }
details.stack summary { cursor: pointer; color: var(--error); }
pre { white-space: pre-wrap; overflow-wrap: anywhere; word-break: break-word; margin: 0; font-family: var(--mono); font-size: 12px; }
details.stack pre { background: var(--error-bg); padding: 10px; border-radius: 6px; margin-top: 6px; }

.seq { --l: 15%; --r: 85%; border: 1px solid var(--line); border-radius: 6px; padding: 0 0 10px; background: #fcfdfe; }
.lanes { position: relative; height: 46px; border-bottom: 1px solid var(--line); background: var(--soft); border-radius: 6px 6px 0 0; }
.lane { position: absolute; top: 7px; width: 26%; text-align: center; font-weight: 600; font-size: 13px; line-height: 1.2; }
.lane small { display: block; font-weight: 500; font-size: 11px; color: var(--muted); }
.lane.l { left: calc(var(--l) - 13%); } .lane.r { left: calc(var(--r) - 13%); }
.rows { position: relative; padding-top: 6px; }
.rows::before, .rows::after { content: ""; position: absolute; top: 0; bottom: -10px; width: 2px; background: #c2cad3; }
.rows::before { left: calc(var(--l) - 1px); } .rows::after { left: calc(var(--r) - 1px); }
.fr, .ev { position: relative; z-index: 1; }
.fr > summary, .fr.miss { list-style: none; display: block; position: relative; padding: 4px 0 0; cursor: pointer; }
.fr.miss { cursor: default; }
.fr > summary::-webkit-details-marker { display: none; }
.fr > summary:hover { background: rgba(11, 79, 138, .05); }
.fr .t, .ev .t, .vd .t { position: absolute; left: 4px; top: 5px; width: calc(var(--l) - 12px); font-size: 11px; color: var(--muted); font-variant-numeric: tabular-nums; font-family: var(--mono); }
.fr .lbl { display: block; margin: 0 calc(100% - var(--r) + 12px) 0 calc(var(--l) + 12px); text-align: center; font-size: 12.5px; overflow-wrap: anywhere; }
.fr .lbl b { font-weight: 600; }
.ty { font-size: 10px; font-weight: 700; letter-spacing: .05em; color: var(--muted); border: 1px solid var(--line); border-radius: 3px; padding: 0 3px; margin-right: 5px; vertical-align: 1px; }
.ty.err { color: var(--failed); border-color: #f5b5b0; }
.g { color: #0a5c36; font-family: var(--mono); font-size: 11.5px; }
.error .g { color: var(--failed); font-family: var(--sans); }
.id { color: var(--muted); font-family: var(--mono); font-size: 11px; }
.to { color: var(--muted); }
svg.ar { display: block; overflow: visible; }
svg.ar line { stroke: #3d4752; stroke-width: 1.6; }
svg.ar path { fill: #3d4752; }
.fr.result svg.ar line, .fr.error svg.ar line { stroke-dasharray: 5 3; }
.fr.mk .lbl, .fr.mk .g { color: var(--failed); }
.fr.mk svg.ar line { stroke: var(--failed); stroke-width: 2.4; }
.fr.mk svg.ar path { fill: var(--failed); }
.fr.mk > summary, .fr.miss { background: rgba(207, 34, 46, .06); }
.fs { display: inline-block; background: var(--failed); color: #fff; font-size: 10px; font-weight: 700; text-transform: uppercase; letter-spacing: .05em; padding: 1px 5px; border-radius: 3px; margin-right: 6px; vertical-align: 1px; }
.pl { margin: 4px calc(100% - var(--r) + 10px) 8px calc(var(--l) + 10px); background: #fff; border: 1px solid var(--line); border-radius: 4px; padding: 8px 10px; max-height: 420px; overflow: auto; }
.vn { position: relative; z-index: 1; margin: 2px calc(100% - var(--r) + 10px) 6px calc(var(--l) + 10px); background: var(--failed-bg); color: #a40e26; border: 1px solid #f5b5b0; border-radius: 4px; padding: 4px 8px; font-size: 12px; overflow-wrap: anywhere; }
.ev { padding: 5px 0; }
.ev .note { margin: 0 calc(100% - var(--r) + 24px) 0 calc(var(--l) + 24px); background: #fff8e6; border: 1px solid #eed9a4; border-radius: 4px; padding: 2px 8px; font-size: 12px; color: #5c4a14; text-align: center; overflow-wrap: anywhere; }
.late { opacity: .55; }
.vd { position: relative; z-index: 1; margin: 6px 0; padding: 2px 0; text-align: center; font-size: 11px; color: var(--muted); border-top: 1px dashed #aab2bb; }
.vd > span:last-child { background: #fcfdfe; padding: 0 8px; position: relative; top: -10px; }
.vd .t { top: -8px; width: auto; text-align: left; background: #fcfdfe; padding-right: 6px; }
.seq .none { color: var(--muted); padding: 10px 16px; }
footer { color: var(--muted); font-size: 12px; text-align: center; margin-top: 24px; }

body[data-filter="passed"] .tc:not(.v-passed), body[data-filter="failed"] .tc:not(.v-failed),
body[data-filter="inconclusive"] .tc:not(.v-inconclusive), body[data-filter="error"] .tc:not(.v-error),
body[data-filter="notApplicable"] .tc:not(.v-notApplicable) { display: none; }
@media print {
  body { background: #fff; } .toolbar { display: none; } .card { border: none; padding: 8px 0; }
  details.tc { break-inside: avoid; }
}
`;
