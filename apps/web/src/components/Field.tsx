import { cloneElement, type ReactElement } from 'react';
import styles from './Field.module.css';

interface ControlProps {
  id?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}

/**
 * A labelled form control with its error beside it: the control gets `aria-invalid` and is
 * described by the error, so a screen reader reads the problem with the field. `inline` puts a
 * checkbox before its label.
 */
export function Field({
  id,
  label,
  error,
  hint,
  inline = false,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  inline?: boolean;
  children: ReactElement<ControlProps>;
}) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');
  const control = cloneElement(children, {
    id,
    'aria-describedby': describedBy || undefined,
    'aria-invalid': error ? true : undefined,
  });
  return (
    <div className={inline ? styles.inline : styles.field}>
      {inline && control}
      <label htmlFor={id}>{label}</label>
      {!inline && control}
      {hint && (
        <span id={hintId} className={styles.hint}>
          {hint}
        </span>
      )}
      {error && (
        <span id={errorId} className={styles.error}>
          {error}
        </span>
      )}
    </div>
  );
}
