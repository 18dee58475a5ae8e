/**
 * A number typed the Vietnamese way ("1.791", "2,5"). The parent keeps the text; on leaving
 * the field a valid figure is rewritten in the standard form (1791 → 1.791) when that form
 * holds the same figure. The error, when there is one, sits right under the field and is tied
 * to it for screen readers.
 */
import { useId } from 'react';
import { useLanguage } from '../i18n/language.tsx';
import { readFigure, tidyFigure } from '../lib/figures.ts';

export interface FigureInputProps {
  /** The accessible name (the visible label may be elsewhere, e.g. a table header). */
  readonly label: string;
  readonly value: string;
  readonly onChange: (text: string) => void;
  /** A message from the server (or the page) about this field; a typing error is found here. */
  readonly error?: string | null | undefined;
  readonly disabled?: boolean;
  readonly placeholder?: string;
  readonly className?: string;
  readonly name?: string;
  /** The input's id, for what must reach it (an error summary's link). */
  readonly id?: string | undefined;
}

export function FigureInput({ label, value, onChange, error, disabled, placeholder, className, name, id }: FigureInputProps) {
  const { language } = useLanguage();
  const errorId = useId();
  const reading = readFigure(value, language);
  const message = reading.error ?? error ?? null;
  return (
    <span className={`figure-input ${className ?? ''}`}>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        name={name}
        aria-label={label}
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? errorId : undefined}
        value={value}
        disabled={disabled}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        onBlur={() => { const tidy = tidyFigure(value); if (tidy !== null && tidy !== value) onChange(tidy); }}
      />
      {message && <span id={errorId} className="field-error" role="alert">{message}</span>}
    </span>
  );
}
