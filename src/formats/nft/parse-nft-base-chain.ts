import type { NftIssue } from './nft-issue.js';
import { resolveNftPriority } from './nft-priority.js';
import type { NftBaseChain } from './nft-ruleset.js';
import type { NftToken } from './tokenize-nft.js';

/** `type nat hook postrouting [device eth0] priority srcnat` (the part before the first `;`). */
export function parseNftBaseChain(
  tokens: readonly NftToken[],
  family: string,
  issues: NftIssue[],
): NftBaseChain | undefined {
  const words = tokens.map((t) => t.text);
  const at = (key: string): string | undefined => {
    const i = words.indexOf(key);
    return i < 0 ? undefined : words[i + 1];
  };
  const type = at('type');
  const hook = at('hook');
  const p = words.indexOf('priority');
  const first = tokens[0];
  if (type === undefined || hook === undefined || p < 0 || p + 1 >= words.length) {
    if (first)
      issues.push({
        code: 'bad-base-chain',
        line: first.line,
        column: first.column,
        message: 'expected "type T hook H priority P"',
      });
    return undefined;
  }
  const priorityText = words.slice(p + 1).join(' ');
  const priority = resolveNftPriority(priorityText, family);
  const device = at('device');
  return {
    type,
    hook,
    ...(priority !== undefined && { priority }),
    priorityText,
    ...(device !== undefined && { device }),
  };
}
