import type { CampaignProgress } from './campaign.js';

function clock(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function progressLine(label: string, p: CampaignProgress): string {
  const rate = p.elapsedMs > 0 ? Math.round((p.frames * 1000) / p.elapsedMs) : 0;
  let left = '';
  if (p.msLeft !== undefined) left = `, ${clock(p.msLeft)} left`;
  else if (p.runsLeft !== undefined && p.runs > 0) left = `, ~${clock((p.runsLeft * p.elapsedMs) / p.runs)} left`;
  return `${label}: ${p.frames} frames, ${rate} frames/s, ${p.findings} finding${p.findings === 1 ? '' : 's'}${left}`;
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
      stream.write(`${tty ? '\r\x1b[2K' : ''}${progressLine(label, p)}, done in ${clock(p.elapsedMs)}\n`);
    },
  };
}
