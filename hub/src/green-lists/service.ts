/**
 * Green-channel lists published from the hub (SPEC §4): a district operator uploads, per group, a
 * CSV of raw numbers that the hub hashes with the deployment key at once (HMAC, the same keyed hash
 * the stations use) or a list of such hashes. The list is `green-list:{groupId}` in the published
 * database, so every station replicates it like the policies; each upload is a new version. Raw
 * numbers are never stored, logged or audited: a refused file is answered with line numbers and
 * reasons only, and nothing is written.
 */

import type { GreenListDoc } from '@xz/shared/docs/station-status';
import { validateDocAs } from '@xz/shared/docs/validate';
import { DomainError, ErrorCode } from '@xz/shared/errors';
import { type ListFormat, readListUpload } from '@xz/shared/green/list-upload';
import { createBundledGreenChannel } from '@xz/shared/green/recognise';
import { greenListId, HubDb } from '@xz/shared/ids';
import { hashKeyId, type IdentifierKind } from '@xz/shared/validate/hash';
import type { AuditLog } from '../audit/audit.ts';
import { type CouchClient, statusOf } from '../couch/client.ts';
import type { Operator } from '../users/roles.ts';

export interface GreenListSummary {
  groupId: string;
  kind: IdentifierKind;
  version: number;
  count: number;
  keyId: string;
  updatedAt: number;
  updatedBy: string;
}

export interface ListableGroup {
  id: string;
  name: { zh: string; en: string };
  /** The kinds of list the group is recognised by. */
  kinds: IdentifierKind[];
}

export interface GreenListService {
  /** The groups a list can be published for. */
  groups(): ListableGroup[];
  list(): Promise<GreenListSummary[]>;
  publish(
    groupId: string,
    input: { kind: IdentifierKind; format: ListFormat; content: string },
    operator: Operator,
    ip?: string,
  ): Promise<GreenListSummary>;
}

const summary = (doc: GreenListDoc): GreenListSummary => ({
  groupId: doc.groupId,
  kind: doc.kind,
  version: doc.version,
  count: doc.hashes.length,
  keyId: doc.keyId,
  updatedAt: doc.updatedAt,
  updatedBy: doc.updatedBy,
});

export function createGreenListService(options: {
  couch: CouchClient;
  audit: AuditLog;
  hashKey: Uint8Array;
  now?: () => number;
}): GreenListService {
  const { couch, audit, hashKey } = options;
  const now = options.now ?? Date.now;
  const db = couch.db<GreenListDoc>(HubDb.Policies);
  const keyId = hashKeyId(hashKey);
  const listable: ListableGroup[] = createBundledGreenChannel()
    .groups.map((g) => ({
      id: g.id,
      name: { zh: g.zh, en: g.en },
      kinds: [
        ...(g.how.includes('list') ? (['id'] as const) : []),
        ...(g.how.includes('list-credit-code') ? (['credit'] as const) : []),
      ],
    }))
    .filter((g) => g.kinds.length > 0);
  let writing: Promise<unknown> = Promise.resolve();

  async function current(groupId: string): Promise<GreenListDoc | undefined> {
    try {
      return await db.get(greenListId(groupId));
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async function publish(
    groupId: string,
    input: { kind: IdentifierKind; format: ListFormat; content: string },
    operator: Operator,
    ip?: string,
  ): Promise<GreenListSummary> {
    const group = listable.find((g) => g.id === groupId);
    if (!group) {
      throw new DomainError(ErrorCode.NotFound, `No group ${groupId} is recognised by a list.`, {
        field: 'groupId',
        messageZh: `没有按名单识别的群体 ${groupId}。`,
      });
    }
    if (!group.kinds.includes(input.kind)) {
      throw new DomainError(
        ErrorCode.Validation,
        `kind: the ${groupId} list holds ${group.kinds.join(' or ')} numbers, not ${input.kind}`,
        { field: 'kind', messageZh: '名单类型与该群体不符。' },
      );
    }
    const read = readListUpload({ ...input, key: hashKey });
    if (!read.ok) {
      const lines = read.problems.map((p) => p.line).join(', ');
      throw new DomainError(
        ErrorCode.Validation,
        `${read.badLines} line(s) are not valid (line ${lines}); nothing was published.`,
        {
          field: 'content',
          reason: 'lines',
          errors: read.problems,
          badLines: read.badLines,
          messageZh: `有 ${read.badLines} 行不符合要求（第 ${lines} 行），名单未发布。`,
        },
      );
    }
    if (read.hashes.length === 0) {
      throw new DomainError(ErrorCode.Validation, 'The file holds no numbers.', {
        field: 'content',
        messageZh: '文件中没有号码。',
      });
    }
    const before = await current(groupId);
    const doc: GreenListDoc = {
      _id: greenListId(groupId),
      ...(before?._rev ? { _rev: before._rev } : {}),
      type: 'green-list',
      schemaVersion: 1,
      groupId,
      kind: input.kind,
      hashes: read.hashes,
      keyId,
      version: (before?.version ?? 0) + 1,
      updatedAt: now(),
      updatedBy: operator.username,
    };
    const checked = validateDocAs('green-list', doc);
    if (!checked.ok) {
      throw new DomainError(ErrorCode.Validation, `list: ${checked.errors[0].message}`, { field: 'content' });
    }
    await db.insert(doc);
    await audit.record({
      actor: { id: operator.username, roles: [...operator.roles] },
      action: 'green-list.publish',
      target: { kind: 'green-list', id: groupId },
      ...(before ? { before: { version: before.version, count: before.hashes.length } } : {}),
      after: { version: doc.version, count: doc.hashes.length, format: input.format },
      ...(ip ? { ip } : {}),
    });
    return summary(doc);
  }

  return {
    groups: () => listable,
    async list() {
      const res = await db.list({ include_docs: true, startkey: 'green-list:', endkey: 'green-list:\ufff0' });
      return res.rows
        .map((r) => r.doc as GreenListDoc | undefined)
        .filter((d): d is GreenListDoc => d?.type === 'green-list')
        .map(summary);
    },
    publish(groupId, input, operator, ip) {
      // One upload at a time: versions never collide.
      const run = writing.then(() => publish(groupId, input, operator, ip));
      writing = run.catch(() => undefined);
      return run;
    },
  };
}
