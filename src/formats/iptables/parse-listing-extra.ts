import type { ListedNatOptions } from './iptables-listing.js';

export interface ListingExtra {
  readonly comment?: string;
  readonly goto: boolean;
  readonly matchText: string;
  readonly targetText: string;
  readonly nat: ListedNatOptions;
}

const FLAGS = new Set(['random', 'random-fully', 'persistent']);
const squeeze = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * Splits the text `iptables -L` prints after the destination column: `[goto]`, the matches' print output
 * (`/* comment *\/`, `mark match ! 0x4000/0x4000`), then the target's (`masq ports: 1024-65535 random
 * random-fully` from MASQUERADE_print, `to:10.0.0.1:1024-65535 random persistent` from SNAT_print, libxt_NAT.c).
 */
export function parseListingExtra(extra: string, target: string | undefined): ListingExtra {
  let text = extra.trim();
  const goto = text.startsWith('[goto]');
  if (goto) text = text.slice('[goto]'.length);
  const comments: string[] = [];
  text = text.replace(/\/\* (.*?) \*\//g, (_all, c: string) => {
    comments.push(c);
    return ' ';
  });
  const words = squeeze(text)
    .split(' ')
    .filter((w) => w !== '');
  const flags = new Set<string>();
  if (target === 'MASQUERADE' || target === 'SNAT')
    while (words.length > 0 && FLAGS.has(words.at(-1) ?? '')) flags.add(words.pop() ?? '');
  const nat: { toPorts?: string; toSource?: string } = {};
  let cut = words.length;
  if (target === 'MASQUERADE' && words.at(-3) === 'masq' && words.at(-2) === 'ports:') {
    nat.toPorts = words.at(-1) ?? '';
    cut = words.length - 3;
  } else if (target === 'SNAT' || target === 'DNAT') {
    const first = words.findIndex((w) => w.startsWith('to:'));
    if (first >= 0) {
      if (target === 'SNAT') nat.toSource = (words[first] ?? '').slice(3);
      cut = first;
    }
  } else if (target !== undefined) {
    const at = words.lastIndexOf(target);
    if (at >= 0) cut = at;
  }
  const flagText = ['random', 'random-fully', 'persistent'].filter((f) => flags.has(f));
  return {
    ...(comments.length > 0 && { comment: comments.join(' ') }),
    goto,
    matchText: words.slice(0, cut).join(' '),
    targetText: [...words.slice(cut), ...flagText].join(' '),
    nat: {
      ...nat,
      random: flags.has('random'),
      randomFully: flags.has('random-fully'),
      persistent: flags.has('persistent'),
    },
  };
}
