/**
 * The station simulator against a hub in its own process: three stations in two simulator
 * processes, enrolled with one-time codes redeemed at `POST /api/enrol`, pull a published policy
 * into their local copies and show it, a policy for one district reaches only the station in it,
 * an event the hub sends reaches every station, and the hub's live view sees the stations'
 * heartbeats.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  enrolStations,
  type HubProcess,
  publishedPolicyDoc,
  publishPolicy,
  type SocketArrival,
  type StationSim,
  simStationIds,
  sleep,
  spawnHubProcess,
  startStationSim,
  wallNow,
} from '../bench/station-sim.ts';

describe('station simulator', () => {
  let dir: string;
  let hub: HubProcess | undefined;
  let sim: StationSim | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xz-sim-'));
    hub = await spawnHubProcess({ dataDir: join(dir, 'hub') });
    // Kiosk credentials as a station obtains them: a one-time code redeemed at POST /api/enrol.
    const credentials = await enrolStations(hub, simStationIds(3), { via: 'http' });
    sim = await startStationSim({
      hubUrl: hub.url,
      dir: join(dir, 'stations'),
      stations: credentials.map((c, i) => ({ credentials: c, district: i === 0 ? 'laoshan' : 'xihaian' })),
      socket: hub.socketIo,
      workers: 2,
    });
  }, 60_000);

  afterAll(async () => {
    await sim?.close();
    await hub?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows a policy published for every station on all three', { timeout: 30_000 }, async () => {
    if (!hub || !sim) throw new Error('not started');
    const published = wallNow();
    await publishPolicy(hub, publishedPolicyDoc('sim-all', 1));
    const shown = await sim.waitForPolicy('sim-all', 1, 20_000);
    expect([...shown.keys()].sort()).toEqual([0, 1, 2]);
    // Times from the simulator's processes are on the same clock as this one's.
    for (const at of shown.values()) {
      expect(at - published).toBeGreaterThan(-20);
      expect(at - published).toBeLessThan(20_000);
    }
  });

  it('hears an event the hub sends at every station', { timeout: 30_000 }, async () => {
    if (!hub || !sim) throw new Error('not started');
    if (!hub.socketIo) return;
    const got: SocketArrival[] = [];
    const off = sim.onSocket('policy-published', (a) => {
      if ((a.payload as { version?: number }).version === 77) got.push(a);
    });
    const sent = await hub.emit('policy-published', { policyId: 'sim-event', version: 77 });
    for (let i = 0; i < 100 && got.length < 3; i++) await sleep(50);
    off();
    expect(got.map((a) => a.station).sort()).toEqual([0, 1, 2]);
    for (const a of got) {
      expect(a.at - sent.at).toBeGreaterThan(-20);
      expect(a.at - sent.at).toBeLessThan(5_000);
    }
  });

  it('shows a policy for one district only at the station in it', { timeout: 30_000 }, async () => {
    if (!hub || !sim) throw new Error('not started');
    await publishPolicy(
      hub,
      publishedPolicyDoc('sim-laoshan', 1, { targets: { districts: ['laoshan'], stations: [] } }),
    );
    const shown = await sim.waitForPolicy('sim-laoshan', 1, 3_000);
    expect([...shown.keys()]).toEqual([0]);
  });

  it('is seen online by the hub through its heartbeats', { timeout: 30_000 }, async () => {
    if (!hub) throw new Error('not started');
    let view = await hub.stations();
    for (let i = 0; i < 100 && view.online < 3; i++) {
      await sleep(100);
      view = await hub.stations();
    }
    expect(view).toMatchObject({ known: 3, online: 3 });
    expect(await sim?.stats()).toMatchObject({ heartbeatFailures: 0, wentOffline: 0 });
  });
});
