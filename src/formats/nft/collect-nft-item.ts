import type { NftToken } from './tokenize-nft.js';

/**
 * The tokens of one chain item from `start`: a rule or a `type …`/`policy …` part, up to the end of its line, a
 * `;` or the `}` closing the chain, with `{ … }` sets kept whole across lines. Comments are kept (they carry
 * handles and warnings).
 */
export function collectNftItem(
  tokens: readonly NftToken[],
  start: number,
): { readonly item: readonly NftToken[]; readonly next: number } {
  const item: NftToken[] = [];
  let depth = 0;
  let j = start;
  for (; j < tokens.length; j++) {
    const t = tokens[j] as NftToken;
    if (depth === 0 && (t.text === ';' || (t.text === '}' && t.kind === 'punct'))) break;
    if (t.kind === 'newline') {
      const last = item.at(-1);
      // nft writes "# Warning: XT target X not found" to stderr in the middle of the rule (xt.c); the rule goes on.
      const continues =
        last?.kind === 'comment' && /^Warning: XT /.test(last.text) && tokens[j + 1]?.text === 'xt';
      if (depth === 0 && !continues) break;
      continue;
    }
    if (t.text === '{') depth++;
    else if (t.text === '}') depth--;
    item.push(t);
  }
  return { item, next: j };
}
