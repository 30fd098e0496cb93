import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SocketPorts } from './socket-ports.js';

describe('SocketPorts', () => {
  it('agrees with a plain map of busy-until times under any sequence of holds and queries', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            port: fc.integer({ min: 32768, max: 32800 }),
            dest: fc.integer({ min: 0, max: 3 }),
            dt: fc.integer({ min: 0, max: 5 }),
            hold: fc.integer({ min: 0, max: 20 }),
            tryOnly: fc.boolean(),
          }),
          { maxLength: 400 },
        ),
        (ops) => {
          const s = new SocketPorts();
          const model = new Map<number, number>();
          let now = 0;
          for (const op of ops) {
            now += op.dt;
            const key = op.port * 4096 + op.dest;
            const free = (model.get(key) ?? 0) <= now;
            expect(s.isFree(op.port, op.dest, now)).toBe(free);
            if (op.tryOnly) {
              expect(s.tryHold(op.port, op.dest, now + op.hold, now)).toBe(free);
              if (free) model.set(key, now + op.hold);
            } else {
              s.hold(op.port, op.dest, now + op.hold, now);
              model.set(key, now + op.hold);
            }
          }
          for (const [key, until] of model) {
            expect(s.isFree(Math.floor(key / 4096), key % 4096, now)).toBe(until <= now);
          }
        },
      ),
    );
  });
});
