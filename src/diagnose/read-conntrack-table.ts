import { digestConntrackList } from '../formats/conntrack/digest-conntrack-list.js';
import type { CaptureFile } from '../formats/snapshot/capture-set.js';
import { addIssues, type FactsDraft } from './facts-draft.js';

/**
 * A `conntrack -L` / /proc/net/nf_conntrack capture: digested here, or already while the platform streamed it
 * (a dump too big to hold). Returns the number of issues (all of them, though only the first are listed).
 */
export function readConntrackTable(draft: FactsDraft, file: string, capture: CaptureFile): number {
  const digest = capture.conntrackList ?? digestConntrackList(capture.text);
  addIssues(draft.issues, file, digest.issues);
  draft.conntrackLists.push({ file, text: `${digest.totals.entries + digest.totals.others} entries` });
  draft.conntrackTables.push({ file, digest });
  return digest.totals.issues;
}
