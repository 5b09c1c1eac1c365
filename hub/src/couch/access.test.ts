import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowed, decodeSegment, type Identity, parseCouchRequest } from './access.ts';

const kioskA: Identity = { kind: 'kiosk', stationId: 'st-a' };
const anonymous: Identity = { kind: 'anonymous' };

/** Whether `identity` may make `method target`, as the gateway decides it. */
function may(identity: Identity, method: string, target: string): boolean {
  const parsed = parseCouchRequest(target);
  return parsed.ok && allowed(identity, method, parsed.target) && parsed.target.paramProblem === undefined;
}

describe('the access rules of the /couch gateway', () => {
  it('gives a kiosk the replication requests on its own database', () => {
    for (const [method, target] of [
      ['GET', '/xz-station-st-a/'],
      ['GET', '/xz-station-st-a'],
      ['GET', '/xz-station-st-a/_changes?style=all_docs&since=0&limit=500&feed=longpoll&heartbeat=10000'],
      ['POST', '/xz-station-st-a/_revs_diff'],
      ['POST', '/xz-station-st-a/_bulk_docs'],
      ['POST', '/xz-station-st-a/_bulk_get?revs=true&latest=true'],
      ['GET', '/xz-station-st-a/_all_docs?include_docs=true&startkey=%22ticket%3A%22'],
      [
        'GET',
        '/xz-station-st-a/ticket%3Ast-a%3A2026-03-09%3Atax%3A001?revs=true&open_revs=%5B%221-abc%22%5D&latest=true',
      ],
      ['GET', '/xz-station-st-a/_local/Hf2X1wF5Q9tCXN.8b_9x9w%3D%3D'],
      ['PUT', '/xz-station-st-a/_local/Hf2X1wF5Q9tCXN.8b_9x9w%3D%3D'],
    ] as const) {
      expect(may(kioskA, method, target), `${method} ${target}`).toBe(true);
    }
  });

  it('gives a kiosk only the read subset on the published policies', () => {
    expect(may(kioskA, 'GET', '/xz-policies/_changes?since=0')).toBe(true);
    expect(may(kioskA, 'POST', '/xz-policies/_bulk_get')).toBe(true);
    expect(may(kioskA, 'GET', '/xz-policies/_local/Hf2X1wF5Q9tCXN.8b_9x9w==')).toBe(true);
    expect(may(kioskA, 'PUT', '/xz-policies/_local/Hf2X1wF5Q9tCXN.8b_9x9w==')).toBe(false);
    expect(may(kioskA, 'POST', '/xz-policies/_bulk_docs')).toBe(false);
    expect(may(kioskA, 'POST', '/xz-policies/_revs_diff')).toBe(false);
  });

  it('gives nothing on another station, the hub’s own databases or the server', () => {
    for (const [method, target] of [
      ['GET', '/xz-station-st-b/'],
      ['POST', '/xz-station-st-b/_bulk_docs'],
      ['GET', '/xz-hub-users/_all_docs'],
      ['GET', '/xz-hub-follow/follow:st-a'],
      ['GET', '/_all_dbs'],
      ['GET', '/_users/org.couchdb.user:kiosk-st-a'],
      ['PUT', '/_users/org.couchdb.user:kiosk-st-a'],
      ['GET', '/_db_updates'],
      ['GET', '/_config'],
      ['POST', '/_replicate'],
      ['PUT', '/xz-station-st-a'],
      ['DELETE', '/xz-station-st-a'],
      ['PUT', '/xz-station-st-a/_security'],
      ['GET', '/xz-station-st-a/_security'],
      ['PUT', '/xz-station-st-a/_local/_security'],
      ['PUT', '/xz-station-st-a/heartbeat:st-a'],
      ['DELETE', '/xz-station-st-a/heartbeat:st-a'],
      ['GET', '/xz-station-st-a/_design/xz-validate'],
      ['PUT', '/xz-station-st-a/_design/x'],
      ['POST', '/xz-station-st-a/_find'],
      ['POST', '/xz-station-st-a/_index'],
      ['POST', '/xz-station-st-a/_explain'],
      ['POST', '/xz-station-st-a/_purge'],
      ['POST', '/xz-station-st-a/_temp_view'],
      ['GET', '/xz-station-st-a/_design/x/_view/y'],
      ['POST', '/xz-station-st-a/_changes'],
      ['GET', '/xz-station-st-a/heartbeat:st-a/attachment'],
    ] as const) {
      expect(may(kioskA, method, target), `${method} ${target}`).toBe(false);
    }
  });

  it('gives an anonymous caller the welcome and nothing else', () => {
    expect(may(anonymous, 'GET', '/')).toBe(true);
    expect(may(anonymous, 'GET', '')).toBe(true);
    expect(may(anonymous, 'POST', '/')).toBe(false);
    expect(may(anonymous, 'GET', '/xz-policies/')).toBe(false);
    expect(may(anonymous, 'GET', '/xz-policies/_changes')).toBe(false);
    expect(may(anonymous, 'POST', '/xz-station-st-a/_bulk_get')).toBe(false);
  });

  it.each([
    ['percent-encoded _', '/xz-station-st-a/%5Fchanges'],
    ['percent-encoded _ in a checkpoint', '/xz-station-st-a/%5Flocal/abc'],
    ['percent-encoded / between segments', '/xz-station-st-a%2F_changes'],
    ['percent-encoded / inside _local', '/xz-station-st-a/_local%2Fabc'],
    ['percent-encoded .', '/xz-station-st-a/%2E%2E/xz-station-st-b'],
    ['double encoding', '/xz-station-st-a/%255Fchanges'],
    ['double-encoded security checkpoint', '/xz-station-st-a/_local/%255Fsecurity'],
    ['encoded letters', '/xz-station-st-%61/_changes'],
    ['case variant', '/xz-station-st-a/_Changes'],
    ['case variant of _local', '/xz-station-st-a/_LOCAL/abc'],
    ['repeated slash', '/xz-station-st-a//_changes'],
    ['leading repeated slash', '//xz-station-st-a/_changes'],
    ['trailing slash on an endpoint', '/xz-station-st-a/_changes/'],
    ['two trailing slashes', '/xz-station-st-a//'],
    ['dot segment', '/xz-station-st-a/./_changes'],
    ['dot-dot segment', '/xz-station-st-b/../xz-station-st-a/_changes'],
    ['backslash', '/xz-station-st-a\\_changes'],
    ['over-long', `/xz-station-st-a/${'a'.repeat(9000)}`],
    ['a control character', '/xz-station-st-a/heartbeat%0Ast-a'],
    ['bad percent-encoding', '/xz-station-st-a/%zz'],
    ['upper-case database', '/XZ-station-st-a/_changes'],
  ])('refuses a path with %s for every identity', (_name, target) => {
    for (const method of ['GET', 'POST', 'PUT']) {
      expect(may(kioskA, method, target), `${method} ${target}`).toBe(false);
      expect(may(anonymous, method, target)).toBe(false);
    }
  });

  it.each([
    ['continuous feed', 'feed=continuous'],
    ['continuous feed, encoded', 'feed=%63ontinuous'],
    ['eventsource feed', 'feed=eventsource'],
    ['a filter (would run code)', 'filter=app/by_type'],
    ['a view', 'filter=_view&view=app/all'],
    ['a parameter twice', 'since=0&since=5'],
    ['a huge limit', 'limit=99999999'],
    ['an unknown parameter', 'since=0&x=1'],
  ])('refuses _changes with %s', (_name, query) => {
    const parsed = parseCouchRequest(`/xz-station-st-a/_changes?${query}`);
    expect(parsed.ok && parsed.target.paramProblem).toBeTruthy();
  });

  it('reads a segment once: what it decodes to is what it spells, or nothing', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }), (text) => {
        const decoded = decodeSegment(encodeURIComponent(text));
        if (decoded !== null) expect(decoded).toBe(text);
        // A second round of encoding never decodes to the plain text.
        const twice = decodeSegment(encodeURIComponent(encodeURIComponent(text)));
        if (twice !== null) expect(twice).toBe(encodeURIComponent(text));
      }),
    );
  });
});
