/**
 * A link that downloads a generated file through `downloadFile`: the session cookie goes
 * with it, the file keeps the server's name, and when it takes more than a second
 * "Đang tạo tệp…" shows with the bytes received (a bar when the size is known). A refusal
 * is shown beside the link in the user's language, with a way to try again.
 */
import { useEffect, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import { ApiError } from '../api/client.ts';
import { useLanguage } from '../i18n/language.tsx';
import { downloadFile, formatBytes, type DownloadProgress } from '../lib/download.ts';
import './DownloadButton.css';

/** How long a download runs before its progress shows. */
export const SLOW_AFTER_MS = 1_000;

export function DownloadButton({ href, children, className = 'button', testId }: {
  href: string;
  children: ReactNode;
  className?: string | undefined;
  testId?: string | undefined;
}) {
  const { t, language } = useLanguage();
  const [busy, setBusy] = useState(false);
  const [slow, setSlow] = useState(false);
  const [progress, setProgress] = useState<DownloadProgress | null>(null);
  const [error, setError] = useState<unknown>(null);
  const running = useRef<AbortController | null>(null);
  // Leaving the page stops the transfer.
  useEffect(() => () => running.current?.abort(), []);

  async function start() {
    if (running.current) return;
    const controller = new AbortController();
    running.current = controller;
    setBusy(true);
    setSlow(false);
    setProgress(null);
    setError(null);
    const timer = window.setTimeout(() => setSlow(true), SLOW_AFTER_MS);
    try {
      await downloadFile(href, { language, signal: controller.signal, onProgress: setProgress });
    } catch (e) {
      if (!controller.signal.aborted) setError(e);
    } finally {
      window.clearTimeout(timer);
      running.current = null;
      if (!controller.signal.aborted) {
        setBusy(false);
        setSlow(false);
      }
    }
  }

  function onClick(event: MouseEvent<HTMLAnchorElement>) {
    // A modified click (new tab, save link as…) stays the browser's own.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    void start();
  }

  let message: string | null = null;
  if (error) {
    message = error instanceof ApiError
      ? error.message || t(error.status === 403 ? 'error.forbidden' : error.status === 401 ? 'error.sessionExpired' : 'download.failed')
      : t('error.network');
  }
  const total = progress?.total ?? null;
  const received = progress?.received ?? 0;

  return (
    <span className="download">
      <a href={href} className={className} onClick={onClick} aria-busy={busy || undefined} data-testid={testId}>{children}</a>
      <span className="download-status" role="status" aria-live="polite">
        {busy && slow && (
          <>
            {total !== null
              ? <progress max={total} value={Math.min(received, total)} aria-label={t('download.preparing')} />
              : <progress aria-label={t('download.preparing')} />}
            <span>
              {t('download.preparing')}
              {received > 0 && ` ${total !== null ? t('download.bytesOf', { received: formatBytes(received), total: formatBytes(total) }) : formatBytes(received)}`}
            </span>
          </>
        )}
      </span>
      {message !== null && (
        <span className="notice notice-error download-error" role="alert">
          <span>{message}</span>
          <button type="button" className="button" onClick={() => void start()}>{t('error.retry')}</button>
        </span>
      )}
    </span>
  );
}
