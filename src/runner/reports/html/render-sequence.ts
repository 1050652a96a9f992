import type { SequenceModel } from './sequence.js';

// Draws a sequence model as HTML with inline SVG arrows. This function runs in the report page (its source is
// inlined into the page's script, so it must stay self-contained: no imports, no outside names) and in Node
// for the tests. Frame text comes from the SUT: everything it shows goes through esc().

export function renderSequence(model: SequenceModel): string {
  const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
  const time = (t: number | undefined) => (t === undefined ? '' : t < 1000 ? `+${t} ms` : `+${(t / 1000).toFixed(2)} s`);
  const pretty = (p: string) => {
    try {
      return JSON.stringify(JSON.parse(p), null, 2);
    } catch {
      return p;
    }
  };
  const L = 15;
  const R = 85;
  const arrow = (lr: boolean, dashed: boolean) => {
    const [from, to, head] = lr ? [L, R, 'M0 6 l-10 -5 v10 z'] : [R, L, 'M0 6 l10 -5 v10 z'];
    return `<svg class="ar" width="100%" height="12" aria-hidden="true"><line x1="${from}%" y1="6" x2="${to}%" y2="6"${dashed ? ' stroke-dasharray="6 4"' : ''}/>`
      + `<svg x="${to}%" overflow="visible"><path d="${head}"/></svg></svg>`;
  };
  const sutLane = model.sut === 'CS' ? 'l' : 'r';
  const lane = (side: 'l' | 'r', name: string) => `<div class="lane ${side}">${name}<small>${side === sutLane ? 'SUT' : 'ocpp-conformance'}</small></div>`;
  const out: string[] = [`<div class="lanes">${lane('l', 'Charging station')}${lane('r', 'CSMS')}</div><div class="rows">`];
  const failing = '<span class="fs">failing step</span>';
  for (const r of model.rows) {
    if (r.k === 'event') {
      out.push(`<div class="ev${r.late ? ' late' : ''}"><span class="t">${time(r.t)}</span><div class="note">${esc(r.x)}</div></div>`);
      continue;
    }
    if (r.k === 'verdict') {
      out.push(`<div class="vd"><span class="t">${time(r.t)}</span><span>verdict ${esc(r.x === 'notApplicable' ? 'not applicable' : r.x)}; what follows is the harness closing down</span></div>`);
      continue;
    }
    const dir = r.lr ? 'lr' : 'rl';
    if (r.k === 'missing') {
      out.push(`<div class="fr miss ${dir} mk"><span class="lbl">${failing}<b>${esc(r.a ?? 'expected message')}</b> expected, not received</span>${arrow(!!r.lr, true)}</div>`);
      continue;
    }
    const id = r.id ? ` <span class="id" title="message ID ${esc(r.id)}">${esc(r.id.length > 12 ? `${r.id.slice(0, 8)}…` : r.id)}</span>` : '';
    const gist = r.g ? ` <span class="g">${esc(r.g)}</span>` : '';
    let what: string;
    if (r.k === 'call') what = `<span class="ty">CALL</span><b>${esc(r.a)}</b>`;
    else if (r.k === 'result') what = `<span class="ty">RESULT</span><b>${esc(r.a ?? '?')}</b>`;
    else if (r.k === 'error') what = `<span class="ty err">CALLERROR</span><b>${esc(r.code)}</b>${r.a ? ` <span class="to">to ${esc(r.a)}</span>` : ''}`;
    else what = `<span class="ty err">${esc(r.x ?? 'frame')}</span>`;
    const cls = `fr ${dir} ${r.k}${r.m ? ' mk' : ''}${r.late ? ' late' : ''}`;
    const label = `<span class="lbl">${r.m ? failing : ''}${what}${gist}${id}</span>`;
    const note = r.n ? `<div class="vn">${esc(r.n)}</div>` : '';
    out.push(`<details class="${cls}"><summary><span class="t">${time(r.t)}</span>${label}${arrow(!!r.lr, false)}</summary><pre class="pl">${esc(pretty(r.p ?? ''))}</pre></details>${note}`);
  }
  if (!model.rows.length) out.push('<div class="ev"><div class="note">no frame was exchanged</div></div>');
  out.push('</div>');
  return out.join('');
}
