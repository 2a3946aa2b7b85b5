/**
 * The detail pane's field tree for a JSON-like value. Built eagerly when a
 * message is decoded, so it is capped in breadth, depth and total nodes: a
 * page can send a megabyte of tiny arrays, and the tree must stay small
 * whatever the value holds.
 */
import type { DecodedField } from './types';
import { isRecord, renderKey, safeText, toHex } from './util';

const MAX_FIELDS = 200;
const MAX_TREE_DEPTH = 12;
/** Nodes in one tree; past it, containers show as "…". */
const MAX_NODES = 5000;
const MAX_SCALAR = 200;

interface Budget {
  nodes: number;
}

function renderScalar(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > MAX_SCALAR ? `${v.slice(0, MAX_SCALAR)}…` : v);
  if (v instanceof Uint8Array) return `bytes ${toHex(v, 32)}`;
  if (typeof v === 'bigint') return `${v.toString()}n`;
  return safeText(v, MAX_SCALAR);
}

/** At most MAX_FIELDS items, then one "… N more" entry. */
export function capList<T>(items: readonly T[], more: (n: number) => T, max = MAX_FIELDS): T[] {
  if (items.length <= max) return [...items];
  return [...items.slice(0, max), more(items.length - max)];
}

function entriesOf(value: unknown): { entries: [string, unknown][]; total: number } {
  const entries: [string, unknown][] = [];
  let total = 0;
  if (Array.isArray(value)) {
    total = value.length;
    for (let i = 0; i < Math.min(total, MAX_FIELDS); i++) entries.push([String(i), value[i]]);
  } else if (value instanceof Map) {
    for (const [k, v] of value) if (total++ < MAX_FIELDS) entries.push([renderKey(k), v]);
  } else if (isRecord(value)) {
    for (const k in value) {
      if (!Object.hasOwn(value, k)) continue;
      if (total++ < MAX_FIELDS) entries.push([k, value[k]]);
    }
  }
  return { entries, total };
}

function childrenOf(value: unknown, depth: number, budget: Budget): DecodedField[] {
  const { entries, total } = entriesOf(value);
  const out = entries.map(([name, v]) => build(name, v, depth + 1, budget));
  if (total > MAX_FIELDS) out.push({ name: '…', value: `${total - MAX_FIELDS} more` });
  return out;
}

function build(name: string, value: unknown, depth: number, budget: Budget): DecodedField {
  budget.nodes++;
  const container = Array.isArray(value) || value instanceof Map || isRecord(value);
  if (!container) return { name, value: renderScalar(value) };
  if (depth >= MAX_TREE_DEPTH || budget.nodes >= MAX_NODES) return { name, value: '…' };
  return { name, children: childrenOf(value, depth, budget) };
}

/** The children of a container value (an empty list for a scalar). */
export function fieldsOf(value: unknown): DecodedField[] {
  return childrenOf(value, 0, { nodes: 0 });
}

export function fieldOf(name: string, value: unknown): DecodedField {
  return build(name, value, 0, { nodes: 0 });
}
