/**
 * The policy workflow as a pure decider: `decidePolicy(state, command, actor, now)` answers with
 * the next workflow state or throws a DomainError (409 XZ_ERR_CONFLICT for a move the current
 * status does not allow, 403 XZ_ERR_FORBIDDEN for a role or four-eyes rule). No I/O, no clock.
 *
 * Four eyes: the approver of a version is neither its author (whoever last saved its content,
 * `savedBy`) nor its submitter (`submittedBy`).
 *
 *   draft ──submit──▶ in-review ──approve──▶ approved ──schedule──▶ scheduled ──(due)──▶ published
 *     ▲                  │ reject               │ publish              │ unschedule        │
 *     └──────────────────┘                      └──────────────────────┴──────▶ published  ├─ withdraw ▶ withdrawn
 *   edit (save) from any status but in-review returns the working copy to draft;           ├─ expire ───▶ expired
 *   the version live on stations stays until the next publish, withdraw or expiry.          └─ rollback ─▶ published
 */

import type { PolicyStatus } from '@xz/shared/docs/policy';
import { DomainError, ErrorCode } from '@xz/shared/errors';
import { may, type Operator, type Permission } from '../users/roles.ts';

/** Who acts: an operator, or the hub itself (scheduled publish, expiry, demo seed). */
export type Actor = { kind: 'operator'; operator: Operator } | { kind: 'system'; id: 'system' };

export const actorId = (actor: Actor): string =>
  actor.kind === 'operator' ? actor.operator.username : actor.id;

/** The hub-only workflow facts of a working copy. */
export interface WorkflowFacts {
  /** Who last saved the content: the author of the version under review. */
  savedBy?: string;
  submittedBy?: string;
  submittedAt?: number;
  approvedBy?: string;
  approvedAt?: number;
  /** True while a version of this policy is in xz-policies (on stations). */
  live: boolean;
  firstPublishedAt?: number;
  lastPublishedAt?: number;
  /** Loaded as demo data: no publication deadline is tracked. */
  seeded?: boolean;
}

export interface WorkflowState {
  status: PolicyStatus;
  /** Latest published version, 0 before the first. */
  version: number;
  scheduledAt?: number;
  reviewNote?: string;
  workflow: WorkflowFacts;
}

export type PolicyCommand =
  | { type: 'SavePolicy' }
  | { type: 'SubmitPolicy' }
  | { type: 'ApprovePolicy'; note?: string }
  | { type: 'RejectPolicy'; note: string }
  | { type: 'SchedulePolicy'; at: number }
  | { type: 'UnschedulePolicy' }
  | { type: 'PublishPolicy' }
  | { type: 'WithdrawPolicy' }
  | { type: 'ExpirePolicy' }
  | { type: 'RollbackPolicy'; toVersion: number };

export type PolicyCommandType = PolicyCommand['type'];

/** Statuses each command may start from. */
const FROM: Readonly<Record<PolicyCommandType, readonly PolicyStatus[]>> = {
  SavePolicy: ['draft', 'approved', 'scheduled', 'published', 'withdrawn', 'expired'],
  SubmitPolicy: ['draft'],
  ApprovePolicy: ['in-review'],
  RejectPolicy: ['in-review'],
  SchedulePolicy: ['approved'],
  UnschedulePolicy: ['scheduled'],
  PublishPolicy: ['approved', 'scheduled'],
  WithdrawPolicy: ['published'],
  ExpirePolicy: ['published'],
  RollbackPolicy: ['published'],
};

const PERMISSION: Readonly<Record<PolicyCommandType, Permission>> = {
  SavePolicy: 'policy.write',
  SubmitPolicy: 'policy.write',
  ApprovePolicy: 'policy.review',
  RejectPolicy: 'policy.review',
  SchedulePolicy: 'policy.publish',
  UnschedulePolicy: 'policy.publish',
  PublishPolicy: 'policy.publish',
  WithdrawPolicy: 'policy.publish',
  ExpirePolicy: 'policy.publish',
  RollbackPolicy: 'policy.publish',
};

/** Commands only the hub itself runs. */
const SYSTEM_ONLY: ReadonlySet<PolicyCommandType> = new Set(['ExpirePolicy']);

export function allowedFrom(type: PolicyCommandType): readonly PolicyStatus[] {
  return FROM[type];
}

/** The commands an actor could run on a policy in this state (for the console's buttons). */
export function availableCommands(state: WorkflowState, operator: Operator): PolicyCommandType[] {
  return (Object.keys(FROM) as PolicyCommandType[]).filter(
    (t) =>
      !SYSTEM_ONLY.has(t) &&
      FROM[t].includes(state.status) &&
      may(operator, PERMISSION[t]) &&
      !(t === 'ApprovePolicy' && ownWork(state, operator.username) !== undefined) &&
      !(t === 'RollbackPolicy' && state.version < 2),
  );
}

