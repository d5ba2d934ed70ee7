import { useMemo, useState } from 'react';
import { ListPlus, Plus, Trash2, TriangleAlert } from 'lucide-react';
import {
  CONDITION_OPERATORS,
  GROUP_LABELS,
  GROUP_OPS,
  OPERATORS,
  fromConditionTree,
  parseMapping,
  toConditionTree,
  valueFault,
  type AvailableMapping,
  type ConditionGroup,
  type ConditionNode,
  type ConditionRule,
  type GroupOp,
  type Operator,
} from '../../model/conditions';
import type { Conditions } from '../../model/types';
import { MAX_CONDITION_DEPTH } from '../../model/fieldRules';
import {
  appendTo,
  asRootGroup,
  formatList,
  formatScalar,
  isComplete,
  newRule,
  parseList,
  parseScalar,
  removeAt,
  reshapeValue,
  updateAt,
  type TreePath,
} from './treeEdit';
import '../fields/fields.css';
import './conditions.css';
import { commitOrRevertOnKey } from '../fields/keys';

export interface ConditionBuilderProps {
  /** The conditions as the document holds them (undefined: none). */
  value: Conditions | undefined;
  /** Called with the new conditions (undefined when the last rule is removed); one call = one undo step. */
  onChange: (next: Conditions | undefined) => void;
  /** The mappings available at this point: the fields of the modules upstream (availableMappings). */
  mappings: readonly AvailableMapping[];
  /** What the conditions decide, for the empty state ("bundles pass this filter"). */
  subject?: string;
}

const CUSTOM = '__custom__';

/**
 * Builds filter and route conditions: @and / @or / @not groups of rules, each rule a mapping
 * (picked from the upstream modules or typed), one of the 16 operators and a value shaped by
 * the operator. Conditions that the file holds but the builder cannot read are shown as a
 * message, never a crash.
 */
