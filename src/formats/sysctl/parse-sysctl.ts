export type SysctlIssueCode =
  /** A line that is not `key = value` nor a sysctl error message. */
  | 'bad-line'
  /** The same key twice; the last value is kept, as a later `sysctl -w` would. */
  | 'duplicate-key'
  /** No line at all. */
  | 'empty-input';

export interface SysctlIssue {
  readonly code: SysctlIssueCode;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface SysctlValues {
  /** Key → value as printed (`32768\t60999` for ip_local_port_range), last one wins. */
  readonly values: ReadonlyMap<string, { readonly value: string; readonly line: number }>;
  /** Keys sysctl said it could not read (`cannot stat /proc/sys/…`, `permission denied on key …`). */
  readonly missing: readonly { readonly key: string; readonly line: number; readonly reason: string }[];
}

const ENTRY = /^([A-Za-z0-9_][\w.\-/*]*)\s*=\s?(.*)$/;
const CANNOT_STAT = /^sysctl: cannot stat \/proc\/sys\/(\S+?):\s*(.*)$/;
const DENIED = /^sysctl: (permission denied|reading key) (?:on key )?'?([\w.\-/]+)'?(.*)$/;

/** Reads `sysctl -a` / `sysctl KEY…` output (`net.netfilter.nf_conntrack_max = 262144`). Never throws. */
export function parseSysctl(text: string): {
  readonly value: SysctlValues;
  readonly issues: readonly SysctlIssue[];
} {
  const values = new Map<string, { value: string; line: number }>();
  const missing: { key: string; line: number; reason: string }[] = [];
  const issues: SysctlIssue[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.replace(/\r$/, '').trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    const column = raw.length - raw.trimStart().length + 1;
    const stat = CANNOT_STAT.exec(trimmed);
    if (stat) {
      missing.push({ key: (stat[1] ?? '').replaceAll('/', '.'), line, reason: stat[2] ?? '' });
      return;
    }
    const denied = DENIED.exec(trimmed);
    if (denied) {
      missing.push({ key: (denied[2] ?? '').replaceAll('/', '.'), line, reason: denied[1] ?? '' });
      return;
    }
    const m = ENTRY.exec(trimmed);
    if (!m) {
      issues.push({
        code: 'bad-line',
        line,
        column,
        message: `expected "key = value", got "${trimmed.slice(0, 40)}"`,
      });
      return;
    }
    const key = (m[1] ?? '').replaceAll('/', '.');
    if (values.has(key)) issues.push({ code: 'duplicate-key', line, column, message: `${key} given twice` });
    values.set(key, { value: (m[2] ?? '').trim(), line });
  });
  if (values.size === 0 && missing.length === 0 && issues.length === 0)
    issues.push({ code: 'empty-input', line: 1, column: 1, message: 'no sysctl line' });
  return { value: { values, missing }, issues };
}
