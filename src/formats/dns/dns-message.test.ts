import { describe, expect, it } from 'vitest';
import {
  buildDnsAnswer,
  buildDnsQuery,
  DNS_TYPE_A,
  DNS_TYPE_AAAA,
  parseDnsQuestion,
  parseDnsResponseHeader,
} from './dns-message.js';

describe('the DNS wire format, as much as the lab needs', () => {
  it('builds a query as res_mkquery does and reads its question back', () => {
    const q = buildDnsQuery(0x1234, 'svc.example.test', DNS_TYPE_AAAA);
    expect(Buffer.from(q).toString('hex')).toBe(
      '12340100000100000000000003737663076578616d706c65047465737400001c0001',
    );
    expect(parseDnsQuestion(q)).toEqual({
      id: 0x1234,
      name: 'svc.example.test',
      qtype: 28,
      qclass: 1,
      end: q.length,
    });
  });

  it.each([
    [DNS_TYPE_A, Uint8Array.of(198, 19, 255, 254)],
    [DNS_TYPE_AAAA, Uint8Array.from({ length: 16 }, (_, i) => (i === 15 ? 1 : 0))],
  ])('answers type %i with one record', (qtype, address) => {
    const query = buildDnsQuery(7, 'a.test', qtype);
    const q = parseDnsQuestion(query)!;
    const answer = buildDnsAnswer(query, q, address);
    expect(parseDnsResponseHeader(answer)).toEqual({ id: 7, answers: 1 });
    expect(answer.subarray(answer.length - address.length)).toEqual(address);
    expect(parseDnsResponseHeader(query)).toBeUndefined();
  });

  it.each([
    ['too short', Uint8Array.of(1, 2, 3)],
    [
      'two questions',
      (() => {
        const q = buildDnsQuery(1, 'a.test', 1);
        q[5] = 2;
        return q;
      })(),
    ],
    [
      'a label past the end',
      Uint8Array.from([...new Uint8Array(4), 0, 1, 0, 0, 0, 0, 0, 0, 40, 97, 0, 1, 0, 1]),
    ],
    [
      'a compression pointer',
      Uint8Array.from([...new Uint8Array(4), 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1]),
    ],
  ])('rejects %s without throwing', (_, msg) => {
    expect(parseDnsQuestion(msg)).toBeUndefined();
  });
});
