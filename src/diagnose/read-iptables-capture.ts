import type { IptablesSaveDoc } from '../formats/iptables/iptables-save-doc.js';
import { natChainsFromListing } from '../formats/iptables/nat-chains-from-listing.js';
import { natChainsFromSave } from '../formats/iptables/nat-chains-from-save.js';
import { parseIptablesList } from '../formats/iptables/parse-iptables-list.js';
import { parseIptablesListRules } from '../formats/iptables/parse-iptables-list-rules.js';
import { parseIptablesSave } from '../formats/iptables/parse-iptables-save.js';
import type { CaptureKind } from '../formats/snapshot/snapshot-manifest.js';
import type { RulesetBackend } from './change.js';
import { addIssues, type FactsDraft } from './facts-draft.js';

const BACKEND_OF_KIND: Partial<Record<CaptureKind, RulesetBackend>> = {
  'iptables-legacy-save': 'iptables-legacy',
  'iptables-nft-save': 'iptables-nft',
};

/**
 * Reads an iptables-save dump (any backend), an `iptables -S` listing or an `iptables -L` listing into nat
 * rulesets. The program that made a snapshot file decides the backend; for pastes, the headers and warnings do.
 * Returns the number of issues.
 */
export function readIptablesCapture(
  draft: FactsDraft,
  file: string,
  text: string,
  format: 'iptables-save' | 'iptables-rules' | 'iptables-list',
  kind: CaptureKind | undefined,
): number {
  if (format === 'iptables-list') {
    const parsed = parseIptablesList(text);
    addIssues(draft.notices, file, parsed.value.notices);
    const nft = parsed.value.notices.some((n) => n.code === 'legacy-tables-present');
    draft.nat.push({
      file,
      backend: nft ? 'iptables-nft' : 'iptables',
      backendEvidence: nft ? 'the iptables-nft warning about legacy tables' : '`iptables -L` does not say',
      chains: natChainsFromListing(parsed.value),
    });
    return addIssues(draft.issues, file, parsed.issues);
  }
  const parsed = format === 'iptables-save' ? parseIptablesSave(text) : parseIptablesListRules(text);
  const doc = parsed.value;
  addIssues(draft.notices, file, doc.notices);
  const { backend, evidence } = backendOf(doc, kind);
  draft.iptablesBackends.add(backend);
  const chains = natChainsFromSave(doc, format);
  if (chains) draft.nat.push({ file, backend, backendEvidence: evidence, chains });
  return addIssues(draft.issues, file, parsed.issues);
}

function backendOf(
  doc: IptablesSaveDoc,
  kind: CaptureKind | undefined,
): { backend: RulesetBackend; evidence: string } {
  const byKind = kind && BACKEND_OF_KIND[kind];
  if (byKind) return { backend: byKind, evidence: `captured with ${kind}` };
  if (doc.backend === 'legacy') return { backend: 'iptables-legacy', evidence: doc.backendEvidence };
  if (doc.backend === 'nft') return { backend: 'iptables-nft', evidence: doc.backendEvidence };
  return { backend: 'iptables', evidence: doc.backendEvidence };
}
