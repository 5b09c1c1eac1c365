import { describe, expect, it } from 'vitest';
import { validateDocAs } from '../docs/validate.ts';
import { requestId } from '../ids.ts';
import { decideRequest, requestDayPrefix } from './request.ts';
import { requestKeyHash } from './request-key.ts';

const STATION = 'xhd-lingzhu-01';
const DAY = '2026-03-03';
const AT = Date.UTC(2026, 2, 3, 2, 0);
const input = {
  category: 'enterprise',
  description: '  需要办理开票业务的指导  ',
  contactName: ' 王先生 ',
  phone: '13800138000',
  keyHash: requestKeyHash('AAECAwQFBgcICQoLDA0ODw'),
  idempotencyKey: 'request-key-0001',
};
const context = (filedToday: string[] = [], known = new Map<string, string>()) => ({
  stationId: STATION,
  day: DAY,
  at: AT,
  known,
  filedToday,
});

describe('a request at the kiosk', () => {
  it('given none today, is number 0001 of the day, a valid document with trimmed text', () => {
    const d = decideRequest(input, context());
    expect(d.kind).toBe('new');
    if (d.kind !== 'new') return;
    expect(d.doc).toMatchObject({
      _id: `request:${STATION}:20260303-0001`,
      number: 'XHD-LINGZHU-01-20260303-0001',
      description: '需要办理开票业务的指导',
      contactName: '王先生',
      keyHash: input.keyHash,
      kioskAt: AT,
    });
    expect(JSON.stringify(d.doc)).not.toContain('AAECAwQFBgcICQoLDA0ODw');
    expect(validateDocAs('request', d.doc).ok).toBe(true);
  });

  it('given two filed today, is the third', () => {
    const filed = [1, 2].map((seq) => requestId({ stationId: STATION, day: DAY, seq }));
    const d = decideRequest(input, context(filed));
    expect(d.kind === 'new' && d.doc.number).toBe('XHD-LINGZHU-01-20260303-0003');
  });

  it('given a retry key seen before, answers the request it filed', () => {
    const id = requestId({ stationId: STATION, day: DAY, seq: 1 });
    expect(decideRequest(input, context([id], new Map([[input.idempotencyKey, id]])))).toEqual({
      kind: 'known',
      id,
    });
  });

  it('names the ids of a station day by one prefix', () => {
    expect(
      requestId({ stationId: STATION, day: DAY, seq: 7 }).startsWith(requestDayPrefix(STATION, DAY)),
    ).toBe(true);
  });
});
