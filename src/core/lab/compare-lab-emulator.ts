import { type Estimate, estimate } from '../sim/confidence.js';
import type { PortChoiceFacts } from './port-choice-facts.js';

/** The numbers of one run that a comparison needs, from the lab (a LabSummary) or the emulator (a SimResult). */
export interface CompareRunFacts {
  /** TCP connects attempted. */
  readonly attempted: number;
  readonly insertFailed: number;
  readonly drop: number;
  /** Connects that took 1 s or more (a SYN lost and retransmitted). */
  readonly delayed1s: number;
  readonly ports: PortChoiceFacts;
  /** DNS lookups (A and AAAA on one socket), those that took ≥ 5 s, and the clash_resolve delta; absent without DNS. */
  readonly dns?: { readonly lookups: number; readonly delayed5s: number; readonly clashResolve: number };
}

export type CompareVerdict = 'agree' | 'disagree' | 'inconclusive';

export interface CompareSide {
  /** Per-run values (rates, or counts for `perRun` rows) with a 95 % interval over the runs. */
  readonly estimate: Estimate;
  /** Events summed over the runs (insert_failed, drops, …) and the base they are counted against. */
  readonly events: number;
  readonly base: number;
}

export interface CompareRow {
  readonly key:
    | 'insertFailed'
    | 'drop'
    | 'delayed1s'
    | 'keptPort'
    | 'sharedPortsNoneKept'
    | 'portRange'
    | 'dnsClashResolve'
    | 'dnsDelayed5s';
  readonly label: string;
  /** `rate`: events per base (per connection, per SNAT'ed flow); `perRun`: a count per run; `range`: ports. */
  readonly unit: 'rate' | 'perRun' | 'range';
  readonly lab: CompareSide;
  readonly emulator: CompareSide;
  /** For `range` rows: the host ports used over all runs, per side. */
  readonly labRange?: readonly [number, number] | null;
  readonly emulatorRange?: readonly [number, number] | null;
  readonly verdict: CompareVerdict;
  readonly why: string;
}

/** Fewer events than this on both sides together, and a difference is not worth a verdict. */
export const MIN_EVENTS = 10;
/** Zero events on both sides means agreement only over this many connections (flows) per side. */
export const MIN_BASE_FOR_ZERO = 100;

/**
 * Side-by-side rows of lab and emulator runs, each with a verdict: `agree` when the 95 % intervals over the
 * runs overlap (or both sides saw none of the event over enough connections), `disagree` when they do not,
 * `inconclusive` when too few events were seen, or too few runs to have an interval. Pure.
 */
export function compareLabEmulator(
  lab: readonly CompareRunFacts[],
  emulator: readonly CompareRunFacts[],
): CompareRow[] {
  const rate = (
    key: CompareRow['key'],
    label: string,
    event: (r: CompareRunFacts) => number,
    base: (r: CompareRunFacts) => number,
  ): CompareRow => {
    const side = (runs: readonly CompareRunFacts[]): CompareSide => ({
      estimate: estimate(runs.map((r) => (base(r) > 0 ? event(r) / base(r) : 0))),
      events: runs.reduce((a, r) => a + event(r), 0),
      base: runs.reduce((a, r) => a + base(r), 0),
    });
    const l = side(lab);
    const e = side(emulator);
    return { key, label, unit: 'rate', lab: l, emulator: e, ...judgeSides(l, e) };
  };
  const perRun = (key: CompareRow['key'], label: string, count: (r: CompareRunFacts) => number) => {
    const side = (runs: readonly CompareRunFacts[]): CompareSide => ({
      estimate: estimate(runs.map(count)),
      events: runs.reduce((a, r) => a + count(r), 0),
      base: runs.reduce((a, r) => a + r.ports.snatted, 0),
    });
    const l = side(lab);
    const e = side(emulator);
    return { key, label, unit: 'perRun' as const, lab: l, emulator: e, ...judgeSides(l, e) };
  };
  return [
    rate(
      'insertFailed',
      'insert_failed / connection',
      (r) => r.insertFailed,
      (r) => r.attempted,
    ),
    rate(
      'drop',
      'drop / connection',
      (r) => r.drop,
      (r) => r.attempted,
    ),
    rate(
      'delayed1s',
      'connects ≥ 1 s / connection',
      (r) => r.delayed1s,
      (r) => r.attempted,
    ),
    rate(
      'keptPort',
      "kept own port / SNAT'ed flow",
      (r) => r.ports.keptPort,
      (r) => r.ports.snatted,
    ),
    perRun('sharedPortsNoneKept', 'same-port rounds none kept / run', (r) => r.ports.sharedPortsNoneKept),
    compareRanges(lab, emulator),
    ...(lab.some((r) => r.dns !== undefined)
      ? [
          rate(
            'dnsClashResolve',
            'clash_resolve / DNS lookup',
            (r) => r.dns?.clashResolve ?? 0,
            (r) => r.dns?.lookups ?? 0,
          ),
          rate(
            'dnsDelayed5s',
            'lookups ≥ 5 s / DNS lookup',
            (r) => r.dns?.delayed5s ?? 0,
            (r) => r.dns?.lookups ?? 0,
          ),
        ]
      : []),
  ];
}

