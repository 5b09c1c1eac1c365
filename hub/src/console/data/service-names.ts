/**
 * Names of the catalogue's services (shared/data/services.json) and of the green-channel groups
 * (special-groups.json), for screens that get only an id from a station (live queue by service,
 * green-list versions, reports, the audit log) when the station's configuration with its own
 * names is not at hand: words, never the id.
 */
import catalogue from '@xz/shared/data/services.json' with { type: 'json' };
import groups from '@xz/shared/data/special-groups.json' with { type: 'json' };

const NAMES = new Map(
  (catalogue as { services: { id: string; zh: string; en: string }[] }).services.map((s) => [
    s.id,
    { zh: s.zh, en: s.en },
  ]),
);

/** The catalogue's name of a service, or undefined for a service it does not know. */
export function catalogueServiceName(id: string): { zh: string; en: string } | undefined {
  return NAMES.get(id);
}

const GROUPS = new Map(
  (groups as { groups: { id: string; zh: string; en: string }[] }).groups.map((g) => [
    g.id,
    { zh: g.zh, en: g.en },
  ]),
);

/** The name of a green-channel group (special-groups.json), or undefined for one it does not know. */
export function groupName(id: string): { zh: string; en: string } | undefined {
  return GROUPS.get(id);
}
