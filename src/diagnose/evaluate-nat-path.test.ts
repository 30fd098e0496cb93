import { describe, expect, it } from 'vitest';
import { iptablesSave } from '../../test/diagnose/captures.js';
import { factsOf } from '../../test/diagnose/rule-tester.js';
import { parseCidr } from '../core/net/cidr.js';
import { evaluateNatPath } from './evaluate-nat-path.js';

const chainsOf = (rules: readonly string[], chains: readonly string[] = []) =>
  factsOf({ 'iptables-save.txt': iptablesSave('legacy', rules, chains) }).nat[0]!.chains.chains;
const flow = (destination: string, source?: string) => ({
  destination: parseCidr(destination)!,
  ...(source && { source: parseCidr(source)! }),
});
const hits = (rules: readonly string[], f: ReturnType<typeof flow>, chains: readonly string[] = []) =>
  evaluateNatPath(chainsOf(rules, chains), f).map(
    (h) => `${h.chain}:${h.rule.line}:${h.certain ? 'certain' : 'maybe'}`,
  );

describe('evaluateNatPath', () => {
  it.each([
    ['a plain MASQUERADE', ['-A POSTROUTING -j MASQUERADE'], flow('10.0.0.0/16'), ['POSTROUTING:7:certain']],
    [
      'a RETURN covering the destination first',
      ['-A POSTROUTING -d 10.0.0.0/8 -j RETURN', '-A POSTROUTING -j MASQUERADE'],
      flow('10.0.0.0/16'),
      [],
    ],
    [
      'a RETURN covering half of it: maybe',
      ['-A POSTROUTING -d 10.0.0.0/17 -j RETURN', '-A POSTROUTING -j MASQUERADE'],
      flow('10.0.0.0/16'),
      ['POSTROUTING:8:maybe'],
    ],
    ['`! -d` the destination', ['-A POSTROUTING ! -d 10.0.0.0/8 -j MASQUERADE'], flow('10.0.0.0/16'), []],
    [
      'another source',
      ['-A POSTROUTING -s 172.17.0.0/16 -j MASQUERADE'],
      flow('10.0.0.0/16', '10.244.0.0/16'),
      [],
    ],
    ['`-o docker0` is not the uplink', ['-A POSTROUTING -o docker0 -j MASQUERADE'], flow('10.0.0.0/16'), []],
    [
      '`-o eth0` may be the uplink',
      ['-A POSTROUTING -o eth0 -j MASQUERADE'],
      flow('10.0.0.0/16'),
      ['POSTROUTING:7:maybe'],
    ],
    [
      'a kube-proxy mark: pod egress is unmarked',
      ['-A POSTROUTING -m mark --mark 0x4000/0x4000 -j MASQUERADE'],
      flow('10.0.0.0/16'),
      [],
    ],
    [
      'through a jump, a RETURN in the user chain goes back',
      ['-A POSTROUTING -j X', '-A POSTROUTING -j MASQUERADE', '-A X -d 10.0.0.0/16 -j RETURN'],
      flow('10.0.0.0/16'),
      ['POSTROUTING:9:certain'],
    ],
    [
      'an ACCEPT in a user chain stops everything',
      ['-A POSTROUTING -j X', '-A POSTROUTING -j MASQUERADE', '-A X -d 10.0.0.0/16 -j ACCEPT'],
      flow('10.0.0.0/16'),
      [],
    ],
  ])('%s', (_, rules, f, expected) => {
    expect(hits(rules, f, rules.some((r) => r.includes('-j X')) ? ['X'] : [])).toEqual(expected);
  });
});
