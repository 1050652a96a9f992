/**
 * The command line's conventions, shared by every command (main.ts, suite-commands.ts, fuzz-commands.ts) and by the
 * config file: enum values are case-insensitive and normalised to their canonical spelling, a bad value names the
 * nearest valid one, URLs are checked up front. Each check comes twice: as a commander `argParser` (throws
 * InvalidArgumentError, which main.ts prints as one line) and as a plain function for values that come from a
 * config file or a finding.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { OCPP_VERSIONS, type OcppVersion } from '../ocpp/versions.js';

/** A bad invocation or config: printed as one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Edit distance (insert, delete, replace, swap of neighbours), case as given. */
function distance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

/** The candidate closest to what the user typed (case ignored), or undefined when none is close enough to suggest. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.trim().toLowerCase();
  let best: { candidate: string; d: number } | undefined;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    const d = c.startsWith(w) && w.length >= 2 ? 0.5 : distance(w, c); // a prefix is nearer than a typo
    if (d <= Math.max(1, Math.ceil(Math.max(w.length, c.length) * 0.4)) && (!best || d < best.d)) best = { candidate, d };
  }
  return best?.candidate;
}

/** `1.6 or 2.0.1`, `a, b or c`. */
export function orList(values: readonly string[]): string {
  return values.length <= 1 ? (values[0] ?? '') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

function didYouMean(word: string, candidates: readonly string[]): string {
  const n = nearest(word, candidates);
  return n !== undefined && n !== word ? ` (did you mean ${n}?)` : '';
}

/** The canonical spelling of one of `values`, matched case-insensitively, or undefined. */
export function matchChoice<T extends string>(text: string, values: readonly T[]): T | undefined {
  const t = text.trim().toLowerCase();
  return values.find((v) => v.toLowerCase() === t);
}

/** argParser for an enum: case-insensitive, returns the canonical spelling. */
export function choiceParser<T extends string>(values: readonly T[]): (text: string) => T {
  return (text) => {
    const v = matchChoice(text, values);
    if (v === undefined) throw new InvalidArgumentError(`use ${orList(values)}${didYouMean(text, values)}`);
    return v;
  };
}

/** argParser for a comma-separated list of enum values: case-insensitive, duplicates dropped, canonical spelling, joined by commas. */
export function choiceListParser<T extends string>(values: readonly T[]): (text: string) => string {
  const one = choiceParser(values);
  return (text) => {
    const items = text.split(',').map((s) => s.trim()).filter(Boolean);
    if (!items.length) throw new InvalidArgumentError(`give one or more of ${values.join(', ')}, comma separated`);
    return [...new Set(items.map(one))].join(',');
  };
}

/**
 * An enum option: `choices` (so --help lists the values) with a case-insensitive parser that normalises to the
 * canonical spelling: `--sut cs` is `--sut CS`.
 */
export function choiceOption<T extends string>(flags: string, description: string, values: readonly T[]): Option {
  return new Option(flags, description).choices(values).argParser(choiceParser(values));
}

/** `1.6`, `2.0.1`, `OCPP2.0.1`, `ocpp-1.6`, `1.6J`, `v1.6` → the version; anything else undefined. */
export function normalizeVersion(text: string | number): OcppVersion | undefined {
  const t = String(text).trim().toLowerCase().replace(/^ocpp[-_ ]?/, '').replace(/^v/, '').replace(/j$/, '');
  return OCPP_VERSIONS.find((v) => v === t);
}

/** argParser for --ocpp with one version. */
export function versionParser(text: string): OcppVersion {
  const v = normalizeVersion(text);
  if (!v) throw new InvalidArgumentError(`use ${orList(OCPP_VERSIONS)}${didYouMean(text, OCPP_VERSIONS)}`);
  return v;
}

/** argParser for --ocpp with one version or several, comma separated: `1.6,2.0.1`. Returns them comma-joined. */
export function versionListParser(text: string): string {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (!items.length) throw new InvalidArgumentError(`use ${orList(OCPP_VERSIONS)}, or both comma separated`);
  return [...new Set(items.map(versionParser))].join(',');
}

/** argParser for a whole number of at least `min` (EVSE counts, intervals). */
export function wholeNumberParser(min = 1): (text: string) => number {
  return (text) => {
    const n = Number(text.trim());
    if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`expected a whole number${min > 0 ? ` of at least ${min}` : ''}`);
    }
    return n;
  };
}

const WS_EXAMPLE = 'ws://127.0.0.1:9000/ocpp';

