import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useStore } from 'zustand';
import { Copy, Download, Pencil, Plus, Search, Trash2 } from 'lucide-react';
import type { FlowSummary } from '../../store/libraryDb';
import type { LibrarySession } from '../../store/librarySession';
import { searchFlows } from '../../store/library';
import { useEditor, useEditorInstance } from '../../editor/react';
import { formatCount, formatCredits } from '../../ui/numbers';
import { useRowWindow } from '../../ui/useRowWindow';
import { Dialog } from '../dialogs/Dialog';
import { ImportProgress } from '../files/ImportProgress';
import { whenText } from './when';
import './library.css';

/** The height of a flow's row (library.css), and the rows rendered beyond each side of the view. */
const ROW_HEIGHT = 38;
const OVERSCAN = 8;
/** The list's height before it is measured (its max-height in library.css). */
const LIST_HEIGHT = 420;

/** One flow of the list: open it with a click on its name; rename in place, duplicate, delete. */
function FlowRow({ flow, index, of, open, now }: { flow: FlowSummary; index: number; of: number; open: boolean; now: number }) {
  const { commands } = useEditorInstance();
  const [draft, setDraft] = useState<string | null>(null);
  const commitRename = () => {
    if (draft !== null && draft.trim() !== flow.name) void commands.run('library.rename', { id: flow.id, name: draft });
    setDraft(null);
  };
  return (
    <li
      className={`cf-library__row cf-library__row--flow${open ? ' cf-library__row--open' : ''}`}
      data-testid="library-row"
      data-id={flow.id}
      data-name={flow.name}
      data-index={index}
      aria-posinset={index + 1}
      aria-setsize={of}
    >
      {draft === null ? (
        <button
          type="button"
          className="cf-library__name"
          data-testid="library-open"
          title={open ? 'This flow is open' : `Open “${flow.name}”`}
          onClick={() => void commands.run('library.open', { id: flow.id })}
        >
          {flow.name}
          {open && <span className="cf-library__badge">open</span>}
        </button>
      ) : (
        <input
          className="cf-library__rename"
          aria-label={`New name for ${flow.name}`}
          data-testid="library-rename-input"
          autoFocus
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commitRename}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commitRename();
            if (e.key === 'Escape') {
              e.stopPropagation();
              e.preventDefault();
              setDraft(null);
            }
          }}
        />
      )}
      <span className="cf-library__figure" data-testid="library-modules">
        {formatCount(flow.modules)} {flow.modules === 1 ? 'module' : 'modules'}
      </span>
      <span className="cf-library__figure" data-testid="library-month" data-value={flow.perMonth ?? ''}>
        {flow.perMonth === null ? '—' : `${formatCredits(flow.perMonth)} cr/mo`}
      </span>
      <span className="cf-library__when" title={new Date(flow.updatedAt).toLocaleString()}>
        {whenText(flow.updatedAt, now)}
      </span>
      <span className="cf-library__actions">
        <button type="button" className="cf-icon-btn" aria-label={`Rename ${flow.name}`} title="Rename" data-testid="library-rename" onClick={() => setDraft(flow.name)}>
          <Pencil size={14} aria-hidden="true" />
        </button>
        <button type="button" className="cf-icon-btn" aria-label={`Duplicate ${flow.name}`} title="Duplicate" data-testid="library-duplicate" onClick={() => void commands.run('library.duplicate', { id: flow.id })}>
          <Copy size={14} aria-hidden="true" />
        </button>
        <button type="button" className="cf-icon-btn" aria-label={`Delete ${flow.name}`} title="Delete (can be undone)" data-testid="library-delete" onClick={() => void commands.run('library.delete', { id: flow.id })}>
          <Trash2 size={14} aria-hidden="true" />
        </button>
      </span>
    </li>
  );
}

const plural = (n: number) => `${formatCount(n)} ${n === 1 ? 'flow' : 'flows'}`;

/**
 * The flows found, windowed: only the rows in view and a margin are in the DOM (ui/rowWindow.ts),
 * so a library of hundreds of flows opens as fast as one of twenty. Tab moves through the rows as
 * before (a focused row is scrolled into view, which brings the next ones in); Up and Down move
 * between the rows' names, Home and End go to the first and the last.
 */
function FlowList({
  flows,
  total,
  query,
  currentId,
  now,
}: {
  flows: FlowSummary[];
  total: number;
  query: string;
  currentId: string | null;
  now: number;
}) {
  const scroller = useRef<HTMLUListElement>(null);
  const { start, end, padTop, padBottom } = useRowWindow(scroller, flows.length, ROW_HEIGHT, OVERSCAN, LIST_HEIGHT);
  /** The row to focus once it is rendered (after a jump that scrolled the list). */
  const pendingFocus = useRef<number | null>(null);
  const focusPending = () => {
    const index = pendingFocus.current;
    const name = index === null ? null : scroller.current?.querySelector<HTMLElement>(`[data-index="${index}"] [data-testid="library-open"]`);
    if (!name) return;
    pendingFocus.current = null;
    name.focus();
  };
  useEffect(focusPending, [start, end]);

  const goTo = (index: number) => {
    const list = scroller.current;
    if (!list || flows.length === 0) return;
    const target = Math.max(0, Math.min(flows.length - 1, index));
    const top = target * ROW_HEIGHT;
    if (top < list.scrollTop) list.scrollTop = top;
    else if (top + ROW_HEIGHT > list.scrollTop + list.clientHeight) list.scrollTop = top + ROW_HEIGHT - list.clientHeight;
    pendingFocus.current = target;
    focusPending();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const target = e.target as HTMLElement;
    if (target.tagName === 'INPUT') return; // renaming: the keys are the field's
    const row = target.closest<HTMLElement>('[data-index]');
    const index = row ? Number(row.dataset.index) : -1;
    const to = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: flows.length - 1 }[e.key];
    if (to === undefined || index < 0) return;
    e.preventDefault();
    goTo(to);
  };

  return (
    <>
      <p className="cf-library__count" data-testid="library-count" data-count={flows.length} aria-live="polite">
        {query.trim() ? `${formatCount(flows.length)} of ${plural(total)}` : plural(total)}
      </p>
      <ul
        ref={scroller}
        className="cf-library__list cf-library__list--flows"
        data-testid="library-list"
        aria-label="Flows"
        onKeyDown={onKeyDown}
      >
        {padTop > 0 && <li aria-hidden="true" className="cf-library__spacer" style={{ height: padTop }} />}
        {flows.slice(start, end).map((flow, i) => (
          <FlowRow key={flow.id} flow={flow} index={start + i} of={flows.length} open={flow.id === currentId} now={now} />
        ))}
        {padBottom > 0 && <li aria-hidden="true" className="cf-library__spacer" style={{ height: padBottom }} />}
        {flows.length === 0 && <li className="cf-library__empty">{query ? `No flow is named like “${query}”.` : 'No flows yet.'}</li>}
      </ul>
    </>
  );
}

