// A segmented control: a radio group drawn as connected buttons. Arrow keys move between
// options (native radio behaviour); the legend names the group.
import { type ReactNode, useId } from 'react';

export function Segmented<T extends string>({
  legend,
  hideLegend,
  value,
  options,
  onChange,
  hint,
  error,
  testId,
}: {
  legend: string;
  hideLegend?: boolean;
  value: T;
  options: readonly { value: T; label: ReactNode; title?: string }[];
  onChange: (value: T) => void;
  hint?: ReactNode;
  error?: string | undefined;
  testId?: string;
}) {
  const name = useId();
  return (
    <fieldset
      className="seg-field"
      data-testid={testId}
      aria-describedby={
        [error ? `${name}-e` : '', hint ? `${name}-h` : ''].filter(Boolean).join(' ') || undefined
      }
    >
      <legend className={hideLegend ? 'visually-hidden' : undefined}>{legend}</legend>
      <div className="segmented">
        {options.map((o) => (
          <label key={o.value} title={o.title}>
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
              aria-invalid={error ? true : undefined}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      {error ? (
        <span className="field-error" id={`${name}-e`}>
          {error}
        </span>
      ) : null}
      {hint ? (
        <span className="field-hint" id={`${name}-h`}>
          {hint}
        </span>
      ) : null}
    </fieldset>
  );
}