/**
 * What is wrong with a WebSocket URL, as a phrase that reads after `--url <value>: `, or undefined when it is a
 * ws:// or wss:// URL with a host. An http(s):// URL gets the ws(s):// URL it probably meant.
 */
export function wsUrlProblem(text: string): string | undefined {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)/i.exec(text.trim());
  if (!m) return `not a URL of the form ws://HOST:PORT/PATH (example: ${WS_EXAMPLE})`;
  const scheme = m[1]!.toLowerCase();
  if (scheme === 'http' || scheme === 'https') {
    const meant = `${scheme === 'https' ? 'wss' : 'ws'}${text.trim().slice(scheme.length)}`;
    return `use ws:// or wss://, not ${scheme}:// (did you mean ${meant}?)`;
  }
  if (scheme !== 'ws' && scheme !== 'wss') return `use ws:// or wss:// (example: ${WS_EXAMPLE})`;
  const host = m[2]!.replace(/^.*@/, '').replace(/:\d*$/, '');
  if (!host) return `has no host (example: ${WS_EXAMPLE})`;
  try {
    new URL(text.trim());
  } catch {
    return `not a valid URL (example: ${WS_EXAMPLE})`;
  }
  return undefined;
}

/** The URL with its scheme in lower case; a UsageError `<label> <url>: <problem>` when it is not a ws(s):// URL. */
export function checkWsUrl(text: string, label: string): string {
  const problem = wsUrlProblem(text);
  if (problem) throw new UsageError(`${label} ${text}: ${problem}`);
  return text.trim().replace(/^[a-z]+/i, (s) => s.toLowerCase());
}

/** argParser for --url, --listen, --csms-url. */
export function wsUrlParser(text: string): string {
  const problem = wsUrlProblem(text);
  if (problem) throw new InvalidArgumentError(problem);
  return text.trim().replace(/^[a-z]+/i, (s) => s.toLowerCase());
}

/**
 * The sentence for an --only that selects nothing, e.g.
 * `--only ZZ99 matches no test case for a charging station on OCPP 2.0.1 (see: ocpp-conformance list --ocpp 2.0.1 --sut CS)`.
 * `useCases` (the use-case IDs that exist) let it name the nearest instead: `--only b01` → `(did you mean B01?)`.
 */
export function noTestCaseMessage(filter: { only?: string; ocpp: readonly string[]; sut?: 'CS' | 'CSMS'; useCases?: readonly string[] }): string {
  const versions = `OCPP ${orList(filter.ocpp.length ? filter.ocpp : OCPP_VERSIONS)}`;
  const scope = filter.sut ? `for a ${filter.sut === 'CS' ? 'charging station' : 'CSMS'} on ${versions}` : `for ${versions}`;
  const listCmd = `ocpp-conformance list${filter.ocpp.length === 1 ? ` --ocpp ${filter.ocpp[0]}` : ''}${filter.sut ? ` --sut ${filter.sut}` : ''}`;
  const patterns = filter.only?.split(',').map((p) => p.trim()).filter(Boolean) ?? [];
  if (!patterns.length) return `there is no test case ${scope} (see: ${listCmd})`;
  const single = patterns.length === 1 && !patterns[0]!.includes('*') ? patterns[0]!.split(/[./]/)[0]! : undefined;
  const hint = single && filter.useCases ? didYouMean(single, filter.useCases) : '';
  return `--only ${patterns.join(',')} matches no test case ${scope}${hint || ` (see: ${listCmd})`}`;
}

/** Options that take a WebSocket URL, wherever they are declared. */
const URL_FLAGS = ['--url', '--listen', '--csms-url'];

/**
 * The conventions for every command in the tree, including ones registered elsewhere (fuzz, replay) and later:
 * every `.choices()` option (not variadic) becomes case-insensitive and normalising, and a URL option or `--ocpp` that declares no
 * parser of its own gets the ws:// check or the version parser. An option with its own argParser is left alone.
 */
export function applyConventions(cmd: Command): void {
  for (const option of cmd.options) {
    if (!option.required && !option.optional) continue; // a flag without a value
    if (option.argChoices && !option.variadic) {
      option.argParser(choiceParser(option.argChoices));
    } else if (!option.parseArg && option.long && URL_FLAGS.includes(option.long)) {
      option.argParser(wsUrlParser);
    } else if (!option.parseArg && option.long === '--ocpp') {
      option.argParser(versionParser);
    }
  }
  cmd.commands.forEach(applyConventions);
}
