import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ipv4 } from '../../core/net/ipv4.js';
import { type ConntrackListEntry, TCP_CT_STATES } from '../../core/netfilter/conntrack-list-entry.js';
import { createConntrackListReader } from './create-conntrack-list-reader.js';
import { parseConntrackList } from './parse-conntrack-list.js';
import { renderConntrackList } from './render-conntrack-list.js';

const fixture = (path: string) =>
  readFileSync(new URL(`../../../test/fixtures/${path}`, import.meta.url), 'utf8');
const codes = (text: string) => parseConntrackList(text).issues.map((i) => `${i.code}@${i.line}:${i.column}`);

describe('parseConntrackList', () => {
  it('reads the conntrack -L fixture: tcp, udp, icmp kept generically, the stderr summary', () => {
    const { value, issues } = parseConntrackList(fixture('conntrack-list/snat-mixed.txt'));
    expect(issues).toEqual([]);
    expect(
      value.entries.map((e) => [e.proto, e.tcpState, e.timeoutS, e.seenReply, e.assured, e.reply.dport]),
    ).toEqual([
      ['tcp', 'SYN_SENT', 117, false, false, 45678],
      ['tcp', 'ESTABLISHED', 431999, true, true, 1024],
      ['udp', undefined, 29, false, false, 38912],
    ]);
    expect(value.entries[1]).toMatchObject({ mark: 0, use: 1 });
    expect(value.others).toEqual([
      {
        proto: 'icmp',
        protoNumber: 1,
        timeoutS: 29,
        fields: [
          ['src', '10.244.1.5'],
          ['dst', '8.8.8.8'],
          ['type', '8'],
          ['code', '0'],
          ['id', '14147'],
          ['src', '8.8.8.8'],
          ['dst', '192.168.1.10'],
          ['type', '0'],
          ['code', '0'],
          ['id', '14147'],
          ['mark', '0'],
          ['use', '1'],
        ],
        flags: [],
      },
    ]);
    expect(value.totals).toMatchObject({
      lines: 5,
      entries: 3,
      others: 1,
      skipped: 0,
      summary: { version: '1.4.7', shown: 4, line: 5 },
    });
  });

  it('reads /proc/net/nf_conntrack: the l3 prefix and zone', () => {
    const { value, issues } = parseConntrackList(fixture('proc-net-nf-conntrack/snat-mixed.txt'));
    expect(issues).toEqual([]);
    expect(value.entries).toHaveLength(3);
    expect(value.entries[0]).toMatchObject({ l3: 'ipv4', proto: 'tcp', zone: 0, use: 2, timeoutS: 117 });
  });

  it('reads -o extended with accounting, directional zones, offload and an IPv6 line', () => {
    const text = [
      'ipv4     2 tcp      6 299 ESTABLISHED src=10.0.0.2 dst=1.1.1.1 sport=40000 dport=443 zone-orig=3 packets=10 bytes=800 src=1.1.1.1 dst=192.0.2.1 sport=443 dport=1025 zone-reply=4 packets=8 bytes=4000 [ASSURED] mark=7 zone=3 use=1',
      'ipv4     2 tcp      6 ESTABLISHED src=10.0.0.2 dst=1.1.1.1 sport=40001 dport=443 src=1.1.1.1 dst=192.0.2.1 sport=443 dport=40001 [OFFLOAD] mark=0 zone=0 use=2',
      'ipv6     10 udp      17 29 src=fd00::2 dst=2001:db8::1 sport=5353 dport=53 [UNREPLIED] src=2001:db8::1 dst=fd00::2 sport=53 dport=5353 mark=0 use=1',
      'sctp     132 3 ESTABLISHED src=10.0.0.2 dst=10.0.0.9 sport=9 dport=9 src=10.0.0.9 dst=10.0.0.2 sport=9 dport=9 mark=0 use=1',
    ].join('\n');
    const { value, issues } = parseConntrackList(text);
    expect(issues).toEqual([]);
    expect(value.entries[0]).toMatchObject({
      origCounters: { packets: 10, bytes: 800 },
      replyCounters: { packets: 8, bytes: 4000 },
      origZone: 3,
      replyZone: 4,
      mark: 7,
      zone: 3,
    });
    expect(value.entries[1]).toMatchObject({ offload: 'OFFLOAD', timeoutS: 0, tcpState: 'ESTABLISHED' });
    expect(value.others.map((o) => [o.l3, o.proto, o.state])).toEqual([
      ['ipv6', 'udp', undefined],
      [undefined, 'sctp', 'ESTABLISHED'],
    ]);
  });

  it.each([
    ['garbage', 'hello world\n', ['bad-line@1:1']],
    [
      'a bad timeout',
      'tcp      6 1x7 SYN_SENT src=1.1.1.1 dst=2.2.2.2 sport=1 dport=2 src=2.2.2.2 dst=1.1.1.1 sport=2 dport=1 use=1',
      ['bad-number@1:12'],
    ],
    ['a bad address', 'udp      17 29 src=1.1.1 dst=2.2.2.2 sport=1 dport=2', ['bad-address@1:16']],
    [
      'a port out of range',
      'udp      17 29 src=1.1.1.1 dst=2.2.2.2 sport=70000 dport=2',
      ['bad-number@1:40'],
    ],
    [
      'a line cut short',
      'udp      17 29 src=1.1.1.1 dst=2.2.2.2 sport=1 dport=2 [UNREPLIED] src=2.2.2.2 dst=',
      ['bad-address@1:80'],
    ],
    [
      'a reply tuple missing',
      'udp      17 29 src=1.1.1.1 dst=2.2.2.2 sport=1 dport=2',
      ['missing-field@1:55'],
    ],
    [
      'an unknown TCP state',
      'tcp      6 5 SYN_SENT2 src=1.1.1.1 dst=2.2.2.2 sport=1 dport=2 src=2.2.2.2 dst=1.1.1.1 sport=2 dport=1',
      ['unknown-state@1:14'],
    ],
    ['a tool error', 'conntrack v1.4.6 (conntrack-tools): Operation not permitted\n', ['tool-message@1:1']],
    [
      'a summary that does not match',
      'conntrack v1.4.7 (conntrack-tools): 2 flow entries have been shown.\n',
      ['count-mismatch@1:1'],
    ],
  ])('reports %s with its position', (_, text, expected) => {
    expect(codes(text)).toEqual(expected);
  });

  it('counts other protocols and unreadable TCP/UDP lines apart (what the lab reports)', () => {
    const text = [
      'unknown  2 599 src=198.18.0.1 dst=224.0.0.22 [UNREPLIED] src=224.0.0.22 dst=198.18.0.1 mark=0 use=1',
      'tcp      6 119 TIME_WAIT src=198.18.0.2 dst=198.19.0.2 sport=40002 dport=5061 mark=0 use=1',
      '',
    ].join('\n');
    const { value, issues } = parseConntrackList(text);
    expect(value.entries).toEqual([]);
    expect(value.totals).toMatchObject({ others: 1, skipped: 1 });
    expect(issues.map((i) => i.code)).toEqual(['missing-field']);
  });

  it('keeps going after a bad line', () => {
    const good =
      'udp      17 29 src=1.1.1.1 dst=2.2.2.2 sport=1 dport=2 src=2.2.2.2 dst=1.1.1.1 sport=2 dport=1 mark=0 use=1';
    const { value } = parseConntrackList(`junk\r\n${good}\r\n`);
    expect(value.entries).toHaveLength(1);
    expect(value.totals).toMatchObject({ skipped: 1, entries: 1, lines: 2 });
  });
});

