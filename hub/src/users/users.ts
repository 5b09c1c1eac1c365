/**
 * Hub operators in `xz-hub-users` as `user:{username}` documents (the first admin is created by
 * `auth/admin-bootstrap.ts` in the same shape). Passwords are stored as scrypt hashes
 * (`auth/passwords.ts`); the hash never leaves this module. Station staff also get station
 * verifiers of their password and counter PIN (another salt, keyed with the deployment key, see
 * `@xz/shared/staff/verifier`), which the hub publishes to their station (`station-staff.ts`).
 */
import { DomainError, ErrorCode } from '@xz/shared/errors';
import { HubDb } from '@xz/shared/ids';
import { makeStaffVerifier, PIN_PATTERN } from '@xz/shared/staff/verifier';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { type CouchClient, statusOf } from '../couch/client.ts';
import { type Operator, type OperatorRole, readRoles } from './roles.ts';
import type { StationStaffPublisher } from './station-staff.ts';

export const USERNAME_PATTERN = '^[a-z][a-z0-9._-]{2,31}$';
const USERNAME_RE = new RegExp(USERNAME_PATTERN);
export const MIN_PASSWORD_LENGTH = 8;

export interface UserDoc {
  _id: string;
  _rev?: string;
  type: 'user';
  username: string;
  roles: string[];
  passwordHash: string;
  createdAt: number;
  createdBy?: string;
  displayName?: string;
  /** Department of a department handler. */
  department?: string;
  /** Station of station staff. */
  stationId?: string;
  disabled?: boolean;
  /** Counter sign-in verifiers of station staff, published to their station. */
  stationVerifiers?: { password?: string; pin?: string };
}

export interface NewUser {
  username: string;
  password: string;
  roles: OperatorRole[];
  displayName?: string;
  department?: string;
  stationId?: string;
}

/** A user as the API shows it (no hash). */
export interface UserView extends Operator {
  createdAt: number;
  department?: string;
  stationId?: string;
  disabled: boolean;
  /** Station staff: whether a counter PIN is set. */
  hasPin?: boolean;
}

export const userDocId = (username: string) => `user:${username}`;

export interface UserStore {
  create(input: NewUser, by: string): Promise<UserView>;
  get(username: string): Promise<UserView | undefined>;
  list(): Promise<UserView[]>;
  /** The operator when the password matches an enabled user, else undefined (same time either way). */
  verify(username: string, password: string): Promise<Operator | undefined>;
  setDisabled(username: string, disabled: boolean): Promise<{ before: UserView; after: UserView }>;
  /** Moves a station staff member to another station. */
  setStation(username: string, stationId: string): Promise<{ before: UserView; after: UserView }>;
  /** Sets (or with null removes) the counter PIN of a station staff member. */
  setPin(username: string, pin: string | null): Promise<UserView>;
}

export interface UserStoreOptions {
  now?: () => number;
  /** Deployment key the station verifiers are made with; without it none are made. */
  hashKey?: Uint8Array;
  /** Told about every change of station staff, to publish their station's staff document. */
  staff?: StationStaffPublisher;
}

