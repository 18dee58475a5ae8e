import { useLanguage } from '../i18n/language.tsx';
import type { Language } from '../i18n/catalogue.ts';

/** The language switch; each language is named in itself, as is the custom. */
export function LanguagePicker({ className = '' }: { className?: string }) {
  const { t, language, setLanguage } = useLanguage();
  return (
    <label className={`control ${className}`}>
      <span className="control-label">{t('nav.language')}</span>
      <select value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
        <option value="vi" lang="vi">Tiếng Việt</option>
        <option value="en" lang="en">English</option>
      </select>
    </label>
  );
}