function download(name: string, text: string, save: (file: string, text: string) => void) {
  save(`${name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'record'}.json`, text);
}

/** The flow library: every flow kept in this browser, newest first, with search. */
export function LibraryDialog() {
  const editor = useEditorInstance();
  const library = editor.library;
  const close = () => editor.store.getState().closeDialog();
  const [query, setQuery] = useState('');
  useEffect(() => {
    void library?.refresh();
  }, [library]);
  if (!library) return null;
  return <LibraryBody library={library} query={query} setQuery={setQuery} close={close} download={editor.download} />;
}

function LibraryBody({
  library,
  query,
  setQuery,
  close,
  download: save,
}: {
  library: LibrarySession;
  query: string;
  setQuery: (q: string) => void;
  close: () => void;
  download: (file: string, text: string) => void;
}) {
  const { commands } = useEditorInstance();
  const listing = useStore(library.state, (s) => s.listing);
  const currentId = useStore(library.state, (s) => s.currentId);
  const error = useStore(library.state, (s) => s.error);
  const removed = useStore(library.state, (s) => s.removed);
  const untouched = useStore(library.state, (s) => s.untouched);
  const shownName = useEditor((s) => s.flow.name);
  const flows = useMemo(() => (listing ? searchFlows(listing.flows, query) : []), [listing, query]);
  // "5 min ago" as of when the dialog opened.
  const [now] = useState(() => Date.now());
  return (
    <Dialog
      title="Library"
      description="Every flow kept in this browser. Nothing leaves it unless you export or share a link."
      onClose={close}
      testId="library-dialog"
      width={760}
      footer={
        <>
          <button type="button" className="cf-btn" data-testid="library-new" onClick={() => void commands.run('file.new')}>
            <Plus size={14} aria-hidden="true" /> New flow
          </button>
          <button type="button" className="cf-btn cf-btn--primary" onClick={close}>
            Done
          </button>
        </>
      }
    >
      <div className="cf-library">
        <label className="cf-search__field">
          <Search size={15} aria-hidden="true" />
          <input
            className="cf-search__input"
            type="search"
            placeholder="Search by name"
            aria-label="Search flows by name"
            data-testid="library-search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              // Down from the search goes to the first flow found.
              if (e.key !== 'ArrowDown') return;
              e.preventDefault();
              document.querySelector<HTMLElement>('[data-testid="library-list"] [data-index="0"] [data-testid="library-open"]')?.focus();
            }}
          />
        </label>
        {error && (
          <p className="cf-library__error" role="alert" data-testid="library-error">
            {error}
          </p>
        )}
        <ImportProgress inDialog library />
        {removed && (
          <p className="cf-library__removed" role="status" data-testid="library-removed">
            Deleted “{removed.name}”.
            <button type="button" className="cf-btn cf-btn--sm" data-testid="library-undo-delete" onClick={() => void commands.run('library.undoDelete')}>
              Undo
            </button>
          </p>
        )}
        {untouched && (
          <p className="cf-library__note" data-testid="library-untouched">
            “{shownName}”, open now, is not kept here yet: it is added with your first change.
          </p>
        )}
        {listing === null ? (
          <p className="cf-library__empty">Reading the library…</p>
        ) : (
          <FlowList flows={flows} total={listing.flows.length} query={query} currentId={currentId} now={now} />
        )}
        {listing && listing.unreadable.length > 0 && (
          <ul className="cf-library__list cf-library__list--unreadable" data-testid="library-unreadable" aria-label="Records that cannot be read">
            {listing.unreadable.map((record, i) => (
              <li key={record.id ?? i} className="cf-library__row cf-library__row--unreadable">
                <span className="cf-library__problem">
                  A stored record {record.id ? `(${record.id}) ` : ''}cannot be read: {record.problem}. It is kept as it is.
                </span>
                <span className="cf-library__actions">
                  <button type="button" className="cf-icon-btn" aria-label="Download the unreadable record" title="Download it" onClick={() => download(record.id ?? 'unreadable', record.text, save)}>
                    <Download size={14} aria-hidden="true" />
                  </button>
                  {record.id !== null && (
                    <button type="button" className="cf-icon-btn" aria-label="Delete the unreadable record" title="Delete (can be undone)" onClick={() => void commands.run('library.delete', { id: record.id! })}>
                      <Trash2 size={14} aria-hidden="true" />
                    </button>
                  )}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Dialog>
  );
}
