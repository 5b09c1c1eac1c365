/**
 * The documents of a station database, who writes each, and their JSON schemas, taken from the
 * shared document schemas (`@xz/shared/docs/validate`). `validate_doc_update` of every station
 * database is generated from this table (see `validate-docs.ts`), so the hub refuses a malformed
 * document on a direct write and during replication alike, with the same rules the agent uses.
 */

import { type DocType, docJsonSchemas } from '@xz/shared/docs/validate';
import { STATION_ID_PATTERN } from '@xz/shared/ids';

/** Who may write a document type into a station database. */
export type StationDocWriter = 'station' | 'hub';

export interface StationDocRule {
  /** Id pattern; its station part is pinned to the database's station. */
  idPattern: string;
  writer: StationDocWriter;
  /** Plain JSON schema of the document. */
  schema: Record<string, unknown>;
}

/** The printer states a station reports (declared once, in the contract). */
export { PRINTER_STATES } from '@xz/shared/contract/state-names';

/** Station database document types and their writers (one writer per document). */
const WRITERS: Readonly<Partial<Record<DocType, StationDocWriter>>> = {
  ticket: 'station',
  'ticket-event': 'station',
  rating: 'station',
  request: 'station',
  heartbeat: 'station',
  'printer-status': 'station',
  station: 'hub',
  'station-staff': 'hub',
  'phone-rating': 'hub',
};

function rules(): Record<string, StationDocRule> {
  const schemas = docJsonSchemas();
  const out: Record<string, StationDocRule> = {};
  for (const [type, writer] of Object.entries(WRITERS) as Array<[DocType, StationDocWriter]>) {
    const schema = schemas[type];
    const id = (schema.properties as Record<string, { pattern?: string }> | undefined)?._id?.pattern;
    if (typeof id !== 'string') throw new Error(`the ${type} schema has no _id pattern`);
    out[type] = { idPattern: id, writer, schema };
  }
  return out;
}

export const STATION_DOC_RULES: Readonly<Record<string, StationDocRule>> = Object.freeze(rules());

/** The station part of every id pattern, replaced by the database's own station id. */
export const STATION_ID_BODY = STATION_ID_PATTERN.slice(1, -1);
