/**
 * socket.io events the hub sends about policies (one typed map; receivers validate the payload
 * with these schemas, types are not validation). Replication of `xz-policies` is the durable
 * path; these only tell a connected station to look now.
 */
import { type Static, Type } from '@sinclair/typebox';
import { POLICY_ID_PATTERN } from '@xz/shared/ids';

export const PolicyEventSchemas = {
  /** A new version of a policy is in xz-policies. */
  'policy-published': Type.Object(
    {
      policyId: Type.String({ pattern: POLICY_ID_PATTERN }),
      version: Type.Integer({ minimum: 1 }),
    },
    { additionalProperties: false },
  ),
  /** A policy left xz-policies (withdrawn by an operator, or expired). */
  'policy-withdrawn': Type.Object(
    {
      policyId: Type.String({ pattern: POLICY_ID_PATTERN }),
      reason: Type.Union([Type.Literal('withdrawn'), Type.Literal('expired')]),
    },
    { additionalProperties: false },
  ),
  /** The policy dictionary (tag labels and synonyms) in xz-policies changed. */
  'policy-tags-changed': Type.Object(
    { updatedAt: Type.Integer({ minimum: 0 }) },
    { additionalProperties: false },
  ),
} as const;

export type PolicyEvents = { [E in keyof typeof PolicyEventSchemas]: Static<(typeof PolicyEventSchemas)[E]> };
export type PolicyEventName = keyof PolicyEvents;
