import type { KeyboardEvent } from 'react';
import { MODULE_KINDS } from '../../model/modules/registry';
import type { ModuleType } from '../../model/types';
import { KindIcon } from '../../ui/KindIcon';

/** A table's module cell content: the kind's icon in its colour, the name, and the kind as a label when asked. */
export function ModuleCell({ type, name, showKind = false, nameClassName = '' }: { type: ModuleType; name: string; showKind?: boolean; nameClassName?: string }) {
  return (
    <span className="cf-table__module">
      <span className="cf-table__icon" style={{ color: MODULE_KINDS[type].colour }}>
        <KindIcon type={type} size={14} />
      </span>
      <span className={`cf-table__name${nameClassName ? ` ${nameClassName}` : ''}`}>{name}</span>
      {showKind && <span className="cf-muted cf-table__kind">{MODULE_KINDS[type].label}</span>}
    </span>
  );
}

/** What makes a table row act as a button: focusable, a click or Enter / Space runs `action`. */
export function rowAction(action: () => void) {
  return {
    tabIndex: 0,
    onClick: action,
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        action();
      }
    },
  };
}
