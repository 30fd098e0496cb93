import type { StatsEra } from '../../core/kernel/kernel-profile.js';
import { type CpuCounters, emptyCounters } from '../../core/netfilter/counters.js';
import { type Field, parseHexU32, splitFields } from './split-fields.js';
import { PROC_COLUMNS, PROC_HEADER_COUNTER, STATS_ERAS } from './stats-columns.js';
import type { StatsIssue, StatsIssueCode, StatsParseResult } from './stats-issue.js';

export interface ProcNetStatConntrack {
  /** Stats eras that print exactly this header (4.8 and 4.9–5.9 share one); empty if none. */
  readonly eras: readonly StatsEra[];
  /** The per-netns conntrack count (first row). */
  readonly entries: number;
  /** One entry per row, i.e. per possible CPU, in order. */
  readonly cpus: readonly CpuCounters[];
}

/** Reads `/proc/net/stat/nf_conntrack` (the inverse of renderProcNetStatConntrack). Never throws. */
export function parseProcNetStatConntrack(text: string): StatsParseResult<ProcNetStatConntrack> {
  const issues: StatsIssue[] = [];
  const issue = (code: StatsIssueCode, line: number, column: number, message: string) =>
    issues.push({ code, line, column, message });
  const rows = text
    .split('\n')
    .map((raw, i) => ({
      line: i + 1,
      raw: raw.replace(/\r$/, ''),
      fields: splitFields(raw.replace(/\r$/, '')),
    }))
    .filter((r) => r.fields.length > 0);
  const header = rows[0];
  if (header === undefined) {
    issue('empty-input', 1, 1, 'no header line');
    return { value: { eras: [], entries: 0, cpus: [] }, issues };
  }
  if (header.fields[0]?.text !== 'entries') {
    issue('bad-header', header.line, 1, 'expected a header starting with "entries"');
    return { value: { eras: [], entries: 0, cpus: [] }, issues };
  }
  const names = header.fields.map((f) => f.text);
  for (const f of header.fields)
    if (PROC_HEADER_COUNTER[f.text] === undefined)
      issue('unknown-column', header.line, f.column, `unknown column "${f.text}"`);

  let entries: number | undefined;
  const cpus = rows.slice(1).map(({ line, raw, fields }) => {
    if (fields.length !== names.length) {
      const column = fields[names.length]?.column ?? raw.length + 1;
      issue('column-count', line, column, `${fields.length} fields, the header has ${names.length}`);
    }
    const counters = emptyCounters();
    fields.slice(0, names.length).forEach((f: Field, i) => {
      const value = parseHexU32(f.text);
      const counter = PROC_HEADER_COUNTER[names[i] ?? ''];
      if (value === undefined) issue('bad-number', line, f.column, `"${f.text}" is not a hex u32`);
      else if (counter === 'entries') {
        if (entries === undefined) entries = value;
        else if (value !== entries)
          issue(
            'entries-mismatch',
            line,
            f.column,
            `entries ${value} differs from the first row's ${entries}`,
          );
      } else if (counter !== undefined) counters[counter] = value;
    });
    return counters;
  });
  const sameList = (a: readonly string[]) => a.length === names.length && a.every((x, i) => x === names[i]);
  const eras = STATS_ERAS.filter((era) => sameList(PROC_COLUMNS[era]));
  return { value: { eras, entries: entries ?? 0, cpus }, issues };
}
