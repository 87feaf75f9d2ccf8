// Which cameras a restream user may watch: all, or a chosen list (at least one).
import { Segmented } from '../../components/Segmented';
import { useSynced } from '../../store';

export interface ScopeValue {
  scope: 'all' | 'some';
  chosen: ReadonlySet<string>;
}

export const scopeIncomplete = (v: ScopeValue) => v.scope === 'some' && v.chosen.size === 0;

export function CameraScope({
  value,
  onChange,
  error,
  idPrefix,
}: {
  value: ScopeValue;
  onChange: (v: ScopeValue) => void;
  error?: string | undefined;
  idPrefix: string;
}) {
  const cameras = useSynced((s) => s.cameras);
  const list = Object.values(cameras).sort((a, b) => a.name.localeCompare(b.name));
  const none = scopeIncomplete(value);
  const toggle = (id: string, on: boolean) => {
    const next = new Set(value.chosen);
    if (on) next.add(id);
    else next.delete(id);
    onChange({ ...value, chosen: next });
  };
  return (
    <>
      <Segmented
        legend="May watch"
        value={value.scope}
        options={[
          { value: 'all', label: 'All cameras' },
          { value: 'some', label: 'Only these' },
        ]}
        onChange={(scope) => onChange({ ...value, scope })}
        error={error}
        testId={`${idPrefix}-scope`}
      />
      {value.scope === 'some' ? (
        <fieldset className="check-list" aria-describedby={`${idPrefix}-cams-hint`}>
          <legend className="visually-hidden">Cameras this user may watch</legend>
          {list.length === 0 ? <p className="subtle">No cameras yet.</p> : null}
          {list.map((c) => (
            <label key={c.id} className="check">
              <input
                type="checkbox"
                checked={value.chosen.has(c.id)}
                onChange={(e) => toggle(c.id, e.currentTarget.checked)}
                data-testid={`${idPrefix}-camera-${c.id}`}
              />
              {c.name}
            </label>
          ))}
          <span
            id={`${idPrefix}-cams-hint`}
            className={none ? 'field-error' : 'field-hint'}
            aria-live="polite"
          >
            {none ? 'Choose at least one camera.' : 'Other cameras answer this user “not found”.'}
          </span>
        </fieldset>
      ) : null}
    </>
  );
}
