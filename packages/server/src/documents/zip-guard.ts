// Checks an uploaded .xlsx (a zip archive) before any spreadsheet library opens it: that it
// is a zip at all, that it holds a bounded number of entries, and that inflating all of them
// stays under a byte limit (a zip bomb declares small sizes and inflates to gigabytes; the
// sizes are measured by inflating with a hard output cap, not believed from the headers).
import { inflateRawSync } from 'node:zlib';

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

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

/** Finds the end-of-central-directory record (it sits in the last 64 KiB + 22 bytes). */
function findEndOfCentralDirectory(buffer: Buffer): number {
  const stop = Math.max(0, buffer.length - 22 - 0xffff);
  for (let at = buffer.length - 22; at >= stop; at--) {
    if (buffer.readUInt32LE(at) === EOCD_SIGNATURE) return at;
  }
  return -1;
}

/**
 * Measures every entry of the archive by inflating it under the remaining budget; throws
 * ZipRefused when the buffer is not a zip, holds too many entries or inflates past the limit.
 * Returns the entry names.
 */
export function checkZip(buffer: Buffer, limits: ZipLimits): string[] {
  if (buffer.length < 22 || buffer.readUInt32LE(0) !== LOCAL_SIGNATURE) throw new ZipRefused({ kind: 'not_zip' });
  const eocd = findEndOfCentralDirectory(buffer);
  if (eocd < 0) throw new ZipRefused({ kind: 'not_zip' });
  const entries = buffer.readUInt16LE(eocd + 10);
  const directoryOffset = buffer.readUInt32LE(eocd + 16);
  if (entries === 0xffff || directoryOffset === 0xffffffff) throw new ZipRefused({ kind: 'unsupported', detail: 'zip64' });
  if (entries > limits.maxEntries) throw new ZipRefused({ kind: 'too_many_entries', entries });
  let remaining = limits.maxUnzippedBytes;
  const names: string[] = [];
  let at = directoryOffset;
  for (let k = 0; k < entries; k++) {
    if (at + 46 > buffer.length || buffer.readUInt32LE(at) !== CENTRAL_SIGNATURE) throw new ZipRefused({ kind: 'not_zip' });
    const method = buffer.readUInt16LE(at + 10);
    const compressedSize = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const localOffset = buffer.readUInt32LE(at + 42);
    names.push(buffer.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;

    if (localOffset + 30 > buffer.length || buffer.readUInt32LE(localOffset) !== LOCAL_SIGNATURE) throw new ZipRefused({ kind: 'not_zip' });
    const dataStart = localOffset + 30 + buffer.readUInt16LE(localOffset + 26) + buffer.readUInt16LE(localOffset + 28);
    const dataEnd = dataStart + compressedSize;
    if (dataEnd > buffer.length) throw new ZipRefused({ kind: 'not_zip' });
    const data = buffer.subarray(dataStart, dataEnd);
    if (method === 0) {
      remaining -= data.length;
    } else if (method === 8) {
      try {
        remaining -= inflateRawSync(data, { maxOutputLength: Math.max(1, remaining + 1) }).length;
      } catch (error) {
        if (error instanceof RangeError) throw new ZipRefused({ kind: 'too_large_unzipped', limit: limits.maxUnzippedBytes });
        throw new ZipRefused({ kind: 'not_zip' });
      }
    } else {
      throw new ZipRefused({ kind: 'unsupported', detail: `compression method ${method}` });
    }
    if (remaining < 0) throw new ZipRefused({ kind: 'too_large_unzipped', limit: limits.maxUnzippedBytes });
  }
  return names;
}
