// The relay's listeners: transport, address and port, and the certificate files for TLS.
// A port in use comes back from main on `listeners.N.port` and shows on that row.
import { LISTENER_TRANSPORTS, type ListenerTransport } from '../../../../shared/relay';
import { Field } from '../../components/Field';
import { CloseIcon, PlusIcon } from '../../components/icons';
import type { FieldErrors } from '../../components/issues';
import { type ListenerDraft, listenerDraft } from './relay-form';

const LABEL: Record<ListenerTransport, string> = { udp: 'UDP', tcp: 'TCP', tls: 'TLS (turns:)' };

export function ListenersEditor({
  listeners,
  errors,
  onChange,
}: {
  listeners: ListenerDraft[];
  errors: FieldErrors;
  onChange: (next: ListenerDraft[], changedField?: string) => void;
}) {
  const update = (i: number, patch: Partial<ListenerDraft>) => {
    onChange(
      listeners.map((l, j) => (j === i ? { ...l, ...patch } : l)),
      `listeners.${i}.${Object.keys(patch)[0]}`,
    );
  };
  return (
    <fieldset className="listeners" data-testid="relay-listeners">
      <legend>Listeners</legend>
      {errors.listeners ? <span className="field-error block">{errors.listeners}</span> : null}
      <ol className="listener-list">
        {listeners.map((l, i) => {
          const e = (f: string) => errors[`listeners.${i}.${f}`];
          const n = i + 1;
          return (
            <li key={l.key} className="listener" data-testid={`listener-${i}`}>
              <Field label={`Transport ${n}`} error={e('transport')} className="l-transport">
                {(a) => (
                  <select
                    {...a}
                    className="select"
                    value={l.transport}
                    onChange={(ev) => update(i, { transport: ev.currentTarget.value as ListenerTransport })}
                  >
                    {LISTENER_TRANSPORTS.map((t) => (
                      <option key={t} value={t}>
                        {LABEL[t]}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={`Address ${n}`} error={e('host')} className="l-host">
                {(a) => (
                  <input
                    {...a}
                    className="input mono"
                    value={l.host}
                    spellCheck={false}
                    onChange={(ev) => update(i, { host: ev.currentTarget.value })}
                  />
                )}
              </Field>
              <Field label={`Port ${n}`} error={e('port')} className="l-port">
                {(a) => (
                  <input
                    {...a}
                    className="input num"
                    inputMode="numeric"
                    value={l.port}
                    data-testid={`listener-${i}-port`}
                    onChange={(ev) => update(i, { port: ev.currentTarget.value })}
                  />
                )}
              </Field>
              <button
                type="button"
                className="btn ghost icon l-remove"
                aria-label={`Remove listener ${n}`}
                onClick={() =>
                  onChange(
                    listeners.filter((_, j) => j !== i),
                    'listeners',
                  )
                }
                disabled={listeners.length === 1}
              >
                <CloseIcon size={16} />
              </button>
              {l.transport === 'tls' ? (
                <div className="l-tls">
                  <Field label={`Certificate file ${n}`} error={e('certFile')} hint="PEM chain, full path">
                    {(a) => (
                      <input
                        {...a}
                        className="input mono"
                        value={l.certFile}
                        placeholder="/etc/camrelay/fullchain.pem"
                        onChange={(ev) => update(i, { certFile: ev.currentTarget.value })}
                      />
                    )}
                  </Field>
                  <Field label={`Key file ${n}`} error={e('keyFile')} hint="PEM private key, full path">
                    {(a) => (
                      <input
                        {...a}
                        className="input mono"
                        value={l.keyFile}
                        placeholder="/etc/camrelay/privkey.pem"
                        onChange={(ev) => update(i, { keyFile: ev.currentTarget.value })}
                      />
                    )}
                  </Field>
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="btn small"
        onClick={() => {
          const last = listeners[listeners.length - 1];
          onChange(
            [...listeners, listenerDraft({ transport: 'tcp', host: last?.host ?? '0.0.0.0', port: 3478 })],
            'listeners',
          );
        }}
        disabled={listeners.length >= 16}
        data-testid="listener-add"
      >
        <PlusIcon size={14} /> Add listener
      </button>
    </fieldset>
  );
}
