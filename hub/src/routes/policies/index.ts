/**
 * Policy routes. Reading needs any operator role; every write goes through the workflow decider,
 * which answers 403 (role, self-approval) or 409 (not from this status) with a reason.
 *
 *   GET  /api/policies                       list with status, version and deadline light
 *   POST /api/policies                       create a draft {content, targets?}
 *   GET  /api/policies/:policyId             working copy, versions, commands the caller may run
 *   PUT  /api/policies/:policyId             save {content, targets?, rev?} (back to draft)
 *   POST /api/policies/:policyId/{submit|approve|reject|schedule|unschedule|publish|withdraw|rollback}
 *   GET  /api/policies/:policyId/versions[/:version]
 *   GET  /api/policies/:policyId/diff?from=&to=   (version numbers or 'working')
 *   GET  /api/policy-tags                    the policy dictionary (tag labels, groups, synonyms)
 *   PUT  /api/policy-tags                    replace it {tags, rev?} (policy writers)
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { PolicyVersionDocSchema } from '@xz/shared/docs/policy';
import { PolicyTagListSchema } from '@xz/shared/docs/policy-tags';
import { DomainError, ErrorCode } from '@xz/shared/errors';
import type { FastifyRequest } from 'fastify';
import { ErrorReply } from '../../errors.ts';
import type { Actor, PolicyCommand } from '../../policies/workflow.ts';
import { rolesFor } from '../../users/roles.ts';
import {
  DiffQuery,
  DiffReply,
  NoteBody,
  PolicyBody,
  PolicyDetailReply,
  PolicyParams,
  PolicySummaryReply,
  RejectBody,
  ScheduleBody,
  VersionSummaryReply,
} from './schemas.ts';

const noteCheck = TypeCompiler.Compile(NoteBody);

const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply, 409: ErrorReply };

function actorOf(request: FastifyRequest): Actor {
  if (!request.operator) throw new DomainError(ErrorCode.Unauthorized);
  return { kind: 'operator', operator: request.operator };
}

function parseInstant(text: string): number {
  const at = Date.parse(text);
  if (!/T\d{2}:\d{2}/.test(text) || Number.isNaN(at)) {
    throw new DomainError(ErrorCode.Validation, 'at: an ISO 8601 date-time, e.g. 2026-10-09T09:00:00+08:00', {
      field: 'at',
    });
  }
  return at;
}

const policies: FastifyPluginAsyncTypebox = async (app) => {
  const signedIn = app.requireRole();

  app.get(
    '/api/policies',
    {
      preHandler: signedIn,
      schema: { response: { 200: Type.Object({ policies: Type.Array(PolicySummaryReply) }), ...errors } },
    },
    async () => ({ policies: await app.ops.policies.list() }),
  );

  app.post(
    '/api/policies',
    {
      preHandler: signedIn,
      bodyLimit: 256 * 1024,
      schema: { body: PolicyBody, response: { 201: PolicyDetailReply, ...errors } },
    },
    async (request, reply) => {
      const detail = await app.ops.policies.create(request.body, actorOf(request), request.ip);
      return reply.status(201).send(detail);
    },
  );

  app.get(
    '/api/policies/:policyId',
    {
      preHandler: signedIn,
      schema: { params: PolicyParams, response: { 200: PolicyDetailReply, ...errors } },
    },
    async (request) => app.ops.policies.get(request.params.policyId, request.operator ?? undefined),
  );

  app.put(
    '/api/policies/:policyId',
    {
      preHandler: signedIn,
      bodyLimit: 256 * 1024,
      schema: { params: PolicyParams, body: PolicyBody, response: { 200: PolicyDetailReply, ...errors } },
    },
    async (request) =>
      app.ops.policies.save(request.params.policyId, request.body, actorOf(request), request.ip),
  );

  const simple = {
    submit: { type: 'SubmitPolicy' },
    unschedule: { type: 'UnschedulePolicy' },
    publish: { type: 'PublishPolicy' },
    withdraw: { type: 'WithdrawPolicy' },
  } as const satisfies Record<string, PolicyCommand>;
  for (const [name, command] of Object.entries(simple)) {
    app.post(
      `/api/policies/:policyId/${name}`,
      {
        preHandler: signedIn,
        schema: { params: PolicyParams, response: { 200: PolicyDetailReply, ...errors } },
      },
      async (request) =>
        app.ops.policies.command(request.params.policyId, command, actorOf(request), request.ip),
    );
  }

  app.post(
    '/api/policies/:policyId/approve',
    // The body is optional ({ note }), so it is checked here rather than by the route schema.
    {
      preHandler: signedIn,
      schema: { params: PolicyParams, response: { 200: PolicyDetailReply, ...errors } },
    },
    async (request) => {
      const body = request.body ?? {};
      if (!noteCheck.Check(body)) {
        throw new DomainError(ErrorCode.Validation, 'note: text up to 2000 characters', { field: 'note' });
      }
      return app.ops.policies.command(
        request.params.policyId,
        { type: 'ApprovePolicy', ...(body.note ? { note: body.note } : {}) },
        actorOf(request),
        request.ip,
      );
    },
  );

  app.post(
    '/api/policies/:policyId/reject',
    {
      preHandler: signedIn,
      schema: { params: PolicyParams, body: RejectBody, response: { 200: PolicyDetailReply, ...errors } },
    },
    async (request) =>
      app.ops.policies.command(
        request.params.policyId,
        { type: 'RejectPolicy', note: request.body.note },
        actorOf(request),
        request.ip,
      ),
  );

  app.post(
    '/api/policies/:policyId/schedule',
    {
      preHandler: signedIn,
      schema: { params: PolicyParams, body: ScheduleBody, response: { 200: PolicyDetailReply, ...errors } },
    },
    async (request) =>
      app.ops.policies.command(
        request.params.policyId,
        { type: 'SchedulePolicy', at: parseInstant(request.body.at) },
        actorOf(request),
        request.ip,
      ),
  );

  app.post(
    '/api/policies/:policyId/rollback',
    {
      preHandler: signedIn,
      schema: { params: PolicyParams, response: { 200: PolicyDetailReply, ...errors } },
    },
    async (request) => app.ops.policies.rollback(request.params.policyId, actorOf(request), request.ip),
  );

  app.get(
    '/api/policies/:policyId/versions',
    {
      preHandler: signedIn,
      schema: {
        params: PolicyParams,
        response: { 200: Type.Object({ versions: Type.Array(VersionSummaryReply) }), ...errors },
      },
    },
    async (request) => ({ versions: await app.ops.policies.versions(request.params.policyId) }),
  );

  app.get(
    '/api/policies/:policyId/versions/:version',
    {
      preHandler: signedIn,
      schema: {
        params: Type.Object({
          policyId: Type.String({ minLength: 1, maxLength: 64 }),
          version: Type.Integer({ minimum: 1 }),
        }),
        response: { 200: PolicyVersionDocSchema, ...errors },
      },
    },
    async (request) => app.ops.policies.version(request.params.policyId, request.params.version),
  );

  app.get(
    '/api/policies/:policyId/diff',
    {
      preHandler: signedIn,
      schema: { params: PolicyParams, querystring: DiffQuery, response: { 200: DiffReply, ...errors } },
    },
    async (request) => {
      const current = await app.ops.policies.get(request.params.policyId);
      const ref = (v: string | undefined, fallback: number | 'working'): number | 'working' =>
        v === undefined ? fallback : v === 'working' ? 'working' : Number(v);
      const to = ref(request.query.to, current.version > 0 ? current.version : 'working');
      const from = ref(request.query.from, current.version > 1 ? current.version - 1 : 'working');
      const changes = await app.ops.policies.diff(request.params.policyId, from, to);
      return { from, to, changes };
    },
  );

  const DictionaryReply = Type.Object({
    tags: PolicyTagListSchema,
    rev: Type.Optional(Type.String()),
    updatedAt: Type.Optional(Type.Integer()),
    updatedBy: Type.Optional(Type.String()),
  });

  app.get(
    '/api/policy-tags',
    { preHandler: signedIn, schema: { response: { 200: DictionaryReply, ...errors } } },
    async () => app.ops.policies.tags(),
  );

  app.put(
    '/api/policy-tags',
    {
      preHandler: app.requireRole(...rolesFor('policy.write')),
      bodyLimit: 256 * 1024,
      schema: {
        // The tags are checked by the service, so a bad one is reported by its path.
        body: Type.Object({
          tags: Type.Array(Type.Unknown(), { maxItems: 300 }),
          rev: Type.Optional(Type.String()),
        }),
        response: { 200: DictionaryReply, ...errors },
      },
    },
    async (request) => app.ops.policies.saveTags(request.body, actorOf(request), request.ip),
  );
};

export default policies;
