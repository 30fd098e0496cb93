export interface Field {
  readonly text: string;
  /** 1-based column of the field's first character. */
  readonly column: number;
}

/** Splits a line on runs of spaces and tabs, keeping each field's column for issue positions. */
export function splitFields(line: string): Field[] {
  const fields: Field[] = [];
  for (const m of line.matchAll(/[^ \t]+/g)) fields.push({ text: m[0], column: (m.index ?? 0) + 1 });
  return fields;
}

const MAX_U32 = 0xffffffff;

/** A decimal u32 as conntrack prints it (`%u`), or undefined. */
export function parseDecimalU32(text: string): number | undefined {
  if (!/^\d{1,10}$/.test(text)) return undefined;
  const n = Number(text);
  return n <= MAX_U32 ? n : undefined;
}

/** A hex u32 as /proc prints it (`%08x`), or undefined. */
export function parseHexU32(text: string): number | undefined {
  return /^[0-9a-fA-F]{1,8}$/.test(text) ? Number.parseInt(text, 16) : undefined;
}
