/**
 * What stops a form from being sent, listed above it: a sentence, then one line per error,
 * each a link that brings its field into view and focuses it. The summary takes the focus
 * when it appears and again for every new list, so a keyboard or screen-reader user starts
 * from it; it is an alert, so it is read out at once.
 */
import { useEffect, useRef } from 'react';

export interface ErrorSummaryItem {
  /** Unique within the list. */
  readonly key: string;
  /** What the line says ("Tỉnh – Giờ: …"). */
  readonly text: string;
  /** Finds the control the error is about when the link is followed; null for an error of the whole form (a line without a link). */
  readonly field: (() => HTMLElement | null) | null;
}

export interface ErrorSummaryProps {
  readonly title: string;
  /**
   * The errors, kept in state by the page: a new array means a new refusal, which takes the
   * focus again (an array made anew on every render would take it on every keystroke).
   */
  readonly items: readonly ErrorSummaryItem[];
  /** Classes beside the summary's own (a page's layout). */
  readonly className?: string | undefined;
  /** False for a summary inside a part of the form that keeps the focus where the user is. */
  readonly takeFocus?: boolean | undefined;
  /** For the controls it is about to name it (`aria-describedby`). */
  readonly id?: string | undefined;
}

/** Brings a field into the middle of the screen and focuses it. */
export function focusField(element: HTMLElement | null): void {
  if (!element) return;
  element.scrollIntoView({ block: 'center' });
  element.focus();
}

export function ErrorSummary({ title, items, className, takeFocus = true, id }: ErrorSummaryProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (takeFocus) box.current?.focus();
  }, [items, takeFocus]);
  return (
    <div className={`notice notice-error error-summary${className ? ` ${className}` : ''}`} role="alert" tabIndex={-1} ref={box} id={id}>
      <p>{title}</p>
      <ul>
        {items.map(({ key, text, field }) => (
          <li key={key}>
            {field ? <a href="#" onClick={(e) => { e.preventDefault(); focusField(field()); }}>{text}</a> : text}
          </li>
        ))}
      </ul>
    </div>
  );
}
