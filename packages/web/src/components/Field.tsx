/**
 * A labelled control with its hint and its error under it, tied to it for screen readers:
 * the control gets the id the label points at, `aria-invalid` while there is an error, and
 * `aria-describedby` naming what describes it (its hint, its error). The control itself is
 * the caller's, rendered from the attributes handed to `children`:
 *
 * ```tsx
 * <Field label="Mã chiến dịch" hint="Chữ thường, số và dấu gạch ngang" error={errors.code}>
 *   {(control) => <input {...control} type="text" value={code} onChange={...} />}
 * </Field>
 * ```
 */
import { useId, type ReactNode } from 'react';

/** What the control spreads onto itself. */
export interface FieldControl {
  readonly id: string;
  readonly 'aria-invalid': true | undefined;
  readonly 'aria-describedby': string | undefined;
}

export interface FieldProps {
  readonly label: string;
  readonly hint?: string | undefined;
  /** The message about this field, shown under it; none while the field is fine. */
  readonly error?: string | null | undefined;
  /** The control's id when something else must reach it (a summary's link, a script); else one is made. */
  readonly id?: string | undefined;
  /** Classes beside `field` (a page's layout). */
  readonly className?: string | undefined;
  /** Ids of other elements that describe the control, named before its hint and error (a message above it, a form's error). */
  readonly describedBy?: string | undefined;
  /** Marks the control invalid without an error of its own under it (the form shows one message for several fields). */
  readonly invalid?: boolean | undefined;
  /** The error is announced as it appears (role="alert"): for a form with no error summary that says it. */
  readonly announce?: boolean | undefined;
  readonly children: (control: FieldControl) => ReactNode;
}

export function Field({ label, hint, error, id: fixedId, className, describedBy, invalid, announce, children }: FieldProps) {
  const madeId = useId();
  const id = fixedId ?? madeId;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const described = [describedBy, hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');
  const control: FieldControl = {
    id,
    'aria-invalid': error || invalid ? true : undefined,
    'aria-describedby': described || undefined,
  };
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children(control)}
      {hint && <p id={hintId} className="field-hint">{hint}</p>}
      {error && <span id={errorId} className="field-error" role={announce ? 'alert' : undefined}>{error}</span>}
    </div>
  );
}
