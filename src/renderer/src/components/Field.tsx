// A labelled form field: the label is tied to the control, the hint and the error (from
// main) are tied with aria-describedby, and aria-invalid marks a field main refused.
import { type ReactNode, useId } from 'react';
import { sentence } from '../../../shared/words';

export interface FieldA11y {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

export interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  className?: string;
  /** Renders the control with the ids and aria attributes to spread onto it. */
  children: (a11y: FieldA11y) => ReactNode;
  testId?: string;
}

export function Field({ label, hint, error, className, children, testId }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : '', hint ? hintId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${className ?? ''}`} data-testid={testId}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(error ? { 'aria-invalid': true as const } : {}),
      })}
      {error ? (
        <span className="field-error" id={errorId}>
          {error}
        </span>
      ) : null}
      {hint ? (
        <span className="field-hint" id={hintId}>
          {hint}
        </span>
      ) : null}
    </div>
  );
}

/** A text input in a Field. `onChange` gets the value. */
export function TextField(props: {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
  placeholder?: string;
  type?: 'text' | 'password' | 'url' | 'search';
  inputMode?: 'numeric' | 'text' | 'url';
  autoComplete?: string;
  name?: string;
  autoFocus?: boolean;
  className?: string;
  mono?: boolean;
  testId?: string;
  disabled?: boolean;
  maxLength?: number;
}) {
  return (
    <Field label={props.label} hint={props.hint} error={props.error} className={props.className}>
      {(a11y) => (
        <input
          {...a11y}
          className={`input${props.mono ? ' mono' : ''}`}
          type={props.type ?? 'text'}
          name={props.name}
          value={props.value}
          placeholder={props.placeholder}
          inputMode={props.inputMode}
          autoComplete={props.autoComplete ?? 'off'}
          spellCheck={false}
          disabled={props.disabled}
          maxLength={props.maxLength}
          data-autofocus={props.autoFocus ? '' : undefined}
          data-testid={props.testId}
          onChange={(e) => props.onChange(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}

/** A select in a Field. */
export function SelectField<T extends string>(props: {
  label: ReactNode;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
  error?: string | undefined;
  hint?: ReactNode;
  className?: string;
  testId?: string;
  name?: string;
}) {
  return (
    <Field label={props.label} hint={props.hint} error={props.error} className={props.className}>
      {(a11y) => (
        <select
          {...a11y}
          className="select"
          name={props.name}
          value={props.value}
          data-testid={props.testId}
          onChange={(e) => props.onChange(e.currentTarget.value as T)}
        >
          {props.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A labelled switch (checkbox with role=switch), label on the left, hint under it. */
export function SwitchField(props: {
  label: ReactNode;
  hint?: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string | undefined;
  testId?: string;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <div className="switch-field">
      <div className="switch-text">
        <label htmlFor={id}>{props.label}</label>
        {props.hint ? <span id={`${id}-hint`}>{props.hint}</span> : null}
        {props.error ? (
          <span className="field-error" id={`${id}-error`}>
            {props.error}
          </span>
        ) : null}
      </div>
      <input
        id={id}
        type="checkbox"
        role="switch"
        className="switch"
        checked={props.checked}
        aria-checked={props.checked}
        disabled={props.disabled}
        aria-describedby={
          [props.error ? `${id}-error` : '', props.hint ? `${id}-hint` : ''].filter(Boolean).join(' ') ||
          undefined
        }
        aria-invalid={props.error ? true : undefined}
        data-testid={props.testId}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
    </div>
  );
}

/** The form's own message: announced when it appears. */
export function FormAlert({ message, tone = 'bad' }: { message: string; tone?: 'bad' | 'warn' | 'ok' }) {
  return (
    <div className={`form-alert ${tone}`} role={tone === 'ok' ? 'status' : 'alert'} aria-live="polite">
      {sentence(message)}
    </div>
  );
}