const u16 = fc.integer({ min: 0, max: 65535 });
const addr = fc.nat({ max: 0xffffffff }).map((n) => n as Ipv4);
const tuple = fc.record({ src: addr, dst: addr, sport: u16, dport: u16 });
const counters = fc.record({ packets: fc.nat(), bytes: fc.maxSafeNat() });
const entry: fc.Arbitrary<ConntrackListEntry> = fc
  .record(
    {
      proto: fc.constantFrom('tcp' as const, 'udp' as const),
      timeoutS: fc.nat({ max: 432000 }),
      tcpState: fc.constantFrom(...TCP_CT_STATES),
      orig: tuple,
      reply: tuple,
      seenReply: fc.boolean(),
      assured: fc.boolean(),
      l3: fc.constant('ipv4' as const),
      offload: fc.constantFrom('OFFLOAD' as const, 'HW_OFFLOAD' as const),
      origCounters: counters,
      replyCounters: counters,
      origZone: fc.nat({ max: 65535 }),
      replyZone: fc.nat({ max: 65535 }),
      mark: fc.nat({ max: 0xffffffff }),
      zone: fc.nat({ max: 65535 }),
      use: fc.nat({ max: 1000 }),
    },
    { requiredKeys: ['proto', 'timeoutS', 'orig', 'reply', 'seenReply', 'assured', 'mark', 'use'] },
  )
  .map(({ tcpState, ...e }) => ({
    ...e,
    ...(e.proto === 'tcp' && { tcpState: tcpState ?? 'NONE' }),
    // /proc omits an offloaded entry's timeout.
    ...(e.l3 && e.offload && { timeoutS: 0 }),
  }));

