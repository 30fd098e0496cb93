import { DETECTORS, type DetectedFormat, type FormatGuess, type Sample } from './detect-format-rules.js';
import { isShellCommandLine } from './iptables/is-shell-command-line.js';

export type { DetectedFormat, FormatGuess } from './detect-format-rules.js';

/** How much of the text is looked at: enough for any header, little enough for a 1 M-line dump. */
const HEAD = 64 * 1024;
const MAX_LINES = 200;

export interface Detection extends FormatGuess {
  /** Other formats the text also looks like, most likely first. */
  readonly alternatives: readonly FormatGuess[];
}

/**
 * Recognises a pasted capture by its content, never its name: every format's signature is tried on the start of
 * the text and the most confident wins. `unknown` with confidence 0 when nothing fits. Pure and never throws.
 */
export function detectFormat(text: string): Detection {
  const head = text.slice(0, HEAD).replace(/^\uFEFF/, '');
  const lines = head
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .filter((l) => l.trim() !== '' && !isShellCommandLine(l))
    .slice(0, MAX_LINES);
  const sample: Sample = { head: head.trimStart(), lines };
  const guesses = DETECTORS.map((d) => d(sample))
    .filter((g): g is FormatGuess => g !== undefined)
    .sort((a, b) => b.confidence - a.confidence);
  const [best, ...alternatives] = guesses;
  if (!best) return { format: 'unknown', confidence: 0, reason: 'no known format matches', alternatives: [] };
  return { ...best, alternatives };
}

/** All formats detectFormat can return, for callers that switch over them. */
export const DETECTABLE_FORMATS: readonly DetectedFormat[] = [
  'iptables-save',
  'iptables-rules',
  'iptables-list',
  'nft-text',
  'nft-json',
  'proc-net-stat-nf-conntrack',
  'conntrack-stats',
  'conntrack-list',
  'proc-net-nf-conntrack',
  'sysctl',
  'uname-r',
  'ip-addr-json',
  'resolv-conf',
  'cni-config',
];
