/** Named base-chain priorities (nft(8) "Standard priority names"); bridge has its own table. */
const NAMED: Readonly<Record<string, number>> = {
  raw: -300,
  mangle: -150,
  dstnat: -100,
  filter: 0,
  security: 50,
  srcnat: 100,
};
const BRIDGE: Readonly<Record<string, number>> = { dstnat: -300, filter: -200, out: 100, srcnat: 300 };

/** `100`, `srcnat`, `srcnat + 10`, `dstnat - 5` → a number; undefined if it is none of those. */
export function resolveNftPriority(text: string, family: string): number | undefined {
  const m = /^(-?\d+|[a-z]+)(?:\s*([+-])\s*(\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  const base = /^-?\d+$/.test(m[1] ?? '') ? Number(m[1]) : (family === 'bridge' ? BRIDGE : NAMED)[m[1] ?? ''];
  if (base === undefined) return undefined;
  const offset = m[3] === undefined ? 0 : Number(m[3]) * (m[2] === '-' ? -1 : 1);
  return base + offset;
}