describe('parse ∘ render', () => {
  it('reads back every entry renderConntrackList writes, with the summary', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 20 }), (entries) => {
        const out = renderConntrackList(entries);
        const { value, issues } = parseConntrackList(out.stdout + out.stderr);
        expect(issues).toEqual([]);
        expect(value.entries).toEqual(entries);
        expect(value.totals.summary?.shown).toBe(entries.length);
      }),
    );
  });

  it('gives the same result whatever the chunks the text arrives in', () => {
    const text = fixture('conntrack-list/snat-mixed.txt') + fixture('proc-net-nf-conntrack/snat-mixed.txt');
    const whole = parseConntrackList(text);
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat({ max: text.length }), { maxLength: 30 }), (cuts) => {
        const entries: ConntrackListEntry[] = [];
        const reader = createConntrackListReader({ entry: (e) => entries.push(e) });
        const at = [0, ...cuts.sort((a, b) => a - b), text.length];
        for (let i = 1; i < at.length; i++) reader.push(text.slice(at[i - 1], at[i]));
        expect({ entries, totals: reader.end() }).toEqual({
          entries: whole.value.entries,
          totals: whole.value.totals,
        });
      }),
    );
  });
});

describe('the byte reader', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  // Non-ASCII before the issues' tokens: columns count characters (é is 2 bytes, € 3, 𝄞 4 and 2 UTF-16 units).
  const text = [
    fixture('conntrack-list/snat-mixed.txt').split('\n').slice(0, 4).join('\r\n'),
    'tcp      6 5 ÉTABLI src=1.1.1.1 dst=2.2.2.2 sport=1 dport=2 src=2.2.2.2 dst=1.1.1.1 sport=2 dport=1',
    'udp      17 29 src=1.1.1.1 dst=2.2.2.2 sport=€ dport=2',
    'icmp     1 29 src=1.1.1.1 dst=2.2.2.2 type=8 code=0 id=𝄞 src=2.2.2.2 dst=1.1.1.1 type=0 code=0 id=1 mark=0 use=1',
    'udp 17 29 note=𝄞 src=1.1.1.1 dst=2.2.2.2 sport=1 dport=99999',
    // The last line has no newline.
    'udp      17 29 src=1.1.1.1 dst=2.2.2.2 sport=1 dport=2 src=2.2.2.2 dst=1.1.1.1 sport=2 dport=1 mark=0 use=1',
  ].join('\n');
  const whole = parseConntrackList(text);

  it('reads CRLF, non-ASCII text and a last line without a newline, with character columns', () => {
    expect(whole.value.totals).toMatchObject({ lines: 9, entries: 5, others: 2, skipped: 2 });
    expect(whole.value.entries.at(-1)?.reply.dport).toBe(1);
    expect(whole.issues.map((i) => `${i.code}@${i.line}:${i.column}`)).toEqual([
      'unknown-state@5:14',
      'bad-number@6:40',
      'bad-number@8:51',
    ]);
    expect(whole.issues[0]?.message).toBe('TCP state "ÉTABLI"');
    expect(whole.issues[1]?.message).toBe('sport "€" is not a number in range');
    expect(whole.value.others[1]?.fields).toContainEqual(['id', '𝄞']);
  });

  it('gives the same result with a line split across two byte chunks at every position', () => {
    const all = bytes(text);
    for (let at = 0; at <= all.length; at++)
      expect(parseConntrackList([all.subarray(0, at), all.subarray(at)])).toEqual(whole);
  });

  it('gives the same result byte by byte (every multi-byte character split)', () => {
    const all = bytes(text);
    expect(parseConntrackList(Array.from(all, (_, i) => all.subarray(i, i + 1)))).toEqual(whole);
  });

  it('gives the same result through push(string) at every cut, a surrogate pair split included', () => {
    for (let at = 0; at <= text.length; at++)
      expect(parseConntrackList([text.slice(0, at), text.slice(at)])).toEqual(whole);
  });

  it('gives the same result mixing text and byte chunks', () => {
    // A byte chunk cannot start with half a surrogate pair: cut text between characters.
    const cut = fc.nat({ max: text.length }).filter((i) => !/[\udc00-\udfff]/.test(text.charAt(i)));
    fc.assert(
      fc.property(fc.uniqueArray(cut, { maxLength: 12 }), (cuts) => {
        const at = [0, ...cuts.sort((a, b) => a - b), text.length];
        const chunks = at.slice(1).map((end, i) => {
          const piece = text.slice(at[i], end);
          return i % 2 === 0 ? piece : bytes(piece);
        });
        expect(parseConntrackList(chunks)).toEqual(whole);
      }),
    );
  });
});
