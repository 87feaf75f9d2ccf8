import { useId, useState } from 'react';
import type { CommandError } from '../../../shared/errors';
import type { Settings } from '../../../shared/settings';
import { sentence } from '../../../shared/words';
import { setTheme, THEMES, type Theme, useThemeChoice } from '../app/theme';
import { PageHead } from '../components/layout';
import { useSynced } from '../store';
import { api } from '../store/api';
import { ExportConfig } from './settings/ExportConfig';
import { ImportConfig } from './settings/ImportConfig';

const THEME_LABEL: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark' };

export function SettingsPage() {
  const settings = useSynced((s) => s.settings);
  const app = useSynced((s) => s.app);
  const [error, setError] = useState<CommandError | undefined>();
  // Shown at once, before main confirms; dropped when the answer (or an error) comes back.
  const [pending, setPending] = useState<Partial<Settings>>({});
  const theme = useThemeChoice();
  if (!settings || !app) return null;
  const desktop = app.platform === 'electron';
  const shown = { ...settings, ...pending };

  const update = async (patch: Partial<Settings>) => {
    setPending((p) => ({ ...p, ...patch }));
    const res = await api().updateSettings(patch);
    setError(res.ok ? undefined : res.error);
    setPending((p) => {
      const next = { ...p };
      for (const key of Object.keys(patch) as (keyof Settings)[]) {
        if (next[key] === patch[key]) delete next[key];
      }
      return next;
    });
  };

  return (
    <div className="page">
      <PageHead title="Settings" lead="How camrelay runs on this machine." />
      {error ? (
        <p className="field-error" role="alert">
          {sentence(error.message)}
        </p>
      ) : null}
      {/* Window and tray apply to the desktop app only: a headless console does not offer them. */}
      {desktop ? (
        <section className="section" aria-labelledby="s-window">
          <h2 id="s-window">Window and tray</h2>
          <div className="card rows">
            <SwitchRow
              label="Close to tray"
              hint="Closing the window keeps cameras and the relay running in the tray."
              checked={shown.closeToTray}
              onChange={(v) => update({ closeToTray: v })}
              testId="setting-closeToTray"
            />
            <SwitchRow
              label="Start at login"
              hint="Start camrelay when you log in to this computer."
              checked={shown.startAtLogin}
              onChange={(v) => update({ startAtLogin: v })}
              testId="setting-startAtLogin"
            />
            <SwitchRow
              label="Start hidden"
              hint="Start in the tray without opening the window (same as --hidden)."
              checked={shown.startHidden}
              onChange={(v) => update({ startHidden: v })}
              testId="setting-startHidden"
            />
          </div>
        </section>
      ) : null}
      <section className="section" aria-labelledby="s-look">
        <h2 id="s-look">Appearance</h2>
        <div className="card rows">
          <div className="row">
            <div className="label" id="theme-label">
              <strong>Theme</strong>
              <span>
                For this {desktop ? 'window' : 'browser'} only. System follows your operating system's light
                or dark mode.
              </span>
            </div>
            <div
              className="segmented"
              role="radiogroup"
              aria-labelledby="theme-label"
              data-testid="setting-theme"
            >
              {THEMES.map((t) => (
                <label key={t}>
                  <input
                    type="radio"
                    name="theme"
                    value={t}
                    checked={theme === t}
                    onChange={() => setTheme(t)}
                  />
                  <span>{THEME_LABEL[t]}</span>
                </label>
              ))}
            </div>
          </div>
        </div>
      </section>
      <section className="section" aria-labelledby="s-about">
        <h2 id="s-about">Storage</h2>
        <div className="card card-body">
          <dl className="facts">
            <dt>Data directory</dt>
            <dd className="mono" data-testid="data-dir">
              {app.dataDir}
            </dd>
            <dt>Configuration</dt>
            <dd>
              {app.config.status === 'recovered'
                ? `Recovered: the file ${app.config.reason}; started on defaults`
                : app.config.status === 'partial'
                  ? `Loaded without: ${app.config.reason}`
                  : app.config.status === 'created'
                    ? 'Created on first start'
                    : 'Loaded'}
            </dd>
            <dt>Passwords at rest</dt>
            <dd>{secretsText(app.secrets.backend)}</dd>
            <dt>Version</dt>
            <dd>
              camrelay {app.version} ({desktop ? 'desktop' : 'headless'})
            </dd>
          </dl>
        </div>
      </section>
      <section className="section" aria-labelledby="s-backup">
        <h2 id="s-backup">Backup and transfer</h2>
        <div className="grid-2">
          <ExportConfig />
          <ImportConfig />
        </div>
      </section>
    </div>
  );
}

function secretsText(backend: string): string {
  switch (backend) {
    case 'os':
      return "Encrypted with the operating system's keychain";
    case 'basic-text':
      return 'Encrypted with a fixed key (no keyring found): weak';
    case 'file-key':
      return 'Encrypted with a key file readable only by this user';
    default:
      return 'Unavailable: passwords cannot be saved';
  }
}

function SwitchRow(props: {
  label: string;
  hint: string;
  checked: boolean;
  onChange: (value: boolean) => void;
  testId: string;
}) {
  const id = useId();
  return (
    <div className="row">
      <div className="label">
        <strong id={`${id}-l`}>{props.label}</strong>
        <span id={`${id}-h`}>{props.hint}</span>
      </div>
      <input
        type="checkbox"
        role="switch"
        aria-checked={props.checked}
        className="switch"
        aria-labelledby={`${id}-l`}
        aria-describedby={`${id}-h`}
        checked={props.checked}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
        data-testid={props.testId}
      />
    </div>
  );
}
