import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyPersistentMap } from './persistent-map.ts';

describe('persistent map', () => {
  it('behaves like a Map and never changes older versions', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.string({ maxLength: 4 }), fc.integer()), { maxLength: 300 }),
        (ops) => {
          let map = emptyPersistentMap<number>();
          const model = new Map<string, number>();
          const versions: { map: typeof map; snapshot: [string, number][] }[] = [];
          for (const [isSet, key, value] of ops) {
            if (isSet) {
              map = map.set(key, value);
              model.set(key, value);
            } else {
              map = map.delete(key);
              model.delete(key);
            }
            versions.push({ map, snapshot: [...model.entries()] });
          }
          expect(map.size).toBe(model.size);
          expect(new Map(map)).toEqual(model);
          for (const v of versions) {
            expect(new Map(v.map.entries())).toEqual(new Map(v.snapshot));
            for (const [k, val] of v.snapshot) expect(v.map.get(k)).toBe(val);
          }
        },
      ),
    );
  });

  it('holds many keys', () => {
    let map = emptyPersistentMap<number>();
    for (let i = 0; i < 20_000; i++) map = map.set(`t${i}`, i);
    expect(map.size).toBe(20_000);
    expect(map.get('t12345')).toBe(12345);
    expect(map.has('t20000')).toBe(false);
    for (let i = 0; i < 20_000; i += 2) map = map.delete(`t${i}`);
    expect(map.size).toBe(10_000);
    expect(map.get('t12345')).toBe(12345);
    expect(map.get('t12344')).toBeUndefined();
  });
});
