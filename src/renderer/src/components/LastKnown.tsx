// Figures shown while the host is lost are last known: screen readers hear it with each one,
// the eye sees them greyed (styles/layout/lost-host.css).
import { useHostLost } from '../hooks/useHostLink';

export function LastKnown() {
  return useHostLost() ? <span className="visually-hidden"> (last known)</span> : null;
}
