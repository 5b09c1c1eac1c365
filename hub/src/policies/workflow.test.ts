import { PolicyStatusSchema } from '@xz/shared/docs/policy';
import { describe, expect, it } from 'vitest';
import type { Operator } from '../users/roles.ts';
import {
  type Actor,
  allowedFrom,
  availableCommands,
  decidePolicy,
  type PolicyCommand,
  type WorkflowState,
} from './workflow.ts';

const op = (username: string, roles: Operator['roles']): Actor => ({
  kind: 'operator',
  operator: { id: `user:${username}`, username, roles },
});
const alice = op('alice', ['district-operator']);
const bob = op('bob', ['district-operator']);
const staff = op('sam', ['station-staff']);
const system: Actor = { kind: 'system', id: 'system' };
const NOW = 1_780_000_000_000;
const state = (status: WorkflowState['status'], extra: Partial<WorkflowState> = {}): WorkflowState => ({
  status,
  version: 0,
  workflow: { live: false },
  ...extra,
});

const STATUSES = PolicyStatusSchema.anyOf.map((s) => s.const);
const COMMANDS: PolicyCommand[] = [
  { type: 'SavePolicy' },
  { type: 'SubmitPolicy' },
  { type: 'ApprovePolicy' },
  { type: 'RejectPolicy', note: 'fix it' },
  { type: 'SchedulePolicy', at: NOW + 1000 },
  { type: 'UnschedulePolicy' },
  { type: 'PublishPolicy' },
  { type: 'WithdrawPolicy' },
  { type: 'ExpirePolicy' },
  { type: 'RollbackPolicy', toVersion: 1 },
];

