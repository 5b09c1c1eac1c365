import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import PouchDB from 'pouchdb';
import { afterEach, describe, expect, it } from 'vitest';
import { bundledStationCalendar, readStationCalendar } from './calendar-feed.ts';

const year2027 = {
  year: 2027,
  holidays: [{ name: '元旦', en: "New Year's Day", from: '2027-01-01', to: '2027-01-03' }],
  workdays: ['2027-01-09'],
};

describe('the station’s working-day calendar', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const fn of cleanups.splice(0)) await fn();
  });

  async function localPolicies(): Promise<PouchDB.Database> {
    const dir = await mkdtemp(path.join(tmpdir(), 'xz-cal-feed-'));
    const db = new PouchDB(path.join(dir, 'xz-policies'));
    cleanups.push(async () => {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    });
    return db;
  }

  it('adds a year saved on the hub to the bundled ones, and says it changed', async () => {
    const db = await localPolicies();
    const before = await readStationCalendar(db);
    expect(before.digest).toBe(bundledStationCalendar().digest);
    expect(before.calendar.years).not.toContain(2027);
    await db.put({ _id: 'calendar:2027', type: 'calendar', year: 2027, data: year2027 });
    await db.put({ _id: 'policy:x', type: 'policy' });
    const after = await readStationCalendar(db);
    expect(after.digest).not.toBe(before.digest);
    expect(after.calendar.years).toContain(2027);
    expect(after.calendar.restDays).toContain('2027-01-02');
    expect(after.calendar.workDays).toContain('2027-01-09');
  });

  it('skips a malformed year rather than stopping the station', async () => {
    const db = await localPolicies();
    await db.put({
      _id: 'calendar:2027',
      type: 'calendar',
      year: 2027,
      data: { ...year2027, holidays: 'soon' },
    });
    const read = await readStationCalendar(db);
    expect(read.calendar.years).not.toContain(2027);
    expect(read.digest).toBe(bundledStationCalendar().digest);
  });
});
