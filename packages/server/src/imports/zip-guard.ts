// Checks an uploaded .xlsx (a zip archive) before anything reads it: that it is a zip at all,
// that it holds a bounded number of entries, and that inflating all of them stays under a
// byte limit (a zip bomb declares small sizes and inflates to gigabytes; the sizes are
// measured by inflating, not believed from the headers). Entries are inflated as streams of
// small chunks that are counted and dropped: the check holds no more than a chunk in memory,
// and runs off the event loop (zlib's thread pool), so the server keeps answering meanwhile.
import { createInflateRaw } from 'node:zlib';

export interface ZipLimits {
  /** Total bytes all entries may inflate to. */
  readonly maxUnzippedBytes: number;
  /** Entries the archive may hold (an .xlsx has a dozen or two). */
  readonly maxEntries: number;
}

export type ZipProblem =
  | { readonly kind: 'not_zip' }
  | { readonly kind: 'too_many_entries'; readonly entries: number }
  | { readonly kind: 'too_large_unzipped'; readonly limit: number }
  | { readonly kind: 'unsupported'; readonly detail: string };

export class ZipRefused extends Error {
  constructor(readonly problem: ZipProblem) {
    super(`zip refused: ${problem.kind}`);
  }
}

/** One entry of the archive, where its (compressed) bytes lie in the buffer. */
export interface ZipEntry {
  readonly name: string;
  /** 0: stored, 8: deflated (the only methods accepted). */
  readonly method: 0 | 8;
  readonly dataStart: number;
  readonly compressedSize: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
/** Bytes handed out at a time: small enough that a consumer never holds much, large enough to be cheap. */
export const ZIP_CHUNK_BYTES = 64 * 1024;

/** Finds the end-of-central-directory record (it sits in the last 64 KiB + 22 bytes). */
function findEndOfCentralDirectory(buffer: Buffer): number {
  const stop = Math.max(0, buffer.length - 22 - 0xffff);
  for (let at = buffer.length - 22; at >= stop; at--) {
    if (buffer.readUInt32LE(at) === EOCD_SIGNATURE) return at;
  }
  return -1;
}

/**
 * The archive's entries from its central directory (nothing is inflated); throws ZipRefused
 * when the buffer is not a zip, holds too many entries or uses what is not supported.
 */
export function listZip(buffer: Buffer, limits: Pick<ZipLimits, 'maxEntries'>): ZipEntry[] {
  if (buffer.length < 22 || buffer.readUInt32LE(0) !== LOCAL_SIGNATURE) throw new ZipRefused({ kind: 'not_zip' });
  const eocd = findEndOfCentralDirectory(buffer);
  if (eocd < 0) throw new ZipRefused({ kind: 'not_zip' });
  const entries = buffer.readUInt16LE(eocd + 10);
  const directoryOffset = buffer.readUInt32LE(eocd + 16);
  if (entries === 0xffff || directoryOffset === 0xffffffff) throw new ZipRefused({ kind: 'unsupported', detail: 'zip64' });
  if (entries > limits.maxEntries) throw new ZipRefused({ kind: 'too_many_entries', entries });
  const list: ZipEntry[] = [];
  let at = directoryOffset;
  for (let k = 0; k < entries; k++) {
    if (at + 46 > buffer.length || buffer.readUInt32LE(at) !== CENTRAL_SIGNATURE) throw new ZipRefused({ kind: 'not_zip' });
    const flags = buffer.readUInt16LE(at + 8);
    const method = buffer.readUInt16LE(at + 10);
    const compressedSize = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const localOffset = buffer.readUInt32LE(at + 42);
    const name = buffer.toString('utf8', at + 46, Math.min(buffer.length, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;

    if (localOffset + 30 > buffer.length || buffer.readUInt32LE(localOffset) !== LOCAL_SIGNATURE) throw new ZipRefused({ kind: 'not_zip' });
    const dataStart = localOffset + 30 + buffer.readUInt16LE(localOffset + 26) + buffer.readUInt16LE(localOffset + 28);
    if (dataStart + compressedSize > buffer.length) throw new ZipRefused({ kind: 'not_zip' });
    if (flags & 0x1) throw new ZipRefused({ kind: 'unsupported', detail: 'encrypted' });
    if (method !== 0 && method !== 8) throw new ZipRefused({ kind: 'unsupported', detail: `compression method ${method}` });
    list.push({ name, method, dataStart, compressedSize });
  }
  return list;
}

/**
 * The inflated bytes of an entry, chunk by chunk (at most ZIP_CHUNK_BYTES each). Stopping
 * early (break, return, throw) stops the inflating. Throws ZipRefused (not_zip) when the
 * data does not inflate.
 */
export async function* entryChunks(buffer: Buffer, entry: ZipEntry): AsyncGenerator<Buffer> {
  const data = buffer.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  if (entry.method === 0) {
    for (let at = 0; at < data.length; at += ZIP_CHUNK_BYTES) yield data.subarray(at, at + ZIP_CHUNK_BYTES);
    return;
  }
  const inflater = createInflateRaw({ chunkSize: ZIP_CHUNK_BYTES });
  inflater.end(data);
  try {
    const chunks = inflater[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } catch {
        throw new ZipRefused({ kind: 'not_zip' });
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    inflater.destroy();
  }
}

/**
 * Measures every entry of the archive by inflating it under the remaining budget; throws
 * ZipRefused when the buffer is not a zip, holds too many entries or inflates past the limit.
 * Returns the entries.
 */
export async function checkZip(buffer: Buffer, limits: ZipLimits): Promise<ZipEntry[]> {
  const entries = listZip(buffer, limits);
  let remaining = limits.maxUnzippedBytes;
  for (const entry of entries) {
    for await (const chunk of entryChunks(buffer, entry)) {
      remaining -= chunk.length;
      if (remaining < 0) throw new ZipRefused({ kind: 'too_large_unzipped', limit: limits.maxUnzippedBytes });
    }
  }
  return entries;
}
