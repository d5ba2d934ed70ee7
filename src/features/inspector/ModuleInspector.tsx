import { useMemo } from 'react';
import { Trash2 } from 'lucide-react';
import { MODULE_KINDS } from '../../model/modules/registry';
import { INCOMING_FILTER, pointOf, type AggregatorModule, type Flow, type Module, type RouterModule } from '../../model/types';
import { incomingFilterProblem, LIMITS } from '../../store/operations';
import { iteratorsUpstreamOf, renameModule, setAggregatorIterator, setAssumption, setRouterMode, setSchedule } from '../../store/inspectorRecipes';
import { readSchedule } from '../../model/cron';
import { TEXT_RULES } from '../../model/fieldRules';
import { EstimateField } from '../fields/EstimateField';
import { TextField } from '../fields/TextField';
import { KindIcon } from '../../ui/KindIcon';
import { formatCredits, formatCount } from '../../ui/numbers';
import { ASSUMPTION_INFO } from './assumptionInfo';
import { CostBreakdown } from './CostBreakdown';
import { Section, Stat } from './Section';
import { ModuleProblems } from './ProblemList';
import { useEditField, useEditor, useEditorInstance, useFlowCost } from '../../editor/react';
import { useFlowIgnoringPositions } from '../../editor/laterHooks';
import { GroupedNumber } from '../../ui/GroupedNumber';

const ROUTER_MODES = {
  standard: 'Every route whose condition matches runs; the fallback runs when none matched.',
  exclusive: 'Only the first matching route, by priority, runs. Route shares add up to at most 100 %; the fallback takes the rest.',
} as const;

export function ModuleInspector({ moduleId }: { moduleId: string }) {
  const { commands, derived } = useEditorInstance();
  const editField = useEditField();
  // Moving the module does not re-render its inspector: it shows nothing of the position.
  const module = useEditor((s) => derived.selectFlowIgnoringPositions(s).modules.find((m) => m.id === moduleId));
  const cost = useFlowCost();
  if (!module) return null;
  const kind = MODULE_KINDS[module.type];
  const node = cost.byId.get(module.id);
  const title = module.name || module.id;

  return (
    <div className="cf-insp" data-testid="inspector-module" data-module-id={module.id}>
      <header className="cf-insp-head" style={{ ['--kind-colour' as string]: kind.colour }}>
        <span className="cf-insp-head__icon" aria-hidden="true">
          <KindIcon type={module.type} size={18} />
        </span>
        <div className="cf-insp-head__text">
          <p className="cf-insp-head__kind">
            {kind.label} <span className="cf-insp-head__id">{module.id}</span>
          </p>
          <h2 className="cf-insp-head__title" title={title}>
            {title}
          </h2>
        </div>
        <button
          type="button"
          className="cf-icon-btn"
          aria-label={`Delete ${kind.label} module`}
          title="Delete module"
          data-testid="inspector-delete"
          onClick={() => void commands.run('edit.delete')}
        >
          <Trash2 size={15} />
        </button>
      </header>

      {node && (
        <div className="cf-insp-stats" data-testid="inspector-stats">
          <Stat value={<GroupedNumber text={formatCredits(node.credits)} />} label="credits / run" />
          <Stat value={<GroupedNumber text={`×${formatCount(node.executions)}`} />} label="executions" />
          <Stat value={<GroupedNumber text={formatCredits(node.attempt)} />} label="per attempt" />
        </div>
      )}

      <ModuleProblems moduleId={module.id} />

      <Section title="Module">
        <TextField
          name="name"
          label="Name"
          value={module.name}
          maxLength={LIMITS.nameLength}
          onCommit={(name) => editField(`Rename ${kind.label.toLowerCase()}`, (d) => renameModule(d, module.id, name))}
        />
        <p className="cf-insp-hint">{kind.description}</p>
        {INCOMING_FILTER in module && <HeldFilterHint held={(module as Module & { [INCOMING_FILTER]?: unknown })[INCOMING_FILTER]} />}
        {module.type === 'router' && <RouterConfig module={module} />}
        {module.type === 'aggregator' && <AggregatorConfig module={module} />}
        {module.type === 'trigger' && <ScheduleConfig module={module} />}
      </Section>

      <Section title="Assumptions" aside={<span className="cf-insp-aside">empty = kind default</span>}>
        {kind.assumptions.map((key) => {
          const info = ASSUMPTION_INFO[key];
          const own = module.assumptions?.[key];
          const fallback = kind.defaults[key];
          return (
            <EstimateField
              key={key}
              name={key}
              label={info.label}
              unit={info.unit}
              hint={info.hint}
              value={own}
              fallback={fallback}
              placeholder={String(fallback * info.scale)}
              {...(info.scale !== 1 ? { scale: info.scale } : {})}
              min={info.min}
              max={info.max}
              allowEmpty
              onCommit={(value) =>
                editField(`Set ${info.label.toLowerCase()} of ${title}`, (d) => setAssumption(d, module.id, key, value))
              }
            />
          );
        })}
      </Section>

      {node && (
        <Section title="Cost per run">
          <CostBreakdown cost={node} module={module} flow={cost} />
        </Section>
      )}
    </div>
  );
}

