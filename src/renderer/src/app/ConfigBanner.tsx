import { useState } from 'react';
import { useStore } from '../store';

/** Tells the operator, on every page, that their config could not be used and where it went. */
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
