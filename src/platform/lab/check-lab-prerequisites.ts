import { geteuid } from 'node:process';
import { LabError } from './lab-port.js';
import { missingToolMessage, runCommand, ToolMissingError } from './run-command.js';

/** `<tool> <args>` that prints a version and changes nothing. */
const VERSION_ARGS: Readonly<Record<string, readonly string[]>> = { ip: ['-V'] };

/**
 * Refuses (LabError `refused`, exit 2) when the lab cannot run here: not root, no network namespaces, or a
 * program missing (named with its Debian package). Returns the optional tools that are missing.
 */
export async function checkLabPrerequisites(
  required: readonly string[],
  optional: readonly string[],
): Promise<{ missingOptional: string[] }> {
  if (geteuid?.() !== 0)
    throw new LabError(
      'refused',
      'the lab needs root: it creates network namespaces, veth pairs and nat rules (run it as root, e.g. with sudo)',
    );
  for (const tool of required) {
    if (!(await hasTool(tool))) throw new LabError('refused', missingToolMessage(tool));
  }
  const netns = await runCommand(['ip', 'netns', 'list']);
  if (netns.rc !== 0)
    throw new LabError(
      'refused',
      `network namespaces are not supported here (ip netns list: ${netns.stderr.trim() || `exit ${netns.rc}`})`,
    );
  const missingOptional: string[] = [];
  for (const tool of optional) if (!(await hasTool(tool))) missingOptional.push(tool);
  return { missingOptional };
}

async function hasTool(tool: string): Promise<boolean> {
  try {
    await runCommand([tool, ...(VERSION_ARGS[tool] ?? ['--version'])], { timeoutMs: 5000 });
    return true;
  } catch (error) {
    if (error instanceof ToolMissingError) return false;
    throw error;
  }
}
