import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { RecordIndexEntry } from '../../data/summary';
import { CategoryTag } from './CategoryTag';
import { SafetyTag } from './SafetyTag';
import { severityLabel, type SeverityLabelMap } from '../../data/severityLabels';

const ROW_HEIGHT = 58;
const PAGE_ROWS = 10;

/**
 * The filtered rows, virtualised so only the visible ones are in the DOM (smooth at 50,000). A listbox: arrow keys,
 * Page Up/Down, Home/End move the cursor; Enter (or a click) opens the row in the detail view.
 */
export function RecordList({
  rows,
  selectedId,
  labels,
  onOpen,
}: {
  rows: readonly RecordIndexEntry[];
  selectedId: string | null;
  labels: SeverityLabelMap;
  onOpen: (id: string) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [cursorId, setCursorId] = useState<string | null>(selectedId);
  const cursorIndex = Math.max(0, cursorId === null ? 0 : rows.findIndex((row) => row.id === cursorId));
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });

  // Follow a selection made elsewhere (e.g. another area opening a record).
  useEffect(() => {
    if (selectedId !== null) setCursorId(selectedId);
  }, [selectedId]);

  const moveTo = (index: number) => {
    if (rows.length === 0) return;
    const next = Math.min(rows.length - 1, Math.max(0, index));
    setCursorId(rows[next].id);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = {
      ArrowDown: cursorIndex + 1,
      ArrowUp: cursorIndex - 1,
      PageDown: cursorIndex + PAGE_ROWS,
      PageUp: cursorIndex - PAGE_ROWS,
      Home: 0,
      End: rows.length - 1,
    };
    if (event.key in moves) {
      event.preventDefault();
      moveTo(moves[event.key]);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      if (rows[cursorIndex]) onOpen(rows[cursorIndex].id);
    }
  };

  if (rows.length === 0) {
    return <p className="muted empty-list">No rows match these filters.</p>;
  }
  const cursorRow = rows[cursorIndex];
  return (
    <div
      ref={scroller}
      className="record-list"
      role="listbox"
      aria-label="Samples (arrow keys move, Enter opens)"
      tabIndex={0}
      aria-activedescendant={cursorRow ? `record-option-${cursorIndex}` : undefined}
      data-testid="sample-list"
      onKeyDown={onKeyDown}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          const classes = ['record-row'];
          if (item.index === cursorIndex) classes.push('cursor');
          if (row.id === selectedId) classes.push('selected');
          return (
            <div
              key={row.id}
              id={`record-option-${item.index}`}
              role="option"
              aria-selected={row.id === selectedId}
              className={classes.join(' ')}
              data-testid="sample-row"
              data-record-id={row.id}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` }}
              onClick={() => {
                setCursorId(row.id);
                onOpen(row.id);
              }}
            >
              <div className="record-meta">
                <CategoryTag category={row.category} />
                <span className="tag severity-tag" title={`image_severity = ${row.imageSeverity}`}>
                  {severityLabel(labels, row.imageSeverity)}
                </span>
                <span className="muted split">{row.split}</span>
                <SafetyTag safe={row.safe1} prefix={row.safe2 === null ? undefined : 'R1'} />
                <SafetyTag safe={row.safe2} prefix="R2" />
                {row.helpfulIsSafer === false && (
                  <span className="tag warn" title="The more helpful response is the less safe one">
                    conflict
                  </span>
                )}
                {row.contradictory && (
                  <span className="tag warn" title="Labels contradict each other; excluded from training">
                    contradictory
                  </span>
                )}
              </div>
              <div className="record-question">{row.question}</div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
