import { describe, expect, it } from 'vitest';
import { effectiveVersion, type KernelDistro, parseKernelRelease, type Sublevel } from './kernel-release.js';

const v = (major: number, minor: number, patch: number) => ({ major, minor, patch });

describe('parseKernelRelease', () => {
  const cases: readonly (readonly [string, KernelDistro, Sublevel, number | undefined])[] = [
    ['4.4.0-142-generic', 'ubuntu', { kind: 'unknown' }, 142],
    ['5.4.0-150-generic', 'ubuntu', { kind: 'unknown' }, 150],
    ['5.15.0-91-generic', 'ubuntu', { kind: 'unknown' }, 91],
    ['6.8.0-1014-aws', 'ubuntu', { kind: 'unknown' }, 1014],
    ['4.19.0-18-amd64', 'debian', { kind: 'at-least', value: 208 }, 18],
    ['4.19.0-19-amd64', 'debian', { kind: 'at-least', value: 232 }, 19],
    ['4.19.0-27-amd64', 'debian', { kind: 'at-least', value: 249 }, 27],
    ['4.19.0-5-amd64', 'debian', { kind: 'unknown' }, 5],
    ['4.9.0-18-686-pae', 'debian', { kind: 'at-least', value: 303 }, 18],
    ['5.10.0-28-amd64', 'debian', { kind: 'at-least', value: 127 }, 28],
    ['6.1.0-13-cloud-amd64', 'debian', { kind: 'unknown' }, 13],
    ['5.10.0-0.bpo.3-amd64', 'debian-backports', { kind: 'unknown' }, 3],
    ['4.19.0-041900-generic', 'ubuntu-mainline', { kind: 'exact', value: 0 }, 41900],
    ['5.0.10-050010-generic', 'ubuntu-mainline', { kind: 'exact', value: 10 }, 50010],
    ['4.14.355-275.582.amzn2.x86_64', 'amazon', { kind: 'exact', value: 355 }, undefined],
    ['3.10.0-1160.el7.x86_64', 'rhel', { kind: 'unknown' }, undefined],
    ['5.15.167.4-microsoft-standard-WSL2', 'wsl', { kind: 'exact', value: 167 }, undefined],
    ['6.18.44', 'upstream', { kind: 'exact', value: 44 }, undefined],
    ['6.18.44-fc-v669', 'upstream', { kind: 'exact', value: 44 }, undefined],
    ['4.19.232', 'upstream', { kind: 'exact', value: 232 }, undefined],
    ['6.8.0-rc3', 'upstream', { kind: 'exact', value: 0 }, undefined],
    ['5.15.0-7-custom', 'unknown-abi', { kind: 'unknown' }, 7],
  ];

  it.each(cases)('%s → %s', (text, distro, sublevel, abi) => {
    const r = parseKernelRelease(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.release.distro).toBe(distro);
    expect(r.release.sublevel).toEqual(sublevel);
    expect(r.release.abi).toBe(abi);
  });

  it('keeps the printed numbers and derives the effective upstream version', () => {
    const r = parseKernelRelease('4.19.0-19-amd64\n');
    if (!r.ok) throw new Error(r.error);
    expect(r.release.text).toBe('4.19.0-19-amd64');
    expect(r.release.printed).toEqual(v(4, 19, 0));
    expect(effectiveVersion(r.release)).toEqual(v(4, 19, 232));
  });

  it.each(['abc', '', '5', '5.', 'v5.15.0', '5.15.0 generic', '2.4.37', '1.2.3'])('rejects %j', (text) => {
    const r = parseKernelRelease(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toContain(JSON.stringify(text));
  });

  it('says which format it expects', () => {
    const r = parseKernelRelease('abc');
    expect(r).toEqual({
      ok: false,
      error:
        'not a kernel release: "abc" (expected the output of `uname -r`: MAJOR.MINOR.PATCH with an optional suffix, e.g. "5.15.0-91-generic", "6.1.0-13-amd64" or "6.6.57")',
    });
  });
});
