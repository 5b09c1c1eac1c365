import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { translate } from '../i18n/t.ts';
import { creditCodeCheckChar } from '../validate/credit-code.ts';
import { hashIdentifier } from '../validate/hash.ts';
import { residentIdCheckChar } from '../validate/resident-id.ts';
import { parseGreenGroups } from './groups.ts';
import { createBundledGreenChannel, createGreenChannel, recognise } from './recognise.ts';

const key = 'station-deployment-key-2026';
const day = '2026-03-09';
const id = (birth: string, seq = '123') => {
  const first17 = `370211${birth.replaceAll('-', '')}${seq}`;
  return first17 + residentIdCheckChar(first17);
};
const credit = (() => {
  const first17 = '91370211MA3C12345';
  return first17 + creditCodeCheckChar(first17);
})();
const noLists = { idHashes: {}, creditHashes: [] };

describe('green-channel recognition', () => {
  const green = createBundledGreenChannel();

  it('grants the elderly group from the age in the ID number, on the station day', () => {
    const r = green.recognise({ idNumber: id('1961-03-09'), day, lists: noLists, key });
    expect(r.grant).toEqual({
      groupId: 'elderly',
      how: 'id-age',
      needsConfirmation: false,
      reason: { key: 'green.how.id-age', params: { minAge: 65 } },
    });
    expect(translate('zh-CN', r.grant!.reason.key, r.grant!.reason.params)).toContain('65');
    expect(r.idHash).toBe(hashIdentifier(key, 'id', id('1961-03-09')));
  });

  it('does not grant one day before the 65th birthday', () => {
    const r = green.recognise({ idNumber: id('1961-03-10'), day, lists: noLists, key });
    expect(r.grant).toBeUndefined();
    expect(r.invalid).toBeUndefined();
    expect(r.idHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('grants a group from its keyed-hash list, with the counter confirming', () => {
    const person = id('1990-05-01');
    const lists = { idHashes: { military: new Set([hashIdentifier(key, 'id', person)]) }, creditHashes: [] };
    expect(green.recognise({ idNumber: person, day, lists, key }).grant).toMatchObject({
      groupId: 'military',
      how: 'list',
      needsConfirmation: true,
    });
    // Another deployment's key does not match.
    expect(green.recognise({ idNumber: person, day, lists, key: `${key}-other` }).grant).toBeUndefined();
  });

  it('matches a lower-case x number against a list built from the normalised number', () => {
    const seq = ['000', '001', '002', '003', '004', '005', '006', '007', '008', '009', '010', '011'].find(
      (q) => residentIdCheckChar(`37021119900501${q}`) === 'X',
    );
    const withX = `37021119900501${seq}X`;
    const lists = { idHashes: { disability: [hashIdentifier(key, 'id', withX)] }, creditHashes: [] };
    expect(green.recognise({ idNumber: withX.toLowerCase(), day, lists, key }).grant?.groupId).toBe(
      'disability',
    );
  });

  it('grants key enterprises from the credit-code list', () => {
    const lists = { idHashes: {}, creditHashes: [hashIdentifier(key, 'credit', credit)] };
    const r = green.recognise({ creditCode: credit.toLowerCase(), day, lists, key });
    expect(r.grant).toMatchObject({ groupId: 'key-enterprise', how: 'list', needsConfirmation: false });
    expect(r.creditHash).toBe(lists.creditHashes[0]);
    expect(green.recognise({ creditCode: credit, day, lists: noLists, key }).grant).toBeUndefined();
  });

  it('accepts a declaration that staff must confirm, but a verified match wins', () => {
    expect(green.recognise({ declaredGroup: 'pregnant', day, lists: noLists, key }).grant).toEqual({
      groupId: 'pregnant',
      how: 'declared',
      needsConfirmation: true,
      reason: { key: 'green.how.declared', params: {} },
    });
    expect(
      green.recognise({ declaredGroup: 'pregnant', idNumber: id('1950-01-01'), day, lists: noLists, key })
        .grant?.how,
    ).toBe('id-age');
  });

  it('refuses groups that cannot be declared and unknown groups', () => {
    expect(green.recognise({ declaredGroup: 'elderly', day, lists: noLists, key })).toEqual({
      invalid: { field: 'declaredGroup', reason: 'green.not-declarable' },
    });
    expect(green.recognise({ declaredGroup: 'vip', day, lists: noLists, key })).toEqual({
      invalid: { field: 'declaredGroup', reason: 'green.unknown-group' },
    });
  });

  it('reports invalid input with the i18n reason and grants nothing', () => {
    const bad = `${id('1950-01-01').slice(0, 17)}${id('1950-01-01')[17] === '0' ? '1' : '0'}`;
    expect(recognise({ idNumber: bad, declaredGroup: 'pregnant', day, lists: noLists, key })).toEqual({
      invalid: { field: 'idNumber', reason: 'id.check-digit' },
    });
    expect(recognise({ idNumber: '1234', day, lists: noLists, key }).invalid?.reason).toBe('id.length');
    expect(recognise({ creditCode: `${credit.slice(0, 17)}O`, day, lists: noLists, key }).invalid).toEqual({
      field: 'creditCode',
      reason: 'credit.format',
    });
    // A birth date after the station day is not a real person yet.
    expect(recognise({ idNumber: id('2026-03-10'), day, lists: noLists, key }).invalid?.reason).toBe(
      'id.birth-date',
    );
  });

  it('treats blank fields as not given', () => {
    expect(recognise({ idNumber: '  ', creditCode: '', day, lists: noLists, key })).toEqual({});
  });

  it('never returns the raw number', () => {
    const person = id('1950-01-01');
    expect(JSON.stringify(recognise({ idNumber: person, day, lists: noLists, key }))).not.toContain(person);
  });
});

describe('group data', () => {
  it('checks the schema and the age rule', () => {
    expect(() =>
      parseGreenGroups({ groups: [{ id: 'x', zh: 'x', en: 'x', how: 'id-age', confirm: false }] }),
    ).toThrow(/minAge/);
    expect(() =>
      parseGreenGroups({ groups: [{ id: 'x', zh: 'x', en: 'x', how: 'psychic', confirm: false }] }),
    ).toThrow(DomainError);
    const twice = { id: 'x', zh: 'x', en: 'x', how: 'declared', confirm: true };
    expect(() => parseGreenGroups({ groups: [twice, twice] })).toThrow(/duplicate/);
  });

  it('follows the data: a lower age threshold grants earlier', () => {
    const green = createGreenChannel({
      groups: [{ id: 'elderly', zh: '老年人', en: 'Seniors', how: 'id-age', minAge: 60, confirm: false }],
    });
    expect(green.recognise({ idNumber: id('1966-03-09'), day, lists: noLists, key }).grant?.groupId).toBe(
      'elderly',
    );
  });
});
