import type { CampaignProgress } from './campaign.js';

function clock(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/**
 * One progress line: what is done of what bounds the campaign (frames of the --runs budget, or time of the
 * --duration), the rate, the findings, how many actions have had frames, and the target being fuzzed now. The
 * estimate of what is left uses the average rate of the whole campaign so far, so it moves smoothly.
 */
export function progressLine(label: string, p: CampaignProgress): string {
  const rate = p.elapsedMs > 0 ? (p.frames * 1000) / p.elapsedMs : 0;
  const findings = `${p.findings} finding${p.findings === 1 ? '' : 's'}`;
  const actions = `${p.actionsReached}/${p.actionsTotal} actions`;
  const now = p.current ? `, now ${p.current.action} (${p.current.family})` : '';
  let done: string;
  let left = '';
  if (p.durationMs !== undefined) {
    done = `${clock(Math.min(p.elapsedMs, p.durationMs))}/${clock(p.durationMs)}, ${p.frames} frames`;
    left = `, ${clock(Math.max(0, p.durationMs - p.elapsedMs))} left`;
  } else if (p.budget !== undefined) {
    done = `${p.frames}/${p.budget} frames (${Math.floor((100 * p.frames) / Math.max(1, p.budget))}%)`;
    if (rate > 0 && p.frames < p.budget) left = `, ~${clock(((p.budget - p.frames) * 1000) / rate)} left`;
  } else done = `${p.frames} frames`;
  return `${label}: ${done}, ${Math.round(rate)} frames/s, ${findings}, ${actions}${now}${left}`;
}

/**
 * Progress of a campaign on a stream: a line rewritten in place on a terminal, a plain line every few seconds
 * elsewhere (CI logs), so neither floods.
 */
export function progressPrinter(label: string, stream: NodeJS.WriteStream = process.stderr): { update(p: CampaignProgress): void; done(p: CampaignProgress): void } {
  const tty = !!stream.isTTY;
  let lastPlain = 0;
  return {
    update(p) {
      if (tty) stream.write(`\r\x1b[2K${progressLine(label, p)}`);
      else if (Date.now() - lastPlain >= 5000) {
        lastPlain = Date.now();
        stream.write(`${progressLine(label, p)}\n`);
      }
    },
    done(p) {
      stream.write(`${tty ? '\r\x1b[2K' : ''}${progressLine(label, { ...p, current: undefined })}, done in ${clock(p.elapsedMs)}\n`);
    },
  };
}
