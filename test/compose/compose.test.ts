/**
 * docker-compose.yml cannot run here (no Docker engine), so it is checked statically: against the
 * official Compose Specification schema, and against the code it starts (npm scripts, files and
 * the environment variables the hub and the station agent actually read).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '../..');
const composeText = readFileSync(join(root, 'docker-compose.yml'), 'utf8');

interface Service {
  image?: string;
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string | number | null>;
  healthcheck?: { test?: string | string[] };
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const compose = parse(composeText, { merge: true }) as Compose;

/**
 * Two spellings of the fixture that Ajv 8 refuses although they carry no rules: the draft-04 `id`
 * keyword used as anchors, and the meta-schema URI written as http://…/schema#. Only those change.
 */
function withoutLegacyIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutLegacyIds);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k, v]) => !(k === 'id' && typeof v === 'string'))
      .map(([k, v]) => [k, withoutLegacyIds(v)]),
  );
}

function composeValidator() {
  const schema = JSON.parse(readFileSync(join(root, 'test/fixtures/compose-spec.json'), 'utf8'));
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  // Compose's own formats: Go durations ("10s", "1m30s"), port specs and exposed ports.
  ajv.addFormat('duration', /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat('ports', { type: 'string', validate: (v: string) => /^[\d.:/a-z[\]-]+$/i.test(v) });
  ajv.addFormat('ports', {
    type: 'number',
    validate: (v: number) => Number.isInteger(v) && v > 0 && v < 65536,
  });
  ajv.addFormat('expose', /^\d+(?:-\d+)?(?:\/(?:tcp|udp))?$/);
  const adapted = {
    ...(withoutLegacyIds(schema) as object),
    $schema: 'https://json-schema.org/draft/2019-09/schema',
  };
  return { ajv, validate: ajv.compile(adapted) };
}

function commandText(s: Service): string {
  const parts = [s.entrypoint, s.command].flatMap((c) => (c === undefined ? [] : Array.isArray(c) ? c : [c]));
  return parts.join(' ');
}

/** Environment variable names the code under `dir` reads (`env.X`, `process.env.X`, `env['X']`). */
function envReadBy(dir: string): Set<string> {
  const names = new Set<string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const p = join(d, entry);
      if (statSync(p).isDirectory()) {
        if (entry !== 'node_modules' && entry !== 'dist') walk(p);
      } else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) {
        const text = readFileSync(p, 'utf8');
        for (const m of text.matchAll(/\benv\.([A-Z][A-Z0-9_]*)\b|\benv\[['"]([A-Z][A-Z0-9_]*)['"]\]/g))
          names.add(m[1] ?? m[2]);
      }
    }
  };
  walk(dir);
  return names;
}

function env(service: string): Record<string, string> {
  const e = compose.services[service]?.environment ?? {};
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

describe('docker-compose.yml', () => {
  it('is a valid Compose file by the Compose Specification schema', () => {
    const { ajv, validate } = composeValidator();
    const ok = validate(compose);
    expect(ok, ajv.errorsText(validate.errors)).toBe(true);
  });

  it('would be refused by the schema if it were wrong (the check is live)', () => {
    const { validate } = composeValidator();
    const typo = structuredClone(compose) as unknown as Record<string, unknown>;
    (typo.services as Record<string, Record<string, unknown>>).hub.enviroment = { X: '1' };
    expect(validate(typo)).toBe(false);
    const badCondition = structuredClone(compose);
    badCondition.services.hub.depends_on = { couchdb: { condition: 'when-ready' } };
    expect(validate(badCondition)).toBe(false);
    const badHealth = structuredClone(compose);
    (badHealth.services.couchdb.healthcheck as Record<string, unknown>).interval = 'ten seconds';
    expect(validate(badHealth)).toBe(false);
  });

  it('runs Apache CouchDB 3 with a data volume, an admin from the environment and a healthcheck', () => {
    const couch = compose.services.couchdb;
    expect(couch.image).toMatch(/^couchdb:3(?:\.|$)/);
    expect(couch.volumes).toContain('couchdb-data:/opt/couchdb/data');
    expect(compose.volumes).toHaveProperty('couchdb-data');
    expect(env('couchdb').COUCHDB_USER).toBe('admin');
    expect(env('couchdb').COUCHDB_PASSWORD).toMatch(/^\$\{COUCHDB_PASSWORD:\?/);
    const test = couch.healthcheck?.test;
    expect(Array.isArray(test) ? test.join(' ') : test).toMatch(/curl .*http:\/\/localhost:5984\/_up/);
  });

  it('runs the hub with npm run hub on Node 20, pointed at CouchDB, once CouchDB is healthy', () => {
    const hub = compose.services.hub;
    expect(hub.image).toMatch(/^node:20/);
    expect(commandText(hub)).toContain('npm run hub');
    expect(env('hub').COUCHDB_URL).toMatch(/^http:\/\/admin:\$\{COUCHDB_PASSWORD[^}]*\}@couchdb:5984$/);
    expect(hub.depends_on?.couchdb?.condition).toBe('service_healthy');
    expect(hub.depends_on?.install?.condition).toBe('service_completed_successfully');
    expect(hub.volumes).toContain('node-modules:/app/node_modules');
    expect(hub.ports).toContain(`${env('hub').HUB_PORT}:${env('hub').HUB_PORT}`);
    expect(env('hub').HUB_HOST).toBe('0.0.0.0');
  });

  it('runs one station agent with npm run agent, a virtual printer, and the hub address', () => {
    const station = compose.services.station;
    expect(station.image).toMatch(/^node:20/);
    const cmd = commandText(station);
    expect(cmd).toContain('npm run agent');
    expect(cmd).toContain('kiosk/src/virtual-printer/cli.ts');
    expect(cmd).toContain('socat');
    expect(env('station').XZ_HUB_URL).toBe(`http://hub:${env('hub').HUB_PORT}`);
    expect(env('station').XZ_PRINTER_PATH).toBe('/data/printer/printer');
    expect(cmd).toContain('--dir /data/printer');
    expect(station.ports).toContain(`${env('station').AGENT_PORT}:${env('station').AGENT_PORT}`);
    expect(env('station').AGENT_HOST).toBe('0.0.0.0');
  });

  it('only starts npm scripts and files that exist', () => {
    const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<
      string,
      string
    >;
    for (const [name, s] of Object.entries(compose.services)) {
      for (const m of commandText(s).matchAll(/npm run ([\w:-]+)/g))
        expect(scripts, name).toHaveProperty(m[1]);
      for (const m of commandText(s).matchAll(/\b((?:kiosk|hub|scripts)\/[\w/.-]+\.ts)\b/g))
        expect(existsSync(join(root, m[1])), m[1]).toBe(true);
    }
  });

  it('sets only environment variables the code reads, and those it needs', () => {
    const hubReads = envReadBy(join(root, 'hub/src'));
    const agentReads = envReadBy(join(root, 'kiosk/src'));
    expect(hubReads).toContain('COUCHDB_URL');
    expect(agentReads).toContain('XZ_HUB_URL');
    for (const name of Object.keys(env('hub'))) expect(hubReads, `hub sets ${name}`).toContain(name);
    for (const name of Object.keys(env('station')))
      expect(agentReads, `station sets ${name}`).toContain(name);
  });

  it('names every required variable in its header', () => {
    const header = composeText.split('\nx-node:')[0];
    expect(header.length).toBeLessThan(composeText.length);
    for (const m of composeText.matchAll(/\$\{([A-Z_]+):\?/g)) expect(header, m[1]).toContain(m[1]);
  });
});
