/** The built-in chains of each iptables table (iptables(8) TABLES). */
export const BUILTIN_CHAINS: Readonly<Record<string, readonly string[]>> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};

const ALL_BUILTINS = new Set(Object.values(BUILTIN_CHAINS).flat());

/** Whether `chain` is built into `table`; for an unknown table, whether it is built into any table. */
export function isBuiltinChain(table: string | undefined, chain: string): boolean {
  const builtins = table === undefined ? undefined : BUILTIN_CHAINS[table];
  return builtins ? builtins.includes(chain) : ALL_BUILTINS.has(chain);
}
