// How cameras without a named group are grouped, and why groups exist at all.
import { useState } from 'react';
import { GROUPING_MODES, type GroupingMode } from '../../../../shared/cameras';
import { FormAlert } from '../../components/Field';
import { Segmented } from '../../components/Segmented';
import { useCommand } from '../../hooks/useCommand';
import { useStore } from '../../store';
import { api } from '../../store/api';

const MODE_LABEL: Record<GroupingMode, string> = { server: 'Per server (recommended)', url: 'Per URL' };
const MODE_HINT: Record<GroupingMode, string> = {
  server:
    'All cameras at the same host and port wait together. Safe for recorders and encoders that serve many channels from one address.',
  url: 'Each stream address waits on its own: faster recovery, for servers that keep every session separate.',
};

export function GroupingModeCard() {
  const mode = useStore((s) => s.grouping?.mode ?? 'server');
  const cmd = useCommand<{ mode: GroupingMode }>();
  // Shown at once; dropped when main answers (with the saved mode, or an error).
  const [asked, setAsked] = useState<GroupingMode>();
  const choose = async (next: GroupingMode) => {
    setAsked(next);
    await cmd.run(() => api().setGrouping({ mode: next }));
    setAsked(undefined);
  };
  const shown = asked ?? mode;
  return (
    <section className="card card-body" aria-labelledby="g-mode">
      <h2 id="g-mode" className="card-title">
        Grouping
      </h2>
      <p className="muted card-lead">
        camrelay never reconnects a camera while its previous session may still be playing on the camera: many
        cameras allow only a few sessions, and a second one would be refused or count against the limit.
        Cameras in the same group share that wait.
      </p>
      <Segmented
        legend="Group cameras without a named group"
        value={shown}
        options={GROUPING_MODES.map((m) => ({ value: m, label: MODE_LABEL[m] }))}
        onChange={choose}
        hint={
          <>
            {MODE_HINT[shown]} Servers with the live555 stale-TCP bug are always grouped per server, whatever
            you choose.
          </>
        }
        testId="grouping-mode"
      />
      {cmd.error ? <FormAlert message={cmd.error.message} /> : null}
    </section>
  );
}
