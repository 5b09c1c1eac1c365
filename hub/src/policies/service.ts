/**
 * Policies on the hub: working copies, the workflow, immutable versions and what stations get.
 *
 * Storage (all through nano):
 * - `xz-hub-drafts`  `policy:{id}`          the working copy (PolicyDoc fields + hub-only `workflow`)
 *                    `policy:{id}:v{n 6}`   one immutable PolicyVersionDoc per publish
 * - `xz-policies`    `policy:{id}`          the published version stations show (see published.ts)
 *                    `policy-tags`          the policy dictionary (tag labels, groups, synonyms)
 *
 * Every command loads the working copy, asks the pure decider (`workflow.ts`), writes the working
 * copy (revision-checked: of two hubs or two operators only one wins, the other gets 409), then
 * writes the version and the station document, audits and announces. `runDue()` publishes due
 * scheduled policies, expires the ones past `expiresAt` and repairs a station document an
 * interrupted publish left behind; the hub runs it at start and on a timer.
 */
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { WorkingCalendar } from '@xz/shared/calendar/calendar';
import { SCHEMA_VERSION } from '@xz/shared/docs/common';
import {
  type PolicyContent,
  type PolicyDoc,
  PolicyTargetsSchema,
  type PolicyVersionDoc,
} from '@xz/shared/docs/policy';
import {
  defaultPolicyTags,
  POLICY_TAGS_DOC_ID,
  type PolicyTag,
  type PolicyTagsDoc,
  PolicyTagsDocSchema,
  policyTagProblems,
} from '@xz/shared/docs/policy-tags';
import { validateDocAs } from '@xz/shared/docs/validate';
import { DomainError, ErrorCode } from '@xz/shared/errors';
import { HubDb, isPolicyId, policyDocId, policyVersionId } from '@xz/shared/ids';
import { createStationTime } from '@xz/shared/time';
import type { AuditLog } from '../audit/audit.ts';
import { type CouchClient, statusOf } from '../couch/client.ts';
import type { Operator } from '../users/roles.ts';
import { type PublicationDeadline, publicationDeadline } from './deadline.ts';
import { diffFields, type FieldChange } from './diff.ts';
import type { PolicyEventName, PolicyEvents } from './events.ts';
import { type PolicyTargets, publishedDocOf } from './published.ts';
import {
  type Actor,
  actorId,
  availableCommands,
  decidePolicy,
  type PolicyCommand,
  type PolicyCommandType,
  type WorkflowFacts,
  type WorkflowState,
} from './workflow.ts';

/** The working copy in xz-hub-drafts. */
export type WorkingPolicyDoc = PolicyDoc & { workflow: WorkflowFacts };

export type { PolicyEventName, PolicyEvents } from './events.ts';

export interface PolicyServiceOptions {
  couch: CouchClient;
  audit: AuditLog;
  calendar: WorkingCalendar;
  /** Working days from signing to publication (default 2). */
  publicationDays?: number;
  /** Time zone of "today" for expiry and deadlines (default Asia/Shanghai). */
  timeZone?: string;
  now?: () => number;
  emit?: <E extends PolicyEventName>(event: E, payload: PolicyEvents[E]) => void;
}

export interface PolicySummary {
  policyId: string;
  title: { zh: string; en: string };
  status: PolicyDoc['status'];
  version: number;
  live: boolean;
  scheduledAt?: number;
  updatedAt: number;
  updatedBy: string;
  targets: PolicyTargets;
  deadline: PolicyDeadlineView;
}

export type PolicyDeadlineView = PublicationDeadline;

export interface VersionSummary {
  version: number;
  status: PolicyVersionDoc['status'];
  publishedAt: number;
  publishedBy: string;
  previousVersion?: number;
  title: { zh: string; en: string };
}

export interface PolicyDetail extends PolicySummary {
  rev: string;
  content: PolicyContent;
  reviewNote?: string;
  workflow: WorkflowFacts;
  createdAt: number;
  createdBy: string;
  versions: VersionSummary[];
  /** Commands the asking operator may run now. */
  commands: PolicyCommandType[];
}

export interface PolicyInput {
  content: unknown;
  targets?: unknown;
  /** Revision the editor loaded; a stale one is refused with 409. */
  rev?: string;
}

export interface DueReport {
  published: string[];
  expired: string[];
  repaired: string[];
}

