import type { FlowCost, NodeCost } from '../../cost/types';
import type { Module } from '../../model/types';
import { MODULE_KINDS } from '../../model/modules/registry';
import { formatCredits, formatDollars } from '../../ui/numbers';
import { explainNode } from '../../cost/explain';
import { grouped } from '../../cost/format';

/** A number in a formula: up to 4 decimals, no float noise. */
function formulaNumber(x: number): string {
  if (!Number.isFinite(x)) return '—';
  return grouped(Number(x.toFixed(4)), 4);
}

interface Line {
  label: string;
  detail?: string;
  value: string;
  kind?: 'total' | 'subtotal' | 'factor';
  testId?: string;
}

/** The lines of a module's cost, as cost-model.md §3 computes it, with the numbers used. */
function breakdownLines(cost: NodeCost, module: Module, flow: FlowCost): Line[] {
  const card = flow.rateCard;
  const exempt = card.timeExempt.includes(module.type);
  const { durationSec, payloadKB, retries } = cost.inputs;
  const lines: Line[] = [
    { label: 'Base', detail: `${MODULE_KINDS[module.type].label}`, value: formulaNumber(cost.base) },
    {
      label: 'Time',
      detail: exempt ? 'exempt for this kind' : `${formulaNumber(durationSec)} s`,
      value: formulaNumber(cost.time),
    },
    { label: 'Payload', detail: `${formulaNumber(payloadKB)} KB`, value: formulaNumber(cost.payload) },
  ];
  if (cost.extra !== 0) lines.push({ label: 'Extra', detail: 'per attempt', value: formulaNumber(cost.extra) });
  lines.push({ label: 'One attempt', value: formulaNumber(cost.attempt), kind: 'subtotal' });
  lines.push({
    label: 'Executions',
    detail: cost.loopIterations !== undefined ? `in a loop of ${formulaNumber(cost.loopIterations)}` : 'per run',
    value: `× ${formulaNumber(cost.executions)}`,
    kind: 'factor',
  });
  if (cost.surcharge > 0) lines.push({ label: 'Search in loop', detail: 'surcharge', value: `+ ${formulaNumber(cost.surcharge)}` });
  if (retries > 0) lines.push({ label: 'Retries', detail: `${formulaNumber(retries)} per execution`, value: `× ${formulaNumber(cost.retryFactor)}`, kind: 'factor' });
  lines.push({ label: 'Credits per run', value: formulaNumber(cost.credits), kind: 'total', testId: 'inspector-credits' });
  return lines;
}

export function CostBreakdown({ cost, module, flow }: { cost: NodeCost; module: Module; flow: FlowCost }) {
  const lines = breakdownLines(cost, module, flow);
  const month = cost.credits * flow.runsPerMonth;
  const share = flow.total > 0 ? cost.credits / flow.total : 0;
  return (
    <div className="cf-breakdown" data-testid="cost-breakdown">
      <dl className="cf-breakdown__lines">
        {lines.map((line) => (
          <div key={line.label} className={`cf-breakdown__line${line.kind ? ` cf-breakdown__line--${line.kind}` : ''}`}>
            <dt>
              {line.label}
              {line.detail && <span className="cf-breakdown__detail">{line.detail}</span>}
            </dt>
            <dd className="tabular" data-testid={line.testId}>
              {line.value}
            </dd>
          </div>
        ))}
      </dl>
      <details className="cf-breakdown__explain">
        <summary>Formula with the numbers</summary>
        <pre className="cf-breakdown__formula" data-testid="cost-formula">
          {explainNode(cost, flow.rateCard).join('\n')}
        </pre>
      </details>
      <div className="cf-breakdown__month">
        <span>
          <strong className="tabular">{formatCredits(month)}</strong> credits / month
        </span>
        <span className="tabular">{formatDollars(month * flow.rateCard.dollarsPerCredit)}</span>
        <span className="tabular">{(share * 100).toFixed(share < 0.1 ? 1 : 0)} % of run</span>
      </div>
    </div>
  );
}
