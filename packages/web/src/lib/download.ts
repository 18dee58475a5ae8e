/**
 * Downloads of generated files (spreadsheets, documents): fetched as a blob with the session
 * cookie, reporting the bytes as they arrive, then saved under the name the server gives
 * (content-disposition). A refusal comes back as the API's error, in the user's language.
 */
import { formatNumber } from '@giaoban/core';
import { ApiError, NetworkError } from '../api/client.ts';
import type { Language } from '../i18n/catalogue.ts';

export interface DownloadProgress {
  readonly received: number;
  /** From content-length; null when the server streams without one. */
  readonly total: number | null;
}

export interface DownloadOptions {
  readonly language?: Language | undefined;
  readonly onProgress?: ((progress: DownloadProgress) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
}

export interface DownloadedFile {
  readonly fileName: string;
  readonly blob: Blob;
}

/**
 * The file name of a content-disposition header: the RFC 6266 `filename*` (UTF-8, percent-
 * encoded) when present, else `filename`, else null.
 */
export function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]!.trim());
    } catch {
      // A malformed escape: fall back to the plain name.
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/.exec(disposition);
  const name = plain ? (plain[1] ?? plain[2] ?? '').replace(/\\(.)/g, '$1').trim() : '';
  // Only the last path segment: a name never chooses a folder.
  return name ? name.split(/[\\/]/).pop() || null : null;
}

/** Fetches `url` (the user's language added) as a blob, reporting progress as the bytes arrive. */
export async function fetchFile(url: string, options: DownloadOptions = {}): Promise<DownloadedFile> {
  const address = new URL(url, window.location.href);
  if (options.language && !address.searchParams.has('lang')) address.searchParams.set('lang', options.language);
  let response: Response;
  try {
    response = await fetch(address, { credentials: 'same-origin', signal: options.signal ?? null });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new NetworkError('network');
  }
  if (!response.ok) {
    const payload = (await response.json().catch(() => null)) as { error?: ConstructorParameters<typeof ApiError>[1] } | null;
    throw new ApiError(response.status, payload?.error ?? { id: 'internal', message: '' });
  }
  const length = Number(response.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  const type = response.headers.get('content-type') ?? 'application/octet-stream';
  const fileName = fileNameOf(response.headers.get('content-disposition')) ?? decodeURIComponent(address.pathname.split('/').pop() || 'tep');
  const chunks: BlobPart[] = [];
  let received = 0;
  options.onProgress?.({ received, total });
  try {
    if (response.body) {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.byteLength;
        options.onProgress?.({ received, total });
      }
    } else {
      const whole = await response.blob();
      chunks.push(whole);
      received = whole.size;
      options.onProgress?.({ received, total });
    }
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new NetworkError('network');
  }
  return { fileName, blob: new Blob(chunks, { type }) };
}

/** Hands a blob to the browser's own download, under `fileName`. */
export function saveBlob(blob: Blob, fileName: string): void {
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Some browsers read the blob only after click() returns: let it live a little.
  window.setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

/** Fetches and saves a file in one go; resolves with its name once the browser has it. */
export async function downloadFile(url: string, options: DownloadOptions = {}): Promise<string> {
  const file = await fetchFile(url, options);
  saveBlob(file.blob, file.fileName);
  return file.fileName;
}

/** A byte count as a person reads it, numbers written the Vietnamese way: 12 KB, 1,5 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${formatNumber(bytes, 0)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(bytes / 1024, 0)} KB`;
  return `${formatNumber(bytes / (1024 * 1024), 1)} MB`;
}
