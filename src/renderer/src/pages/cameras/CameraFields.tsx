// The main fields of the camera form: name, address, credentials, transport, group, enabled.
import { type CameraTransport, TRANSPORTS } from '../../../../shared/cameras';
import { SelectField, SwitchField, TextField } from '../../components/Field';
import type { FieldErrors } from '../../components/issues';
import { Segmented } from '../../components/Segmented';
import { useSynced } from '../../store';
import type { CameraDraft } from './camera-form';

const TRANSPORT_LABEL: Record<CameraTransport, string> = { tcp: 'TCP', udp: 'UDP', auto: 'Automatic' };
const TRANSPORT_HINT: Record<CameraTransport, string> = {
  tcp: 'Video inside the RTSP connection: works through firewalls and NAT (recommended).',
  udp: 'Separate UDP streams: lower latency on a local network; packets can be lost.',
  auto: 'UDP first, TCP when the camera or the network refuses UDP.',
};

export function CameraFields({
  draft,
  hasPassword,
  errors,
  onChange,
}: {
  draft: CameraDraft;
  hasPassword: boolean;
  errors: FieldErrors;
  onChange: (patch: Partial<CameraDraft>) => void;
}) {
  const named = useSynced((s) => s.grouping.named);
  const mode = useSynced((s) => s.grouping.mode);
  const groupOptions = [
    { value: '', label: `Automatic — one group per ${mode === 'server' ? 'server' : 'URL'}` },
    ...named.map((g) => ({ value: g, label: g })),
    ...(draft.group && !named.includes(draft.group)
      ? [{ value: draft.group, label: `${draft.group} (removed)` }]
      : []),
  ];
  return (
    <div className="form-grid">
      <TextField
        className="span-2"
        label="Name"
        value={draft.name}
        onChange={(name) => onChange({ name })}
        error={errors.name}
        placeholder="e.g. Front gate"
        autoFocus
        maxLength={200}
        testId="camera-name"
      />
      <TextField
        className="span-2"
        label="RTSP address"
        value={draft.url}
        onChange={(url) => onChange({ url })}
        error={errors.url}
        mono
        placeholder="e.g. rtsp://192.0.2.10:554/stream1"
        hint="rtsp:// or rtsps://. A user:password@ in the address is moved into the fields below when saved."
        testId="camera-url"
      />
      <TextField
        label="User name"
        value={draft.username}
        onChange={(username) => onChange({ username })}
        error={errors.username}
        autoComplete="off"
        testId="camera-username"
      />
      <div className="field-stack">
        <TextField
          label="Password"
          type="password"
          value={draft.password}
          onChange={(password) => onChange({ password, clearPassword: false })}
          error={errors.password}
          autoComplete="new-password"
          placeholder={hasPassword && !draft.clearPassword ? '•••••••• saved' : ''}
          hint={
            hasPassword
              ? draft.clearPassword
                ? 'The saved password will be removed.'
                : 'Saved; leave empty to keep it, or type a new one to replace it.'
              : 'Stored encrypted; never shown again.'
          }
          disabled={draft.clearPassword}
          testId="camera-password"
        />
        {hasPassword ? (
          <label className="check">
            <input
              type="checkbox"
              checked={draft.clearPassword}
              onChange={(e) => onChange({ clearPassword: e.currentTarget.checked, password: '' })}
              data-testid="camera-clear-password"
            />
            Remove the saved password
          </label>
        ) : null}
      </div>
      <Segmented
        legend="Transport"
        value={draft.transport}
        options={TRANSPORTS.map((t) => ({ value: t, label: TRANSPORT_LABEL[t] }))}
        onChange={(transport) => onChange({ transport })}
        hint={TRANSPORT_HINT[draft.transport]}
        error={errors.transport}
        testId="camera-transport"
      />
      <SelectField
        label="Group"
        value={draft.group}
        options={groupOptions}
        onChange={(group) => onChange({ group })}
        error={errors.group}
        hint={
          <>
            Cameras in a group share stale-session waits. Named groups are made on the{' '}
            <a href="#/groups">Groups page</a>.
          </>
        }
        testId="camera-group"
      />
      <Segmented
        legend="Connection"
        value={draft.mode}
        options={[
          { value: 'always', label: 'Always' },
          { value: 'on-demand', label: 'On demand' },
        ]}
        onChange={(mode) => onChange({ mode })}
        hint={
          draft.mode === 'always'
            ? 'The camera session is kept open all the time.'
            : 'Connected only while someone watches (restream, live view, share link), closed a grace period after the last leaves.'
        }
        error={errors.mode}
        testId="camera-mode"
      />
      <div className="span-2">
        <SwitchField
          label="Enabled"
          hint="An enabled camera is connected and kept playing; a disabled one is left alone."
          checked={draft.enabled}
          onChange={(enabled) => onChange({ enabled })}
          error={errors.enabled}
          testId="camera-enabled"
        />
      </div>
    </div>
  );
}
