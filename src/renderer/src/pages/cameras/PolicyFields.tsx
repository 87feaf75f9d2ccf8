// "Advanced": the RTSP quirk policies, collapsed unless one of them has an error.
import { Field, SelectField } from '../../components/Field';
import { type FieldErrors, hasErrorsUnder } from '../../components/issues';
import type { CameraDraft } from './camera-form';
import { POLICY_HELP, POLICY_ORDER } from './policy-help';

export function PolicyFields({
  policies,
  errors,
  onChange,
}: {
  policies: CameraDraft['policies'];
  errors: FieldErrors;
  onChange: (patch: Partial<CameraDraft['policies']>) => void;
}) {
  const invalid = hasErrorsUnder(errors, 'policies');
  return (
    <details className="advanced" open={invalid || undefined} data-testid="camera-advanced">
      <summary>
        Advanced{' '}
        <span className="subtle">— workarounds for camera quirks; the defaults suit most cameras</span>
      </summary>
      <div className="form-grid">
        {POLICY_ORDER.map((key) => {
          const help = POLICY_HELP[key];
          return (
            <SelectField
              key={key}
              label={help.label}
              hint={help.help}
              value={policies[key]}
              options={Object.entries(help.options).map(([value, label]) => ({ value, label }))}
              error={errors[`policies.${key}`]}
              onChange={(v) => onChange({ [key]: v } as Partial<CameraDraft['policies']>)}
              testId={`policy-${key}`}
            />
          );
        })}
        <Field
          label="Frame timeout"
          hint="Seconds without a frame before the session counts as dead and camrelay reconnects."
          error={errors['policies.frameTimeoutSec']}
        >
          {(a11y) => (
            <div className="input-unit">
              <input
                {...a11y}
                className="input num"
                inputMode="numeric"
                value={policies.frameTimeoutSec}
                data-testid="policy-frameTimeoutSec"
                onChange={(e) => onChange({ frameTimeoutSec: e.currentTarget.value })}
              />
              <span className="unit">s</span>
            </div>
          )}
        </Field>
        <Field
          label="TLS certificate fingerprint"
          hint="For rtsps:// cameras with a self-signed certificate: its SHA-256 fingerprint. Empty: the certificate must be trusted."
          error={errors['policies.tlsFingerprint']}
        >
          {(a11y) => (
            <input
              {...a11y}
              className="input mono"
              value={policies.tlsFingerprint}
              placeholder="AB:CD:… (64 hex digits)"
              spellCheck={false}
              data-testid="policy-tlsFingerprint"
              onChange={(e) => onChange({ tlsFingerprint: e.currentTarget.value })}
            />
          )}
        </Field>
      </div>
    </details>
  );
}
