/** Files the collector reads with `cat`: procfs statistics and configuration, nothing else. */
const READABLE_FILES = new Set(['/proc/net/stat/nf_conntrack', '/etc/resolv.conf']);
const CNI_DIR = '/etc/cni/net.d/';
const SYSCTL_KEY = /^net\.(?:netfilter|ipv4)\.[a-z0-9_.]+$/;
const NETNS_NAME = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/;

const same = (argv: readonly string[], expected: readonly string[]) =>
  argv.length === expected.length && argv.every((a, i) => a === expected[i]);

/** Commands that only print state: listing rules and tables, reading counters and sysctls. */
const FIXED: readonly (readonly string[])[] = [
  ['uname', '-r'],
  ['conntrack', '-S'],
  ['conntrack', '-L'],
  ['iptables-save'],
  ['iptables-legacy-save'],
  ['iptables-nft-save'],
  ['nft', '-j', 'list', 'ruleset'],
  ['ip', '-j', 'addr'],
  ['ip', '-j', 'netns', 'list'],
];

/**
 * Whether `argv` is one of the read-only commands the snapshot collector may run: the only ones it ever runs (it
 * refuses anything else), so neither `snapshot` nor a live `doctor` can change the machine.
 */
export function isReadOnlyCommand(argv: readonly string[]): boolean {
  if (FIXED.some((f) => same(argv, f))) return true;
  const [program, ...args] = argv;
  if (program === 'cat' && args.length === 1) {
    const path = args[0] ?? '';
    if (READABLE_FILES.has(path)) return true;
    const name = path.slice(CNI_DIR.length);
    return path.startsWith(CNI_DIR) && name !== '' && !name.includes('/') && !name.startsWith('.');
  }
  if (program === 'sysctl') return args.length > 0 && args.every((k) => SYSCTL_KEY.test(k));
  if (program === 'ip' && args[0] === 'netns' && args[1] === 'exec') {
    const inner = args.slice(3);
    return NETNS_NAME.test(args[2] ?? '') && inner[0] !== 'ip' && isReadOnlyCommand(inner);
  }
  return false;
}
