import type { JsonValue } from '../json/parse-json-text.js';

const isRecord = (v: JsonValue | undefined): v is { readonly [key: string]: JsonValue } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const BARE_META = new Set(['iifname', 'oifname', 'iif', 'oif', 'mark']);
const BINARY = ['&', '|', '^', '<<', '>>'];

/**
 * An nft JSON expression (libnftables-json(5) EXPRESSIONS) as nft list prints it: `ip saddr`, `oifname`,
 * `10.0.0.0/8`, `1024-65535`, `{ a, b }`, `meta mark & 16384`. Unknown shapes are written as JSON.
 */
export function renderNftJsonExpression(e: JsonValue | undefined): string {
  if (e === undefined || e === null) return '';
  if (typeof e === 'string' || typeof e === 'number' || typeof e === 'boolean') return String(e);
  if (Array.isArray(e)) return `{ ${e.map(renderNftJsonExpression).join(', ')} }`;
  if (!isRecord(e)) return JSON.stringify(e);
  const [key, value] = Object.entries(e)[0] ?? ['', null];
  const v = isRecord(value) ? value : undefined;
  if (key === 'payload' && v)
    return `${renderNftJsonExpression(v.protocol)} ${renderNftJsonExpression(v.field)}`;
  if (key === 'meta' && v) {
    const k = renderNftJsonExpression(v.key);
    return BARE_META.has(k) ? (k === 'mark' ? 'meta mark' : k) : `meta ${k}`;
  }
  if (key === 'ct' && v) return `ct ${renderNftJsonExpression(v.key)}`;
  if (key === 'prefix' && v) return `${renderNftJsonExpression(v.addr)}/${renderNftJsonExpression(v.len)}`;
  if (key === 'range' && Array.isArray(value)) return value.map(renderNftJsonExpression).join('-');
  if (key === 'set')
    return Array.isArray(value) ? renderNftJsonExpression(value) : `{ ${renderNftJsonExpression(value)} }`;
  if (key === 'concat' && Array.isArray(value)) return value.map(renderNftJsonExpression).join(' . ');
  if (BINARY.includes(key) && Array.isArray(value))
    return value.map(renderNftJsonExpression).join(` ${key} `);
  return JSON.stringify(e);
}
