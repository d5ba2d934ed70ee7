import { useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { Search as SearchIcon, X } from 'lucide-react';
import { mergeRateCard } from '../../cost/rateCard';
import type { ModuleType } from '../../model/types';
import type { AddModulePayload } from '../../commands/registry';
import type { ModuleKind } from '../../model/modules/registry';
import { KindIcon } from '../../ui/KindIcon';
import { baseCreditsOf, formatBaseCredits, paletteGroups } from './catalogue';
import { MODULE_DRAG_TYPE } from '../../ui/dragTypes';
import './palette.css';
import { useEditor, useEditorInstance } from '../../editor/react';

const NO_TYPES: readonly ModuleType[] = [];

export interface PaletteProps {
  /**
   * Popover variant: called with the chosen module type instead of adding it to the flow
   * (e.g. "drop an edge on empty canvas → choose a module").
   */
  onPick?: (type: ModuleType) => void;
  /** Popover variant: Escape in the filter box (or the close button) calls this. */
  onClose?: () => void;
  /** Kinds not offered (e.g. the trigger when connecting from a module). */
  exclude?: readonly ModuleType[];
  /** Focus the filter box on mount (the popover does). */
  autoFocus?: boolean;
  /** 'sidebar' (default) or 'popover' (compact, with a close button). */
  variant?: 'sidebar' | 'popover';
  /** A heading for the popover ("Add a connected module"). */
  title?: string;
}

/**
 * The 13 module kinds, grouped, each with its base credits from the flow's rate card.
 * Drag an item onto the canvas, or click it / press Enter to add it next to the selected module.
 */
export function Palette({ onPick, onClose, exclude = NO_TYPES, autoFocus, variant = onPick ? 'popover' : 'sidebar', title }: PaletteProps) {
  const { commands } = useEditorInstance();
  const partialCard = useEditor((s) => s.flow.settings.rateCard);
  const rateCard = useMemo(() => mergeRateCard(partialCard), [partialCard]);
  const [query, setQuery] = useState('');
  const groups = useMemo(() => paletteGroups(query, exclude), [query, exclude]);
  const listRef = useRef<HTMLDivElement>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const first = groups[0]?.kinds[0];

  // A dialog that hosts the popover focuses its own first control when it opens (after this
  // component mounted), so the filter box takes the focus back once that is done.
  useEffect(() => {
    if (!autoFocus) return;
    const timer = setTimeout(() => filterRef.current?.focus(), 0);
    return () => clearTimeout(timer);
  }, [autoFocus]);

  const pick = (type: ModuleType) => {
    if (onPick) onPick(type);
    else void commands.run('module.add', { type } satisfies AddModulePayload);
  };

  const items = () => Array.from(listRef.current?.querySelectorAll<HTMLButtonElement>('button[data-palette-item]') ?? []);

  const moveFocus = (from: HTMLElement | null, step: number) => {
    const all = items();
    if (all.length === 0) return;
    const at = from ? all.indexOf(from as HTMLButtonElement) : -1;
    const next = at === -1 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, at + step));
    all[next]?.focus();
  };

  const onFilterKey = (event: KeyboardEvent<HTMLInputElement>) => {
    event.stopPropagation();
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      moveFocus(null, 1);
    } else if (event.key === 'Enter' && first) {
      event.preventDefault();
      pick(first.type);
    } else if (event.key === 'Escape') {
      if (query) setQuery('');
      else onClose?.();
    }
  };

  const onItemKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      event.stopPropagation();
      moveFocus(event.currentTarget, event.key === 'ArrowDown' ? 1 : -1);
    } else if (event.key === 'Escape' && onClose) {
      event.stopPropagation();
      onClose();
    }
  };

  return (
    <div className={`cf-palette cf-palette--${variant}`} data-testid={variant === 'popover' ? 'palette-popover' : 'palette'}>
      {title && (
        <div className="cf-palette__head">
          <span className="cf-palette__title">{title}</span>
          {onClose && (
            <button type="button" className="cf-icon-btn cf-palette__close" aria-label="Close" onClick={onClose}>
              <X size={14} />
            </button>
          )}
        </div>
      )}
      <div className="cf-palette__filter">
        <SearchIcon size={14} className="cf-palette__filter-icon" aria-hidden="true" />
        <input
          className="cf-input cf-palette__filter-input"
          type="search"
          placeholder="Filter modules"
          aria-label="Filter modules"
          data-testid="palette-filter"
          value={query}
          ref={filterRef}
          autoFocus={autoFocus}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onFilterKey}
        />
      </div>
      <div className="cf-palette__list" ref={listRef}>
        {groups.length === 0 && (
          <p className="cf-palette__empty" data-testid="palette-empty">
            No module matches “{query.trim()}”.
          </p>
        )}
        {groups.map((group) => (
          <section key={group.category} className="cf-palette__group" aria-label={group.label}>
            <h3 className="cf-palette__group-label">{group.label}</h3>
            <ul className="cf-palette__items">
              {group.kinds.map((kind) => (
                <li key={kind.type}>
                  <PaletteItem
                    kind={kind}
                    credits={baseCreditsOf(rateCard, kind.type)}
                    draggable={!onPick}
                    onPick={pick}
                    onKeyDown={onItemKey}
                  />
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      {variant === 'sidebar' && (
        <p className="cf-palette__foot">Drag onto the canvas, or click to add below the selected module.</p>
      )}
    </div>
  );
}

function PaletteItem(props: {
  kind: ModuleKind;
  credits: number;
  draggable: boolean;
  onPick: (type: ModuleType) => void;
  onKeyDown: (event: KeyboardEvent<HTMLButtonElement>) => void;
}) {
  const { kind, credits, draggable, onPick, onKeyDown } = props;
  const onDragStart = (event: DragEvent<HTMLButtonElement>) => {
    event.dataTransfer.setData(MODULE_DRAG_TYPE, kind.type);
    event.dataTransfer.effectAllowed = 'copy';
  };
  const free = credits === 0;
  return (
    <button
      type="button"
      className="cf-palette__item"
      data-palette-item
      data-testid={`palette-item-${kind.type}`}
      aria-label={`Add ${kind.label} module`}
      title={`${kind.description}\nBase: ${formatBaseCredits(credits)} per execution`}
      draggable={draggable}
      onDragStart={draggable ? onDragStart : undefined}
      onClick={() => onPick(kind.type)}
      onKeyDown={onKeyDown}
      style={{ ['--kind-colour' as string]: kind.colour }}
    >
      <span className="cf-palette__icon" aria-hidden="true">
        <KindIcon type={kind.type} size={15} strokeWidth={2} />
      </span>
      <span className="cf-palette__label">{kind.label}</span>
      <span className={`cf-palette__credits${free ? ' cf-palette__credits--free' : ''}`} aria-hidden="true">
        {formatBaseCredits(credits)}
      </span>
    </button>
  );
}
