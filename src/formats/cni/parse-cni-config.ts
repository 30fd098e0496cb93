import { type JsonIssueCode, type JsonValue, parseJsonText } from '../json/parse-json-text.js';

export type CniIssueCode =
  | JsonIssueCode
  /** JSON, but neither a network configuration nor a configuration list (no `type`, no `plugins`). */
  | 'not-cni-config'
  /** A plugin entry without `type`. */
  | 'missing-type';

export interface CniIssue {
  readonly code: CniIssueCode;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** One plugin of a CNI configuration, with the settings that decide SNAT. */
export interface CniPlugin {
  readonly type: string;
  /** bridge/ptp `ipMasq`: the plugin adds a plain MASQUERADE rule (CNI-xxxx chain), never --random-fully. */
  readonly ipMasq?: boolean;
  /** portmap `snat`: masquerade hairpin traffic (CNI-HOSTPORT-MASQ). */
  readonly snat?: boolean;
  /** AWS egress plugin `randomizeSNAT` (`prng`, `hashrandom`, `none`). */
  readonly randomizeSNAT?: string;
  /** flannel's `delegate` object, as written. */
  readonly delegate?: JsonValue;
  readonly line: number;
  readonly column: number;
}

export interface CniConfig {
  readonly cniVersion?: string;
  readonly name?: string;
  /** A `.conflist` (`plugins` array) rather than a single `.conf`. */
  readonly list: boolean;
  readonly plugins: readonly CniPlugin[];
}

type Rec = { readonly [key: string]: JsonValue };
const isRecord = (v: JsonValue | undefined): v is Rec =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: JsonValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/** Reads a CNI network configuration (`.conf`) or list (`.conflist`) from /etc/cni/net.d. Never throws. */
export function parseCniConfig(text: string): {
  readonly value: CniConfig;
  readonly issues: readonly CniIssue[];
} {
  const parsed = parseJsonText(text);
  const issues: CniIssue[] = [...parsed.issues];
  const root = parsed.value;
  if (!isRecord(root) || (root.plugins === undefined && root.type === undefined)) {
    if (root !== undefined)
      issues.push({ code: 'not-cni-config', line: 1, column: 1, message: 'no "plugins" list and no "type"' });
    return { value: { list: false, plugins: [] }, issues };
  }
  const list = Array.isArray(root.plugins);
  const entries = Array.isArray(root.plugins) ? root.plugins : [root];
  const plugins: CniPlugin[] = [];
  for (const entry of entries) {
    if (!isRecord(entry)) continue;
    const at = parsed.positionOf(entry) ?? { line: 1, column: 1 };
    const type = str(entry.type);
    if (type === undefined) {
      issues.push({ code: 'missing-type', ...at, message: 'a plugin without "type"' });
      continue;
    }
    const randomize = str(entry.randomizeSNAT);
    plugins.push({
      type,
      ...(typeof entry.ipMasq === 'boolean' && { ipMasq: entry.ipMasq }),
      ...(typeof entry.snat === 'boolean' && { snat: entry.snat }),
      ...(randomize !== undefined && { randomizeSNAT: randomize }),
      ...(entry.delegate !== undefined && { delegate: entry.delegate }),
      ...at,
    });
  }
  const cniVersion = str(root.cniVersion);
  const name = str(root.name);
  return {
    value: {
      ...(cniVersion !== undefined && { cniVersion }),
      ...(name !== undefined && { name }),
      list,
      plugins,
    },
    issues,
  };
}
