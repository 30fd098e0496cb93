/** An IPv4 address as an unsigned 32-bit integer. Hot paths compare numbers, never strings. */
export type Ipv4 = number & { readonly __brand: 'Ipv4' };

/** Parses dotted-quad text; `undefined` when it is not exactly four decimal octets. */
export function parseIpv4(text: string): Ipv4 | undefined {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return undefined;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return undefined; // no leading zeros ("010" is ambiguous)
      octet = octet * 10 + (c - 48);
      digits++;
      if (octet > 255) return undefined;
    } else {
      return undefined;
    }
  }
  if (dots !== 3 || digits === 0) return undefined;
  return (value * 256 + octet) as Ipv4;
}

/** The validating constructor for numeric addresses. */
export function toIpv4(value: number): Ipv4 {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff)
    throw new RangeError(`not an IPv4 address: ${value}`);
  return value as Ipv4;
}

export function formatIpv4(ip: Ipv4): string {
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}