export interface PolicyService {
  list(): Promise<PolicySummary[]>;
  get(policyId: string, viewer?: Operator): Promise<PolicyDetail>;
  create(input: PolicyInput, actor: Actor, ip?: string): Promise<PolicyDetail>;
  save(policyId: string, input: PolicyInput, actor: Actor, ip?: string): Promise<PolicyDetail>;
  /** Runs a workflow command (submit, approve, reject, schedule, unschedule, publish, withdraw, rollback). */
  command(policyId: string, command: PolicyCommand, actor: Actor, ip?: string): Promise<PolicyDetail>;
  rollback(policyId: string, actor: Actor, ip?: string): Promise<PolicyDetail>;
  versions(policyId: string): Promise<VersionSummary[]>;
  version(policyId: string, version: number): Promise<PolicyVersionDoc>;
  diff(policyId: string, from: number | 'working', to: number | 'working'): Promise<FieldChange[]>;
  runDue(): Promise<DueReport>;
  /** Publishes each policy whose id is not on the hub yet as demo data (version 1, all stations). */
  seed(contents: readonly unknown[]): Promise<string[]>;
  /** The published document of a policy in xz-policies, if any. */
  published(policyId: string): Promise<PolicyDoc | undefined>;
  /** Every published document in xz-policies. */
  allPublished(): Promise<PolicyDoc[]>;
  /** The policy dictionary (the bundled vocabulary until an operator first saves it). */
  tags(): Promise<PolicyDictionary>;
  /** Replaces the dictionary; stations receive it by replication. A stale `rev` gets 409. */
  saveTags(input: { tags: unknown; rev?: string }, actor: Actor, ip?: string): Promise<PolicyDictionary>;
}

export interface PolicyDictionary {
  tags: PolicyTag[];
  rev?: string;
  updatedAt?: number;
  updatedBy?: string;
}

const ALL_TARGETS: PolicyTargets = { districts: [], stations: [] };
const targetsCheck = TypeCompiler.Compile(PolicyTargetsSchema as TSchema);
const tagsDocCheck = TypeCompiler.Compile(PolicyTagsDocSchema as TSchema);

