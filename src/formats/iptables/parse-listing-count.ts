const COUNT = /^(\d{1,20})([KMGT]?)$/;
const SCALE: Readonly<Record<string, number>> = { '': 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/**
 * A packet or byte count as `iptables -L -v` prints it: exact, or rounded to K/M/G/T when `-x` is not given
 * (xtables_print_num: above 99999 it divides by 1000, rounding, while the value exceeds 9999).
 */
export function parseListingCount(
  text: string,
): { readonly value: number; readonly approximate: boolean } | undefined {
  const m = COUNT.exec(text);
  if (!m) return undefined;
  const suffix = m[2] ?? '';
  return { value: Number(m[1]) * (SCALE[suffix] ?? 1), approximate: suffix !== '' };
}
