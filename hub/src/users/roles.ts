/**
 * Operator roles of the hub (SPEC §8) and what each may do. One table, read by the route guards
 * and the policy workflow, so "who may publish" is answered in one place; and which stations an
 * operator sees (station staff: their own station only).
 */
import { DomainError, ErrorCode } from '@xz/shared/errors';

export const OPERATOR_ROLES = ['admin', 'district-operator', 'department-handler', 'station-staff'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

export const isOperatorRole = (v: unknown): v is OperatorRole =>
  typeof v === 'string' && (OPERATOR_ROLES as readonly string[]).includes(v);

/** Roles stored by older documents, read as the current names. */
const LEGACY_ROLES: Readonly<Record<string, OperatorRole>> = {
  operator: 'district-operator',
  handler: 'department-handler',
  staff: 'station-staff',
};

/** The known roles in a stored list (unknown entries are dropped, legacy names mapped). */
export function readRoles(stored: unknown): OperatorRole[] {
  if (!Array.isArray(stored)) return [];
  const out = new Set<OperatorRole>();
  for (const r of stored) {
    if (isOperatorRole(r)) out.add(r);
    else if (typeof r === 'string' && Object.hasOwn(LEGACY_ROLES, r)) out.add(LEGACY_ROLES[r]);
  }
  return [...out];
}

/** Who signed in, as routes and the domain see it. */
export interface Operator {
  /** User document id, `user:{username}`. */
  id: string;
  username: string;
  roles: OperatorRole[];
  displayName?: string;
  /** The station of station staff (set by an admin on the user). */
  stationId?: string;
  /** The department of a department handler (the requests routed to it are theirs). */
  department?: string;
}

/** Actions with a role rule. */
export type Permission =
  | 'policy.read'
  | 'policy.write'
  | 'policy.review'
  | 'policy.publish'
  | 'station.read'
  | 'station.manage'
  | 'user.manage'
  | 'audit.read';

const PERMISSIONS: Readonly<Record<Permission, readonly OperatorRole[]>> = {
  'policy.read': OPERATOR_ROLES,
  'policy.write': ['admin', 'district-operator'],
  'policy.review': ['admin', 'district-operator'],
  'policy.publish': ['admin', 'district-operator'],
  'station.read': ['admin', 'district-operator', 'station-staff'],
  'station.manage': ['admin', 'district-operator'],
  'user.manage': ['admin'],
  'audit.read': ['admin', 'district-operator'],
};

export function rolesFor(permission: Permission): readonly OperatorRole[] {
  return PERMISSIONS[permission];
}

export function may(operator: Pick<Operator, 'roles'>, permission: Permission): boolean {
  return operator.roles.some((r) => PERMISSIONS[permission].includes(r));
}

/** Roles that see every station. */
const ALL_STATIONS: readonly OperatorRole[] = ['admin', 'district-operator'];

/**
 * The stations an operator may see: `'all'`, or the one station of station staff (none when the
 * user has no station: a staff account without one sees nothing rather than everything).
 * Operators with neither kind of role are not limited here; role guards decide what they reach.
 */
export function stationScope(
  operator: Pick<Operator, 'roles' | 'stationId'>,
): 'all' | { only: string | null } {
  if (operator.roles.some((r) => ALL_STATIONS.includes(r))) return 'all';
  if (operator.roles.includes('station-staff')) return { only: operator.stationId ?? null };
  return 'all';
}

export function maySeeStation(operator: Pick<Operator, 'roles' | 'stationId'>, stationId: string): boolean {
  const scope = stationScope(operator);
  return scope === 'all' || scope.only === stationId;
}

/** Throws 403 XZ_ERR_FORBIDDEN `reason: 'station'` for a station outside the operator's scope. */
export function assertMaySeeStation(
  operator: Pick<Operator, 'roles' | 'stationId'>,
  stationId: string,
): void {
  if (!maySeeStation(operator, stationId)) {
    throw new DomainError(ErrorCode.Forbidden, `You work at another station than ${stationId}.`, {
      reason: 'station',
    });
  }
}
