import { useMemo, useState } from 'react';
import { Search } from 'lucide-react';
import { MODULE_KINDS } from '../../model/modules/registry';
import { KindIcon } from '../../ui/KindIcon';
import { Dialog } from './Dialog';
import { searchModules } from './search';
import { useEditor, useEditorInstance } from '../../editor/react';
import './search.css';

/** Ctrl+F: find a module by name; Enter selects it and centres the canvas on it. */
export function SearchDialog() {
  const { store, commands } = useEditorInstance();
  const modules = useEditor((s) => s.flow.modules);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const hits = useMemo(() => searchModules(modules, query), [modules, query]);
  const close = () => store.getState().closeDialog();
  const choose = (id: string) => {
    store.getState().closeDialog();
    void commands.run('select.reveal', { moduleId: id });
  };
  const at = Math.min(active, Math.max(0, hits.length - 1));
  return (
    <Dialog title="Find a module" onClose={close} testId="search-dialog" width={520} variant="palette">
      <div className="cf-search">
        <div className="cf-search__field">
          <Search size={16} aria-hidden="true" />
          <input
            className="cf-search__input"
            autoFocus
            placeholder="Module name…"
            aria-label="Module name"
            data-testid="search-input"
            role="combobox"
            aria-expanded="true"
            aria-controls="search-results"
            aria-activedescendant={hits[at] ? `search-hit-${hits[at].id}` : undefined}
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setActive(0);
            }}
            onKeyDown={(e) => {
              e.stopPropagation();
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                setActive(Math.min(hits.length - 1, at + 1));
              } else if (e.key === 'ArrowUp') {
                e.preventDefault();
                setActive(Math.max(0, at - 1));
              } else if (e.key === 'Enter') {
                e.preventDefault();
                const hit = hits[at];
                if (hit) choose(hit.id);
              } else if (e.key === 'Escape') {
                e.preventDefault();
                close();
              }
            }}
          />
        </div>
        <ul className="cf-search__list" id="search-results" role="listbox" aria-label="Modules">
          {hits.length === 0 && <li className="cf-search__empty">No module matches “{query.trim()}”.</li>}
          {hits.map((module, i) => (
            <li
              key={module.id}
              id={`search-hit-${module.id}`}
              role="option"
              aria-selected={i === at}
              className="cf-search__hit"
              data-testid="search-hit"
              onMouseEnter={() => setActive(i)}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(module.id)}
            >
              <span className="cf-search__icon" style={{ color: MODULE_KINDS[module.type].colour }}>
                <KindIcon type={module.type} size={15} />
              </span>
              <span className="cf-search__name">{module.name}</span>
              <span className="cf-search__kind">{MODULE_KINDS[module.type].label}</span>
            </li>
          ))}
        </ul>
      </div>
    </Dialog>
  );
}
