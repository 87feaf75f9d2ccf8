// One row of the relay settings table (relay-fields.ts) as its control: a text input (numbers
// typed as text, so a half-typed value is kept), a switch, or a CIDR list. Same labels, ids,
// aria attributes and inline errors as the shared field components give every form.
import { SwitchField, TextField } from '../../components/Field';
import type { FieldErrors } from '../../components/issues';
import { PeerListField } from './PeerListField';
import type { RelayField, RelayFieldName } from './relay-fields';
import type { RelayDraft } from './relay-form';

export function RelayFieldControl({
  field,
  draft,
  errors,
  onChange,
}: {
  field: RelayField;
  draft: RelayDraft;
  errors: FieldErrors;
  onChange: <K extends RelayFieldName>(name: K, value: RelayDraft[K]) => void;
}) {
  switch (field.kind) {
    case 'switch':
      return (
        <SwitchField
          label={field.label}
          hint={field.hint}
          checked={draft[field.name]}
          onChange={(v) => onChange(field.name, v)}
          error={errors[field.name]}
          testId={field.testId}
        />
      );
    case 'list':
      return (
        <PeerListField
          label={field.label}
          name={field.name}
          value={draft[field.name]}
          errors={errors}
          onChange={(v) => onChange(field.name, v)}
          hint={field.hint}
        />
      );
    case 'text':
    case 'number':
      return (
        <TextField
          label={field.label}
          value={draft[field.name]}
          onChange={(v) => onChange(field.name, v)}
          error={errors[field.name]}
          mono={field.mono}
          placeholder={field.placeholder}
          inputMode={field.kind === 'number' ? 'numeric' : undefined}
          hint={field.hint}
          testId={field.testId}
        />
      );
    default: {
      const never: never = field;
      return never;
    }
  }
}
