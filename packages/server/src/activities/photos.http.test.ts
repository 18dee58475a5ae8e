/**
 * Activity photos through the API on a test database (PGlite, and PostgreSQL with
 * TEST_DATABASE_URL), the photos in a directory of their own: a province's reporter adds a
 * phone photo (taken sideways, EXIF orientation 6) to a work, the record lists it, its display
 * copy is an upright JPEG of at most 1.280 px and the file as sent comes back byte for byte; a
 * file that is not an image (whatever its name or type), a file that only starts like one,
 * a photo above the limit and one far above it are refused in Vietnamese, with no row and no
 * file left behind; another province can neither add nor read one; a photo taken off its record
 * with a reason is read nowhere after.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '@giaoban/db';
import { loadConfig } from '../config.ts';
import { openTestApp, type Session, type TestApp } from '../../test/http/setup.ts';
import { checkPhoto, imageFormatOf } from './photos.ts';

const MAX_BYTES = 300_000;
let t: TestApp;
let dir: string;
let admin: Session;
let reporter: Session;
let other: Session;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'giaoban-photos-test-'));
  t = await openTestApp({ config: { photos: { dir, maxBytes: MAX_BYTES } } });
  [admin, reporter, other] = await Promise.all([t.signIn('tw.admin'), t.signIn('p1.baocao'), t.signIn('p2.baocao')]);
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

const p1 = () => t.world.provinces[0]!.code;
const recordsPath = () => `/api/v1/campaigns/${t.world.campaign.code}/units/${p1()}/activities`;
const files = (): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
const photoRows = async () => (await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from activity_photos`))[0]!.n;

/** A phone photo of 2.400 × 1.800 pixels stored sideways (EXIF orientation 6: shown turned a quarter). */
const sideways = () => sharp({ create: { width: 2_400, height: 1_800, channels: 3, background: { r: 40, g: 120, b: 200 } } })
  .withMetadata({ orientation: 6 }).jpeg({ quality: 40 }).toBuffer();

async function upload(session: Session, recordId: number, bytes: Buffer, type = 'image/jpeg') {
  const res = await t.app.inject({ method: 'POST', url: `${recordsPath()}/${recordId}/photos`, headers: { ...session.headers, 'content-type': type }, payload: bytes });
  return { status: res.statusCode, body: res.json() };
}

let workId = 0;

