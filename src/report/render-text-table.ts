export interface TextColumn {
  readonly header: string;
  readonly align: 'left' | 'right';
}

/** A plain aligned table (no colours, no box drawing): safe for pipes, logs and tickets. */
export function renderTextTable(
  columns: readonly TextColumn[],
  rows: readonly (readonly string[])[],
): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    columns
      .map((c, i) => {
        const cell = cells[i] ?? '';
        const w = widths[i]!;
        return c.align === 'right' ? cell.padStart(w) : cell.padEnd(w);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return `${[line(columns.map((c) => c.header)), rule, ...rows.map(line)].join('\n')}\n`;
}
