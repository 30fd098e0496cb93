import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from './event-queue.js';

describe('EventQueue', () => {
  it('pops in (time, push order) order, whatever the interleaving of pushes and takes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(-1)), { maxLength: 400 }),
        (ops) => {
          const q = new EventQueue();
          const model: [number, number][] = [];
          let clock = 0;
          let next = 0;
          const popped: [number, number][] = [];
          const expected: [number, number][] = [];
          for (const op of ops) {
            if (op === -1) {
              if (q.size === 0) continue;
              q.take();
              popped.push([q.takenTime, q.takenArg]);
              model.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
              const head = model.shift()!;
              expected.push(head);
              clock = head[0];
            } else {
              // Events are never scheduled in the past, as in the simulator.
              const t = clock + op;
              q.push(t, 1, next);
              model.push([t, next++]);
            }
          }
          expect(popped).toEqual(expected);
          expect(q.size).toBe(model.length);
        },
      ),
    );
  });

  it('takes the kind and argument of each event', () => {
    const q = new EventQueue();
    q.push(5, 3, 50);
    q.push(1, 7, 10);
    q.push(5, 2, 51);
    expect([q.take(), q.takenTime, q.takenArg]).toEqual([7, 1, 10]);
    expect([q.take(), q.takenTime, q.takenArg]).toEqual([3, 5, 50]);
    expect([q.take(), q.takenTime, q.takenArg]).toEqual([2, 5, 51]);
    expect(q.size).toBe(0);
  });
});
