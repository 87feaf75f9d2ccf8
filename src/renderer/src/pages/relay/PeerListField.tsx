// A list of CIDR blocks, one per line. Main reports a bad one as `allowPeers.N`; the field
// says which line.
import { Field } from '../../components/Field';
import { type FieldErrors, lineErrors } from '../../components/issues';
import { listLines } from './relay-form';

export function PeerListField({
  label,
  name,
  value,
  errors,
  onChange,
  hint,
}: {
  label: string;
  name: 'allowPeers' | 'denyPeers';
  value: string;
  errors: FieldErrors;
  onChange: (value: string) => void;
  hint?: string;
}) {
  const lines = listLines(value);
  const bad = lineErrors(errors, name);
  const message =
    errors[name] ??
    (bad.length
      ? bad.map((b) => `${lines[b.line - 1] ?? `line ${b.line}`}: ${b.message}`).join('; ')
      : undefined);
  return (
    <Field
      label={label}
      error={message}
      hint={hint ?? 'One CIDR block per line, e.g. 203.0.113.0/24 or 2001:db8::/32.'}
    >
      {(a) => (
        <textarea
          {...a}
          className="input mono"
          rows={4}
          value={value}
          spellCheck={false}
          placeholder={'198.51.100.0/24\n2001:db8::/32'}
          data-testid={`relay-${name}`}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}
