/** Policies shown at the kiosk, ratings (好差评) and requests (诉求) taken at the kiosk. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ErrorReplies,
  OkReply,
  PoliciesReply,
  PolicyParams,
  PolicyReply,
  PrintPolicyBody,
  RatingBody,
  RatingReply,
  RequestBody,
  RequestReply,
} from '@xz/shared/contract/agent-api';
import type { FeedbackService } from '../services/feedback.ts';
import type { PolicyService } from '../services/policies.ts';
import type { RequestService } from '../services/requests.ts';

export function contentRoutes(services: {
  policies: PolicyService;
  feedback: FeedbackService;
  requests: RequestService;
}): FastifyPluginAsyncTypebox {
  const { policies, feedback, requests } = services;
  return async (app) => {
    app.get(
      '/api/policies',
      {
        schema: {
          tags: ['content'],
          summary: 'Policies this station shows now, the policy dictionary and the "all policies" page',
          response: { 200: PoliciesReply, ...ErrorReplies },
        },
      },
      async () => policies.list(),
    );

    app.get(
      '/api/policies/:id',
      {
        schema: {
          tags: ['content'],
          summary: 'A policy shown now',
          params: PolicyParams,
          response: { 200: PolicyReply, ...ErrorReplies },
        },
      },
      async (request) => ({ policy: policies.get(request.params.id) }),
    );

    app.post(
      '/api/policies/:id/print',
      {
        schema: {
          tags: ['content'],
          summary: 'Print a policy slip',
          params: PolicyParams,
          body: PrintPolicyBody,
          response: { 200: OkReply, ...ErrorReplies },
        },
        config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      },
      async (request) => {
        await policies.print(request.params.id, request.body?.lang ?? 'zh');
        return { ok: true as const };
      },
    );

    app.post(
      '/api/ratings',
      {
        schema: {
          tags: ['content'],
          summary: 'Rate a service (one rating per ticket)',
          body: RatingBody,
          response: { 201: RatingReply, ...ErrorReplies },
        },
        config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      },
      async (request, reply) => reply.code(201).send({ rating: await feedback.rate(request.body) }),
    );

    app.post(
      '/api/requests',
      {
        schema: {
          tags: ['content'],
          summary: 'File a request (诉求); answers its number and tracking URL',
          body: RequestBody,
          response: { 200: RequestReply, 201: RequestReply, ...ErrorReplies },
        },
        config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      },
      async (request, reply) => {
        const { created, request: filed } = await requests.file(request.body);
        return reply.code(created ? 201 : 200).send({ request: filed });
      },
    );
  };
}