export function ConditionBuilder({ value, onChange, mappings, subject = 'every bundle passes' }: ConditionBuilderProps) {
  const parsed = useMemo(() => toConditionTree(value), [value]);
  // The builder edits a local tree: a rule without a mapping stays here until it has one,
  // so the document only ever holds conditions that read back.
  const [local, setLocal] = useState<{ source: Conditions | undefined; tree: ConditionGroup | null }>(() => ({
    source: value,
    tree: parsed.ok ? asRootGroup(parsed.tree) : null,
  }));
  let tree = local.tree;
  if (local.source !== value) {
    tree = parsed.ok ? asRootGroup(parsed.tree) : null;
    setLocal({ source: value, tree });
  }

  if (!parsed.ok && tree === null) {
    return (
      <div className="cf-conditions" data-testid="condition-builder">
        <div className="cf-conditions__invalid" role="alert" data-testid="condition-invalid">
          <TriangleAlert size={15} aria-hidden="true" />
          <div>
            <p className="cf-conditions__invalid-title">These conditions cannot be edited here</p>
            <ul>
              {parsed.errors.slice(0, 5).map((e, i) => (
                <li key={i}>
                  {e.path && <code>{e.path}</code>} {e.message}
                </li>
              ))}
            </ul>
            <button type="button" className="cf-btn cf-btn--sm" data-testid="condition-clear" onClick={() => onChange(undefined)}>
              Remove these conditions
            </button>
          </div>
        </div>
      </div>
    );
  }

  const root = tree ?? { kind: 'group' as const, op: '@and' as const, children: [] };

  const apply = (next: ConditionGroup) => {
    setLocal({ source: value, tree: next });
    if (!isComplete(next)) return;
    const out = next.children.length === 0 ? undefined : fromConditionTree(next);
    setLocal({ source: out, tree: next });
    onChange(out);
  };

  const firstMapping = mappings[0]?.mapping ?? '';

  if (root.children.length === 0) {
    return (
      <div className="cf-conditions" data-testid="condition-builder">
        <p className="cf-conditions__empty">No conditions: {subject} at the pass rate you set.</p>
        <div className="cf-conditions__actions">
          <button
            type="button"
            className="cf-btn cf-btn--sm"
            data-testid="condition-add-rule"
            onClick={() => apply(appendTo(root, [], newRule(firstMapping)))}
          >
            <Plus size={13} aria-hidden="true" /> Add condition
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className="cf-conditions" data-testid="condition-builder">
      <GroupView group={root} path={[]} root={root} apply={apply} mappings={mappings} firstMapping={firstMapping} />
      {!isComplete(root) && (
        <p className="cf-conditions__pending" data-testid="condition-pending">
          Choose a field for each rule; the conditions are saved when every rule has one.
        </p>
      )}
    </div>
  );
}

interface NodeProps {
  path: TreePath;
  root: ConditionGroup;
  apply: (next: ConditionGroup) => void;
  mappings: readonly AvailableMapping[];
  firstMapping: string;
}

function GroupView({ group, path, root, apply, mappings, firstMapping }: NodeProps & { group: ConditionGroup }) {
  const nested = path.length > 0;
  // This group is level path.length + 1; a rule in it one more, a new group with its rule two more.
  const canAddRule = path.length + 2 <= MAX_CONDITION_DEPTH;
  const canAddGroup = path.length + 3 <= MAX_CONDITION_DEPTH;
  const tooDeep = `Conditions can nest at most ${MAX_CONDITION_DEPTH} levels.`;
  return (
    <div className={`cf-cond-group${nested ? ' cf-cond-group--nested' : ''}`} data-testid="condition-group" data-op={group.op}>
      <div className="cf-cond-group__head">
        <span className="cf-cond-group__word">{nested ? 'Match' : 'Pass when'}</span>
        <select
          className="cf-select cf-cond-group__op"
          aria-label="How the conditions of this group combine"
          data-testid="condition-group-op"
          value={group.op}
          onChange={(e) => apply(updateAt(root, path, (n) => (n.kind === 'group' ? { ...n, op: e.target.value as GroupOp } : n)))}
        >
          {GROUP_OPS.map((op) => (
            <option key={op} value={op}>
              {GROUP_LABELS[op]}
            </option>
          ))}
        </select>
        <span className="cf-cond-group__word">these</span>
        {nested && (
          <button
            type="button"
            className="cf-icon-btn cf-cond__remove"
            aria-label="Remove group"
            data-testid="condition-remove-group"
            onClick={() => apply(removeAt(root, path))}
          >
            <Trash2 size={14} />
          </button>
        )}
      </div>
      <div className="cf-cond-group__children">
        {group.children.map((child, i) =>
          child.kind === 'group' ? (
            <GroupView key={i} group={child} path={[...path, i]} root={root} apply={apply} mappings={mappings} firstMapping={firstMapping} />
          ) : (
            <RuleView key={i} rule={child} path={[...path, i]} root={root} apply={apply} mappings={mappings} firstMapping={firstMapping} />
          ),
        )}
        {group.children.length === 0 && <p className="cf-conditions__empty">An empty group always matches.</p>}
      </div>
      <div className="cf-conditions__actions">
        <button
          type="button"
          className="cf-btn cf-btn--sm cf-btn--ghost"
          data-testid="condition-add-rule"
          disabled={!canAddRule}
          title={canAddRule ? undefined : tooDeep}
          onClick={() => apply(appendTo(root, path, newRule(firstMapping)))}
        >
          <Plus size={13} aria-hidden="true" /> Rule
        </button>
        <button
          type="button"
          className="cf-btn cf-btn--sm cf-btn--ghost"
          data-testid="condition-add-group"
          disabled={!canAddGroup}
          title={canAddGroup ? undefined : tooDeep}
          onClick={() =>
            apply(appendTo(root, path, { kind: 'group', op: group.op === '@and' ? '@or' : '@and', children: [newRule(firstMapping)] }))
          }
        >
          <ListPlus size={13} aria-hidden="true" /> Group
        </button>
      </div>
    </div>
  );
}

function mappingLabel(m: AvailableMapping): string {
  return `${m.moduleName || m.moduleId} › ${m.field}`;
}

function RuleView({ rule, path, root, apply, mappings }: NodeProps & { rule: ConditionRule }) {
  const change = (patch: Partial<ConditionRule>) =>
    apply(updateAt(root, path, (n) => (n.kind === 'rule' ? ({ ...n, ...patch } as ConditionNode) : n)));
  const known = mappings.some((m) => m.mapping === rule.mapping);
  const [customChosen, setCustomChosen] = useState(false);
  const custom = customChosen || (!known && rule.mapping !== '') || (mappings.length === 0);
  const groups = useMemo(() => {
    const byModule = new Map<string, AvailableMapping[]>();
    for (const m of mappings) {
      const list = byModule.get(m.moduleId) ?? [];
      list.push(m);
      byModule.set(m.moduleId, list);
    }
    return [...byModule.values()];
  }, [mappings]);

  return (
    <div className="cf-cond-rule" data-testid="condition-rule">
      <div className="cf-cond-rule__row">
        <select
          className="cf-select cf-cond-rule__mapping"
          aria-label="Field to test"
          data-testid="condition-mapping"
          value={custom ? CUSTOM : rule.mapping}
          onChange={(e) => {
            if (e.target.value === CUSTOM) {
              setCustomChosen(true);
              return;
            }
            setCustomChosen(false);
            change({ mapping: e.target.value });
          }}
        >
          {rule.mapping === '' && !custom && <option value="">Choose a field…</option>}
          {groups.map((list) => (
            <optgroup key={list[0]!.moduleId} label={`${list[0]!.typeLabel} · ${list[0]!.moduleName || list[0]!.moduleId}`}>
              {list.map((m) => (
                <option key={m.mapping} value={m.mapping}>
                  {mappingLabel(m)}
                </option>
              ))}
            </optgroup>
          ))}
          <option value={CUSTOM}>Other mapping…</option>
        </select>
        <button
          type="button"
          className="cf-icon-btn cf-cond__remove"
          aria-label="Remove rule"
          data-testid="condition-remove"
          onClick={() => apply(removeAt(root, path))}
        >
          <Trash2 size={14} />
        </button>
      </div>
      {custom && (
        <TextCommit
          className="cf-input cf-cond-rule__custom"
          label="Mapping"
          testId="condition-mapping-text"
          placeholder="{{[m1].email}}"
          value={rule.mapping}
          check={(t) => (t.trim() === '' ? 'Enter a mapping such as {{[m1].email}}' : t.trim().startsWith('_') || t.trim().startsWith('@') ? 'A mapping cannot start with _ or @' : undefined)}
          warn={(t) => (parseMapping(t.trim()) ? undefined : 'Mappings usually read {{[module id].field}}')}
          onCommit={(t) => change({ mapping: t.trim() })}
        />
      )}
      <div className={`cf-cond-rule__test${CONDITION_OPERATORS[rule.op].shape === 'pair' ? ' cf-cond-rule__test--stacked' : ''}`}>
        <select
          className="cf-select cf-cond-rule__op"
          aria-label="Operator"
          data-testid="condition-op"
          value={rule.op}
          onChange={(e) => {
            const op = e.target.value as Operator;
            change({ op, value: reshapeValue(rule.value, op) });
          }}
        >
          {OPERATORS.map((op) => (
            <option key={op} value={op}>
              {CONDITION_OPERATORS[op].label}
            </option>
          ))}
        </select>
        <ValueInput rule={rule} onValue={(v) => change({ value: v })} />
      </div>
    </div>
  );
}

function ValueInput({ rule, onValue }: { rule: ConditionRule; onValue: (value: unknown) => void }) {
  const info = CONDITION_OPERATORS[rule.op];
  const textOnly = info.valueType === 'text';
  const check = (v: unknown) => valueFault(rule.op, v);
  if (info.shape === 'pair') {
    const pair = Array.isArray(rule.value) ? rule.value : [];
    const set = (i: 0 | 1, text: string) => {
      const next = [pair[0] ?? 0, pair[1] ?? 0];
      next[i] = parseScalar(text, textOnly);
      return next;
    };
    return (
      <div className="cf-cond-rule__pair">
        <TextCommit
          className="cf-input"
          label="From"
          testId="condition-value-low"
          placeholder="from"
          value={formatScalar(pair[0], textOnly)}
          check={(t) => check(set(0, t))}
          onCommit={(t) => onValue(set(0, t))}
        />
        <span className="cf-cond-rule__and">and</span>
        <TextCommit
          className="cf-input"
          label="To"
          testId="condition-value-high"
          placeholder="to"
          value={formatScalar(pair[1], textOnly)}
          check={(t) => check(set(1, t))}
          onCommit={(t) => onValue(set(1, t))}
        />
      </div>
    );
  }
  if (info.shape === 'list') {
    return (
      <TextCommit
        className="cf-input"
        label="Values, separated by commas"
        testId="condition-value"
        placeholder="ES, PT, FR"
        value={formatList(rule.value, textOnly)}
        check={(t) => check(parseList(t, textOnly))}
        onCommit={(t) => onValue(parseList(t, textOnly))}
      />
    );
  }
  return (
    <TextCommit
      className="cf-input"
      label="Value"
      testId="condition-value"
      placeholder={textOnly ? (rule.op === '_like' || rule.op === '_nlike' ? '%@gmail.com' : 'text') : rule.value === '' ? 'empty text' : 'value'}
      hint={rule.op === '_like' || rule.op === '_nlike' ? '% matches any text, _ one character' : undefined}
      value={formatScalar(rule.value, textOnly)}
      check={(t) => check(parseScalar(t, textOnly))}
      onCommit={(t) => onValue(parseScalar(t, textOnly))}
    />
  );
}

/** A text input that keeps its text while typing and commits on blur / Enter; Escape reverts. */
function TextCommit(props: {
  className: string;
  label: string;
  testId: string;
  placeholder?: string;
  hint?: string;
  value: string;
  check: (text: string) => string | undefined;
  warn?: (text: string) => string | undefined;
  onCommit: (text: string) => void;
}) {
  const { className, label, testId, placeholder, hint, value, check, warn, onCommit } = props;
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();
  const text = draft ?? value;
  const commit = () => {
    if (draft === null) return;
    const fault = check(draft);
    if (fault) {
      setError(fault);
      return;
    }
    setError(undefined);
    setDraft(null);
    if (draft !== value) onCommit(draft);
  };
  const warning = !error && warn ? warn(text) : undefined;
  return (
    <div className="cf-cond-value">
      <input
        className={className}
        aria-label={label}
        data-testid={testId}
        placeholder={placeholder}
        value={text}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) =>
          commitOrRevertOnKey(e, {
            commit,
            revert: () => {
              setDraft(null);
              setError(undefined);
            },
            dirty: draft !== null,
          })
        }
      />
      {error ? (
        <p className="cf-field__error" role="alert" data-testid="field-error">
          {error}
        </p>
      ) : warning ? (
        <p className="cf-field__hint">{warning}</p>
      ) : (
        hint && <p className="cf-field__hint">{hint}</p>
      )}
    </div>
  );
}
