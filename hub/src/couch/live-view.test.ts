import { describe, expect, it } from 'vitest';
import { applyStationDoc, emptyStationLive, ONLINE_WINDOW_MS, onlineState } from './live-view.ts';

describe('station live view', () => {
  const hb = (at: number, extra = {}) => ({
    _id: 'heartbeat:s',
    type: 'heartbeat',
    stationId: 's',
    at,
    agentVersion: '2.0.0',
    ...extra,
  });

  it('takes queue, versions and printer state from the station documents', () => {
    let live = emptyStationLive('s');
    live = applyStationDoc(
      live,
      hb(100, {
        policyVersion: 'p-7',
        queue: { waiting: 4, byService: { tax: 3, bad: 'x' }, maxWaitMinutes: 17 },
      }),
      1_000,
    );
    live = applyStationDoc(
      live,
      { type: 'printer-status', printerId: 'main', state: 'paper-out', at: 110, pending: 2 },
      1_010,
    );
    expect(live).toMatchObject({
      lastHeartbeatAt: 100,
      agentVersion: '2.0.0',
      policyVersion: 'p-7',
      queue: { waiting: 4, byService: { tax: 3 }, maxWaitMinutes: 17 },
      printers: { main: { state: 'paper-out', at: 110, pending: 2 } },
      lastSyncAt: 1_010,
    });
  });

  it('does not let an older report overwrite a newer one', () => {
    let live = applyStationDoc(emptyStationLive('s'), hb(200, { queue: { waiting: 1 } }), 1_000);
    live = applyStationDoc(live, hb(150, { queue: { waiting: 9 } }), 1_100);
    expect(live.queue?.waiting).toBe(1);
    live = applyStationDoc(live, { type: 'printer-status', printerId: 'p', state: 'ready', at: 50 }, 1_200);
    live = applyStationDoc(
      live,
      { type: 'printer-status', printerId: 'p', state: 'cover-open', at: 40 },
      1_300,
    );
    expect(live.printers.p.state).toBe('ready');
  });

  it('ignores fields of the wrong shape', () => {
    const live = applyStationDoc(
      emptyStationLive('s'),
      { type: 'printer-status', printerId: 'p', state: 'melted', at: 1 },
      5,
    );
    expect(live.printers).toEqual({});
    expect(live.lastSyncAt).toBe(5);
  });

  it('is online while heartbeats keep arriving at the hub', () => {
    const live = applyStationDoc(emptyStationLive('s'), hb(1), 10_000);
    expect(onlineState(emptyStationLive('s'), 10_000)).toBe('never-seen');
    expect(onlineState(live, 10_000 + ONLINE_WINDOW_MS - 1)).toBe('online');
    expect(onlineState(live, 10_000 + ONLINE_WINDOW_MS)).toBe('offline');
  });
});
