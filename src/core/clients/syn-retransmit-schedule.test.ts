import { describe, expect, it } from 'vitest';
import { synRetransmitSchedule } from './syn-retransmit-schedule.js';

const seconds = (ns: readonly number[]) => ns.map((n) => n / 1e9);

describe('synRetransmitSchedule', () => {
  it('≤6.4: exponential 1, 3, 7, 15, 31, 63 s, ETIMEDOUT at 127 s', () => {
    const s = synRetransmitSchedule({ synBackoff: 'exponential', initialRtoMs: 1000 }, 6, 4);
    expect(seconds(s.retransmitsNs)).toEqual([1, 3, 7, 15, 31, 63]);
    expect(s.giveUpNs / 1e9).toBe(127);
  });

  it('6.5+: four linear backoffs first: 1, 2, 3, 4, 5, 7, 11, 19, 35, 67 s, ETIMEDOUT at 131 s', () => {
    const s = synRetransmitSchedule({ synBackoff: 'linear4', initialRtoMs: 1000 }, 6, 4);
    expect(seconds(s.retransmitsNs)).toEqual([1, 2, 3, 4, 5, 7, 11, 19, 35, 67]);
    expect(s.giveUpNs / 1e9).toBe(131);
  });

  it('old kernels with a 3 s initial RTO', () => {
    const s = synRetransmitSchedule({ synBackoff: 'exponential', initialRtoMs: 3000 }, 2, 0);
    expect(seconds(s.retransmitsNs)).toEqual([3, 9]);
    expect(s.giveUpNs / 1e9).toBe(21);
  });
});
