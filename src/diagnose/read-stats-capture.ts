import { parseConntrackStats } from '../formats/conntrack/parse-conntrack-stats.js';
import { parseProcNetStatConntrack } from '../formats/conntrack/parse-proc-net-stat-conntrack.js';
import { addIssues, type FactsDraft } from './facts-draft.js';

export interface SampleContext {
  readonly netns: string;
  readonly atMs?: number;
  /** Sort key: the manifest's sample number, else the order the files were given in. */
  readonly order: number;
}

/** Reads `conntrack -S` or `/proc/net/stat/nf_conntrack` as one statistics sample. Returns the number of issues. */
export function readStatsCapture(
  draft: FactsDraft,
  file: string,
  text: string,
  format: 'conntrack-stats' | 'proc-net-stat-nf-conntrack',
  context: SampleContext,
): number {
  const rowLines = text
    .split('\n')
    .map((l, i) => ({ l, line: i + 1 }))
    .filter(({ l }) => l.trim() !== '')
    .map(({ line }) => line);
  const base = {
    file,
    netns: context.netns,
    order: context.order,
    ...(context.atMs !== undefined && { atMs: context.atMs }),
  };
  if (format === 'conntrack-stats') {
    const parsed = parseConntrackStats(text);
    if (parsed.value.cpus.length > 0)
      draft.samples.push({
        ...base,
        source: format,
        eras: parsed.value.eras,
        cpus: parsed.value.cpus,
        lines: parsed.value.cpus.map((_, cpu) => cpuLine(text, cpu) ?? 1),
      });
    return addIssues(draft.issues, file, parsed.issues);
  }
  const parsed = parseProcNetStatConntrack(text);
  if (parsed.value.cpus.length > 0)
    draft.samples.push({
      ...base,
      source: format,
      eras: parsed.value.eras,
      cpus: parsed.value.cpus,
      // Row i of the table (after the header) is CPU i.
      lines: parsed.value.cpus.map((_, cpu) => rowLines[cpu + 1] ?? 1),
      entries: parsed.value.entries,
    });
  return addIssues(draft.issues, file, parsed.issues);
}

function cpuLine(text: string, cpu: number): number | undefined {
  const re = new RegExp(`^\\s*cpu=${cpu}\\s`);
  const index = text.split('\n').findIndex((l) => re.test(l));
  return index < 0 ? undefined : index + 1;
}
