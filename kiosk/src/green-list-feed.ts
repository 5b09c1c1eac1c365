/**
 * The green-channel lists the hub publishes (`green-list:{groupId}` in the published database,
 * keyed hashes only), read from the station's local copy: each document is checked against its
 * schema, a list made with another deployment key is refused (it could match nothing) and named
 * in the heartbeat, and the rest are joined with the station's local list file.
 */
import { validateDocAs } from '@xz/shared/docs/validate';
import type { GreenLists } from '@xz/shared/green/recognise';
import { hashKeyId } from '@xz/shared/validate/hash';
import type PouchDB from 'pouchdb';

export interface AppliedGreenLists {
  lists: GreenLists;
  /** Versions applied, by group id (reported in the heartbeat). */
  versions: Record<string, number>;
  /** Groups whose list was made with another deployment key. */
  refused: string[];
}

/** The hub's lists joined with the local ones. */
export async function readGreenLists(
  db: PouchDB.Database,
  hashKey: Uint8Array,
  local: GreenLists,
): Promise<AppliedGreenLists> {
  const keyId = hashKeyId(hashKey);
  const res = await db.allDocs({ include_docs: true, startkey: 'green-list:', endkey: 'green-list:\ufff0' });
  const idHashes: Record<string, Set<string>> = {};
  for (const [group, list] of Object.entries(local.idHashes)) idHashes[group] = new Set(list);
  const creditHashes = new Set(local.creditHashes);
  const versions: Record<string, number> = {};
  const refused: string[] = [];
  for (const row of res.rows) {
    const { _rev: _ignored, ...doc } = (row.doc ?? {}) as Record<string, unknown>;
    const checked = validateDocAs('green-list', doc);
    if (!checked.ok) continue;
    const list = checked.doc;
    if (list.keyId !== keyId) {
      refused.push(list.groupId);
      continue;
    }
    if (list.kind === 'credit') for (const h of list.hashes) creditHashes.add(h);
    else {
      const set = idHashes[list.groupId] ?? new Set<string>();
      for (const h of list.hashes) set.add(h);
      idHashes[list.groupId] = set;
    }
    versions[list.groupId] = list.version;
  }
  return { lists: { idHashes, creditHashes }, versions, refused };
}
