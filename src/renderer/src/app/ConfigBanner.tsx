import { useState } from 'react';
import { useStore } from '../store';

/**
 * Tells the operator, on every page, that their config could not be used (or only in part) and
 * where the original went, and that saved passwords could not be decrypted.
 */
export function ConfigBanner() {
  const health = useStore((s) => s.app?.config);
  const secrets = useStore((s) => s.app?.secrets);
  const [dismissed, setDismissed] = useState<number | undefined>();
  const banners = [];
  if (health?.status === 'recovered' && dismissed !== health.at) {
    banners.push(
      <div className="banner bad" role="alert" key="config" data-testid="config-recovered">
        <div>
          <strong>Your configuration could not be used, so camrelay started on defaults.</strong>
          <span>
            The file {health.reason}.{' '}
            {health.movedTo ? (
              <>
                It was kept as <span className="mono">{health.movedTo}</span>.
              </>
            ) : null}
          </span>
        </div>
        <button type="button" className="btn small" onClick={() => setDismissed(health.at)}>
          Dismiss
        </button>
      </div>,
    );
  }
  if (health?.status === 'partial' && dismissed !== health.at) {
    banners.push(
      <div className="banner bad" role="alert" key="config-partial" data-testid="config-partial">
        <div>
          <strong>Some cameras in your configuration could not be loaded; the rest did.</strong>
          <span>
            Left out: {health.reason}.{' '}
            {health.keptAs ? (
              <>
                The file as it was is kept as <span className="mono">{health.keptAs}</span>.
              </>
            ) : null}
          </span>
        </div>
        <button type="button" className="btn small" onClick={() => setDismissed(health.at)}>
          Dismiss
        </button>
      </div>,
    );
  }
  if (secrets?.unreadable) {
    banners.push(
      <div className="banner warn" role="status" key="secrets-unreadable" data-testid="secrets-unreadable">
        <div>
          <strong>Saved passwords could not be read.</strong>
          <span>{secrets.unreadable.hint}</span>
        </div>
      </div>,
    );
  }
  if (secrets?.warning) {
    banners.push(
      <div className="banner warn" role="status" key="secrets" data-testid="secrets-warning">
        <div>
          <strong>Passwords are only weakly protected on this machine.</strong>
          <span>{secrets.warning}</span>
        </div>
      </div>,
    );
  }
  return <>{banners}</>;
}