describe('policy workflow decider', () => {
  it('given draft, when alice submits and bob approves and alice publishes, then version 1 is live', () => {
    const submitted = decidePolicy(state('draft'), { type: 'SubmitPolicy' }, alice, NOW);
    expect(submitted).toMatchObject({ status: 'in-review', workflow: { submittedBy: 'alice' } });
    const approved = decidePolicy(submitted, { type: 'ApprovePolicy' }, bob, NOW + 1);
    expect(approved).toMatchObject({ status: 'approved', workflow: { approvedBy: 'bob' } });
    const published = decidePolicy(approved, { type: 'PublishPolicy' }, alice, NOW + 2);
    expect(published).toMatchObject({
      status: 'published',
      version: 1,
      workflow: { live: true, firstPublishedAt: NOW + 2 },
    });
  });

  it('refuses self-approval with 403 self-approval', () => {
    const submitted = decidePolicy(state('draft'), { type: 'SubmitPolicy' }, alice, NOW);
    expect(() => decidePolicy(submitted, { type: 'ApprovePolicy' }, alice, NOW)).toThrowError(
      expect.objectContaining({ code: 'XZ_ERR_FORBIDDEN', details: { reason: 'self-approval' } }),
    );
  });

  it('given alice saved the content and bob submitted it, refuses alice and bob as approver, lets carol', () => {
    const saved = decidePolicy(state('draft'), { type: 'SavePolicy' }, alice, NOW);
    expect(saved.workflow.savedBy).toBe('alice');
    const submitted = decidePolicy(saved, { type: 'SubmitPolicy' }, bob, NOW + 1);
    expect(submitted.workflow).toMatchObject({ savedBy: 'alice', submittedBy: 'bob' });
    expect(() => decidePolicy(submitted, { type: 'ApprovePolicy' }, alice, NOW + 2)).toThrowError(
      expect.objectContaining({ code: 'XZ_ERR_FORBIDDEN', details: { reason: 'own-content' } }),
    );
    expect(() => decidePolicy(submitted, { type: 'ApprovePolicy' }, bob, NOW + 2)).toThrowError(
      expect.objectContaining({ code: 'XZ_ERR_FORBIDDEN', details: { reason: 'self-approval' } }),
    );
    const carol = op('carol', ['admin']);
    expect(decidePolicy(submitted, { type: 'ApprovePolicy' }, carol, NOW + 2).workflow).toMatchObject({
      savedBy: 'alice',
      submittedBy: 'bob',
      approvedBy: 'carol',
    });
    expect(availableCommands(submitted, (alice as { operator: Operator }).operator)).toEqual([
      'RejectPolicy',
    ]);
  });

  it('a rejected version edited again has the new editor as its author', () => {
    const submitted = decidePolicy(
      state('in-review', { workflow: { live: false, savedBy: 'alice', submittedBy: 'alice' } }),
      { type: 'RejectPolicy', note: 'fix it' },
      bob,
      NOW,
    );
    expect(submitted.workflow.savedBy).toBe('alice');
    const edited = decidePolicy(submitted, { type: 'SavePolicy' }, bob, NOW + 1);
    const again = decidePolicy(edited, { type: 'SubmitPolicy' }, alice, NOW + 2);
    expect(() => decidePolicy(again, { type: 'ApprovePolicy' }, bob, NOW + 3)).toThrowError(
      expect.objectContaining({ details: { reason: 'own-content' } }),
    );
  });

  it('refuses every command from a status outside its table with 409, and runs it from inside', () => {
    for (const command of COMMANDS) {
      for (const status of STATUSES) {
        const s = state(status, {
          version: 2,
          workflow: { live: status === 'published', submittedBy: 'carol' },
        });
        const actor = command.type === 'ExpirePolicy' ? system : bob;
        if (allowedFrom(command.type).includes(status)) {
          expect(() => decidePolicy(s, command, actor, NOW), `${command.type} from ${status}`).not.toThrow();
        } else {
          expect(() => decidePolicy(s, command, actor, NOW), `${command.type} from ${status}`).toThrowError(
            expect.objectContaining({ code: 'XZ_ERR_CONFLICT' }),
          );
        }
      }
    }
  });

  it('lets station staff do nothing but read (403 role), and keeps expiry to the hub itself', () => {
    for (const command of COMMANDS) {
      expect(() => decidePolicy(state('published', { version: 2 }), command, staff, NOW)).toThrowError(
        expect.objectContaining({ code: 'XZ_ERR_FORBIDDEN' }),
      );
    }
    expect(() => decidePolicy(state('published'), { type: 'ExpirePolicy' }, alice, NOW)).toThrowError(
      expect.objectContaining({ details: { reason: 'system-only' } }),
    );
  });

  it('withdraw takes the policy off stations; an edit returns to draft but keeps the live version', () => {
    const live = state('published', { version: 3, workflow: { live: true } });
    expect(decidePolicy(live, { type: 'WithdrawPolicy' }, alice, NOW)).toMatchObject({
      status: 'withdrawn',
      version: 3,
      workflow: { live: false },
    });
    expect(decidePolicy(live, { type: 'SavePolicy' }, alice, NOW)).toMatchObject({
      status: 'draft',
      version: 3,
      workflow: { live: true },
    });
  });

  it('schedules only in the future and rolls back only to an earlier version', () => {
    expect(() =>
      decidePolicy(state('approved'), { type: 'SchedulePolicy', at: NOW }, alice, NOW),
    ).toThrowError(expect.objectContaining({ code: 'XZ_ERR_VALIDATION' }));
    expect(() =>
      decidePolicy(state('published', { version: 1 }), { type: 'RollbackPolicy', toVersion: 0 }, alice, NOW),
    ).toThrowError(expect.objectContaining({ code: 'XZ_ERR_CONFLICT' }));
    expect(
      decidePolicy(state('published', { version: 4 }), { type: 'RollbackPolicy', toVersion: 3 }, alice, NOW)
        .version,
    ).toBe(5);
  });

  it('offers the submitter no approve button', () => {
    const s = state('in-review', { workflow: { live: false, submittedBy: 'alice' } });
    expect(availableCommands(s, (alice as { operator: Operator }).operator)).toEqual(['RejectPolicy']);
    expect(availableCommands(s, (bob as { operator: Operator }).operator)).toEqual([
      'ApprovePolicy',
      'RejectPolicy',
    ]);
  });
});
