// How cameras without a named group are grouped, and why groups exist at all.
import { useState } from 'react';
import { GROUPING_MODES, type GroupingMode } from '../../../../shared/cameras';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormAlert } from '../../components/Field';
import { plural } from '../../components/format';
import { Segmented } from '../../components/Segmented';
import { toast } from '../../components/toast';
import { useCommand } from '../../hooks/useCommand';
import { useSynced } from '../../store';
import { api } from '../../store/api';

const MODE_LABEL: Record<GroupingMode, string> = { server: 'Per server (recommended)', url: 'Per URL' };
const MODE_HINT: Record<GroupingMode, string> = {
  server:
    'All cameras at the same host and port wait together. Safe for recorders and encoders that serve many channels from one address.',
  url: 'Each stream address waits on its own: faster recovery, for servers that keep every session separate.',
};

export function GroupingModeCard() {
  const mode = useSynced((s) => s.grouping.mode);
  const cameras = useSynced((s) => s.cameras);
  const cmd = useCommand<{ mode: GroupingMode }>();
  // Shown at once; dropped when main answers (with the saved mode, or an error).
  const [asked, setAsked] = useState<GroupingMode>();
  // A change that reconnects cameras is confirmed first, with how many and which.
  const [confirm, setConfirm] = useState<{ mode: GroupingMode; reconnect: string[] }>();
  const apply = async (next: GroupingMode, reconnect: number) => {
    setAsked(next);
    const res = await cmd.run(() => api().setGrouping({ mode: next }));
    setAsked(undefined);
    if (res)
      toast(
        reconnect ? `${plural(reconnect, 'camera')} reconnecting` : 'Grouping changed; no camera reconnects',
      );
  };
  const choose = async (next: GroupingMode) => {
    setAsked(next);
    const preview = await api().previewGrouping({ mode: next });
    if (preview.ok && preview.result.reconnect.length > 0) {
      setConfirm({ mode: next, reconnect: preview.result.reconnect });
      return;
    }
    await apply(next, 0);
  };
  const shown = asked ?? mode;
  const names = (ids: string[]) => ids.map((id) => cameras?.[id]?.name ?? id);
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
      {confirm ? (
        <ConfirmDialog
          title={`Reconnect ${plural(confirm.reconnect.length, 'camera')}?`}
          confirmLabel={`Group per ${confirm.mode === 'server' ? 'server' : 'URL'} and reconnect`}
          testId="grouping-confirm"
          action={() => api().setGrouping({ mode: confirm.mode })}
          onDone={(res) => {
            const n = confirm.reconnect.length;
            setConfirm(undefined);
            setAsked(undefined);
            if (res) toast(`${plural(n, 'camera')} reconnecting`);
          }}
        >
          <p data-testid="grouping-confirm-count">
            {plural(confirm.reconnect.length, 'camera')} will reconnect: their group changes, and a camera
            starts over in its new group. The others keep playing.
          </p>
          <ul className="plain-list">
            {names(confirm.reconnect)
              .slice(0, 8)
              .map((n) => (
                <li key={n}>{n}</li>
              ))}
            {confirm.reconnect.length > 8 ? (
              <li className="subtle">and {confirm.reconnect.length - 8} more</li>
            ) : null}
          </ul>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
