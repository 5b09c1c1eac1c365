/**
 * Names of the catalogue's services (shared/data/services.json), for screens that get only a
 * service id from a station (live queue by service, reports) when the station's configuration
 * with its own names is not at hand: words, never the id.
 */
import catalogue from '@xz/shared/data/services.json' with { type: 'json' };

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
