import type { Timing } from '../../core/scenario/scenario.js';
import { NS_PER_US } from '../../core/time/sim-time.js';
import { type Fields, keyList, type NumberRange, readEnum, readNumber, readObject } from './field-readers.js';
import type { IssueCollector, Path } from './issue-collector.js';
import { TIMING_DEFAULTS_US } from './scenario-defaults.js';
import type { TimingInput } from './scenario-input.js';

const TIMING_KEYS = keyList<TimingInput>({
  packetServiceUs: true,
  natOffsetUs: true,
  natToConfirmUs: true,
  jitterUs: true,
  dnsGapUs: true,
  cpuPolicy: true,
});
const US: NumberRange = { min: 0, max: 1_000_000 };
const CPU_POLICIES: readonly Timing['cpuPolicy'][] = ['thread', 'spread'];

/** `timing: { packetServiceUs, natOffsetUs, natToConfirmUs, jitterUs, dnsGapUs, cpuPolicy }`, µs → ns. */
export function validateTiming(c: IssueCollector, raw: unknown, path: Path): Timing {
  const obj: Fields = raw === undefined || raw === null ? {} : (readObject(c, raw, path, TIMING_KEYS) ?? {});
  const d = TIMING_DEFAULTS_US;
  const us = (key: keyof TimingInput, fallback: number, range: NumberRange = US): number =>
    readNumber(c, obj, key, path, range, fallback);
  const packetServiceUs = us('packetServiceUs', d.packetServiceUs, { ...US, aboveMin: true });
  const natOffsetUs = us('natOffsetUs', d.natOffsetUs);
  const natToConfirmUs = us('natToConfirmUs', d.natToConfirmUs);
  // NAT (POSTROUTING +100) and confirm (POSTROUTING INT_MAX) both happen while the packet is being processed.
  if (natOffsetUs + natToConfirmUs > packetServiceUs)
    c.add(
      'inconsistent',
      [...path, obj.natToConfirmUs === undefined ? 'natOffsetUs' : 'natToConfirmUs'],
      `natOffsetUs + natToConfirmUs (${natOffsetUs + natToConfirmUs}) exceeds packetServiceUs (${packetServiceUs})`,
    );
  const ns = (value: number): number => Math.round(value * NS_PER_US);
  return {
    packetServiceNs: ns(packetServiceUs),
    natOffsetNs: ns(natOffsetUs),
    natToConfirmNs: ns(natToConfirmUs),
    jitterNs: ns(us('jitterUs', d.jitterUs)),
    dnsGapNs: ns(us('dnsGapUs', d.dnsGapUs)),
    cpuPolicy: readEnum(c, obj, 'cpuPolicy', path, CPU_POLICIES, d.cpuPolicy),
  };
}
