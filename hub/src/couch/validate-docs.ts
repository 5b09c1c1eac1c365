/**
 * `_security` objects and `validate_doc_update` design documents for every Xiaozhan database.
 *
 * These are for Apache CouchDB only (the embedded store runs no JavaScript from a database and
 * checks the same rules in TypeScript, `station-writes.ts`). The validation functions are plain ES5
 * (CouchDB 3 runs them in SpiderMonkey or QuickJS): `function (newDoc, oldDoc, userCtx, secObj) { … throw({forbidden}) }`.
 * A station database's function embeds the JSON schemas of `STATION_DOC_RULES` and a small
 * interpreter for the JSON-schema keywords they use (type, required, properties,
 * patternProperties, additionalProperties, enum/const, anyOf, string length and pattern, number
 * bounds, items, uniqueItems). Fields starting with `_` at the top level are CouchDB's own.
 */
import { stationDbName } from '@xz/shared/ids';
import { STATION_DOC_RULES, STATION_ID_BODY } from './station-doc-schemas.ts';

/** Role every kiosk user has: read the published policies. */
export const KIOSK_ROLE = 'xz-kiosk';
/** Name of the design document holding the validation function. */
export const VALIDATE_DDOC_ID = '_design/xz-validate';

export interface SecurityObject {
  admins: { names: string[]; roles: string[] };
  members: { names: string[]; roles: string[] };
}

export interface ValidateDesignDoc {
  _id: string;
  _rev?: string;
  language: 'javascript';
  validate_doc_update: string;
}

export const kioskUserName = (stationId: string) => `kiosk-${stationId}`;
export const stationRole = (stationId: string) => stationDbName(stationId);

/**
 * Station database: its own kiosk (and server admins) only. Membership is by the station's role,
 * never by user name: only an admin can give a CouchDB user a role, whereas anyone may sign up a
 * user of any free name (so a revoked kiosk's name, re-created by someone else, reaches nothing).
 */
export function stationSecurity(stationId: string): SecurityObject {
  return {
    admins: { names: [], roles: [] },
    members: { names: [], roles: [stationRole(stationId), '_admin'] },
  };
}

/** Published policies: every kiosk reads, only server admins write (enforced by the validation function). */
export function policiesSecurity(): SecurityObject {
  return { admins: { names: [], roles: [] }, members: { names: [], roles: [KIOSK_ROLE, '_admin'] } };
}

/** Hub-only databases: server admins only. */
export function hubOnlySecurity(): SecurityObject {
  return { admins: { names: [], roles: [] }, members: { names: [], roles: ['_admin'] } };
}

/** Strips everything JSON does not carry (TypeBox's symbol keys) from a schema. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** ES5 JSON-schema check: returns an error text or null. */
const CHECK_SOURCE = `
  function kindOf(v) {
    if (v === null) return 'null';
    if (Object.prototype.toString.call(v) === '[object Array]') return 'array';
    return typeof v;
  }
  function typeOk(v, t) {
    var k = kindOf(v);
    if (t === 'integer') return k === 'number' && isFinite(v) && Math.floor(v) === v;
    if (t === 'number') return k === 'number' && isFinite(v);
    return k === t;
  }
  function check(v, s, at) {
    var i, k, e, ok;
    if (s.type !== undefined) {
      var types = kindOf(s.type) === 'array' ? s.type : [s.type];
      ok = false;
      for (i = 0; i < types.length; i++) if (typeOk(v, types[i])) ok = true;
      if (!ok) return at + ' must be ' + types.join(' or ');
    }
    if (s.const !== undefined && v !== s.const) return at + ' must be ' + JSON.stringify(s.const);
    if (s['enum'] !== undefined) {
      ok = false;
      for (i = 0; i < s['enum'].length; i++) if (s['enum'][i] === v) ok = true;
      if (!ok) return at + ' must be one of ' + s['enum'].join(', ');
    }
    if (s.anyOf !== undefined) {
      ok = false;
      for (i = 0; i < s.anyOf.length && !ok; i++) if (check(v, s.anyOf[i], at) === null) ok = true;
      if (!ok) return at + ' is not any of the allowed forms';
    }
    if (typeof v === 'string') {
      if (s.minLength !== undefined && v.length < s.minLength) return at + ' is shorter than ' + s.minLength;
      if (s.maxLength !== undefined && v.length > s.maxLength) return at + ' is longer than ' + s.maxLength;
      if (s.pattern !== undefined && !new RegExp(s.pattern).test(v)) return at + ' has the wrong format';
    }
    if (typeof v === 'number') {
      if (s.minimum !== undefined && v < s.minimum) return at + ' is below ' + s.minimum;
      if (s.maximum !== undefined && v > s.maximum) return at + ' is above ' + s.maximum;
      if (s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum) return at + ' is too small';
      if (s.exclusiveMaximum !== undefined && v >= s.exclusiveMaximum) return at + ' is too large';
    }
    if (kindOf(v) === 'array') {
      if (s.minItems !== undefined && v.length < s.minItems) return at + ' has too few items';
      if (s.maxItems !== undefined && v.length > s.maxItems) return at + ' has too many items';
      if (s.items !== undefined) for (i = 0; i < v.length; i++) { e = check(v[i], s.items, at + '[' + i + ']'); if (e) return e; }
      if (s.uniqueItems === true) {
        var seen = {};
        for (i = 0; i < v.length; i++) { k = JSON.stringify(v[i]); if (seen[k]) return at + ' has a repeated item'; seen[k] = true; }
      }
    }
    if (kindOf(v) === 'object') {
      if (s.required !== undefined) for (i = 0; i < s.required.length; i++) if (v[s.required[i]] === undefined) return at + '.' + s.required[i] + ' is required';
      for (k in v) {
        if (!Object.prototype.hasOwnProperty.call(v, k) || (at === 'doc' && k.charAt(0) === '_')) continue;
        if (s.properties !== undefined && Object.prototype.hasOwnProperty.call(s.properties, k)) {
          e = check(v[k], s.properties[k], at + '.' + k); if (e) return e;
        } else if (s.patternProperties !== undefined) {
          for (var p in s.patternProperties) if (new RegExp(p).test(k)) { e = check(v[k], s.patternProperties[p], at + '.' + k); if (e) return e; }
        } else if (s.additionalProperties === false) {
          return at + '.' + k + ' is not allowed';
        } else if (s.additionalProperties !== undefined && s.additionalProperties !== true) {
          e = check(v[k], s.additionalProperties, at + '.' + k); if (e) return e;
        }
      }
    }
    return null;
  }
  function rawIdFound(v, depth) {
    if (depth > 12 || v === null || typeof v !== 'object') return null;
    for (var k in v) {
      if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
      var x = v[k];
      if ((k === 'idNumber' || k === 'creditCode') && typeof x === 'string' &&
          (/^\\d{17}[\\dXx]$/.test(x) || /^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(x))) return k;
      var found = rawIdFound(x, depth + 1);
      if (found) return found;
    }
    return null;
  }
  function isAdmin(u) {
    for (var i = 0; i < u.roles.length; i++) if (u.roles[i] === '_admin') return true;
    return false;
  }`;

