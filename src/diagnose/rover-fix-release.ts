import type { KernelVersion } from '../core/kernel/kernel-profile.js';

/** Stable lines that got the port-rover removal (6ed5943f8735, a504b703bb1d) in Feb 2022; else mainline 5.0. */
const BACKPORTS: readonly (readonly [number, number, number])[] = [
  [4, 9, 300],
  [4, 14, 265],
  [4, 19, 228],
];

/** The first release of this kernel's line without the shared port rover. */
export function roverFixRelease(version: KernelVersion): string {
  const line = BACKPORTS.find(([major, minor]) => major === version.major && minor === version.minor);
  return line ? line.join('.') : '5.0';
}
