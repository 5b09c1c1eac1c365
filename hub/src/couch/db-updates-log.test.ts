import { afterEach, describe, expect, it } from 'vitest';
import { DbUpdatesLog } from './db-updates-log.ts';

describe('DbUpdatesLog', () => {
  const logs: DbUpdatesLog[] = [];
  const make = (capacity?: number) => {
    const log = new DbUpdatesLog(capacity);
    logs.push(log);
    return log;
  };
  afterEach(() => {
    for (const log of logs.splice(0)) log.close();
  });

  it('answers since=now with nothing and the current sequence', () => {
    const log = make();
    log.record('a', 'updated');
    const read = log.since('now');
    expect(read?.results).toEqual([]);
    log.record('b', 'created');
    expect(log.since(read?.last_seq as string)?.results.map((u) => u.db_name)).toEqual(['b']);
  });

  it('collapses repeated updates of one database but keeps them readable after an old sequence', () => {
    const log = make();
    const start = log.lastSeq;
    log.record('a', 'updated');
    const mid = log.lastSeq;
    log.record('a', 'updated');
    log.record('a', 'updated');
    expect(log.since(start)?.results).toHaveLength(1);
    expect(log.since(mid)?.results.map((u) => u.db_name)).toEqual(['a']);
  });

  it('refuses sequences of another process and ones older than the window', () => {
    const log = make(3);
    expect(log.since('deadbeef-1')).toBeNull();
    const start = log.lastSeq;
    for (const name of ['a', 'b', 'c', 'd', 'e']) log.record(name, 'updated');
    expect(log.since(start)).toBeNull();
    expect(log.since(log.lastSeq)?.results).toEqual([]);
  });

  it('wakes a long-poll waiter on the next update and times out empty otherwise', async () => {
    const log = make();
    const since = log.lastSeq;
    const woken = new Promise((resolve) => log.wait(since, 10_000, resolve));
    log.record('x', 'created');
    expect(await woken).toMatchObject({ results: [{ db_name: 'x', type: 'created' }] });
    const empty = await new Promise((resolve) => log.wait(log.lastSeq, 20, resolve));
    expect(empty).toMatchObject({ results: [] });
  });
});
