/**
 * A clock for trying the demo stack at another time: the real time plus an offset in
 * milliseconds read from a file (`XZ_HUB_CLOCK_OFFSET_FILE`, `npm start` only). Writing a new
 * offset into the file moves the hub's case clock (deadlines and lights) without a restart; a
 * missing, empty or unreadable file means no offset. The file is read at most every 100 ms.
 */
import { readFileSync } from 'node:fs';

export function createOffsetClock(file: string, realNow: () => number = Date.now): () => number {
  let offset = 0;
  let readAt = Number.NEGATIVE_INFINITY;
  return () => {
    const real = realNow();
    if (real - readAt >= 100 || real < readAt) {
      readAt = real;
      try {
        const text = readFileSync(file, 'utf8').trim();
        const value = text === '' ? 0 : Number(text);
        offset = Number.isFinite(value) ? value : 0;
      } catch {
        offset = 0;
      }
    }
    return real + offset;
  };
}
