/** `root@node:~# iptables -t nat -S`, `$ sudo nft list ruleset`: the command line a paste often starts with. */
const COMMAND =
  /^(?:[^"\s]*(?:\s[^"\s]*)?[$#%>]\s+)?(?:sudo\s+(?:-\S+\s+)*)?(?:\S*\/)?(?:ip6?tables(?:-legacy|-nft)?(?:-save)?|nft|conntrack|sysctl|cat|uname|ip(?=\s+-))(?!\s+v\d)(?:\s|$)/;

/** Whether a pasted line is the shell command that produced the listing rather than part of it. */
export function isShellCommandLine(text: string): boolean {
  return COMMAND.test(text.trim());
}
