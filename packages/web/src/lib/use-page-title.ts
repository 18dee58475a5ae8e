/** Each page names itself in the browser's tab and history: "Tiến độ — Hà Nội · Giao Ban". */
import { useEffect } from 'react';
import { useLanguage } from '../i18n/language.tsx';

export function usePageTitle(page: string): void {
  const { t } = useLanguage();
  const title = t('title.suffix', { page });
  useEffect(() => { document.title = title; }, [title]);
}