/**
 * What a module's held filter (incomingFilter) will do: the first connection drawn into it takes
 * it, when an edge may hold it (readIncomingFilter); else the hint says it cannot be used, and why.
 */
function HeldFilterHint({ held }: { held: unknown }) {
  const problem = incomingFilterProblem(held)?.replace(/\.$/, '') ?? null;
  if (problem !== null)
    return (
      <p className="cf-insp-hint" data-testid="inspector-incoming-filter" data-usable="false">
        It holds the filter of a connection into it that is not drawn yet (kept from the file), but that filter cannot be used: {problem}.
        A connection drawn into it gets no filter from it; the file keeps it as it is.
      </p>
    );
  return (
    <p className="cf-insp-hint" data-testid="inspector-incoming-filter" data-usable="true">
      It holds the filter of a connection into it that is not drawn yet (kept by the import: in the source it stood where
      nothing runs it). The first connection you draw into it takes it, as its filter, or from a router as the route’s condition.
    </p>
  );
}

function RouterConfig({ module }: { module: RouterModule }) {
  const { commands } = useEditorInstance();
  const editField = useEditField();
  const { edges, modules } = useFlowIgnoringPositions();
  const routes = useMemo(
    () =>
      edges
        .filter((e) => e.source === module.id)
        .slice()
        .sort((a, b) => (a.route?.priority ?? 0) - (b.route?.priority ?? 0)),
    [edges, module.id],
  );
  const mode = module.config.mode;
  const shared = routes.reduce((sum, e) => (e.route && !e.route.fallback ? sum + pointOf(e.route.passRate) : sum), 0);
  const over = mode === 'exclusive' && shared > 1 + 1e-9;
  return (
    <>
      <div className="cf-field">
        <div className="cf-field__label-row">
          <label className="cf-field__label" htmlFor={`router-mode-${module.id}`}>
            Routing
          </label>
        </div>
        <select
          id={`router-mode-${module.id}`}
          className="cf-select"
          data-testid="router-mode"
          value={mode}
          onChange={(e) =>
            editField(`Make router ${e.target.value}`, (d) => setRouterMode(d, module.id, e.target.value as RouterModule['config']['mode']))
          }
        >
          <option value="standard">Standard: every matching route</option>
          <option value="exclusive">Exclusive: first matching route</option>
        </select>
        <p className="cf-field__hint">{ROUTER_MODES[mode]}</p>
      </div>
      {routes.length > 0 && (
        <div className="cf-insp-routes" data-testid="router-routes">
          <p className="cf-field__label">Routes</p>
          <ul>
            {routes.map((e) => {
              const target = modules.find((m) => m.id === e.target);
              return (
                <li key={e.id}>
                  <button
                    type="button"
                    className="cf-insp-route"
                    onClick={() => void commands.run('select.reveal', { edgeId: e.id })}
                  >
                    <span className="cf-insp-route__priority tabular">{e.route ? `#${e.route.priority}` : '–'}</span>
                    <span className="cf-insp-route__name">{target?.name ?? e.target}</span>
                    <span className="cf-insp-route__share tabular">
                      {e.route?.fallback ? 'fallback' : e.route ? `${formatCount(pointOf(e.route.passRate) * 100)} %` : 'no route'}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
          {mode === 'exclusive' && (
            <p className={over ? 'cf-field__error' : 'cf-field__hint'} data-testid="router-share">
              {over ? `Routes take ${formatCount(shared * 100)} %, more than 100 %: lower some shares.` : `Routes take ${formatCount(shared * 100)} %; the fallback gets ${formatCount(Math.max(0, 1 - shared) * 100)} %.`}
            </p>
          )}
        </div>
      )}
    </>
  );
}

/** A trigger's schedule (version 3): a cron in UTC, read back in plain words with the runs per month it implies. */
function ScheduleConfig({ module }: { module: Module }) {
  const editField = useEditField();
  const { settings } = useFlowIgnoringPositions();
  const config: Record<string, unknown> | undefined = module.config;
  const schedule = typeof config?.schedule === 'string' ? config.schedule : '';
  const reading = schedule === '' ? undefined : readSchedule(schedule);
  const explicit = settings.runsPerMonth !== undefined;
  return (
    <>
      <TextField
        name="schedule"
        label="Schedule (cron, UTC)"
        value={schedule}
        placeholder="*/30 8-17 * * *"
        maxLength={TEXT_RULES.schedule.max}
        onCommit={(text) => editField('Set the schedule', (d) => setSchedule(d, module.id, text))}
      />
      {reading && (
        <p className={reading.ok ? 'cf-insp-hint' : 'cf-insp-hint cf-insp-hint--error'} data-testid="schedule-reading">
          {reading.ok
            ? `${reading.value.words}${explicit ? ' (the flow sets its own runs per month, which win)' : ''}`
            : `Cannot read this schedule: ${reading.message}.`}
        </p>
      )}
    </>
  );
}

function AggregatorConfig({ module }: { module: AggregatorModule }) {
  const editField = useEditField();
  const flow = useFlowIgnoringPositions();
  const iterators = useMemo(() => iteratorsUpstreamOf(flow as Flow, module.id), [flow, module.id]);
  const current = module.config.iteratorId;
  const currentModule: Module | undefined = flow.modules.find((m) => m.id === current);
  const stray = current !== '' && !iterators.some((m) => m.id === current);
  return (
    <div className="cf-field">
      <div className="cf-field__label-row">
        <label className="cf-field__label" htmlFor={`aggregator-iterator-${module.id}`}>
          Closes the loop of
        </label>
      </div>
      <select
        id={`aggregator-iterator-${module.id}`}
        className="cf-select"
        data-testid="aggregator-iterator"
        value={current}
        onChange={(e) => editField('Choose the iterator of an aggregator', (d) => setAggregatorIterator(d, module.id, e.target.value))}
      >
        <option value="">{iterators.length === 0 ? 'No iterator upstream' : 'Choose an iterator…'}</option>
        {iterators.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name || m.id} ({m.id})
          </option>
        ))}
        {stray && (
          <option value={current}>
            {currentModule ? `${currentModule.name} (not upstream)` : `${current} (missing)`}
          </option>
        )}
      </select>
      <p className={stray || current === '' ? 'cf-field__error' : 'cf-field__hint'}>
        {stray
          ? 'This iterator is not upstream of the aggregator: choose one it can be reached from.'
          : current === ''
            ? 'An aggregator collects the bundles of one iterator upstream of it.'
            : 'It runs once per execution of that iterator, collecting its bundles into one.'}
      </p>
    </div>
  );
}
