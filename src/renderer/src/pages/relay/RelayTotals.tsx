// The relay's totals and its throughput over the last minutes.
import { useMemo } from 'react';
import { formatBytes, formatCount, formatRate } from '../../components/format';
import { LastKnown } from '../../components/LastKnown';
import { type ChartSeries, LiveChart } from '../../components/LiveChart';
import { useSynced } from '../../store';

export function RelayTotals() {
  const totals = useSynced((s) => s.relay.totals);
  const history = useSynced((s) => s.relay.history);
  const series = useMemo<ChartSeries[]>(
    () => [
      { label: 'In', values: history.kbpsIn, color: 1, format: formatRate, axis: 'rate', floor: 10 },
      { label: 'Out', values: history.kbpsOut, color: 2, format: formatRate, axis: 'rate', floor: 10 },
    ],
    [history],
  );
  return (
    <section className="card card-body" aria-labelledby="r-traffic" data-testid="relay-totals">
      <h2 id="r-traffic" className="card-title">
        Traffic
      </h2>
      <dl className="tiles wide">
        <Tile label="Allocations" value={formatCount(totals.allocations)} testId="total-allocations" />
        <Tile label="Permissions" value={formatCount(totals.permissions)} />
        <Tile label="Channels" value={formatCount(totals.channels)} />
        <Tile label="Rate in" value={formatRate(totals.kbpsIn)} />
        <Tile label="Rate out" value={formatRate(totals.kbpsOut)} />
        <Tile
          label="Relayed in"
          value={formatBytes(totals.bytesIn)}
          sub={`${formatCount(totals.packetsIn)} packets`}
        />
        <Tile
          label="Relayed out"
          value={formatBytes(totals.bytesOut)}
          sub={`${formatCount(totals.packetsOut)} packets`}
        />
        <Tile label="Failed logins" value={formatCount(totals.authFailures)} />
      </dl>
      <div className="chart-wrap">
        <LiveChart
          t={history.t}
          series={series}
          height={200}
          title="Relay throughput in kbit/s, last 5 minutes"
          testId="relay-chart"
        />
      </div>
    </section>
  );
}

function Tile({
  label,
  value,
  sub,
  testId,
}: {
  label: string;
  value: string;
  sub?: string;
  testId?: string;
}) {
  return (
    <div className="tile">
      <dt>{label}</dt>
      <dd className="num" data-testid={testId}>
        {value}
        <LastKnown />
        {sub ? <span className="tile-sub">{sub}</span> : null}
      </dd>
    </div>
  );
}
