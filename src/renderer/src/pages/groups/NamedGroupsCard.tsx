// Named groups: the operator's own groupings (e.g. all cameras behind one recorder). A
// group still in use cannot be removed; main says why, next to it.
import { type FormEvent, useState } from 'react';
import { sentence } from '../../../../shared/words';
import { FormAlert, TextField } from '../../components/Field';
import { plural } from '../../components/format';
import { toast } from '../../components/toast';
import { useCommand } from '../../hooks/useCommand';
import { useSynced } from '../../store';
import { api } from '../../store/api';

export function NamedGroupsCard() {
  const named = useSynced((s) => s.grouping.named);
  const cameras = useSynced((s) => s.cameras);
  const [name, setName] = useState('');
  const add = useCommand<{ name: string }>();
  const remove = useCommand<{ name: string }>();
  const [removing, setRemoving] = useState<string>();

  const members = (group: string) => Object.values(cameras).filter((c) => c.group === group).length;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await add.run(() => api().addGroup({ name }));
    if (res) {
      setName('');
      toast(`Group “${res.name}” created`);
    }
  };

  const removeGroup = async (group: string) => {
    setRemoving(group);
    const res = await remove.run(() => api().removeGroup({ name: group }));
    if (res) toast(`Group “${group}” removed`);
  };

  return (
    <section className="card card-body" aria-labelledby="g-named">
      <h2 id="g-named" className="card-title">
        Named groups
      </h2>
      <p className="muted card-lead">
        Put cameras that share a device in one group, whatever their addresses: they then wait for each
        other’s stale sessions. Choose the group in a camera’s settings.
      </p>
      {named.length ? (
        <ul className="plain-list" data-testid="named-groups">
          {named.map((g) => {
            const n = members(g);
            return (
              <li key={g} className="list-row" data-testid={`named-group-${g}`}>
                <span className="list-main">
                  <strong>{g}</strong>
                  <span className="subtle"> · {plural(n, 'camera')}</span>
                  {removing === g && remove.error ? (
                    <span className="field-error block" role="alert">
                      {sentence(remove.error.message)}
                    </span>
                  ) : null}
                </span>
                <button
                  type="button"
                  className="btn small danger"
                  onClick={() => removeGroup(g)}
                  disabled={remove.pending}
                  aria-label={`Remove group ${g}`}
                >
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="subtle">No named groups yet.</p>
      )}
      <form className="inline-form" onSubmit={submit} noValidate>
        <TextField
          label="New group"
          value={name}
          onChange={(v) => {
            setName(v);
            add.clearField('name');
          }}
          error={add.errors.name}
          placeholder="Recorder A"
          testId="group-name"
        />
        <button type="submit" className="btn" disabled={add.pending} data-testid="group-add">
          Create group
        </button>
      </form>
      {add.error && !add.errors.name ? <FormAlert message={add.error.message} /> : null}
    </section>
  );
}
