/** A TCP/UDP port (0..65535). */
export type Port = number & { readonly __brand: 'Port' };

export function toPort(value: number): Port {
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new RangeError(`not a port: ${value}`);
  return value as Port;
}

export function isPort(value: unknown): value is Port {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65535;
}