export function createUserStore(couch: CouchClient, options: UserStoreOptions = {}): UserStore {
  const now = options.now ?? Date.now;
  const db = couch.db<UserDoc>(HubDb.Users);
  const isStaff = (doc: UserDoc) => readRoles(doc.roles).includes('station-staff') && !!doc.stationId;
  async function published(...docs: UserDoc[]): Promise<void> {
    const stations = new Set(docs.filter(isStaff).map((d) => d.stationId as string));
    for (const stationId of stations) await options.staff?.publish(stationId);
  }
  /** A hash to check against when the user does not exist, so timing does not tell. */
  let dummyHash: Promise<string> | undefined;

  async function load(username: string): Promise<UserDoc | undefined> {
    if (!USERNAME_RE.test(username) && username !== 'admin') return undefined;
    try {
      const doc = await db.get(userDocId(username));
      return doc.type === 'user' ? doc : undefined;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  return {
    async create(input, by) {
      if (!USERNAME_RE.test(input.username)) {
        throw new DomainError(
          ErrorCode.Validation,
          'username: 3–32 lower-case letters, digits, dots, dashes or underscores, starting with a letter',
          { field: 'username' },
        );
      }
      if (input.password.length < MIN_PASSWORD_LENGTH) {
        throw new DomainError(ErrorCode.Validation, `password: at least ${MIN_PASSWORD_LENGTH} characters`, {
          field: 'password',
        });
      }
      if (input.roles.length === 0) {
        throw new DomainError(ErrorCode.Validation, 'roles: at least one role', { field: 'roles' });
      }
      if (input.roles.includes('station-staff') && !input.stationId) {
        throw new DomainError(ErrorCode.Validation, 'stationId: station staff belong to a station', {
          field: 'stationId',
        });
      }
      const doc: UserDoc = {
        _id: userDocId(input.username),
        type: 'user',
        username: input.username,
        roles: [...new Set(input.roles)],
        passwordHash: await hashPassword(input.password),
        createdAt: now(),
        createdBy: by,
        ...(input.displayName ? { displayName: input.displayName } : {}),
        ...(input.department ? { department: input.department } : {}),
        ...(input.stationId ? { stationId: input.stationId } : {}),
        ...(input.roles.includes('station-staff') && options.hashKey
          ? {
              stationVerifiers: {
                password: await makeStaffVerifier(options.hashKey, 'password', input.password),
              },
            }
          : {}),
      };
      try {
        await db.insert(doc);
      } catch (error) {
        if (statusOf(error) === 409) {
          throw new DomainError(ErrorCode.Conflict, `The user ${input.username} exists already.`, {
            field: 'username',
            reason: 'exists',
          });
        }
        throw error;
      }
      await published(doc);
      return view(doc);
    },
    async get(username) {
      const doc = await load(username);
      return doc ? view(doc) : undefined;
    },
    async list() {
      const res = await db.list({ include_docs: true, startkey: 'user:', endkey: 'user:\ufff0' });
      return res.rows
        .map((r) => r.doc as UserDoc | undefined)
        .filter((d): d is UserDoc => d?.type === 'user')
        .map(view);
    },
    async verify(username, password) {
      const doc = await load(username);
      if (!doc || doc.disabled) {
        dummyHash ??= hashPassword('not-a-password');
        await verifyPassword(password, await dummyHash);
        return undefined;
      }
      if (!(await verifyPassword(password, doc.passwordHash))) return undefined;
      return operatorOf(doc);
    },
    async setDisabled(username, disabled) {
      const doc = await load(username);
      if (!doc) throw new DomainError(ErrorCode.NotFound, `No user ${username}.`, { field: 'username' });
      const next: UserDoc = { ...doc, disabled };
      const res = await db.insert(next);
      await published(next);
      return { before: view(doc), after: view({ ...next, _rev: res.rev }) };
    },
    async setStation(username, stationId) {
      const doc = await load(username);
      if (!doc) throw new DomainError(ErrorCode.NotFound, `No user ${username}.`, { field: 'username' });
      if (!readRoles(doc.roles).includes('station-staff')) {
        throw new DomainError(ErrorCode.Validation, 'stationId: only station staff belong to a station', {
          field: 'stationId',
        });
      }
      const next: UserDoc = { ...doc, stationId };
      const res = await db.insert(next);
      await published(doc, next);
      return { before: view(doc), after: view({ ...next, _rev: res.rev }) };
    },
    async setPin(username, pin) {
      const doc = await load(username);
      if (!doc) throw new DomainError(ErrorCode.NotFound, `No user ${username}.`, { field: 'username' });
      if (!isStaff(doc)) {
        throw new DomainError(ErrorCode.Validation, 'pin: only station staff sign in at a counter', {
          field: 'pin',
        });
      }
      if (pin !== null && !new RegExp(PIN_PATTERN).test(pin)) {
        throw new DomainError(ErrorCode.Validation, 'pin: 6 to 12 digits', {
          field: 'pin',
          messageZh: 'PIN 为 6 至 12 位数字。',
        });
      }
      if (!options.hashKey) {
        throw new DomainError(ErrorCode.Conflict, 'The hub has no deployment key (XZ_HASH_KEY).', {
          field: 'pin',
        });
      }
      const { pin: _old, ...rest } = doc.stationVerifiers ?? {};
      const next: UserDoc = {
        ...doc,
        stationVerifiers:
          pin === null ? rest : { ...rest, pin: await makeStaffVerifier(options.hashKey, 'pin', pin) },
      };
      const res = await db.insert(next);
      await published(next);
      return view({ ...next, _rev: res.rev });
    },
  };
}

function operatorOf(doc: UserDoc): Operator {
  return {
    id: doc._id,
    username: doc.username,
    roles: readRoles(doc.roles),
    ...(doc.displayName ? { displayName: doc.displayName } : {}),
    ...(doc.stationId ? { stationId: doc.stationId } : {}),
    ...(doc.department ? { department: doc.department } : {}),
  };
}

function view(doc: UserDoc): UserView {
  return {
    ...operatorOf(doc),
    createdAt: doc.createdAt,
    disabled: doc.disabled === true,
    ...(readRoles(doc.roles).includes('station-staff') ? { hasPin: !!doc.stationVerifiers?.pin } : {}),
  };
}
