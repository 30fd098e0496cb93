import { kernelProfileFromRelease } from '../core/kernel/kernel-profile-from-release.js';
import { parseCniConfig } from '../formats/cni/parse-cni-config.js';
import { parseIpAddrJson } from '../formats/ip/parse-ip-addr-json.js';
import { parseResolvConf } from '../formats/resolv/parse-resolv-conf.js';
import { parseSysctl } from '../formats/sysctl/parse-sysctl.js';
import { addIssues, type FactsDraft } from './facts-draft.js';

export type HostFormat = 'uname-r' | 'sysctl' | 'ip-addr-json' | 'resolv-conf' | 'cni-config';

/** Reads `uname -r`, sysctl values, `ip -j addr`, resolv.conf or a CNI config. Returns the number of issues. */
export function readHostCapture(draft: FactsDraft, file: string, text: string, format: HostFormat): number {
  switch (format) {
    case 'uname-r': {
      const index = text.split('\n').findIndex((l) => l.trim() !== '');
      const line = index < 0 ? 1 : index + 1;
      const release = (text.split('\n')[line - 1] ?? '').trim();
      const result = kernelProfileFromRelease(release);
      if (!result.ok)
        return addIssues(draft.issues, file, [
          { code: 'bad-release', line, column: 1, message: result.error },
        ]);
      draft.kernels.push({
        release,
        profile: result.profile,
        ...(result.assumption !== undefined && { assumption: result.assumption }),
        evidence: { file, line, text: release, where: 'uname -r' },
      });
      return 0;
    }
    case 'sysctl': {
      const parsed = parseSysctl(text);
      for (const [key, { value, line }] of parsed.value.values)
        draft.sysctls.set(key, { value, evidence: { file, line, text: `${key} = ${value}`, where: key } });
      addIssues(
        draft.notices,
        file,
        parsed.value.missing.map((m) => ({
          code: 'sysctl-missing',
          line: m.line,
          column: 1,
          message: `${m.key}: ${m.reason}`,
        })),
      );
      return addIssues(draft.issues, file, parsed.issues);
    }
    case 'ip-addr-json': {
      const parsed = parseIpAddrJson(text);
      for (const iface of parsed.value) draft.interfaces.push({ file, iface });
      return addIssues(draft.issues, file, parsed.issues);
    }
    case 'resolv-conf': {
      const parsed = parseResolvConf(text);
      draft.resolv ??= { file, conf: parsed.value };
      return addIssues(draft.issues, file, parsed.issues);
    }
    case 'cni-config': {
      const parsed = parseCniConfig(text);
      draft.cni.push({ file, config: parsed.value });
      return addIssues(draft.issues, file, parsed.issues);
    }
    default: {
      const never: never = format;
      return never;
    }
  }
}