/** `validate_doc_update` of a station database: its kiosk writes station documents, admins write hub documents. */
export function stationValidateSource(stationId: string): string {
  stationDbName(stationId); // throws XZ_ERR_VALIDATION on a malformed station id
  const rules: Record<string, { id: string; writer: string; schema: unknown }> = {};
  for (const [type, rule] of Object.entries(STATION_DOC_RULES)) {
    rules[type] = {
      id: rule.idPattern.replace(STATION_ID_BODY, escapeRegex(stationId)),
      writer: rule.writer,
      schema: plain(rule.schema),
    };
  }
  return `function (newDoc, oldDoc, userCtx, secObj) {
  var STATION = ${JSON.stringify(stationId)};
  var ROLE = ${JSON.stringify(stationRole(stationId))};
  var RULES = ${JSON.stringify(rules)};
  ${CHECK_SOURCE}
  var admin = isAdmin(userCtx);
  var kiosk = false;
  for (var r = 0; r < userCtx.roles.length; r++) if (userCtx.roles[r] === ROLE) kiosk = true;
  if (!admin && !kiosk) throw({ forbidden: 'only this station and the hub write here' });
  if (newDoc._id.indexOf('_design/') === 0) { if (admin) return; throw({ forbidden: 'design documents are the hub\\'s' }); }
  var previous = oldDoc && !oldDoc._deleted ? RULES[oldDoc.type] : null;
  if (previous && previous.writer === 'hub' && !admin) throw({ forbidden: 'this document is written by the hub' });
  if (newDoc._deleted) return;
  var rule = RULES.hasOwnProperty(newDoc.type) ? RULES[newDoc.type] : null;
  if (!rule) throw({ forbidden: 'unknown document type: ' + newDoc.type });
  if (rule.writer === 'hub' && !admin) throw({ forbidden: newDoc.type + ' documents are written by the hub' });
  if (rule.writer === 'station' && !kiosk && !admin) throw({ forbidden: newDoc.type + ' documents are written by the station' });
  if (!new RegExp(rule.id).test(newDoc._id)) throw({ forbidden: 'id ' + newDoc._id + ' does not fit a ' + newDoc.type + ' of station ' + STATION });
  if (newDoc.stationId !== STATION) throw({ forbidden: 'stationId must be ' + STATION });
  var raw = rawIdFound(newDoc, 0);
  if (raw) throw({ forbidden: raw + ' must be stored as a keyed hash, never raw' });
  var error = check(newDoc, rule.schema, 'doc');
  if (error) throw({ forbidden: newDoc.type + ': ' + error });
}`;
}

/** `validate_doc_update` of a database only server admins write (policies, hub-only databases). */
export function adminOnlyValidateSource(): string {
  return `function (newDoc, oldDoc, userCtx, secObj) {
  ${CHECK_SOURCE}
  if (!isAdmin(userCtx)) throw({ forbidden: 'only the hub writes here' });
  if (newDoc._deleted || newDoc._id.indexOf('_design/') === 0) return;
  if (typeof newDoc.type !== 'string' || newDoc.type === '') throw({ forbidden: 'type is required' });
  var raw = rawIdFound(newDoc, 0);
  if (raw) throw({ forbidden: raw + ' must be stored as a keyed hash, never raw' });
}`;
}

export function validateDesignDoc(source: string): ValidateDesignDoc {
  return { _id: VALIDATE_DDOC_ID, language: 'javascript', validate_doc_update: source };
}
