import { useId, useRef, useState, type KeyboardEvent } from 'react';
import styles from './SortableList.module.css';

export interface SortableItem {
  readonly id: string;
  readonly label: string;
}

export interface SortableListLabels {
  /** The list's accessible name. */
  readonly list: string;
  readonly moveUp: (label: string) => string;
  readonly moveDown: (label: string) => string;
  readonly remove?: (label: string) => string;
  /** Announced after a move, e.g. "Agent 2: position 1 of 3". */
  readonly moved: (label: string, position: number, count: number) => string;
  /** Read with each item: how to move it with the keyboard. */
  readonly keyboardHint: string;
}

/**
 * An ordered list reordered by dragging, by the "move up/down" buttons, or with the arrow keys
 * on a focused item (Alt+Arrow also works) — never by dragging alone. Each move is announced.
 */
export function SortableList({
  items,
  onReorder,
  onRemove,
  labels,
}: {
  items: readonly SortableItem[];
  onReorder: (next: SortableItem[]) => void;
  onRemove?: (id: string) => void;
  labels: SortableListLabels;
}) {
  const [announcement, setAnnouncement] = useState('');
  const [dragging, setDragging] = useState<number | null>(null);
  const rows = useRef(new Map<string, HTMLLIElement>());
  const hintId = useId();

  const move = (from: number, to: number, refocus: boolean) => {
    if (to < 0 || to >= items.length || from === to) return;
    const next = [...items];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item!);
    onReorder(next);
    setAnnouncement(labels.moved(item!.label, to + 1, items.length));
    if (refocus) requestAnimationFrame(() => rows.current.get(item!.id)?.focus());
  };

  const onKeyDown = (index: number) => (event: KeyboardEvent<HTMLLIElement>) => {
    if (event.target !== event.currentTarget) return;
    if (event.key === 'ArrowUp') {
      event.preventDefault();
      move(index, index - 1, true);
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      move(index, index + 1, true);
    }
  };

  return (
    <>
      <ol className={styles.list} aria-label={labels.list}>
        {items.map((item, index) => (
          <li
            key={item.id}
            ref={(el) => {
              if (el) rows.current.set(item.id, el);
              else rows.current.delete(item.id);
            }}
            tabIndex={0}
            draggable
            aria-label={`${index + 1}. ${item.label}`}
            aria-describedby={hintId}
            className={dragging === index ? styles.dragging : styles.item}
            onKeyDown={onKeyDown(index)}
            onDragStart={(e) => {
              setDragging(index);
              e.dataTransfer.effectAllowed = 'move';
              e.dataTransfer.setData('text/plain', item.id);
            }}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault();
              if (dragging !== null) move(dragging, index, false);
              setDragging(null);
            }}
            onDragEnd={() => setDragging(null)}
          >
            <span className={styles.position} aria-hidden="true">
              {index + 1}
            </span>
            <span className={styles.label}>{item.label}</span>
            <button
              type="button"
              className="button-secondary"
              aria-label={labels.moveUp(item.label)}
              disabled={index === 0}
              onClick={() => move(index, index - 1, false)}
            >
              ↑
            </button>
            <button
              type="button"
              className="button-secondary"
              aria-label={labels.moveDown(item.label)}
              disabled={index === items.length - 1}
              onClick={() => move(index, index + 1, false)}
            >
              ↓
            </button>
            {onRemove && labels.remove && (
              <button
                type="button"
                className="button-secondary"
                aria-label={labels.remove(item.label)}
                onClick={() => onRemove(item.id)}
              >
                ✕
              </button>
            )}
          </li>
        ))}
      </ol>
      <p id={hintId} className="sr-only">
        {labels.keyboardHint}
      </p>
      <p role="status" className="sr-only">
        {announcement}
      </p>
    </>
  );
}
