import { readFileSync } from 'node:fs';
import { TEST_STATES, type TestState } from '../../../harness/verdicts.js';
import { OCTT, octtById } from '../../../catalog/octt.js';
import { PROFILE_TITLES } from '../../../catalog/octt.js';
import type { TestResult } from '../../execute.js';
import { totals, type ProfileSummary } from '../../summary.js';
import { configRows, sutIdentities } from './identity.js';
import { renderSequence } from './render-sequence.js';
import { sequenceModel } from './sequence.js';
import { STYLE } from './style.js';

// report.html: one self-contained page (inline CSS and script, nothing fetched) for a test lab and a procurement
// reviewer. A first page (who was tested, with what, the verdict per certification profile), then every test
// case in catalogue order: verdict and reason first, then the exchange as a sequence diagram, drawn when the
// reader opens the test case so that a run of hundreds of test cases stays small and quick.

const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STATE_LABEL: Record<TestState, string> = {
  passed: 'Passed', failed: 'Failed', inconclusive: 'Inconclusive', error: 'Error', notApplicable: 'Not applicable',
};

const STATE_MEANING: Record<TestState, string> = {
  passed: 'The SUT behaved as the specification requires in every step the test case checks.',
  failed: 'The SUT did something the specification forbids, or left out something it requires. The reason names the rule where it is known.',
  inconclusive: 'The test case could not reach the point it checks, for a reason that is not a defect of the SUT (an operator action not available, an optional setting refused, a state another test case is about).',
  error: 'The test tool itself failed. This says nothing about the SUT; the stack trace is for the tool\'s maintainers.',
  notApplicable: 'The SUT profile declares the optional feature this test case needs as absent or does not claim it.',
};

const PROFILE_VERDICT: Record<ProfileSummary['verdict'], string> = {
  pass: 'PASS', fail: 'FAIL', incomplete: 'INCOMPLETE', notApplicable: 'NOT APPLICABLE',
};

/** Name and version of this tool, from its package.json (found upwards from this module, in src/ or dist/). */
export function toolVersion(): { name: string; version: string } {
  for (let up = 3; up <= 6; up++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(`${'../'.repeat(up)}package.json`, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'ocpp-conformance') return { name: pkg.name, version: pkg.version ?? '?' };
    } catch {
      // not at this level
    }
  }
  return { name: 'ocpp-conformance', version: 'unknown' };
}

