// A sortable column header: the button sorts, the <th> carries aria-sort for readers.
import type { ReactNode } from 'react';
import { SortIcon } from './icons';

export function SortHeader<K extends string>({
  label,
  sortKey,
  sort,
  onSort,
  className,
  title,
}: {
  label: ReactNode;
  sortKey: K;
  sort: { key: K; dir: 'asc' | 'desc' };
  onSort: (key: K) => void;
  className?: string;
  title?: string;
}) {
  const active = sort.key === sortKey;
  return (
    <th
      scope="col"
      className={className}
      aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
    >
      <button type="button" className="sort-btn" onClick={() => onSort(sortKey)} title={title}>
        {label}
        <SortIcon dir={active ? sort.dir : 'none'} />
      </button>
    </th>
  );
}
