// The camera table: filter by text and status, sort by any column, and render only the
// rows in view. Sorting and filtering are recomputed when the cameras object changes (at
// most a few times a second); rows re-render only when their camera changed.
import { useDeferredValue, useMemo, useState } from 'react';
import type { CameraView } from '../../../../shared/cameras';
import { plural } from '../../components/format';
import { SearchIcon } from '../../components/icons';
import { SortHeader } from '../../components/SortHeader';
import { useMediaQuery } from '../../hooks/useMediaQuery';
import { useVirtualRows } from '../../hooks/useVirtualRows';
import { CARD_HEIGHT, CARDS_QUERY, type CameraActions, CameraRow, ROW_HEIGHT } from './CameraRow';
import {
  type CameraSummary,
  filterCameras,
  nextSort,
  type Sort,
  type SortKey,
  STATUS_FILTER_LABEL,
  STATUS_FILTERS,
  type StatusFilter,
  sortCameras,
} from './table-model';

export function CameraTable({
  cameras,
  summary,
  actions,
  pending,
}: {
  cameras: Readonly<Record<string, CameraView>>;
  summary: CameraSummary;
  actions: CameraActions;
  pending: ReadonlyMap<string, boolean>;
}) {
  const [text, setText] = useState('');
  const query = useDeferredValue(text);
  const [status, setStatus] = useState<StatusFilter>('all');
  const [sort, setSort] = useState<Sort>({ key: 'name', dir: 'asc' });
  const onSort = (key: SortKey) => setSort((s) => nextSort(s, key));

  const all = useMemo(() => Object.values(cameras), [cameras]);
  const rows = useMemo(
    () => sortCameras(filterCameras(all, query, status), sort),
    [all, query, status, sort],
  );
  const cards = useMediaQuery(CARDS_QUERY);
  const { ref, onScroll, win } = useVirtualRows(rows.length, cards ? CARD_HEIGHT : ROW_HEIGHT);
  const header = { sort, onSort };

  return (
    <div className="card table-card">
      <search className="toolbar" aria-label="Filter cameras">
        <label className="search-box">
          <SearchIcon />
          <span className="visually-hidden">Search cameras</span>
          <input
            className="input"
            type="search"
            placeholder="Name, address or codec"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            data-testid="camera-search"
          />
        </label>
        <fieldset className="filter-chips" data-testid="camera-status-filter">
          <legend className="visually-hidden">Status</legend>
          {STATUS_FILTERS.map((f) => (
            <label key={f} className={`chip${status === f ? ' on' : ''}`}>
              <input
                type="radio"
                name="camera-status"
                value={f}
                checked={status === f}
                onChange={() => setStatus(f)}
              />
              {STATUS_FILTER_LABEL[f]} <span className="num count">{summary.byFilter[f]}</span>
            </label>
          ))}
        </fieldset>
        <span className="spacer" />
        <span className="subtle num" aria-live="polite" data-testid="camera-count">
          {rows.length === all.length
            ? plural(all.length, 'camera')
            : `${rows.length} of ${plural(all.length, 'camera')}`}
        </span>
      </search>
      <div className="table-scroll" ref={ref} onScroll={onScroll} data-testid="camera-table-scroll">
        <table className="data cameras" aria-rowcount={rows.length + 1} data-testid="camera-table">
          <thead>
            <tr aria-rowindex={1}>
              <th scope="col" className="c-on">
                <span className="visually-hidden">Enabled</span>
              </th>
              <th scope="col" className="c-thumb">
                <span className="visually-hidden">Picture</span>
              </th>
              <SortHeader label="Camera" sortKey="name" className="c-name" {...header} />
              <SortHeader label="Status" sortKey="status" className="c-status" {...header} />
              <SortHeader
                label="Video"
                sortKey="video"
                className="c-video"
                {...header}
                title="Sort by resolution"
              />
              <SortHeader
                label="fps"
                sortKey="fps"
                className="c-fps num"
                {...header}
                title="Frames per second"
              />
              <SortHeader label="Bitrate" sortKey="kbps" className="c-kbps num" {...header} />
              <SortHeader
                label="Key frame"
                sortKey="keyframe"
                className="c-kf num"
                {...header}
                title="Seconds between key frames"
              />
              <SortHeader
                label="Lost"
                sortKey="lost"
                className="c-lost num"
                {...header}
                title="Lost packets"
              />
              <th scope="col" className="c-chart">
                Last 2 min
              </th>
              <th scope="col" className="c-act">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {/* Spacers keep the scroll height; one cell each, so they add no columns. */}
            {win.before > 0 ? (
              <tr className="spacer-row" style={{ height: win.before }}>
                <td />
              </tr>
            ) : null}
            {rows.slice(win.start, win.end).map((c, i) => (
              <CameraRow
                key={c.id}
                camera={c}
                actions={actions}
                index={win.start + i + 1}
                pending={pending.get(c.id)}
              />
            ))}
            {win.after > 0 ? (
              <tr className="spacer-row" style={{ height: win.after }}>
                <td />
              </tr>
            ) : null}
          </tbody>
        </table>
        {rows.length === 0 ? (
          <div className="empty small" data-testid="camera-no-match">
            <p>No camera matches {text ? `“${text}”` : 'this filter'}.</p>
            <button
              type="button"
              className="btn small"
              onClick={() => {
                setText('');
                setStatus('all');
              }}
            >
              Show all cameras
            </button>
          </div>
        ) : null}
      </div>
    </div>
  );
}
