/** Just after the last character of the last non-blank line: where a truncated dump stopped. */
export function endOfInput(lines: readonly string[]): { line: number; column: number } {
  for (let i = lines.length - 1; i >= 0; i--) {
    const text = (lines[i] ?? '').replace(/\s+$/, '');
    if (text !== '') return { line: i + 1, column: text.length + 1 };
  }
  return { line: 1, column: 1 };
}
