import { useMemo } from 'react';
import { ArrowDown, Trash2 } from 'lucide-react';
import { availableMappings } from '../../model/conditions';
import { MODULE_KINDS } from '../../model/modules/registry';
import { pointOf, type Edge, type Estimate, type Filter, type FilterMode, type Flow, type Module } from '../../model/types';
import { setFilter, setRoute } from '../../store/inspectorRecipes';
import { FIELD_RULES, typedRule } from '../../model/fieldRules';
import { ConditionBuilder } from '../conditions/ConditionBuilder';
import { EstimateField } from '../fields/EstimateField';
import { NumberField } from '../fields/NumberField';
import { KindIcon } from '../../ui/KindIcon';
import { formatCount } from '../../ui/numbers';
import { Section, Stat } from './Section';
import { EdgeProblems } from './ProblemList';
import { useEditField, useEditorInstance, useFlowCost } from '../../editor/react';
import { useFlowIgnoringPositions } from '../../editor/laterHooks';

/** Pass rate a new filter starts with. */
const NEW_FILTER_PASS_RATE = 0.5;

const FILTER_HELP: Record<'none' | FilterMode, string> = {
  none: 'Every bundle goes through.',
  break: 'Bundles that fail stop here: the next module and everything after it run only for those that pass.',
  skip: 'Bundles that fail skip only the next module; the path goes on after it.',
};

const NO_SKIP_INTO = new Set(['router', 'iterator', 'aggregator']);

function ModuleChip({ module, id }: { module: Module | undefined; id: string }) {
  if (!module) return <span className="cf-insp-chip cf-insp-chip--missing">missing {id}</span>;
  return (
    <span className="cf-insp-chip" style={{ ['--kind-colour' as string]: MODULE_KINDS[module.type].colour }}>
      <KindIcon type={module.type} size={13} />
      <span className="cf-insp-chip__name">{module.name || module.id}</span>
    </span>
  );
}

export function EdgeInspector({ edgeId }: { edgeId: string }) {
  const { commands } = useEditorInstance();
  const flow = useFlowIgnoringPositions();
  const edge = flow.edges.find((e) => e.id === edgeId);
  const cost = useFlowCost();
  const mappings = useMemo(() => (edge ? availableMappings(flow as Flow, edge.target) : []), [flow, edge]);
  if (!edge) return null;
  const source = flow.modules.find((m) => m.id === edge.source);
  const target = flow.modules.find((m) => m.id === edge.target);
  const isRoute = source?.type === 'router';
  const counts = cost.edges.get(edge.id);

  return (
    <div className="cf-insp" data-testid="inspector-edge" data-edge-id={edge.id}>
      <header className="cf-insp-head cf-insp-head--edge">
        <div className="cf-insp-head__text">
          <p className="cf-insp-head__kind">
            {isRoute ? 'Route' : 'Edge'} <span className="cf-insp-head__id">{edge.id}</span>
          </p>
          <div className="cf-insp-edge-ends">
            <ModuleChip module={source} id={edge.source} />
            <ArrowDown size={13} className="cf-insp-edge-ends__arrow" aria-hidden="true" />
            <ModuleChip module={target} id={edge.target} />
          </div>
        </div>
        <button
          type="button"
          className="cf-icon-btn"
          aria-label="Delete edge"
          title="Delete edge"
          data-testid="inspector-delete"
          onClick={() => void commands.run('edit.delete')}
        >
          <Trash2 size={15} />
        </button>
      </header>

      {counts && (
        <div className="cf-insp-stats" data-testid="inspector-stats">
          <Stat value={formatCount(counts.count)} label="bundles / run" />
          <Stat value={formatCount(counts.passed)} label="pass through" testId="edge-passed" />
        </div>
      )}

      <EdgeProblems edgeId={edge.id} />

      {isRoute ? <RouteEditor edge={edge} mappings={mappings} /> : <FilterEditor edge={edge} target={target} mappings={mappings} />}
    </div>
  );
}

type Mappings = ReturnType<typeof availableMappings>;

