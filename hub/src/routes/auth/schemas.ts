/** Request and reply shapes of the sign-in and user routes (shared with the console). */
import { Type } from '@sinclair/typebox';
import { STATION_ID_PATTERN } from '@xz/shared/ids';
import { PIN_PATTERN } from '@xz/shared/staff/verifier';
import { OPERATOR_ROLES } from '../../users/roles.ts';
import { USERNAME_PATTERN } from '../../users/users.ts';

export const RoleSchema = Type.Union(OPERATOR_ROLES.map((r) => Type.Literal(r)));

export const OperatorReply = Type.Object({
  id: Type.String(),
  username: Type.String(),
  roles: Type.Array(RoleSchema),
  displayName: Type.Optional(Type.String()),
  /** The station of station staff: the only one they see. */
  stationId: Type.Optional(Type.String()),
  /** The department of a department handler: the requests routed to it are theirs. */
  department: Type.Optional(Type.String()),
});

export const SignInBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const MeReply = Type.Object({
  operator: OperatorReply,
  /** Idle time after which the session ends, in ms. */
  idleMs: Type.Integer(),
});

export const UserReply = Type.Object({
  id: Type.String(),
  username: Type.String(),
  roles: Type.Array(RoleSchema),
  displayName: Type.Optional(Type.String()),
  createdAt: Type.Number(),
  department: Type.Optional(Type.String()),
  stationId: Type.Optional(Type.String()),
  disabled: Type.Boolean(),
  /** Station staff: whether a counter PIN is set. */
  hasPin: Type.Optional(Type.Boolean()),
});

export const NewUserBody = Type.Object(
  {
    username: Type.String({ pattern: USERNAME_PATTERN }),
    password: Type.String({ minLength: 8, maxLength: 200 }),
    roles: Type.Array(RoleSchema, { minItems: 1, maxItems: 4, uniqueItems: true }),
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    department: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    stationId: Type.Optional(Type.String({ pattern: STATION_ID_PATTERN })),
  },
  { additionalProperties: false },
);

/** The station of a station staff member. */
export const StationBody = Type.Object(
  { stationId: Type.String({ pattern: STATION_ID_PATTERN }) },
  { additionalProperties: false },
);

/** A station staff member's counter PIN (6–12 digits), or null to remove it. */
export const PinBody = Type.Object(
  { pin: Type.Union([Type.String({ pattern: PIN_PATTERN }), Type.Null()]) },
  { additionalProperties: false },
);
