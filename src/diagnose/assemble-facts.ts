import type { Cidr } from '../core/net/cidr.js';
import { type CaptureFile, type CaptureSet, captureFileLabel } from '../formats/snapshot/capture-set.js';
import { parseSnapshotManifest } from '../formats/snapshot/parse-snapshot-manifest.js';
import type { CaptureKind, ManifestEntry } from '../formats/snapshot/snapshot-manifest.js';
import { buildConntrackSeries } from './build-conntrack-series.js';
import type { RulesetBackend } from './change.js';
import { classifyCapture } from './classify-capture.js';
import { dedupeNatRulesets } from './dedupe-nat-rulesets.js';
import type { Facts } from './facts.js';
import { addIssues, createFactsDraft, type FactsDraft } from './facts-draft.js';
import { inferVpcCidrs } from './infer-vpc-cidrs.js';
import { listMissingFacts } from './list-missing-facts.js';
import { readConntrackTable } from './read-conntrack-table.js';
import { readHostCapture } from './read-host-capture.js';
import { readIptablesCapture } from './read-iptables-capture.js';
import { readNftCapture } from './read-nft-capture.js';
import { readStatsCapture } from './read-stats-capture.js';

export interface AssembleOptions {
  /** `--vpc-cidr`: internal networks, instead of inferring them. */
  readonly vpcCidrs?: readonly Cidr[];
}

export const MANIFEST_NAME = 'manifest.json';

const EMPTY_MEANS_NO_RULES: Partial<Record<CaptureKind, RulesetBackend>> = {
  'iptables-save': 'iptables',
  'iptables-legacy-save': 'iptables-legacy',
  'iptables-nft-save': 'iptables-nft',
};

/**
 * Reads every file of every capture set (a snapshot's manifest says what each file is; anything else is
 * recognised by its content) into Facts. Pure and total: broken inputs become issues, absent ones `missing`.
 */
export function assembleFacts(sets: readonly CaptureSet[], options: AssembleOptions = {}): Facts {
  const draft = createFactsDraft();
  let order = 0;
  for (const set of sets) {
    const manifestFile = set.files.find((f) => f.name === MANIFEST_NAME);
    const entries = new Map<string, ManifestEntry>();
    if (manifestFile) {
      const label = captureFileLabel(set, manifestFile);
      const parsed = parseSnapshotManifest(manifestFile.text);
      const issues = addIssues(draft.issues, label, parsed.issues);
      draft.inputs.push({ file: label, format: 'manifest', by: 'content', issues });
      for (const e of parsed.value?.entries ?? []) {
        if (e.file !== undefined) entries.set(e.file, e);
        else draft.failed.push(e);
      }
    }
    for (const file of set.files) {
      if (file === manifestFile) continue;
      const entry = entries.get(file.name);
      readFile(draft, captureFileLabel(set, file), file, entry, order++);
    }
  }
  const nat = dedupeNatRulesets(draft.nat);
  const conntrack = buildConntrackSeries(draft.samples);
  const facts: Omit<Facts, 'missing'> = {
    inputs: draft.inputs,
    issues: draft.issues,
    notices: draft.notices,
    ...(draft.kernels[0] && { kernel: draft.kernels[0] }),
    nat,
    conntrack,
    sysctls: Object.fromEntries(draft.sysctls),
    interfaces: draft.interfaces,
    ...(draft.resolv && { resolv: draft.resolv }),
    cni: draft.cni,
    vpcCidrs: inferVpcCidrs(options.vpcCidrs ?? [], nat, draft.interfaces),
    conntrackTables: draft.conntrackTables,
  };
  return { ...facts, missing: listMissingFacts(facts, draft) };
}

function readFile(
  draft: FactsDraft,
  file: string,
  capture: CaptureFile,
  entry: ManifestEntry | undefined,
  order: number,
): void {
  const text = capture.text;
  if (text.trim() === '' && entry && EMPTY_MEANS_NO_RULES[entry.kind]) {
    // iptables-save prints nothing when no table is loaded: that backend has no rules.
    draft.iptablesBackends.add(EMPTY_MEANS_NO_RULES[entry.kind]!);
    draft.inputs.push({ file, format: 'iptables-save', by: 'manifest', issues: 0, kind: entry.kind });
    return;
  }
  if (text.trim() === '') {
    draft.inputs.push({
      file,
      format: 'unknown',
      by: 'content',
      issues: 0,
      ...(entry && { kind: entry.kind }),
    });
    draft.notices.push({ file, line: 1, column: 1, code: 'empty-file', message: 'the file is empty' });
    return;
  }
  const c = classifyCapture(text, entry?.kind);
  let issues = 0;
  switch (c.format) {
    case 'iptables-save':
    case 'iptables-rules':
    case 'iptables-list':
      issues = readIptablesCapture(draft, file, text, c.format, entry?.kind);
      break;
    case 'nft-text':
    case 'nft-json':
      issues = readNftCapture(draft, file, text, c.format);
      break;
    case 'conntrack-stats':
    case 'proc-net-stat-nf-conntrack':
      issues = readStatsCapture(draft, file, text, c.format, {
        netns: entry?.netns ?? '',
        order: entry?.sample ?? order,
        ...(entry?.atMs !== undefined && { atMs: entry.atMs }),
      });
      break;
    case 'uname-r':
    case 'sysctl':
    case 'ip-addr-json':
    case 'resolv-conf':
    case 'cni-config':
      issues = readHostCapture(draft, file, text, c.format);
      break;
    case 'conntrack-list':
    case 'proc-net-nf-conntrack':
      issues = readConntrackTable(draft, file, capture);
      break;
    case 'unknown':
      if (entry?.kind !== 'netns-list')
        issues = addIssues(draft.issues, file, [
          { code: 'unknown-format', line: 1, column: 1, message: 'not a capture portclash knows' },
        ]);
      break;
    default: {
      const never: never = c.format;
      throw new Error(`unhandled format ${String(never)}`);
    }
  }
  draft.inputs.push({ file, format: c.format, by: c.by, issues, ...(entry && { kind: entry.kind }) });
}
