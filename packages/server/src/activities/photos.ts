/**
 * Activity photos (issue 20): a work's photos as the cadre takes them on a phone. Only real
 * image files are taken, told by their content (the first bytes of a JPEG, PNG or WebP, then
 * a full decode), never by their name or the type the browser claims; a file above the size
 * limit, or of too many pixels (a decompression bomb), is refused. Each is kept as sent and
 * with a display copy (at most 1 280 px on its longer side, turned upright, as JPEG, without
 * its metadata: no GPS position leaves the server in it), written durably (fsync, then an
 * atomic rename) before the database row that makes it count, in a directory every server
 * process sees: `<data dir>/activities` by default (GIAOBAN_PHOTO_DIR: a shared volume, or
 * what an object store mounts, at national scale; README).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, open, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import sharp from 'sharp';
import { FieldProblemsError, formatNumber } from '@giaoban/core';

/** The longer side of a display copy, in pixels. */
export const DISPLAY_SIZE = 1_280;
/** Far above any phone's camera (200 megapixels), far below what would exhaust the server's memory. */
const MAX_PIXELS = 200_000_000;
/** Photos one record may carry. */
export const MAX_PHOTOS_PER_RECORD = 12;

/** The image formats taken, by their first bytes. */
const SIGNATURES: readonly { readonly mime: string; readonly ext: string; readonly matches: (b: Buffer) => boolean }[] = [
  { mime: 'image/jpeg', ext: 'jpg', matches: (b) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mime: 'image/png', ext: 'png', matches: (b) => b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { mime: 'image/webp', ext: 'webp', matches: (b) => b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP' },
];

/** The format a file's first bytes say it is, or null (not a JPEG, PNG or WebP). */
export function imageFormatOf(bytes: Buffer): { readonly mime: string; readonly ext: string } | null {
  const found = SIGNATURES.find((s) => s.matches(bytes));
  return found ? { mime: found.mime, ext: found.ext } : null;
}

const refuse = (message: string, messageEn: string): never => {
  throw new FieldProblemsError([{ field: 'photo', message, messageEn }]);
};

/** What a checked photo is: its format, its size, and its display copy. */
export interface CheckedPhoto {
  readonly mime: string;
  readonly ext: string;
  readonly width: number;
  readonly height: number;
  readonly display: Buffer;
}

/**
 * Checks a file as a photo and makes its display copy: its size, its first bytes, and a decode
 * of the whole image (a file that only starts like an image is refused). Refusals are
 * FieldProblemsErrors on `photo`, in Vietnamese and English.
 */
export async function checkPhoto(bytes: Buffer, maxBytes: number): Promise<CheckedPhoto> {
  const mb = (n: number) => formatNumber(Math.round((n / (1024 * 1024)) * 10) / 10);
  if (bytes.length === 0) refuse('Chưa có tệp ảnh nào được gửi lên.', 'No photo file was sent.');
  if (bytes.length > maxBytes) {
    refuse(`Ảnh nặng ${mb(bytes.length)} MB, vượt giới hạn ${mb(maxBytes)} MB. Hãy chọn ảnh nhỏ hơn.`, `The photo is ${mb(bytes.length)} MB, above the ${mb(maxBytes)} MB limit.`);
  }
  const format = imageFormatOf(bytes);
  if (!format) refuse('Tệp này không phải là ảnh. Chỉ nhận ảnh JPEG, PNG hoặc WebP.', 'This file is not a photo. Only JPEG, PNG or WebP images are taken.');
  try {
    const image = sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error' });
    const meta = await image.metadata();
    if (!meta.width || !meta.height) throw new Error('no dimensions');
    const display = await image.rotate().resize({ width: DISPLAY_SIZE, height: DISPLAY_SIZE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80, mozjpeg: true }).toBuffer();
    // Upright, as the display copy shows it (EXIF orientations 5–8 swap the sides).
    const swapped = (meta.orientation ?? 1) >= 5;
    return { ...format!, width: swapped ? meta.height : meta.width, height: swapped ? meta.width : meta.height, display };
  } catch (error) {
    if (error instanceof FieldProblemsError) throw error;
    return refuse('Tệp ảnh bị hỏng hoặc không đọc được. Hãy chụp hoặc chọn lại ảnh.', 'The photo file is damaged or cannot be read. Take or choose it again.');
  }
}

/** Writes a file so that it is on disk when this resolves: a temporary name, fsync, rename, fsync of the directory. */
async function writeDurably(path: string, bytes: Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomUUID()}.tmp`;
  const file = await open(temporary, 'wx');
  try {
    await file.writeFile(bytes);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
  const directory = await open(dirname(path), 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

/** Where the photos are kept, and the largest file taken. */
export class PhotoStore {
  readonly #root: Promise<string>;
  readonly maxBytes: number;

  /** `dir` undefined and an in-memory database: a temporary directory, gone with the process's machine. */
  constructor(options: { readonly dir: string | undefined; readonly dataDir: string; readonly maxBytes: number }) {
    this.maxBytes = options.maxBytes;
    const dir = options.dir ?? (options.dataDir.startsWith('memory://') ? undefined : join(options.dataDir, 'activities'));
    this.#root = dir === undefined ? mkdtemp(join(tmpdir(), 'giaoban-photos-')) : Promise.resolve(resolve(dir));
  }

  /** The absolute path of a stored relative one; a path that would leave the directory is refused. */
  async #pathOf(relative: string): Promise<string> {
    const root = await this.#root;
    const path = resolve(root, relative);
    if (!path.startsWith(root + sep)) throw new Error(`photo path ${relative} leaves the photo directory`);
    return path;
  }

  /** Writes a checked photo and its display copy under the record's folder; the relative paths. */
  async save(campaignId: number, recordId: number, bytes: Buffer, photo: CheckedPhoto): Promise<{ path: string; displayPath: string }> {
    const name = randomUUID();
    const path = `${campaignId}/${recordId}/${name}.${photo.ext}`;
    const displayPath = `${campaignId}/${recordId}/${name}-${DISPLAY_SIZE}.jpg`;
    await writeDurably(await this.#pathOf(path), bytes);
    await writeDurably(await this.#pathOf(displayPath), photo.display);
    return { path, displayPath };
  }

  /** Removes the files of a photo the database did not take (its row failed). */
  async discard(paths: { path: string; displayPath: string }): Promise<void> {
    await Promise.all([rm(await this.#pathOf(paths.path), { force: true }), rm(await this.#pathOf(paths.displayPath), { force: true })]);
  }

  async read(relative: string): Promise<Buffer> {
    return readFile(await this.#pathOf(relative));
  }
}
