/**
 * Field-level difference between two versions of a policy (pure). Every leaf is compared, so a
 * localised field shows up as `title.zh` and `title.en` separately; arrays (tags, targets) are
 * compared as a whole.
 */

export interface FieldChange {
  /** Dotted path, e.g. `content.title.en`, `targets.stations`. */
  path: string;
  from?: unknown;
  to?: unknown;
  kind: 'added' | 'removed' | 'changed';
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function diffFields(from: unknown, to: unknown, prefix = ''): FieldChange[] {
  // An object on one side only (e.g. an optional localised field) is compared leaf by leaf too.
  if ((isPlainObject(from) || from === undefined) && (isPlainObject(to) || to === undefined) && from !== to) {
    if (from === undefined)
      return diffFields({}, to, prefix).map(({ from: _f, ...c }) => ({ ...c, kind: 'added' as const }));
    if (to === undefined)
      return diffFields(from, {}, prefix).map(({ to: _t, ...c }) => ({ ...c, kind: 'removed' as const }));
  }
  if (isPlainObject(from) && isPlainObject(to)) {
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
    return keys.flatMap((k) => diffFields(from[k], to[k], prefix ? `${prefix}.${k}` : k));
  }
  if (same(from, to)) return [];
  if (from === undefined) return [{ path: prefix, to, kind: 'added' }];
  if (to === undefined) return [{ path: prefix, from, kind: 'removed' }];
  return [{ path: prefix, from, to, kind: 'changed' }];
}
