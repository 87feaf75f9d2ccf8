// The banner for a lost host. The live region is always in the page, so screen readers
// announce the banner when it appears, and again when the link comes back.
import { formatClock } from '../components/format';
import { useHostLink } from '../hooks/useHostLink';

export function HostLostBanner() {
  const link = useHostLink();
  return (
    <div aria-live="assertive" aria-atomic="true" data-testid="host-link-region">
      {link.kind === 'lost' ? (
        <div className="banner bad host-lost" data-testid="host-lost">
          <span className="dot bad" aria-hidden="true" />
          <div>
            <strong>camrelay is not answering</strong>
            <span>
              Everything below is last known, from {formatClock(link.since)}. The console keeps trying to
              reconnect.
            </span>
          </div>
        </div>
      ) : null}
    </div>
  );
}
