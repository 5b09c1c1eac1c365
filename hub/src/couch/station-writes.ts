/**
 * What a kiosk may write into its station database, checked in the hub's process with the shared
 * TypeScript schemas (no JavaScript from any database is evaluated). The same rules as the
 * `validate_doc_update` generated for Apache CouchDB (`validate-docs.ts`): the document's type is a
 * station document the station writes, its id and `stationId` are the station's own, it holds no
 * raw resident ID number or credit code, and it matches its schema. A document the hub wrote
 * (the station's configuration) can be neither changed nor deleted by the kiosk.
 */
import { type DocType, isDocType, validateDocAs } from '@xz/shared/docs/validate';
import { STATION_DOC_RULES, STATION_ID_BODY } from './station-doc-schemas.ts';

/** The CouchDB fields a replicated document may carry besides its own. */
const COUCH_FIELDS = new Set(['_id', '_rev', '_deleted', '_revisions']);

const RAW_ID = /^\d{17}[\dXx]$/;
const RAW_CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** The first field holding a raw resident ID number or credit code, or null. */
export function rawIdField(value: unknown, depth = 0): string | null {
  if (depth > 12 || value === null || typeof value !== 'object') return null;
  for (const [key, inner] of Object.entries(value)) {
    if (
      (key === 'idNumber' || key === 'creditCode') &&
      typeof inner === 'string' &&
      (RAW_ID.test(inner) || RAW_CREDIT_CODE.test(inner))
    ) {
      return key;
    }
    const found = rawIdField(inner, depth + 1);
    if (found) return found;
  }
  return null;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Compiled id patterns per station (a kiosk writes many documents of one station). */
function idPatterns(stationId: string): Map<string, RegExp> {
  return new Map(
    Object.entries(STATION_DOC_RULES).map(([type, rule]) => [
      type,
      new RegExp(rule.idPattern.replace(STATION_ID_BODY, escapeRegex(stationId))),
    ]),
  );
}

/**
 * Why the kiosk may not write `doc` over `stored` (the current winning revision, if any), or null
 * when it may.
 */
export type StationWriteCheck = (doc: unknown, stored: Record<string, unknown> | undefined) => string | null;

/** The check for one station's kiosk. */
export function kioskWriteCheck(stationId: string): StationWriteCheck {
  const patterns = idPatterns(stationId);
  return (doc, stored) => {
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
      return 'a document must be a JSON object';
    const d = doc as Record<string, unknown>;
    if (typeof d._id !== 'string' || d._id === '') return '_id is required';
    if (d._id.startsWith('_')) return 'design and special documents are the hub’s';
    for (const key of Object.keys(d)) {
      if (key.startsWith('_') && !COUCH_FIELDS.has(key)) return `${key} is not allowed`;
    }
    const previous = stored && stored._deleted !== true ? STATION_DOC_RULES[String(stored.type)] : undefined;
    if (previous?.writer === 'hub') return 'this document is written by the hub';
    if (d._deleted === true) {
      return stored === undefined || previous !== undefined ? null : 'this document is not the station’s';
    }
    const type = d.type;
    const rule =
      typeof type === 'string' && Object.hasOwn(STATION_DOC_RULES, type)
        ? STATION_DOC_RULES[type]
        : undefined;
    if (rule === undefined || !isDocType(type)) return `unknown document type: ${String(type)}`;
    if (rule.writer !== 'station') return `${type} documents are written by the hub`;
    if (!(patterns.get(type) as RegExp).test(d._id)) {
      return `id ${d._id} does not fit a ${type} of station ${stationId}`;
    }
    if (d.stationId !== stationId) return `stationId must be ${stationId}`;
    const raw = rawIdField(d);
    if (raw) return `${raw} must be stored as a keyed hash, never raw`;
    const own: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(d)) if (key === '_id' || !key.startsWith('_')) own[key] = value;
    const result = validateDocAs(type as DocType, own);
    if (!result.ok) {
      const first = result.errors[0];
      return `${type}: ${first.path.replace(/^\//, '').replace(/\//g, '.') || 'document'} ${first.message}`;
    }
    return null;
  };
}

/**
 * Why the hub may not store `doc` in its own databases, or null: the embedded store's counterpart
 * of the admin-only `validate_doc_update` (a type, and no raw ID number or credit code anywhere).
 */
export function hubWriteProblem(doc: unknown): string | null {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    return 'a document must be a JSON object';
  const d = doc as Record<string, unknown>;
  if (d._deleted === true || (typeof d._id === 'string' && d._id.startsWith('_'))) return null;
  if (typeof d.type !== 'string' || d.type === '') return 'type is required';
  const raw = rawIdField(d);
  return raw ? `${raw} must be stored as a keyed hash, never raw` : null;
}