function pathToField(path: string): string {
  return path.replace(/^\//, '').replace(/\//g, '.');
}

function invalid(errors: { path: string; message: string }[]): DomainError {
  const first = errors[0];
  const field = pathToField(first?.path ?? '');
  const text = errors
    .slice(0, 5)
    .map((e) => `${pathToField(e.path) || '(document)'}: ${e.message}`)
    .join('; ');
  return new DomainError(ErrorCode.Validation, text, field ? { field } : undefined);
}

const summaryOf = (doc: WorkingPolicyDoc) => ({
  status: doc.status,
  version: doc.version,
  live: doc.workflow.live,
  title: doc.content.title.zh,
  ...(doc.scheduledAt ? { scheduledAt: doc.scheduledAt } : {}),
});

const ACTION: Readonly<Record<PolicyCommandType, string>> = {
  SavePolicy: 'policy.save',
  SubmitPolicy: 'policy.submit',
  ApprovePolicy: 'policy.approve',
  RejectPolicy: 'policy.reject',
  SchedulePolicy: 'policy.schedule',
  UnschedulePolicy: 'policy.unschedule',
  PublishPolicy: 'policy.publish',
  WithdrawPolicy: 'policy.withdraw',
  ExpirePolicy: 'policy.expire',
  RollbackPolicy: 'policy.rollback',
};

export function createPolicyService(options: PolicyServiceOptions): PolicyService {
  const { couch, audit, calendar } = options;
  const now = options.now ?? Date.now;
  const publicationDays = options.publicationDays ?? 2;
  const time = createStationTime(options.timeZone ?? 'Asia/Shanghai');
  const drafts = couch.db<WorkingPolicyDoc | PolicyVersionDoc>(HubDb.Drafts);
  const live = couch.db<PolicyDoc>(HubDb.Policies);
  const emit = options.emit ?? (() => {});

  function requireId(policyId: string): void {
    if (!isPolicyId(policyId)) {
      throw new DomainError(ErrorCode.Validation, 'policyId: lower-case letters, digits and dashes', {
        field: 'policyId',
      });
    }
  }

  async function loadWorking(policyId: string): Promise<WorkingPolicyDoc> {
    requireId(policyId);
    try {
      const doc = await drafts.get(policyDocId(policyId));
      if (doc.type === 'policy') return doc as WorkingPolicyDoc;
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
    throw new DomainError(ErrorCode.NotFound, `No policy ${policyId}.`, { field: 'policyId' });
  }

  async function getOptional<T>(db: { get(id: string): Promise<T> }, id: string): Promise<T | undefined> {
    try {
      return await db.get(id);
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  /** Checks content and targets with the shared schema, as part of a whole working document. */
  function checked(doc: WorkingPolicyDoc): WorkingPolicyDoc {
    const { workflow, _rev, ...shared } = doc;
    const result = validateDocAs('policy', shared);
    if (!result.ok) throw invalid(result.errors);
    return doc;
  }

  function readInput(input: PolicyInput): { content: PolicyContent; targets: PolicyTargets } {
    if (typeof input.content !== 'object' || input.content === null || Array.isArray(input.content)) {
      throw new DomainError(ErrorCode.Validation, 'content: required, an object', { field: 'content' });
    }
    const targets = input.targets ?? ALL_TARGETS;
    if (!targetsCheck.Check(targets)) {
      const errors = [...targetsCheck.Errors(targets)].map((e) => ({
        path: `/targets${e.path}`,
        message: e.message,
      }));
      throw invalid(errors);
    }
    return { content: input.content as PolicyContent, targets: targets as PolicyTargets };
  }

  async function dictionary(): Promise<PolicyDictionary> {
    const doc = await getOptional(
      live as unknown as { get(id: string): Promise<PolicyTagsDoc> },
      POLICY_TAGS_DOC_ID,
    );
    if (doc && tagsDocCheck.Check(doc)) {
      return { tags: doc.tags, rev: doc._rev, updatedAt: doc.updatedAt, updatedBy: doc.updatedBy };
    }
    return { tags: defaultPolicyTags() };
  }

  /** A policy's tags come from the dictionary: a free-text tag would show as a code on screens. */
  async function checkTags(content: PolicyContent): Promise<void> {
    if (!Array.isArray(content.tags)) return; // the schema check reports it
    const known = new Set((await dictionary()).tags.map((t) => t.id));
    const unknown = content.tags.filter((t) => typeof t === 'string' && !known.has(t));
    if (unknown.length) {
      throw new DomainError(
        ErrorCode.Validation,
        `content.tags: ${unknown.join(', ')} not in the policy dictionary; add it there first`,
        { field: 'content.tags', reason: 'unknown-tag' },
      );
    }
  }

  function deadlineOf(doc: WorkingPolicyDoc): PublicationDeadline {
    return publicationDeadline(calendar, {
      signedAt: doc.content.signedAt,
      workingDays: publicationDays,
      today: time.day(now()),
      ...(doc.workflow.firstPublishedAt !== undefined
        ? { publishedOn: time.day(doc.workflow.firstPublishedAt) }
        : {}),
      ...(doc.workflow.seeded ? { seeded: true } : {}),
    });
  }

  function summary(doc: WorkingPolicyDoc): PolicySummary {
    return {
      policyId: doc.policyId,
      title: doc.content.title,
      status: doc.status,
      version: doc.version,
      live: doc.workflow.live,
      ...(doc.scheduledAt !== undefined ? { scheduledAt: doc.scheduledAt } : {}),
      updatedAt: doc.updatedAt,
      updatedBy: doc.updatedBy,
      targets: doc.targets,
      deadline: deadlineOf(doc),
    };
  }

  async function versions(policyId: string): Promise<VersionSummary[]> {
    requireId(policyId);
    const res = await drafts.list({
      include_docs: true,
      startkey: `policy:${policyId}:v`,
      endkey: `policy:${policyId}:v\ufff0`,
    });
    return res.rows
      .map((r) => r.doc as PolicyVersionDoc | undefined)
      .filter((d): d is PolicyVersionDoc => d?.type === 'policy-version')
      .map((d) => ({
        version: d.version,
        status: d.status,
        publishedAt: d.publishedAt,
        publishedBy: d.publishedBy,
        ...(d.previousVersion !== undefined ? { previousVersion: d.previousVersion } : {}),
        title: d.content.title,
      }));
  }

  async function detail(doc: WorkingPolicyDoc, viewer?: Operator): Promise<PolicyDetail> {
    return {
      ...summary(doc),
      rev: doc._rev as string,
      content: doc.content,
      ...(doc.reviewNote !== undefined ? { reviewNote: doc.reviewNote } : {}),
      workflow: doc.workflow,
      createdAt: doc.createdAt,
      createdBy: doc.createdBy,
      versions: await versions(doc.policyId),
      commands: viewer ? availableCommands(stateOf(doc), viewer) : [],
    };
  }

  async function writeWorking(doc: WorkingPolicyDoc): Promise<WorkingPolicyDoc> {
    try {
      const res = await drafts.insert(doc);
      return { ...doc, _rev: res.rev };
    } catch (error) {
      if (statusOf(error) === 409) {
        throw new DomainError(
          ErrorCode.Conflict,
          'The policy was changed by someone else meanwhile; reload and try again.',
          { reason: 'changed' },
        );
      }
      throw error;
    }
  }

  async function version(policyId: string, n: number): Promise<PolicyVersionDoc> {
    requireId(policyId);
    if (!Number.isInteger(n) || n < 1) {
      throw new DomainError(ErrorCode.Validation, 'version: a whole number from 1', { field: 'version' });
    }
    const doc = await getOptional(drafts, policyVersionId(policyId, n));
    if (doc?.type !== 'policy-version') {
      throw new DomainError(ErrorCode.NotFound, `Policy ${policyId} has no version ${n}.`, {
        field: 'version',
      });
    }
    return doc;
  }

  /** Writes a version document; an existing identical one (a repeat after a crash) is accepted. */
  async function writeVersion(v: PolicyVersionDoc): Promise<void> {
    const result = validateDocAs('policy-version', v);
    if (!result.ok) throw invalid(result.errors);
    try {
      await drafts.insert(v);
    } catch (error) {
      if (statusOf(error) !== 409) throw error;
    }
  }

  async function putLive(doc: PolicyDoc): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const current = await getOptional(live, doc._id);
      if (current && current.version > doc.version) return; // a newer publish got there first
      const next = { ...doc, ...(current?._rev ? { _rev: current._rev } : {}) };
      if (!current?._rev) delete (next as { _rev?: string })._rev;
      const result = validateDocAs('policy', next);
      if (!result.ok) throw invalid(result.errors);
      try {
        await live.insert(next);
        return;
      } catch (error) {
        if (statusOf(error) !== 409 || attempt >= 3) throw error;
      }
    }
  }

  async function removeLive(policyId: string): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      const current = await getOptional(live, policyDocId(policyId));
      if (!current) return false;
      try {
        await live.destroy(current._id, current._rev as string);
        return true;
      } catch (error) {
        if (statusOf(error) === 404) return false;
        if (statusOf(error) !== 409 || attempt >= 3) throw error;
      }
    }
  }

  function auditActor(actor: Actor) {
    return actor.kind === 'operator'
      ? { id: actor.operator.username, roles: actor.operator.roles }
      : { id: actor.id };
  }

  async function run(
    policyId: string,
    command: PolicyCommand,
    actor: Actor,
    ip: string | undefined,
    change?: (doc: WorkingPolicyDoc) => WorkingPolicyDoc,
  ): Promise<WorkingPolicyDoc> {
    const before = await loadWorking(policyId);
    const at = now();
    const state = decidePolicy(stateOf(before), command, actor, at);
    const who = actorId(actor);
    const base = change ? change(before) : before;
    let rollbackSource: PolicyVersionDoc | undefined;
    if (command.type === 'RollbackPolicy') rollbackSource = await version(policyId, command.toVersion);
    const nextDoc: WorkingPolicyDoc = checked({
      ...withoutWorkflowState(base),
      ...(rollbackSource ? { content: rollbackSource.content, targets: rollbackSource.targets } : {}),
      status: state.status,
      version: state.version,
      ...(state.scheduledAt !== undefined ? { scheduledAt: state.scheduledAt } : {}),
      ...(state.reviewNote !== undefined ? { reviewNote: state.reviewNote } : {}),
      workflow: state.workflow,
      updatedAt: at,
      updatedBy: who,
    });
    const written = await writeWorking(nextDoc);

    const publishing = command.type === 'PublishPolicy' || command.type === 'RollbackPolicy';
    if (publishing) {
      const v: PolicyVersionDoc = {
        _id: policyVersionId(policyId, state.version),
        type: 'policy-version',
        schemaVersion: SCHEMA_VERSION,
        policyId,
        version: state.version,
        status: 'published',
        content: written.content,
        targets: written.targets,
        publishedAt: at,
        publishedBy: who,
        ...(before.version > 0 ? { previousVersion: before.version } : {}),
      };
      await writeVersion(v);
      await putLive(publishedDocOf(v, firstPublish(written, at, who)));
    }
    if (command.type === 'WithdrawPolicy' || command.type === 'ExpirePolicy') await removeLive(policyId);

    await audit.record({
      actor: auditActor(actor),
      action: ACTION[command.type],
      target: { kind: 'policy', id: policyId },
      before: summaryOf(before),
      after: summaryOf(written),
      ...(command.type === 'RollbackPolicy'
        ? { note: `content of version ${command.toVersion} republished as version ${state.version}` }
        : command.type === 'RejectPolicy' || command.type === 'ApprovePolicy'
          ? command.note
            ? { note: command.note }
            : {}
          : {}),
      ...(ip ? { ip } : {}),
    });
    if (publishing) emit('policy-published', { policyId, version: state.version });
    if (command.type === 'WithdrawPolicy') emit('policy-withdrawn', { policyId, reason: 'withdrawn' });
    if (command.type === 'ExpirePolicy') emit('policy-withdrawn', { policyId, reason: 'expired' });
    return written;
  }

  async function allWorking(): Promise<WorkingPolicyDoc[]> {
    const res = await drafts.list({ include_docs: true, startkey: 'policy:', endkey: 'policy:\ufff0' });
    return res.rows
      .map((r) => r.doc as WorkingPolicyDoc | PolicyVersionDoc | undefined)
      .filter((d): d is WorkingPolicyDoc => d?.type === 'policy');
  }

  async function allPublished(): Promise<PolicyDoc[]> {
    const res = await live.list({ include_docs: true, startkey: 'policy:', endkey: 'policy:\ufff0' });
    return res.rows
      .map((r) => r.doc as PolicyDoc | undefined)
      .filter((d): d is PolicyDoc => d?.type === 'policy' && d.status === 'published');
  }

  const system: Actor = { kind: 'system', id: 'system' };

  async function ignoreConflict<T>(work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      if ((error as DomainError).code === ErrorCode.Conflict) return undefined;
      throw error;
    }
  }

  return {
    async list() {
      const docs = await allWorking();
      return docs.map(summary).sort((a, b) => b.updatedAt - a.updatedAt);
    },
    async get(policyId, viewer) {
      return detail(await loadWorking(policyId), viewer);
    },
    async create(input, actor, ip) {
      const { content, targets } = readInput(input);
      await checkTags(content);
      const policyId = (content as { id?: unknown }).id;
      if (typeof policyId !== 'string' || !isPolicyId(policyId)) {
        throw new DomainError(ErrorCode.Validation, 'content.id: lower-case letters, digits and dashes', {
          field: 'content.id',
        });
      }
      decidePolicy(
        { status: 'draft', version: 0, workflow: { live: false } },
        { type: 'SavePolicy' },
        actor,
        now(),
      );
      const at = now();
      const who = actorId(actor);
      const doc = checked({
        _id: policyDocId(policyId),
        type: 'policy',
        schemaVersion: SCHEMA_VERSION,
        policyId,
        status: 'draft',
        content,
        targets,
        version: 0,
        createdAt: at,
        createdBy: who,
        updatedAt: at,
        updatedBy: who,
        workflow: { live: false, savedBy: who },
      } as WorkingPolicyDoc);
      let written: WorkingPolicyDoc;
      try {
        const res = await drafts.insert(doc);
        written = { ...doc, _rev: res.rev };
      } catch (error) {
        if (statusOf(error) === 409) {
          throw new DomainError(ErrorCode.Conflict, `A policy ${policyId} exists already.`, {
            field: 'content.id',
            reason: 'exists',
          });
        }
        throw error;
      }
      await audit.record({
        actor: auditActor(actor),
        action: 'policy.create',
        target: { kind: 'policy', id: policyId },
        after: summaryOf(written),
        ...(ip ? { ip } : {}),
      });
      return detail(written, actor.kind === 'operator' ? actor.operator : undefined);
    },
    async save(policyId, input, actor, ip) {
      const { content, targets } = readInput(input);
      await checkTags(content);
      if ((content as { id?: unknown }).id !== policyId) {
        throw new DomainError(ErrorCode.Validation, `content.id: must be ${policyId}`, {
          field: 'content.id',
        });
      }
      const written = await run(policyId, { type: 'SavePolicy' }, actor, ip, (doc) => {
        if (input.rev !== undefined && input.rev !== doc._rev) {
          throw new DomainError(
            ErrorCode.Conflict,
            'The policy was changed by someone else since you opened it; reload and try again.',
            { reason: 'changed' },
          );
        }
        return { ...doc, content, targets };
      });
      return detail(written, actor.kind === 'operator' ? actor.operator : undefined);
    },
    async command(policyId, command, actor, ip) {
      const written = await run(policyId, command, actor, ip);
      return detail(written, actor.kind === 'operator' ? actor.operator : undefined);
    },
    async rollback(policyId, actor, ip) {
      const current = await loadWorking(policyId);
      const written = await run(
        policyId,
        { type: 'RollbackPolicy', toVersion: current.version - 1 },
        actor,
        ip,
      );
      return detail(written, actor.kind === 'operator' ? actor.operator : undefined);
    },
    versions,
    version,
    async diff(policyId, from, to) {
      const pick = async (v: number | 'working') => {
        if (v === 'working') {
          const w = await loadWorking(policyId);
          return { content: w.content, targets: w.targets };
        }
        const d = await version(policyId, v);
        return { content: d.content, targets: d.targets };
      };
      return diffFields(await pick(from), await pick(to));
    },
    async runDue() {
      const report: DueReport = { published: [], expired: [], repaired: [] };
      const at = now();
      const today = time.day(at);
      const docs = await allWorking();
      for (const doc of docs) {
        if (doc.status === 'scheduled' && doc.scheduledAt !== undefined && doc.scheduledAt <= at) {
          const done = await ignoreConflict(() =>
            run(doc.policyId, { type: 'PublishPolicy' }, system, undefined),
          );
          if (done) report.published.push(doc.policyId);
        }
      }
      const stationDocs = new Map((await allPublished()).map((d) => [d.policyId, d]));
      for (const doc of await allWorking()) {
        const shown = stationDocs.get(doc.policyId);
        if (shown && shown.content.expiresAt < today) {
          if (doc.status === 'published') {
            const done = await ignoreConflict(() =>
              run(doc.policyId, { type: 'ExpirePolicy' }, system, undefined),
            );
            if (done) report.expired.push(doc.policyId);
          } else {
            await removeLive(doc.policyId);
            await ignoreConflict(() => writeWorking({ ...doc, workflow: { ...doc.workflow, live: false } }));
            await audit.record({
              actor: { id: 'system' },
              action: 'policy.expire',
              target: { kind: 'policy', id: doc.policyId },
              before: summaryOf(doc),
              note: `version ${shown.version} expired on stations; the working copy stays ${doc.status}`,
            });
            emit('policy-withdrawn', { policyId: doc.policyId, reason: 'expired' });
            report.expired.push(doc.policyId);
          }
          continue;
        }
        // Repair: the station document follows the working copy's live version.
        if (doc.workflow.live && doc.version > 0 && shown?.version !== doc.version) {
          const v = await getOptional(drafts, policyVersionId(doc.policyId, doc.version));
          if (v?.type === 'policy-version') {
            await putLive(
              publishedDocOf(v, {
                at: doc.workflow.firstPublishedAt ?? v.publishedAt,
                by: shown?.createdBy ?? v.publishedBy,
              }),
            );
            report.repaired.push(doc.policyId);
          }
        } else if (!doc.workflow.live && shown) {
          await removeLive(doc.policyId);
          report.repaired.push(doc.policyId);
        }
      }
      return report;
    },
    async seed(contents) {
      const seeded: string[] = [];
      for (const content of contents) {
        const policyId = (content as { id?: unknown }).id;
        if (typeof policyId !== 'string' || !isPolicyId(policyId)) continue;
        if (await getOptional(drafts, policyDocId(policyId))) continue;
        const at = now();
        const doc = checked({
          _id: policyDocId(policyId),
          type: 'policy',
          schemaVersion: SCHEMA_VERSION,
          policyId,
          status: 'published',
          content: content as PolicyContent,
          targets: ALL_TARGETS,
          version: 1,
          createdAt: at,
          createdBy: 'system',
          updatedAt: at,
          updatedBy: 'system',
          workflow: { live: true, seeded: true, firstPublishedAt: at, lastPublishedAt: at },
        } as WorkingPolicyDoc);
        const v: PolicyVersionDoc = {
          _id: policyVersionId(policyId, 1),
          type: 'policy-version',
          schemaVersion: SCHEMA_VERSION,
          policyId,
          version: 1,
          status: 'published',
          content: doc.content,
          targets: doc.targets,
          publishedAt: at,
          publishedBy: 'system',
        };
        await writeVersion(v);
        try {
          await drafts.insert(doc);
        } catch (error) {
          if (statusOf(error) === 409) continue; // another hub seeded it
          throw error;
        }
        await putLive(publishedDocOf(v, { at, by: 'system' }));
        await audit.record({
          actor: { id: 'system' },
          action: 'policy.seed',
          target: { kind: 'policy', id: policyId },
          after: summaryOf(doc),
        });
        emit('policy-published', { policyId, version: 1 });
        seeded.push(policyId);
      }
      return seeded;
    },
    tags: dictionary,
    async saveTags(input, actor, ip) {
      const current = await dictionary();
      if (input.rev !== undefined && input.rev !== current.rev) {
        throw new DomainError(
          ErrorCode.Conflict,
          'The dictionary was changed by someone else since you opened it; reload and try again.',
          { reason: 'changed' },
        );
      }
      const at = now();
      const who = actorId(actor);
      const doc = {
        _id: POLICY_TAGS_DOC_ID,
        ...(current.rev ? { _rev: current.rev } : {}),
        type: 'policy-tags',
        schemaVersion: SCHEMA_VERSION,
        tags: input.tags,
        updatedAt: at,
        updatedBy: who,
      };
      if (!tagsDocCheck.Check(doc)) {
        throw invalid([...tagsDocCheck.Errors(doc)].map((e) => ({ path: e.path, message: e.message })));
      }
      const tags = (doc as PolicyTagsDoc).tags;
      const problems = policyTagProblems(tags);
      if (problems.length) throw invalid(problems);
      // A tag still on a policy cannot go: the policy would show it as a code.
      const kept = new Set(tags.map((t) => t.id));
      for (const p of await allWorking()) {
        const lost = p.content.tags.filter((t) => !kept.has(t));
        if (lost.length) {
          throw new DomainError(
            ErrorCode.Conflict,
            `tags: ${lost.join(', ')} still used by policy ${p.policyId}`,
            { field: 'tags', reason: 'in-use' },
          );
        }
      }
      let rev: string;
      try {
        rev = (await live.insert(doc as unknown as PolicyDoc)).rev;
      } catch (error) {
        if (statusOf(error) === 409) {
          throw new DomainError(
            ErrorCode.Conflict,
            'The dictionary was changed meanwhile; reload and try again.',
            {
              reason: 'changed',
            },
          );
        }
        throw error;
      }
      await audit.record({
        actor: auditActor(actor),
        action: 'policy.tags',
        target: { kind: 'policy', id: POLICY_TAGS_DOC_ID },
        before: { tags: current.tags.length },
        after: { tags: tags.length },
        ...(ip ? { ip } : {}),
      });
      emit('policy-tags-changed', { updatedAt: at });
      return { tags, rev, updatedAt: at, updatedBy: who };
    },
    async published(policyId) {
      requireId(policyId);
      const doc = await getOptional(live, policyDocId(policyId));
      return doc?.type === 'policy' && doc.status === 'published' ? doc : undefined;
    },
    allPublished,
  };
}

/** The decider's view of a working copy; one saved before authors were recorded counts its creator as author. */
export function stateOf(doc: WorkingPolicyDoc): WorkflowState {
  return {
    status: doc.status,
    version: doc.version,
    ...(doc.scheduledAt !== undefined ? { scheduledAt: doc.scheduledAt } : {}),
    ...(doc.reviewNote !== undefined ? { reviewNote: doc.reviewNote } : {}),
    workflow: { ...doc.workflow, savedBy: doc.workflow.savedBy ?? doc.createdBy },
  };
}

function withoutWorkflowState(doc: WorkingPolicyDoc): WorkingPolicyDoc {
  const { scheduledAt: _s, reviewNote: _r, ...rest } = doc;
  return rest as WorkingPolicyDoc;
}

function firstPublish(doc: WorkingPolicyDoc, at: number, who: string): { at: number; by: string } {
  return { at: doc.workflow.firstPublishedAt ?? at, by: doc.createdBy ?? who };
}
