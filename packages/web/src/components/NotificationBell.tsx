/**
 * The bell in the shell: how many notifications (reminders, escalations, reports returned,
 * approved or corrected) are unread, and the list when opened. Opening one marks it read
 * and goes where it points. The count is fetched at start, on every change of page (what
 * others did meanwhile, a return say, shows at the next step), every few minutes, and when
 * the tab comes back into view.
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import { api, type ApiNotification } from '../api/client.ts';
import { useLanguage } from '../i18n/language.tsx';

const REFRESH_MS = 3 * 60_000;
const LIST_SIZE = 30;

export function NotificationBell() {
  const { t, language } = useLanguage();
  const [location, navigate] = useLocation();
  const [unread, setUnread] = useState(0);
  const [items, setItems] = useState<readonly ApiNotification[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  const refresh = useCallback(() => {
    api.notifications({ limit: LIST_SIZE }).then(
      (list) => { setUnread(list.unread); setItems(list.notifications); setFailed(false); },
      () => setFailed(true),
    );
  }, []);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    const onVisible = () => { if (document.visibilityState === 'visible') refresh(); };
    document.addEventListener('visibilitychange', onVisible);
    return () => { clearInterval(timer); document.removeEventListener('visibilitychange', onVisible); };
  }, [refresh, language]);

  // Another page, another look (the mount's fetch is the effect above's).
  const first = useRef(true);
  useEffect(() => {
    if (first.current) { first.current = false; return; }
    refresh();
  }, [location, refresh]);

  // Closed by Escape (focus back on the bell) or a click elsewhere.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') { setOpen(false); button.current?.focus(); } };
    const onClick = (e: MouseEvent) => { if (root.current && !root.current.contains(e.target as Node)) setOpen(false); };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => { document.removeEventListener('keydown', onKey); document.removeEventListener('mousedown', onClick); };
  }, [open]);

  async function openItem(item: ApiNotification) {
    if (item.readAt === null) {
      try {
        const answer = await api.readNotification(item.id);
        setUnread(answer.unread);
        setItems((list) => list?.map((n) => (n.id === item.id ? answer.notification : n)) ?? null);
      } catch {
        // Still unread on the server: it stays so in the list and is marked on the next open.
      }
    }
    if (item.link) {
      setOpen(false);
      navigate(item.link);
    }
  }

  return (
    <div className="bell" ref={root}>
      <button type="button" ref={button} className="bell-button" aria-expanded={open} aria-controls={panelId}
        aria-label={unread > 0 ? t('notifications.buttonUnread', { count: unread }) : t('notifications.button')}
        onClick={() => { if (!open) refresh(); setOpen(!open); }} data-testid="notification-bell">
        <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
          <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
        </svg>
        {unread > 0 && <span className="bell-count" aria-hidden="true">{unread > 99 ? '99+' : unread}</span>}
      </button>
      {open && (
        <div id={panelId} className="bell-panel" role="region" aria-label={t('notifications.title')}>
          <h2 className="bell-title">{t('notifications.title')}</h2>
          {failed && <p className="field-error">{t('error.network')}</p>}
          {items === null ? <p className="muted">{t('app.loading')}</p> : items.length === 0 ? <p className="muted">{t('notifications.none')}</p> : (
            <ul className="bell-list">
              {items.map((n) => (
                <li key={n.id} className={n.readAt === null ? 'bell-item bell-unread' : 'bell-item'}>
                  <button type="button" className="bell-open" onClick={() => void openItem(n)}>
                    <span className="bell-item-title">
                      {n.readAt === null && <span className="visually-hidden">{t('notifications.unread')}: </span>}
                      {n.title}
                    </span>
                    <span className="bell-item-body">{n.body}</span>
                    <time className="bell-item-time" dateTime={n.createdAt.iso}>{n.createdAt.text}</time>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