/** Why `who` may not approve this state (four eyes), or undefined. */
function ownWork(state: WorkflowState, who: string): 'self-approval' | 'own-content' | undefined {
  if (state.workflow.submittedBy === who) return 'self-approval';
  if (state.workflow.savedBy === who) return 'own-content';
  return undefined;
}

function authorise(command: PolicyCommand, actor: Actor): void {
  if (actor.kind === 'system') return;
  if (SYSTEM_ONLY.has(command.type)) {
    throw new DomainError(ErrorCode.Forbidden, `${command.type} is done by the hub only.`, {
      reason: 'system-only',
    });
  }
  const permission = PERMISSION[command.type];
  if (!may(actor.operator, permission)) {
    throw new DomainError(
      ErrorCode.Forbidden,
      `${command.type} needs the role admin or district-operator; you have ${actor.operator.roles.join(', ') || 'no role'}.`,
      { reason: 'role' },
    );
  }
}

/** The next workflow state, or a DomainError. `now` is the hub time of the command. */
export function decidePolicy(
  state: WorkflowState,
  command: PolicyCommand,
  actor: Actor,
  now: number,
): WorkflowState {
  authorise(command, actor);
  if (!FROM[command.type].includes(state.status)) {
    throw new DomainError(
      ErrorCode.Conflict,
      `${command.type} is not possible while the policy is ${state.status} (only from ${FROM[command.type].join(', ')}).`,
      { reason: 'transition' },
    );
  }
  const who = actorId(actor);
  const { scheduledAt: _s, reviewNote: _r, ...rest } = state;
  switch (command.type) {
    case 'SavePolicy':
      return { ...rest, status: 'draft', workflow: { ...clearReview(state.workflow), savedBy: who } };
    case 'SubmitPolicy':
      return {
        ...rest,
        status: 'in-review',
        workflow: { ...clearReview(state.workflow), submittedBy: who, submittedAt: now },
      };
    case 'ApprovePolicy': {
      const own = ownWork(state, who);
      if (own === 'self-approval') {
        throw new DomainError(
          ErrorCode.Forbidden,
          'A policy is approved by someone other than the person who submitted it.',
          { reason: own },
        );
      }
      if (own === 'own-content') {
        throw new DomainError(
          ErrorCode.Forbidden,
          'A policy is approved by someone other than the person who last edited it.',
          { reason: own },
        );
      }
      return {
        ...rest,
        status: 'approved',
        ...(command.note ? { reviewNote: command.note } : {}),
        workflow: { ...state.workflow, approvedBy: who, approvedAt: now },
      };
    }
    case 'RejectPolicy':
      return { ...rest, status: 'draft', reviewNote: command.note, workflow: clearReview(state.workflow) };
    case 'SchedulePolicy':
      if (command.at <= now) {
        throw new DomainError(ErrorCode.Validation, 'The scheduled time must be in the future.', {
          field: 'at',
        });
      }
      return { ...rest, status: 'scheduled', scheduledAt: command.at };
    case 'UnschedulePolicy':
      return { ...rest, status: 'approved' };
    case 'PublishPolicy':
      return published(rest, state.version + 1, now);
    case 'RollbackPolicy':
      if (state.version < 2 || command.toVersion < 1 || command.toVersion >= state.version) {
        throw new DomainError(ErrorCode.Conflict, 'There is no earlier version to roll back to.', {
          reason: 'no-earlier-version',
        });
      }
      return published(rest, state.version + 1, now);
    case 'WithdrawPolicy':
      return { ...rest, status: 'withdrawn', workflow: { ...state.workflow, live: false } };
    case 'ExpirePolicy':
      return { ...rest, status: 'expired', workflow: { ...state.workflow, live: false } };
    default: {
      const never: never = command;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}

function clearReview(w: WorkflowFacts): WorkflowFacts {
  const { submittedBy: _a, submittedAt: _b, approvedBy: _c, approvedAt: _d, ...rest } = w;
  return rest;
}

function published(rest: Omit<WorkflowState, 'scheduledAt' | 'reviewNote'>, version: number, now: number) {
  return {
    ...rest,
    status: 'published' as const,
    version,
    workflow: {
      ...rest.workflow,
      live: true,
      firstPublishedAt: rest.workflow.firstPublishedAt ?? now,
      lastPublishedAt: now,
    },
  };
}
