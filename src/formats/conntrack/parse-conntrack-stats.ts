import type { StatsEra } from '../../core/kernel/kernel-profile.js';
import { type CounterName, type CpuCounters, emptyCounters } from '../../core/netfilter/counters.js';
import { parseDecimalU32, splitFields } from './split-fields.js';
import { CONNTRACK_S_ATTRIBUTES, NEWER_ATTRIBUTES, STATS_ERAS } from './stats-columns.js';
import type { StatsIssue, StatsIssueCode, StatsParseResult } from './stats-issue.js';

export interface ConntrackStats {
  /** Counters per CPU, indexed by the `cpu=` number; attributes not printed are 0. */
  readonly cpus: readonly CpuCounters[];
  /** Attribute names as printed on the first line. */
  readonly attributes: readonly CounterName[];
  /** Stats eras whose kernel sends exactly these attributes (also through legacy tools); empty if none. */
  readonly eras: readonly StatsEra[];
}

const KNOWN: ReadonlySet<string> = new Set(Object.values(CONNTRACK_S_ATTRIBUTES).flat());
const isAttribute = (name: string): name is CounterName => KNOWN.has(name);
/** CONFIG_NR_CPUS is at most 8192; a larger id is garbage, not a CPU. */
const MAX_CPU = 8191;
const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** Reads `conntrack -S` output (the inverse of renderConntrackStats). Never throws. */
export function parseConntrackStats(text: string): StatsParseResult<ConntrackStats> {
  const issues: StatsIssue[] = [];
  const issue = (code: StatsIssueCode, line: number, column: number, message: string) =>
    issues.push({ code, line, column, message });
  const byCpu = new Map<number, { readonly counters: CpuCounters; readonly line: number }>();
  let attributes: CounterName[] | undefined;

  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = index + 1;
    const fields = splitFields((lines[index] ?? '').replace(/\r$/, ''));
    const head = fields[0];
    if (head === undefined) continue;
    const cpuText = /^cpu=(\d+)$/.exec(head.text)?.[1];
    if (cpuText === undefined) {
      issue('bad-line', line, head.column, `expected "cpu=N", got "${head.text}"`);
      continue;
    }
    const cpu = Number(cpuText);
    if (cpu > MAX_CPU) {
      issue('bad-number', line, head.column + 4, `cpu=${cpuText} is above ${MAX_CPU}`);
      continue;
    }
    if (byCpu.has(cpu)) {
      issue('duplicate-cpu', line, head.column, `cpu=${cpu} appears twice`);
      continue;
    }
    const counters = emptyCounters();
    const names: CounterName[] = [];
    for (const f of fields.slice(1)) {
      const m = /^([a-z_0-9]+)=(.*)$/.exec(f.text);
      if (!m) {
        issue('bad-line', line, f.column, `expected "name=value", got "${f.text}"`);
        continue;
      }
      const name = m[1] ?? '';
      const value = parseDecimalU32(m[2] ?? '');
      if (!isAttribute(name)) issue('unknown-attribute', line, f.column, `unknown attribute "${name}"`);
      else if (names.includes(name)) issue('duplicate-attribute', line, f.column, `"${name}" twice`);
      else if (value === undefined)
        issue('bad-number', line, f.column, `"${m[2]}" is not an unsigned 32-bit number`);
      else {
        counters[name] = value;
        names.push(name);
      }
    }
    if (attributes === undefined) attributes = names;
    else if (!sameList(attributes, names))
      issue('inconsistent-attributes', line, head.column, 'attributes differ from the first line');
    byCpu.set(cpu, { counters, line });
  }

  if (byCpu.size === 0 && issues.length === 0) issue('empty-input', 1, 1, 'no "cpu=" line');
  const cpus: CpuCounters[] = [];
  const last = Math.max(-1, ...byCpu.keys());
  for (let cpu = 0; cpu <= last; cpu++) {
    const row = byCpu.get(cpu);
    if (row) cpus.push(row.counters);
    else {
      const next = [...byCpu.entries()].filter(([c]) => c > cpu).sort(([a], [b]) => a - b)[0];
      issue('missing-cpu', next?.[1].line ?? 1, 1, `no line for cpu=${cpu}`);
      cpus.push(emptyCounters());
    }
  }
  const attrs = attributes ?? [];
  const eras = STATS_ERAS.filter((era) => {
    const sent = CONNTRACK_S_ATTRIBUTES[era];
    return (
      sameList(attrs, sent) ||
      sameList(
        attrs,
        sent.filter((n) => !NEWER_ATTRIBUTES.includes(n)),
      )
    );
  });
  return { value: { cpus, attributes: attrs, eras: attrs.length > 0 ? eras : [] }, issues };
}
