/**
 * Picks a unit by typing part of its name (any case, with or without diacritics: "lao cai"
 * finds "Lào Cai") or the start of its code, among the units of one subtree. An ARIA 1.2
 * combobox: the text box (role="combobox") owns a listbox of suggestions, ↓/↑ move through
 * them (aria-activedescendant), Enter takes one, Escape closes the list; a click takes one too.
 * Typing again after a choice clears it, so what is picked is always what the box shows.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { addDays, formatDate } from '@giaoban/core';
import { api, ApiError, NetworkError } from '../api/client.ts';
import type { UnitLevel, UnitSearchHit } from '../api/organisation.ts';
import { useLanguage } from '../i18n/language.tsx';
import { Field } from './Field.tsx';
import './UnitSearch.css';

/** A picked unit: its code and its name (what the box shows). */
export interface PickedUnit {
  readonly code: string;
  readonly name: string;
  /** Known when picked from the list (a form offers the levels below it). */
  readonly level?: UnitLevel | undefined;
}

/** How long typing rests before the server is asked. */
const DEBOUNCE_MS = 200;
const LIMIT = 20;

export interface UnitSearchProps {
  /** The subtree searched (its own unit included). */
  readonly scope: string;
  readonly label: string;
  readonly value: PickedUnit | null;
  readonly onChange: (unit: PickedUnit | null) => void;
  readonly hint?: string | undefined;
  readonly error?: string | null | undefined;
  /** The text box's id (an error summary's link focuses it). */
  readonly id?: string | undefined;
  readonly disabled?: boolean | undefined;
  /** Units that may not be picked here (a unit cannot be its own parent). */
  readonly exclude?: readonly string[] | undefined;
  readonly className?: string | undefined;
}

/** The text a picked unit shows in the box. */
export const pickedText = (unit: PickedUnit) => `${unit.name} (${unit.code})`;

export function UnitSearch({ scope, label, value, onChange, hint, error, id, disabled, exclude, className }: UnitSearchProps) {
  const { t, language } = useLanguage();
  const listId = useId();
  const [text, setText] = useState(value ? pickedText(value) : '');
  const [hits, setHits] = useState<readonly UnitSearchHit[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [state, setState] = useState<'idle' | 'searching' | 'done' | 'failed'>('idle');
  const [failure, setFailure] = useState('');
  const asked = useRef(0);

  // A unit set from outside (a default, the unit being edited) shows in the box; a cleared
  // value leaves what is typed (the user is typing). A form that starts over remounts this.
  useEffect(() => {
    if (value) setText(pickedText(value));
  }, [value]);

  // Asks the server once typing rests; the last question wins.
  useEffect(() => {
    const query = text.trim();
    if (!open || query === '' || (value && text === pickedText(value))) return undefined;
    const n = ++asked.current;
    setState('searching');
    const timer = window.setTimeout(() => {
      api.searchUnits(scope, query, LIMIT).then(
        (answer) => {
          if (n !== asked.current) return;
          const shown = answer.units.filter((u) => !exclude?.includes(u.code));
          setHits(shown);
          setActive(shown.length > 0 ? 0 : -1);
          setState('done');
        },
        (e: unknown) => {
          if (n !== asked.current) return;
          setHits([]);
          setActive(-1);
          setState('failed');
          setFailure(e instanceof ApiError ? e.message : e instanceof NetworkError ? t('error.network') : String(e));
        },
      );
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
    // `exclude` is compared by content: a new array of the same codes is no new question.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text, open, scope, language, value, (exclude ?? []).join('|'), t]);

  function pick(hit: UnitSearchHit) {
    const unit = { code: hit.code, name: hit.name, level: hit.level };
    setText(pickedText(unit));
    setOpen(false);
    setHits([]);
    setActive(-1);
    setState('idle');
    onChange(unit);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (!open) setOpen(true);
      else if (hits.length > 0) setActive((a) => (a + 1) % hits.length);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      if (hits.length > 0) setActive((a) => (a <= 0 ? hits.length - 1 : a - 1));
    } else if (event.key === 'Enter') {
      // Enter takes the highlighted suggestion; with the list closed it sends the form as usual.
      if (open && active >= 0 && hits[active]) {
        event.preventDefault();
        pick(hits[active]);
      }
    } else if (event.key === 'Escape') {
      if (open) {
        event.preventDefault();
        event.stopPropagation();
        setOpen(false);
      }
    }
  }

  const query = text.trim();
  const expanded = open && query !== '' && !(value && text === pickedText(value));
  const optionId = (index: number) => `${listId}-option-${index}`;
  let status = '';
  if (expanded) {
    if (state === 'searching') status = t('unitSearch.searching');
    else if (state === 'failed') status = failure;
    else if (state === 'done') status = hits.length === 0 ? t('unitSearch.none', { text: query }) : t('unitSearch.count', { count: hits.length });
  }

  return (
    <Field label={label} hint={hint ?? t('unitSearch.hint')} error={error} id={id} className={className ? `unit-search ${className}` : 'unit-search'}>
      {(control) => (
        <div className="unit-search-box">
          <input {...control} type="text" role="combobox" autoComplete="off" spellCheck={false} disabled={disabled}
            aria-autocomplete="list" aria-expanded={expanded && hits.length > 0} aria-controls={listId}
            aria-activedescendant={expanded && active >= 0 && hits[active] ? optionId(active) : undefined}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setOpen(true);
              if (value) onChange(null);
            }}
            onKeyDown={onKeyDown}
            onFocus={() => { if (!value) setOpen(true); }}
            // A click on a suggestion lands before the box loses the focus (mousedown below prevents the blur).
            onBlur={() => setOpen(false)} />
          <ul id={listId} role="listbox" aria-label={label} className="unit-search-list" hidden={!expanded || hits.length === 0}>
            {hits.map((hit, index) => (
              <li key={hit.code} id={optionId(index)} role="option" aria-selected={index === active}
                className={index === active ? 'unit-search-option unit-search-option-active' : 'unit-search-option'}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => pick(hit)}>
                <span className="unit-search-name">{hit.name} <span className="muted">({hit.code})</span></span>
                <span className="unit-search-meta">
                  {hit.levelLabel}
                  {hit.parentName ? ` · ${t('unitSearch.under', { parent: hit.parentName })}` : ''}
                  {hit.validTo ? ` · ${t('unitSearch.closed', { date: formatDate(addDays(hit.validTo, 1)) })}` : ''}
                </span>
              </li>
            ))}
          </ul>
          <span className="visually-hidden" role="status" aria-live="polite">{status}</span>
          {expanded && (state === 'failed' || (state === 'done' && hits.length === 0)) && (
            <p className="field-hint unit-search-empty">{status}</p>
          )}
        </div>
      )}
    </Field>
  );
}