describe('activity photos', () => {
  it('reads a file\'s format from its first bytes only', () => {
    expect(imageFormatOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toEqual({ mime: 'image/jpeg', ext: 'jpg' });
    expect(imageFormatOf(Buffer.from('%PDF-1.7\n'))).toBeNull();
    expect(imageFormatOf(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toEqual({ mime: 'image/webp', ext: 'webp' });
  });

  it('adds a phone photo to a work: listed with the record, an upright display copy, the file as sent', async () => {
    await t.app.inject({ method: 'PUT', url: `/api/v1/campaigns/${t.world.campaign.code}/units/${t.world.root.code}/activity-setup`, headers: admin.headers, payload: { workKinds: [{ code: 'nha', name: 'Nhà nhân ái' }] } });
    const created = await t.app.inject({
      method: 'POST', url: recordsPath(), headers: reporter.headers,
      payload: { kind: 'work', fields: { name: 'Nhà nhân ái bản Nà Hẩu', workKind: 'nha', value: 80_000_000, funding: 'social', state: 'in_progress', startDate: '2023-06-10' } },
    });
    expect(created.statusCode).toBe(201);
    workId = created.json().record.id;
    const photo = await sideways();
    expect(photo.length).toBeLessThan(MAX_BYTES);
    // The browser's claim does not matter: the content does.
    const added = await upload(reporter, workId, photo, 'application/octet-stream');
    expect(added.status).toBe(201);
    const [shown] = added.body.record.photos;
    expect(shown).toMatchObject({ width: 1_800, height: 2_400 });
    expect(added.body.record.photoCount).toBe(1);

    const display = await t.app.inject({ method: 'GET', url: shown.displayUrl, headers: other.headers });
    expect(display.statusCode).toBe(403);
    const own = await t.app.inject({ method: 'GET', url: shown.displayUrl, headers: admin.headers });
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('image/jpeg');
    expect(await sharp(own.rawPayload).metadata()).toMatchObject({ format: 'jpeg', width: 960, height: 1_280 });
    expect((await sharp(own.rawPayload).metadata()).orientation).toBeUndefined();
    const original = await t.app.inject({ method: 'GET', url: shown.url, headers: reporter.headers });
    expect(original.rawPayload.equals(photo)).toBe(true);
    expect(files()).toHaveLength(2);
    const audit = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from audit_log where action = 'activity.photo'`);
    expect(audit[0]!.n).toBe(1);
  });

  it.each([
    ['a PDF named like a photo', () => Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n'), 'Tệp này không phải là ảnh. Chỉ nhận ảnh JPEG, PNG hoặc WebP.'],
    ['a file that only starts like a JPEG', () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2_000, 7)]), 'Tệp ảnh bị hỏng hoặc không đọc được. Hãy chụp hoặc chọn lại ảnh.'],
    ['a photo above the limit', () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(400_000, 1)]), 'Ảnh nặng 0,4 MB, vượt giới hạn 0,3 MB. Hãy chọn ảnh nhỏ hơn.'],
    ['nothing at all', () => Buffer.alloc(0), 'Chưa có tệp ảnh nào được gửi lên.'],
  ])('refuses %s in Vietnamese, writing nothing', async (_, bytes, message) => {
    const [rows, before] = [await photoRows(), files().length];
    const refused = await upload(reporter, workId, bytes(), 'image/jpeg');
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields).toEqual([expect.objectContaining({ field: 'photo', message })]);
    expect(await photoRows()).toBe(rows);
    expect(files()).toHaveLength(before);
  });

  it('refuses a file far above the limit before reading it, another province\'s upload, and a photo of another record', async () => {
    const huge = await upload(reporter, workId, Buffer.alloc(MAX_BYTES * 3, 1));
    expect(huge.status).toBe(413);
    expect(huge.body.error.message).toBe('Tệp hoặc dữ liệu gửi lên vượt giới hạn dung lượng cho phép.');
    expect((await upload(other, workId, await sideways())).status).toBe(403);
    const missing = await t.app.inject({ method: 'GET', url: `${recordsPath()}/${workId}/photos/999999`, headers: reporter.headers });
    expect(missing.statusCode).toBe(404);
    expect(files()).toHaveLength(2);
  });

  it('takes a photo off its record with a reason, audited; then it is read nowhere', async () => {
    const [photo] = (await t.app.inject({ method: 'GET', url: `${recordsPath()}?kind=work`, headers: reporter.headers })).json().records[0].photos;
    const url = `${recordsPath()}/${workId}/photos/${photo.id}/withdraw`;
    const noReason = await t.app.inject({ method: 'POST', url, headers: reporter.headers, payload: { reason: ' ' } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields[0].field).toBe('reason');
    expect((await t.app.inject({ method: 'POST', url, headers: other.headers, payload: { reason: 'Nhầm ảnh' } })).statusCode).toBe(403);
    const gone = await t.app.inject({ method: 'POST', url, headers: reporter.headers, payload: { reason: 'Nhầm ảnh' } });
    expect(gone.statusCode).toBe(200);
    expect(gone.json().record).toMatchObject({ photoCount: 0, photos: [] });
    expect((await t.app.inject({ method: 'GET', url: photo.displayUrl, headers: reporter.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url, headers: reporter.headers, payload: { reason: 'Lần nữa' } })).statusCode).toBe(404);
    const audit = await queryRows<{ reason: string }>(t.ctx.db, sql`select reason from audit_log where action = 'activity.photo_remove'`);
    expect(audit.map((a) => a.reason)).toEqual(['Nhầm ảnh']);
  });

  it('keeps photos in the data directory by default, and in a temporary one for an in-memory database', () => {
    expect(loadConfig({}).photos).toEqual({ dir: undefined, maxBytes: 10 * 1024 * 1024 });
    expect(loadConfig({ GIAOBAN_PHOTO_DIR: '/srv/anh', GIAOBAN_PHOTO_MAX_MB: '4' }).photos).toEqual({ dir: '/srv/anh', maxBytes: 4 * 1024 * 1024 });
  });

  it('checks a PNG and a WebP as well', async () => {
    const png = await sharp({ create: { width: 50, height: 40, channels: 4, background: '#ffffff' } }).png().toBuffer();
    const webp = await sharp({ create: { width: 50, height: 40, channels: 3, background: '#000000' } }).webp().toBuffer();
    expect(await checkPhoto(png, MAX_BYTES)).toMatchObject({ mime: 'image/png', width: 50, height: 40 });
    expect(await checkPhoto(webp, MAX_BYTES)).toMatchObject({ mime: 'image/webp', width: 50, height: 40 });
  });
});