function FilterEditor({ edge, target, mappings }: { edge: Edge; target: Module | undefined; mappings: Mappings }) {
  const { store } = useEditorInstance();
  const editField = useEditField();
  const filter = edge.filter;
  const mode: 'none' | FilterMode = filter?.mode ?? 'none';
  const skipBlocked = target !== undefined && NO_SKIP_INTO.has(target.type);
  const change = (next: 'none' | FilterMode) => {
    if (next === 'none') return editField('Remove filter', (d) => setFilter(d, edge.id, undefined));
    const passRate = filter?.passRate ?? NEW_FILTER_PASS_RATE;
    return editField(filter ? `Make filter ${next}` : `Add ${next} filter`, (d) => setFilter(d, edge.id, { mode: next, passRate }));
  };
  const setFilterPart = (label: string, patch: Partial<Filter>) => {
    if (!filter) return undefined;
    return editField(label, (d) => setFilter(d, edge.id, { mode: filter.mode, passRate: filter.passRate, ...patch }));
  };
  return (
    <>
      <Section title="Filter">
        <div className="cf-field">
          <div className="cf-field__label-row">
            <label className="cf-field__label" htmlFor={`filter-mode-${edge.id}`}>
              When a bundle fails
            </label>
          </div>
          <select
            id={`filter-mode-${edge.id}`}
            className="cf-select"
            data-testid="filter-mode"
            value={mode}
            onChange={(e) => {
              const refused = change(e.target.value as 'none' | FilterMode);
              if (refused) store.getState().showToast('warning', refused);
            }}
          >
            <option value="none">No filter</option>
            <option value="break">Break: stop the path</option>
            <option value="skip" disabled={skipBlocked}>
              Skip: skip the next module only{skipBlocked ? ` (not into a ${target ? MODULE_KINDS[target.type].label.toLowerCase() : ''})` : ''}
            </option>
          </select>
          <p className="cf-field__hint">{FILTER_HELP[mode]}</p>
        </div>
        {filter && (
          <PassRateField
            value={filter.passRate}
            fallback={pointOf(filter.passRate)}
            hint="The share of bundles you expect to pass."
            onCommit={(passRate) => setFilterPart('Set filter pass rate', { passRate })}
          />
        )}
      </Section>
      {filter && (
        <Section title="Conditions">
          <ConditionBuilder
            value={filter.conditions}
            mappings={mappings}
            subject="bundles pass"
            onChange={(conditions) => {
              const refused = setFilterPart('Edit filter conditions', { conditions });
              if (refused) store.getState().showToast('warning', refused);
            }}
          />
        </Section>
      )}
    </>
  );
}

function RouteEditor({ edge, mappings }: { edge: Edge; mappings: Mappings }) {
  const { store } = useEditorInstance();
  const editField = useEditField();
  const route = edge.route;
  const fallback = route?.fallback ?? false;
  return (
    <>
      <Section title="Route">
        <div className="cf-insp-row">
          <NumberField
            name="priority"
            testId="route-priority"
            label="Priority"
            value={route?.priority}
            placeholder="1"
            min={FIELD_RULES.priority.min}
            max={FIELD_RULES.priority.max}
            hint="Lower runs first."
            onCommit={(priority) =>
              priority === undefined ? 'Enter a priority' : editField('Set route priority', (d) => setRoute(d, edge.id, { priority }))
            }
          />
          <label className="cf-switch cf-insp-fallback">
            <span>
              Fallback
              <span className="cf-field__hint cf-insp-fallback__hint">when no route matches</span>
            </span>
            <input
              type="checkbox"
              role="switch"
              data-testid="route-fallback"
              checked={fallback}
              onChange={(e) => editField(e.target.checked ? 'Make route the fallback' : 'Make route a normal route', (d) => setRoute(d, edge.id, { fallback: e.target.checked }))}
            />
          </label>
        </div>
        {fallback ? (
          <p className="cf-insp-hint" data-testid="route-fallback-note">
            The fallback takes the bundles no other route took, so it has no pass rate of its own.
          </p>
        ) : (
          <PassRateField
            value={route?.passRate}
            fallback={route ? pointOf(route.passRate) : 0.5}
            hint="The share of bundles that match this route."
            onCommit={(passRate) => editField('Set route pass rate', (d) => setRoute(d, edge.id, { passRate }))}
          />
        )}
      </Section>
      {!fallback && (
        <Section title="Conditions">
          <ConditionBuilder
            value={route?.conditions}
            mappings={mappings}
            subject="bundles take this route"
            onChange={(conditions) => {
              const refused = editField('Edit route conditions', (d) => setRoute(d, edge.id, { conditions }));
              if (refused) store.getState().showToast('warning', refused);
            }}
          />
        </Section>
      )}
    </>
  );
}

/** A filter's or a route's pass rate (0..1), edited as a percent; an empty field is refused. */
function PassRateField(props: { value: Estimate | undefined; fallback: number; hint: string; onCommit: (passRate: Estimate) => string | void | undefined }) {
  const { value, fallback, hint, onCommit } = props;
  return (
    <EstimateField
      name="passRate"
      label="Pass rate"
      {...typedRule(FIELD_RULES.passRate)}
      value={value}
      fallback={fallback}
      hint={hint}
      onCommit={(passRate) => (passRate === undefined ? 'Enter a pass rate' : onCommit(passRate))}
    />
  );
}
