import { memo, useId, useState } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { CircleAlert, TriangleAlert } from 'lucide-react';
import { MODULE_KINDS } from '../model/modules/registry';
import { formatCredits, formatNumber } from '../cost/format';
import { KindIcon } from '../ui/KindIcon';
import { useModuleProblems, useNodeBand, useNodeCostView, useTraceMark, useObservedExecutions, type NodeBandView } from './hooks';
import { useBandsRefused, useEditor, useEditorInstance } from '../editor/react';
import { isNotOnce, shareLabel, timesText } from './labels';
import { ERROR_HANDLE, type ModuleRfNode } from './mapping';
import { canFail } from '../model/types';
import { DiffTag, Formula, TraceBadge } from './layers';
import { heatColour } from '../ui/heat';
import { countsDiffer } from '../store/calibration';

const HEAT_NONE = heatColour(0);

/** A node's kind icon, name and kind label (a module, or its ghost in compare mode). */
export function NodeTitles({ type, name }: { type: ModuleRfNode['data']['type']; name: string }) {
  return (
    <>
      <span className="cf-node__icon">
        <KindIcon type={type} size={16} strokeWidth={2.2} />
      </span>
      <span className="cf-node__titles">
        <span className="cf-node__name" data-testid="node-name" title={name}>
          {name}
        </span>
        <span className="cf-node__kind">{MODULE_KINDS[type].label}</span>
      </span>
    </>
  );
}

function ModuleNodeView({ id, data }: NodeProps<ModuleRfNode>) {
  const { type, name } = data;
  const kind = MODULE_KINDS[type];
  const view = useNodeCostView(id);
  const band = useNodeBand(id);
  const problems = useModuleProblems(id);
  const { derived } = useEditorInstance();
  // Compare mode: how this module differs from the flow compared with (undefined: the same, or not comparing).
  const mark = useEditor((s) => derived.selectModuleMark(s, id));
  const traceMark = useTraceMark(id);
  const observed = useObservedExecutions(id);
  const [badge, setBadge] = useState<HTMLButtonElement | null>(null);
  const [showFormula, setShowFormula] = useState(false);
  const tooltipId = useId();

  const severity = problems.severity;
  const problemText = problems.text;
  const credits = view?.credits ?? 0;
  const executions = view?.executions ?? 0;
  const creditsText = formatCredits(credits);

  const className = [
    'cf-node',
    severity ? `cf-node--${severity}` : '',
    view && executions === 0 ? 'cf-node--unreached' : '',
    mark ? `cf-node--diff-${mark.status}` : '',
    traceMark ? `cf-node--trace-${traceMark}` : '',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <div
      className={className}
      data-testid={`node-${id}`}
      data-module-id={id}
      data-diff={mark?.status}
      data-trace={traceMark ?? undefined}
      style={
        {
          '--kind': kind.colour,
          '--heat-colour': view?.heat ?? HEAT_NONE,
        } as React.CSSProperties
      }
    >
      {mark && <DiffTag status={mark.status} tag={mark.tag} detail={mark.detail} />}
      {traceMark === 'current' && <TraceBadge />}
      {kind.maxIncoming > 0 && <Handle type="target" position={Position.Top} />}
      <div className="cf-node__body">
        <div className="cf-node__head">
          <NodeTitles type={type} name={name} />
          {severity && (
            <span
              className={`cf-node__problem cf-node__problem--${severity}`}
              role="img"
              aria-label={`${problems.count} problem${problems.count === 1 ? '' : 's'}: ${problemText}`}
              title={problemText}
              data-testid="node-problem"
              data-severity={severity}
            >
              {severity === 'error' ? <CircleAlert size={14} /> : <TriangleAlert size={13} />}
            </span>
          )}
        </div>
        <div className="cf-node__foot">
          <button
            ref={setBadge}
            type="button"
            aria-describedby={showFormula ? tooltipId : undefined}
            className={`cf-node__credits nodrag${credits === 0 ? ' cf-node__credits--free' : ''}`}
            data-testid="node-credits"
            data-credits={credits}
            aria-label={`${creditsText} credits per run. Show the formula.`}
            onMouseEnter={() => setShowFormula(true)}
            onMouseLeave={() => setShowFormula(false)}
            onFocus={() => setShowFormula(true)}
            onBlur={() => setShowFormula(false)}
          >
            {creditsText}
            <span className="cf-node__credits-unit">cr</span>
          </button>
          {view && isNotOnce(executions) && (
            <span className="cf-node__exec" data-testid="exec-badge" data-executions={executions} title="Executions per run">
              {timesText(executions)}
            </span>
          )}
          {observed !== undefined && (
            <span
              className={`cf-node__observed${countsDiffer(observed, executions) ? ' cf-node__observed--off' : ''}`}
              data-testid="observed-badge"
              data-observed={observed}
              title={`Executions per run: ${formatNumber(observed)} observed in the runs log, ${formatNumber(executions)} assumed`}
            >
              seen {timesText(observed)} / {timesText(executions)}
            </span>
          )}
          {view && view.share > 0 && <span className="cf-node__share">{shareLabel(view.share)}</span>}
        </div>
        <Band band={band} />
      </div>
      {kind.maxOutgoing > 0 && <Handle type="source" position={Position.Bottom} />}
      {canFail(type) && (
        <Handle
          type="source"
          id={ERROR_HANDLE}
          position={Position.Right}
          className="cf-handle--error"
          title="Error branch: drag to where failed executions go"
          data-testid="error-handle"
        />
      )}
      {view && showFormula && (
        <Formula id={id} anchor={badge} tooltipId={tooltipId} title={`${name}: ${creditsText} credits per run`} />
      )}
    </div>
  );
}

/**
 * The module's P10–P90 credits per run from simulated runs. Always in the DOM, shown (by CSS,
 * `.cf-canvas--ranges`) only while the flow has ranges, so a node's size does not change when
 * the simulation's answer arrives.
 */
function Band({ band }: { band: NodeBandView | undefined }) {
  const refused = useBandsRefused();
  if (!band && refused) {
    // The run was refused (a figure too large for a number, too much work): say so, never "simulating…".
    return (
      <div className="cf-node__band cf-node__band--refused" data-testid="node-band" data-refused="true" title={refused}>
        P10–P90 <span className="cf-node__band-value">not simulated</span>
      </div>
    );
  }
  if (!band) {
    return (
      <div className="cf-node__band cf-node__band--pending" data-testid="node-band">
        P10–P90 <span className="cf-node__band-value">simulating…</span>
      </div>
    );
  }
  const low = formatCredits(band.p10);
  const high = formatCredits(band.p90);
  return (
    <div
      className="cf-node__band"
      data-testid="node-band"
      data-p10={band.p10}
      data-p90={band.p90}
      title={`In 80 % of ${formatNumber(band.runs)} simulated runs this module costs between ${low} and ${high} credits (P10–P90).`}
    >
      P10–P90{' '}
      <span className="cf-node__band-value">{low === high ? low : `${low}–${high}`}</span> cr
    </div>
  );
}

export const ModuleNode = memo(ModuleNodeView);
