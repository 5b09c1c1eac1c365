/**
 * socket.io events the hub sends about policies: the policy part of the contract's hub event map
 * (`@xz/shared/contract/socket-events`), whose receivers check every payload with its schemas.
 * Replication of `xz-policies` is the durable path; these only tell a connected station to look now.
 */
import { HubEventSchemas } from '@xz/shared/contract/socket-events';

export type { PolicyEventName, PolicyEvents } from '@xz/shared/contract/socket-events';

export const PolicyEventSchemas = {
  'policy-published': HubEventSchemas['policy-published'],
  'policy-withdrawn': HubEventSchemas['policy-withdrawn'],
  'policy-tags-changed': HubEventSchemas['policy-tags-changed'],
} as const;
