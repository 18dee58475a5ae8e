/** The audit log stores every entry as given, whatever its values and reasons hold. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRepository, type AuditEntry } from './audit.repository.ts';
import type { Database } from './connection.ts';
import { openTestDatabase, testDatabaseUrl } from './testing.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database?.close());

describe(`auditRepository.append on ${testDatabaseUrl() ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('stores values, reasons and instants exactly, JSON null and no value as no value', async () => {
    const monday = new Date('2023-07-03T03:04:05.678Z');
    const tuesday = new Date('2023-07-04T10:00:00.000Z');
    const awkward = 'Sửa "số liệu", dòng 2\\3 {a,b} NULL\nvà dòng mới';
    const entries: AuditEntry[] = [
      { at: monday, userId: null, ip: '10.0.0.1', action: 'report.value', period: '2023-W27', oldValue: null, newValue: 1791, reason: awkward },
      { at: monday, userId: null, ip: null, action: 'report.value', oldValue: 0.1, newValue: 12.3456 },
      { at: monday, userId: null, ip: null, action: 'report.state', oldValue: undefined, newValue: 'submitted', reason: 'NULL' },
      { at: tuesday, userId: null, ip: '::1', action: 'campaign.rules', newValue: { rules: ['a "b"', 'c\\d'], n: null }, reason: '' },
    ];
    await auditRepository.append(database.db, entries);
    const rows = (await auditRepository.search(database.db, { limit: 10 })).reverse();
    expect(rows.map((r) => ({
      at: new Date(r.at).toISOString(), ip: r.ip, action: r.action, period: r.period, oldValue: r.oldValue, newValue: r.newValue, reason: r.reason,
    }))).toEqual([
      { at: monday.toISOString(), ip: '10.0.0.1', action: 'report.value', period: '2023-W27', oldValue: null, newValue: 1791, reason: awkward },
      { at: monday.toISOString(), ip: null, action: 'report.value', period: null, oldValue: 0.1, newValue: 12.3456, reason: null },
      { at: monday.toISOString(), ip: null, action: 'report.state', period: null, oldValue: null, newValue: 'submitted', reason: 'NULL' },
      { at: tuesday.toISOString(), ip: '::1', action: 'campaign.rules', period: null, oldValue: null, newValue: { rules: ['a "b"', 'c\\d'], n: null }, reason: '' },
    ]);
  });

  it('appends nothing for no entries', async () => {
    const before = (await auditRepository.search(database.db, { limit: 100 })).length;
    await auditRepository.append(database.db, []);
    expect((await auditRepository.search(database.db, { limit: 100 })).length).toBe(before);
  });
});