/** The verdict of two sides' intervals. */
export function judgeSides(
  lab: CompareSide,
  emulator: CompareSide,
): { verdict: CompareVerdict; why: string } {
  if (lab.events === 0 && emulator.events === 0)
    return lab.base >= MIN_BASE_FOR_ZERO && emulator.base >= MIN_BASE_FOR_ZERO
      ? { verdict: 'agree', why: `none on either side over ≥ ${MIN_BASE_FOR_ZERO} each` }
      : {
          verdict: 'inconclusive',
          why: `none on either side, but fewer than ${MIN_BASE_FOR_ZERO} to count on`,
        };
  if (lab.estimate.runs < 2 || emulator.estimate.runs < 2)
    return { verdict: 'inconclusive', why: 'one run has no interval' };
  if (lab.events + emulator.events < MIN_EVENTS)
    return { verdict: 'inconclusive', why: `fewer than ${MIN_EVENTS} events in all` };
  const overlap = lab.estimate.low <= emulator.estimate.high && emulator.estimate.low <= lab.estimate.high;
  return overlap
    ? { verdict: 'agree', why: '95% intervals overlap' }
    : { verdict: 'disagree', why: '95% intervals are apart' };
}

function compareRanges(lab: readonly CompareRunFacts[], emulator: readonly CompareRunFacts[]): CompareRow {
  const range = (runs: readonly CompareRunFacts[]): readonly [number, number] | null => {
    const lows = runs.flatMap((r) => (r.ports.portMin === null ? [] : [r.ports.portMin]));
    const highs = runs.flatMap((r) => (r.ports.portMax === null ? [] : [r.ports.portMax]));
    return lows.length === 0 ? null : [Math.min(...lows), Math.max(...highs)];
  };
  const side = (runs: readonly CompareRunFacts[]): CompareSide => ({
    estimate: estimate([]),
    events: runs.reduce((a, r) => a + r.ports.snatted, 0),
    base: runs.reduce((a, r) => a + r.ports.snatted, 0),
  });
  const l = range(lab);
  const e = range(emulator);
  const base = {
    key: 'portRange' as const,
    label: 'host ports used',
    unit: 'range' as const,
    lab: side(lab),
    emulator: side(emulator),
    labRange: l,
    emulatorRange: e,
  };
  if (l === null || e === null)
    return l === e
      ? { ...base, verdict: 'agree', why: 'no SNAT on either side' }
      : { ...base, verdict: 'disagree', why: 'only one side SNAT’ed' };
  // Both sides must land in the same kind of range: a wide random one (1024–65535) or near the own ports.
  const width = (r: readonly [number, number]) => r[1] - r[0];
  const wide = (r: readonly [number, number]) => width(r) >= 16_384;
  if (wide(l) !== wide(e))
    return { ...base, verdict: 'disagree', why: 'one side spread over the whole range, the other not' };
  const overlap = l[0] <= e[1] && e[0] <= l[1];
  return overlap
    ? { ...base, verdict: 'agree', why: 'ranges overlap and are of the same kind' }
    : { ...base, verdict: 'disagree', why: 'ranges are apart' };
}
