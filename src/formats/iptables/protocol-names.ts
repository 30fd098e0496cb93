import type { L4Proto } from '../../core/net/proto.js';

/** `-p` values as iptables prints them: names in -S/save, numbers in `-L -n` (0 = all). */
export const IPTABLES_PROTOCOLS: Readonly<Record<string, L4Proto | 'all'>> = {
  tcp: 'tcp',
  '6': 'tcp',
  udp: 'udp',
  '17': 'udp',
  all: 'all',
  '0': 'all',
};
