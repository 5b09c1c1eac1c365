/**
 * Recognition without asking (无感导服): from a typed or scanned resident ID number or credit code,
 * and optionally a declared group, decide whether a citizen gets a green-channel slip and why.
 *
 * Order: a verified match (age from the ID number, an ID on a group's hash list, a credit code on
 * the key-enterprise list) wins over a declaration, and among verified matches the first group in
 * the data wins. A declaration always needs staff confirmation at the counter. Input that fails
 * validation gives `invalid` and no grant, so nothing half-valid is issued.
 *
 * Raw numbers never leave this function: the result carries their keyed hashes only.
 */
import specialGroups from '../../data/special-groups.json' with { type: 'json' };
import type { Day } from '../calendar/day.ts';
import type { MessageKey } from '../i18n/zh-cn.ts';
import { validateCreditCode } from '../validate/credit-code.ts';
import { hashIdentifier } from '../validate/hash.ts';
import { validateResidentId } from '../validate/resident-id.ts';
import { type GreenGroup, parseGreenGroups } from './groups.ts';

export type HashList = ReadonlySet<string> | readonly string[];

export interface GreenLists {
  /** Keyed hashes of resident ID numbers, per group id. */
  idHashes: Readonly<Record<string, HashList>>;
  /** Keyed hashes of credit codes on the key-enterprise list. */
  creditHashes: HashList;
}

export interface RecogniseInput {
  idNumber?: string;
  creditCode?: string;
  declaredGroup?: string;
  /** The station day (age is counted on it). */
  day: Day;
  lists: GreenLists;
  /** Per-deployment HMAC key. */
  key: Uint8Array | string;
}

export type GrantHow = 'id-age' | 'list' | 'declared';

export interface GreenGrant {
  groupId: string;
  how: GrantHow;
  needsConfirmation: boolean;
  /** i18n key and params of the reason printed on the slip. */
  reason: { key: MessageKey; params: Readonly<Record<string, number | string>> };
}

export type InvalidField = 'idNumber' | 'creditCode' | 'declaredGroup';

export interface RecogniseResult {
  grant?: GreenGrant;
  invalid?: { field: InvalidField; reason: MessageKey };
  /** Keyed hash of the valid ID number given, for the ticket. */
  idHash?: string;
  /** Keyed hash of the valid credit code given, for the ticket or request. */
  creditHash?: string;
}

export interface GreenChannel {
  readonly groups: readonly GreenGroup[];
  group(id: string): GreenGroup | undefined;
  recognise(input: RecogniseInput): RecogniseResult;
}

function listHas(list: HashList | undefined, hash: string): boolean {
  if (list === undefined) return false;
  return 'has' in list ? list.has(hash) : list.includes(hash);
}

function given(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

export function createGreenChannel(groupsData: unknown): GreenChannel {
  const groups = parseGreenGroups(groupsData);
  const byId = new Map(groups.map((g) => [g.id, g]));

  const recognise = (input: RecogniseInput): RecogniseResult => {
    const result: RecogniseResult = {};
    const verified: GreenGrant[] = [];

    if (given(input.idNumber)) {
      const id = validateResidentId(input.idNumber, { today: input.day });
      if (!id.ok) return { invalid: { field: 'idNumber', reason: `id.${id.reason}` } };
      result.idHash = hashIdentifier(input.key, 'id', id.normalised);
      const age = id.ageAt(input.day);
      for (const g of groups) {
        if (g.how.includes('id-age') && g.minAge !== undefined && age >= g.minAge) {
          verified.push({
            groupId: g.id,
            how: 'id-age',
            needsConfirmation: g.confirm,
            reason: { key: 'green.how.id-age', params: { minAge: g.minAge } },
          });
        }
        if (g.how.includes('list') && listHas(input.lists.idHashes[g.id], result.idHash)) {
          verified.push({
            groupId: g.id,
            how: 'list',
            needsConfirmation: g.confirm,
            reason: { key: 'green.how.list', params: {} },
          });
        }
      }
    }

    if (given(input.creditCode)) {
      const code = validateCreditCode(input.creditCode);
      if (!code.ok) return { invalid: { field: 'creditCode', reason: `credit.${code.reason}` } };
      result.creditHash = hashIdentifier(input.key, 'credit', code.normalised);
      const keyGroup = groups.find((g) => g.how.includes('list-credit-code'));
      if (keyGroup !== undefined && listHas(input.lists.creditHashes, result.creditHash)) {
        verified.push({
          groupId: keyGroup.id,
          how: 'list',
          needsConfirmation: keyGroup.confirm,
          reason: { key: 'green.how.list', params: {} },
        });
      }
    }

    let declared: GreenGrant | undefined;
    if (given(input.declaredGroup)) {
      const g = byId.get(input.declaredGroup);
      if (g === undefined) return { invalid: { field: 'declaredGroup', reason: 'green.unknown-group' } };
      if (!g.how.includes('declared'))
        return { invalid: { field: 'declaredGroup', reason: 'green.not-declarable' } };
      declared = {
        groupId: g.id,
        how: 'declared',
        needsConfirmation: true,
        reason: { key: 'green.how.declared', params: {} },
      };
    }

    // verified is in data order per identifier; order it by group position overall.
    const position = (grant: GreenGrant) => groups.findIndex((g) => g.id === grant.groupId);
    const best = [...verified].sort((a, b) => position(a) - position(b))[0] ?? declared;
    if (best !== undefined) result.grant = best;
    return result;
  };

  return { groups, group: (id) => byId.get(id), recognise };
}

/** Green-channel rules over the shipped groups (`data/special-groups.json`). */
export function createBundledGreenChannel(): GreenChannel {
  return createGreenChannel(specialGroups);
}

/** `recognise` over the shipped groups; hold `createBundledGreenChannel()` where it runs often. */
export function recognise(input: RecogniseInput): RecogniseResult {
  return createBundledGreenChannel().recognise(input);
}
