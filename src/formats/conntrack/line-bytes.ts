/**
 * Reading tokens of a UTF-8 line in place, by byte offsets: conntrack prints ASCII, so the hot path never makes
 * a string; text is decoded only for what is kept (other protocols' fields) or reported (issues).
 */

const decoder = new TextDecoder();

/** Whether bytes [from, to) spell `name` (ASCII). */
export function matchesAt(bytes: Uint8Array, from: number, to: number, name: string): boolean {
  if (to - from !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (bytes[from + i] !== name.charCodeAt(i)) return false;
  return true;
}

/** The offset of the first `byte` in [from, to), or -1. */
export function findByteIn(bytes: Uint8Array, from: number, to: number, byte: number): number {
  for (let i = from; i < to; i++) if (bytes[i] === byte) return i;
  return -1;
}

const SPACE = 32;
const TAB = 9;

/** The end of the token at `from`: the next space or tab, or `to`. */
export function findTokenEnd(bytes: Uint8Array, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const c = bytes[i];
    if (c === SPACE || c === TAB) return i;
  }
  return to;
}

/** Bytes [from, to), one token, as a non-negative decimal integer (digits only, at most 16), or -1. */
export function readDecimalAt(bytes: Uint8Array, from: number, to: number): number {
  if (to <= from || to - from > 16) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = (bytes[i] ?? 0) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Bytes [from, to) as text (UTF-8; an ASCII token without the decoder's overhead). */
export function decodeBytes(bytes: Uint8Array, from: number, to: number): string {
  let text = '';
  for (let i = from; i < to; i++) {
    const c = bytes[i] ?? 0;
    if (c >= 0x80) return decoder.decode(bytes.subarray(from, to));
    text += String.fromCharCode(c);
  }
  return text;
}

/** How many UTF-16 characters bytes [from, to) decode to: an issue's column is a character column. */
export function countCharacters(bytes: Uint8Array, from: number, to: number): number {
  for (let i = from; i < to; i++)
    if ((bytes[i] ?? 0) >= 0x80) return decoder.decode(bytes.subarray(from, to)).length;
  return to - from;
}