const utc = (ms: number) => `${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC`;
const seconds = (ms: number) => (ms < 1000 ? `${ms} ms` : ms < 600_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`);
const roleName = (sut: string) => (sut === 'CS' ? 'Charging station' : 'CSMS');
const anchor = (id: string) => `tc-${id.replace(/[^A-Za-z0-9_.-]+/g, '-')}`;

function overallVerdict(results: TestResult[]): { cls: string; word: string; what: string } {
  const t = totals(results);
  if (!results.length) return { cls: 'notrun', word: 'NOT RUN', what: 'no test case ran' };
  if (t.failed) return { cls: 'fail', word: 'FAIL', what: `${t.failed} test case${t.failed > 1 ? 's' : ''} failed` };
  if (t.inconclusive || t.error) return { cls: 'incomplete', word: 'INCOMPLETE', what: 'nothing failed, but not every test case reached a verdict' };
  if (!t.passed) return { cls: 'notApplicable', word: 'NOT APPLICABLE', what: 'no test case applied to this SUT' };
  return { cls: 'pass', word: 'PASS', what: 'every applicable test case passed' };
}

function cover(meta: Record<string, unknown>, results: TestResult[], tool: { name: string; version: string }): string {
  const started = typeof meta.startedAt === 'number' ? meta.startedAt : Math.min(...results.map((r) => r.startedAt), Date.now());
  const versions = [...new Set(results.map((r) => r.ocpp))];
  const ocpp = versions.length ? versions.join(' and ') : String(meta.ocpp ?? (meta.versions as string[] | undefined)?.join(' and ') ?? '?');
  const overall = overallVerdict(results);
  const kind = meta.kind === 'demo' ? 'demo against the built-in reference implementations' : String(meta.kind ?? 'test run');
  return `<header class="card cover"><div>
<h1>OCPP Conformance Test Report</h1>
<div class="sub"><b>${esc(tool.name)} ${esc(tool.version)}</b> · ${esc(kind)} · OCPP <b>${esc(ocpp)}</b> · started <b>${esc(utc(started))}</b></div>
<p class="disclaimer">A pre-certification check: the test cases reproduce official compliance test cases where the report says so (in full or in part). It is not a certificate.</p>
${typeof meta.error === 'string' ? `<p class="why"><b>The run could not start:</b> ${esc(meta.error)}</p>` : ''}
</div><div class="overall ${overall.cls}"><div class="word">${overall.word}</div><div class="what">${esc(overall.what)}</div></div></header>`;
}

function sutSection(meta: Record<string, unknown>, results: TestResult[]): string {
  const ids = sutIdentities(results, meta);
  if (!ids.length) return '';
  const rows = ids.map((s) => `<tr><td><b>${roleName(s.sut)}</b></td><td>${esc(s.ocpp)}</td><td><div class="facts-row">${s.facts.map(([k, v]) => `<div><small>${esc(k)}</small>${esc(v)}</div>`).join('')}</div></td></tr>`);
  return `<section class="card"><h2>System under test</h2><table><thead><tr><th>Role</th><th>OCPP</th><th>Identity, as the SUT reported it</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function profileSection(summary: ProfileSummary[]): string {
  if (!summary.length) return '';
  const cell = (n: number) => `<td class="n${n ? '' : ' zero'}">${n}</td>`;
  const rows = summary.map((s) => {
    const inProfile = OCTT.filter((o) => o.ocpp === s.ocpp && o.sut === s.sut && o.profiles.includes(s.profile)).length;
    const coverage = inProfile
      ? `${s.octtFull} in full, ${s.octtPartial} in part <span class="missing">of ${inProfile}</span>`
      : `${s.octtFull} in full, ${s.octtPartial} in part`;
    return `<tr><td><b>${esc(s.title)}</b></td><td>${esc(s.ocpp)}</td><td>${roleName(s.sut)}</td><td><span class="pill ${s.verdict}">${PROFILE_VERDICT[s.verdict]}</span></td>${TEST_STATES.map((st) => cell(s[st])).join('')}<td>${coverage}</td></tr>`;
  });
  return `<section class="card"><h2>Verdict per certification profile</h2><table><thead><tr><th>Profile</th><th>OCPP</th><th>SUT</th><th>Verdict</th>${TEST_STATES.map((st) => `<th class="n">${STATE_LABEL[st]}</th>`).join('')}<th>Official test cases covered</th></tr></thead><tbody>${rows.join('')}</tbody></table>
<p class="missing">A profile passes when none of its test cases failed and none was left inconclusive or in error. A test case counts towards every profile its official test cases belong to.</p></section>`;
}

/** The failures (and tool errors) on the first page, each a link to its test case. */
function findingsSection(results: TestResult[]): string {
  const bad = results.filter((r) => r.state === 'failed' || r.state === 'error');
  if (!bad.length) return '';
  const LIMIT = 40;
  const rows = bad.slice(0, LIMIT).map((r) => `<tr><td><span class="pill ${r.state}">${STATE_LABEL[r.state].toUpperCase()}</span></td><td><a class="tid" href="#${anchor(r.id)}">${esc(r.id)}</a><div>${esc(r.title)}</div></td><td>${esc(r.reason ?? '')}${r.octt.length ? `<div class="missing">${esc(r.octt.map((c) => c.id).join(', '))}</div>` : ''}</td></tr>`);
  const more = bad.length > LIMIT ? `<p><a href="#only-failed">All ${bad.length} …</a></p>` : '';
  return `<section class="card"><h2>Findings</h2><table class="findings"><thead><tr><th>Verdict</th><th>Test case</th><th>Reason (and official test cases)</th></tr></thead><tbody>${rows.join('')}</tbody></table>${more}</section>`;
}

function countsBar(results: TestResult[]): string {
  const t = totals(results);
  const link = (f: string, cls: string, n: number, label: string) => `<a href="#${f}" class="${cls}" data-f="${f}"><b>${n}</b>${label}</a>`;
  return `<div class="counts">${link('all', 'all', results.length, 'all test cases')}${TEST_STATES.map((s) => link(`only-${s}`, s, t[s], STATE_LABEL[s].toLowerCase())).join('')}</div>`;
}

const KNOWN_META = new Set(['title', 'kind', 'wallMs', 'sumMs', 'ocpp', 'versions', 'stationId', 'parallel', 'faults', 'profile', 'error', 'startedAt', 'sutUrl', 'url']);

function runSection(meta: Record<string, unknown>, results: TestResult[]): string {
  const rows: [string, string][] = [];
  const wall = Number(meta.wallMs ?? 0);
  const sum = Number(meta.sumMs ?? results.reduce((s, r) => s + r.durationMs, 0));
  if (meta.kind !== undefined) rows.push(['Run', String(meta.kind)]);
  if (meta.stationId !== undefined) rows.push(['Station ID', String(meta.stationId)]);
  if (meta.parallel !== undefined) rows.push(['Test cases run at once', String(meta.parallel)]);
  if (Array.isArray(meta.faults)) rows.push(['Faults injected into the reference', meta.faults.length ? meta.faults.join(', ') : 'none']);
  rows.push(['Test cases', String(results.length)]);
  if (wall) rows.push(['Wall time', `${seconds(wall)} for ${seconds(sum)} of test case time${sum > wall * 1.05 ? ` (×${(sum / wall).toFixed(1)} through parallel runs)` : ''}`]);
  else rows.push(['Sum of test case durations', seconds(sum)]);
  const rest = Object.fromEntries(Object.entries(meta).filter(([k]) => !KNOWN_META.has(k)));
  rows.push(...configRows(rest));
  const profile = configRows(meta.profile);
  const table = (rs: [string, string][]) => `<table class="kv">${rs.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`;
  return `<section class="card"><h2>Run configuration</h2>${table(rows)}${profile.length ? `<h4>SUT profile the harness used (secrets shown as ***)</h4>${table(profile)}` : ''}</section>`;
}

function legend(results: TestResult[]): string {
  return `<section class="card"><h2>Verdicts</h2>${countsBar(results)}<ul class="legend" style="margin-top:14px">${TEST_STATES.map((s) => `<li><span class="pill ${s}">${STATE_LABEL[s].toUpperCase()}</span><span>${STATE_MEANING[s]}</span></li>`).join('')}</ul></section>`;
}

function officialList(r: TestResult): string {
  if (!r.octt.length) return '<span class="missing">none: this test case checks the specification without an official counterpart</span>';
  return `<ul>${r.octt.map((c) => {
    const name = octtById(c.id)?.name;
    const fid = c.fidelity === 'full'
      ? '<span class="fid full">full</span>'
      : `<span class="fid partial">partial</span> <span class="missing">not reproduced: ${esc(c.missing)}</span>`;
    return `<li><code>${esc(c.id)}</code>${name ? ` ${esc(name)}` : ''} — ${fid}</li>`;
  }).join('')}</ul>`;
}

function testCase(r: TestResult, index: number): string {
  const facts: [string, string][] = [
    ['Verdict', `<span class="pill ${r.state}">${STATE_LABEL[r.state].toUpperCase()}</span>${r.reason ? ` ${esc(r.reason)}` : ''}`],
  ];
  if (r.requirement) facts.push(['Requirement', `<code>${esc(r.requirement)}</code>`]);
  facts.push(['Official test cases', officialList(r)]);
  const profiles = r.certification.length ? r.certification : [r.profile];
  facts.push(['Certification profile', esc(profiles.map((p) => PROFILE_TITLES[p] ?? p).join(', '))]);
  if (r.needs.length) facts.push(['Optional items needed', esc(r.needs.join(', '))]);
  facts.push(['Started', `${esc(utc(r.startedAt))}, took ${esc(seconds(r.durationMs))}`]);
  // A stack trace belongs to the tool's own failures only; a verdict about the SUT never shows one.
  const stack = r.state === 'error' && r.stack
    ? `<details class="stack"><summary>Stack trace of the test tool (a fault in ocpp-conformance, not in the SUT)</summary><pre>${esc(r.stack)}</pre></details>` : '';
  const seq = r.frames?.length
    ? `<div class="seq" data-i="${index}"><div class="none">Opening the diagram needs JavaScript; the raw trace is in junit.xml.</div></div>`
    : '<div class="seq"><div class="none">No frame was exchanged.</div></div>';
  return `<details class="tc v-${r.state}" id="${anchor(r.id)}"><summary><span class="pill ${r.state}">${STATE_LABEL[r.state].toUpperCase()}</span><span class="tid">${esc(r.id)}</span><span class="ttl">${esc(r.title)}</span><span class="dur">${esc(seconds(r.durationMs))}</span>${r.reason && r.state !== 'passed' ? `<span class="why">${esc(r.reason)}</span>` : ''}</summary>
<div class="body"><dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>${stack}<h4>Message exchange</h4>${seq}</div></details>`;
}

function testsSection(results: TestResult[]): string {
  const groups: string[] = [];
  let current = '';
  let body: string[] = [];
  const flush = () => {
    if (body.length) groups.push(`<div class="group"><h3>${current}</h3>${body.join('\n')}</div>`);
    body = [];
  };
  results.forEach((r, i) => {
    const title = `OCPP ${esc(r.ocpp)} · ${roleName(r.sut)} under test`;
    if (title !== current) {
      flush();
      current = title;
    }
    body.push(testCase(r, i));
  });
  flush();
  return `<section id="tests"><div class="toolbar"><b>Test cases</b>${countsBar(results)}<button type="button" data-act="open-failed">Open failed</button><button type="button" data-act="close">Close all</button><span class="shown"></span></div>${groups.join('\n')}</section>`;
}

/** Script of the page: filters per verdict (from the URL hash), and drawing a test's diagram when it is opened. */
function script(): string {
  return `(function () {
  var data;
  function models() { return data || (data = JSON.parse(document.getElementById('seq-data').textContent)); }
  ${renderSequence.toString()}
  function draw(tc) {
    var box = tc.querySelector('.seq[data-i]');
    if (box && !box.getAttribute('data-drawn')) { box.innerHTML = renderSequence(models()[+box.getAttribute('data-i')]); box.setAttribute('data-drawn', '1'); }
  }
  document.addEventListener('toggle', function (e) { var t = e.target; if (t.classList && t.classList.contains('tc') && t.open) draw(t); }, true);
  function apply() {
    var h = decodeURIComponent(location.hash.slice(1)), m = /^only-(\\w+)$/.exec(h), f = m ? m[1] : '';
    document.body.setAttribute('data-filter', f);
    document.querySelectorAll('.counts a').forEach(function (a) { a.classList.toggle('on', a.getAttribute('data-f') === (f ? 'only-' + f : 'all')); });
    var shown = 0;
    document.querySelectorAll('.group').forEach(function (g) {
      var n = f ? g.querySelectorAll('.tc.v-' + f).length : g.querySelectorAll('.tc').length;
      g.style.display = n ? '' : 'none'; shown += n;
    });
    var count = document.querySelector('.shown');
    if (count) count.textContent = shown + ' shown';
    if (m) { var tests = document.getElementById('tests'); if (tests) tests.scrollIntoView(); }
    else if (h && h !== 'all') { var el = document.getElementById(h); if (el && el.tagName === 'DETAILS') { el.open = true; draw(el); el.scrollIntoView(); } }
  }
  window.addEventListener('hashchange', apply);
  document.addEventListener('click', function (e) {
    var act = e.target.getAttribute && e.target.getAttribute('data-act');
    if (act === 'open-failed') document.querySelectorAll('.tc.v-failed').forEach(function (d) { d.open = true; draw(d); });
    if (act === 'close') document.querySelectorAll('.tc[open]').forEach(function (d) { d.open = false; });
  });
  apply();
})();`;
}

/** The whole page as one string. */
export function reportHtml(meta: Record<string, unknown>, results: TestResult[], summary: ProfileSummary[]): string {
  const tool = toolVersion();
  const models = results.map((r) => sequenceModel(r));
  // Inside a <script> element, "</script" in SUT-sent text must not end it: every "<" becomes \\u003c.
  const data = JSON.stringify(models).replace(/</g, '\\u003c');
  const title = `OCPP conformance report — ${tool.name} ${tool.version}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body><main>
${cover(meta, results, tool)}
${sutSection(meta, results)}
${profileSection(summary)}
${findingsSection(results)}
<div class="grid2">${legend(results)}${runSection(meta, results)}</div>
${results.length ? testsSection(results) : ''}
<footer>Generated by ${esc(tool.name)} ${esc(tool.version)} on ${esc(utc(Date.now()))}. Official test case IDs name the test cases of the OCA compliance test tool; the descriptions here are this tool's own.</footer>
</main>
<script type="application/json" id="seq-data">${data}</script>
<script>${script()}</script>
</body></html>
`;
}
