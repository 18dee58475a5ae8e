/**
 * The error handler's last line of defence: a write that races past its check into a unique
 * index (a unit code or a username taken between the check and the insert) is a 409 in the
 * user's language, never a 500 — with the database's own error, on PGlite and PostgreSQL.
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, unitsRepository, type Database } from '@giaoban/db';
import { errorHandler } from './errors.ts';

let db: Database;
beforeAll(async () => { db = await openTestDatabase(); });
afterAll(() => db?.close());

describe('errorHandler', () => {
  it('answers a unique violation from the database as a conflict, in Vietnamese or English', async () => {
    const app = Fastify();
    app.setErrorHandler(errorHandler);
    const unit = { code: 'RACE', name: 'Đơn vị thử', level: 'central' as const, parentId: null, tags: [], region: null, validFrom: null, validTo: null };
    app.post('/twice', async () => {
      await unitsRepository.insert(db.db, unit);
      await unitsRepository.insert(db.db, unit); // what the second of two racing requests does
      return { ok: true };
    });
    app.get('/broken', async () => { throw new Error('boom'); });
    const vi = await app.inject({ method: 'POST', url: '/twice' });
    expect(vi.statusCode).toBe(409);
    expect(vi.json()).toEqual({ error: { id: 'conflict', message: expect.stringMatching(/^Mã hoặc tên này vừa được dùng cho một bản ghi khác/) } });
    const en = await app.inject({ method: 'POST', url: '/twice', headers: { 'accept-language': 'en' } });
    expect(en.statusCode).toBe(409);
    expect(en.json().error.message).toMatch(/^This code or name was just taken/);
    // Nothing else is taken for one: an ordinary failure is still the server's error.
    expect((await app.inject({ method: 'GET', url: '/broken' })).statusCode).toBe(500);
    await app.close();
  });
});
