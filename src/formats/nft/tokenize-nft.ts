import type { NftIssue } from './nft-issue.js';

export interface NftToken {
  readonly kind: 'word' | 'string' | 'punct' | 'comment' | 'newline';
  /** Strings without quotes; comments without `#`. */
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

const PUNCT = new Set(['{', '}', ';', ',']);
const isBlank = (c: string): boolean => c === ' ' || c === '\t' || c === '\r';

/**
 * Splits nft list output into words, `"strings"`, the punctuation `{ } ; ,`, `# comments` (to the end of the
 * line) and newlines, which end a rule. Never throws.
 */
export function tokenizeNft(text: string): {
  readonly tokens: readonly NftToken[];
  readonly issues: readonly NftIssue[];
} {
  const tokens: NftToken[] = [];
  const issues: NftIssue[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    const column = i - lineStart + 1;
    if (c === '\n') {
      tokens.push({ kind: 'newline', text: '\n', line, column });
      line++;
      lineStart = ++i;
    } else if (isBlank(c)) i++;
    else if (c === '#') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      tokens.push({ kind: 'comment', text: text.slice(i + 1, stop).trim(), line, column });
      i = stop;
    } else if (PUNCT.has(c)) {
      tokens.push({ kind: 'punct', text: c, line, column });
      i++;
    } else if (c === '"') {
      let value = '';
      let j = i + 1;
      while (j < text.length && text.charAt(j) !== '"' && text.charAt(j) !== '\n') {
        // An escape never swallows the newline: strings end at the line's end, and line numbers stay right.
        if (text.charAt(j) === '\\' && j + 1 < text.length && text.charAt(j + 1) !== '\n') j++;
        value += text.charAt(j);
        j++;
      }
      if (text.charAt(j) !== '"')
        issues.push({ code: 'unterminated-string', line, column, message: 'missing closing "' });
      tokens.push({ kind: 'string', text: value, line, column });
      i = text.charAt(j) === '"' ? j + 1 : j;
    } else {
      let j = i;
      while (j < text.length && !/[\s"{};,#]/.test(text.charAt(j))) j++;
      tokens.push({ kind: 'word', text: text.slice(i, j), line, column });
      i = j;
    }
  }
  return { tokens, issues };
}
