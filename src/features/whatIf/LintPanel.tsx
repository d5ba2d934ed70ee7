import { useEffect, useMemo, useState } from 'react';
import { LINT_RULE_TITLES, lintFlow, type LintFinding } from '../../cost/lint';
import type { Flow } from '../../model/types';
import { formatCredits } from '../../ui/numbers';
import { whenIdle } from '../../ui/preloadable';
import './whatIf.css';
import { useEditorInstance } from '../../editor/react';
import { useFlowIgnoringPositions } from '../../editor/laterHooks';

/** Flows above this many modules are linted on request (each finding re-prices the flow once). */
export const AUTO_LINT_LIMIT = 1500;

/**
 * Flows up to this many modules are linted as the panel renders. Larger ones are linted once the
 * browser is idle after the panel has painted: at 1,000 modules the re-pricing takes about 100 ms,
 * which held back the panel's first frame (and the simulated runs it shows) that long.
 */
export const LINT_AT_ONCE_UP_TO = 200;

/** The findings of the cost lint for a given list; a click selects the module (or edge). */
export function LintList({ findings, onPick }: { findings: readonly LintFinding[]; onPick: (f: LintFinding) => void }) {
  if (findings.length === 0) return <p className="cf-whatif-muted">No costly patterns found.</p>;
  return (
    <ul className="cf-whatif-list">
      {findings.map((f, i) => (
        <li key={`${f.rule}:${f.moduleId ?? ''}:${f.edgeId ?? ''}:${i}`}>
          <button type="button" className="cf-whatif-item" data-testid="lint-finding" data-rule={f.rule} onClick={() => onPick(f)}>
            <span className="cf-whatif-item__title">
              <span>{LINT_RULE_TITLES[f.rule]}</span>
              {f.savings > 0 && (
                <span className="cf-whatif-item__savings" data-testid="lint-savings" data-value={String(f.savings)}>
                  saves {formatCredits(f.savings)} / month
                </span>
              )}
            </span>
            <span>{f.message}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/**
 * Cost lint: costly patterns of the flow with the credits a month their fix saves (found by
 * re-pricing the fixed flow). Clicking a finding selects its module, or its edge for a filter.
 */
export function LintPanel() {
  const flow = useFlowIgnoringPositions();
  const { commands } = useEditorInstance();
  const tooLarge = flow.modules.length > AUTO_LINT_LIMIT;
  const atOnce = !tooLarge && flow.modules.length <= LINT_AT_ONCE_UP_TO;
  const now = useMemo(() => (atOnce ? lintFlow(flow) : null), [flow, atOnce]);
  const [later, setLater] = useState<{ flow: Flow; findings: LintFinding[] } | null>(null);
  useEffect(() => {
    if (atOnce || tooLarge) return;
    return whenIdle(() => setLater({ flow, findings: lintFlow(flow) }));
  }, [flow, atOnce, tooLarge]);
  // While a large flow's findings are worked out after an edit, the last ones stay (no flicker).
  const findings = now ?? later?.findings ?? null;
  const pending = !atOnce && !tooLarge && later?.flow !== flow;
  const pick = (f: LintFinding) => {
    if (f.rule === 'filter-after-paid-module' && f.edgeId) void commands.run('select.reveal', { edgeId: f.edgeId });
    else if (f.moduleId) void commands.run('select.reveal', { moduleId: f.moduleId });
    else if (f.edgeId) void commands.run('select.reveal', { edgeId: f.edgeId });
  };
  return (
    <section className="cf-card cf-whatif-card" data-testid="lint-panel">
      <div className="cf-whatif-card__head">
        <h3 className="cf-whatif-card__title">Cost lint</h3>
        <span className="cf-whatif-muted">savings re-priced, each fix on its own</span>
      </div>
      {tooLarge ? (
        <p className="cf-whatif-muted">This flow is too large to lint on every edit.</p>
      ) : findings ? (
        <div data-testid="lint-findings" data-pending={pending ? 'true' : undefined}>
          <LintList findings={findings} onPick={pick} />
        </div>
      ) : (
        <p className="cf-whatif-muted" data-testid="lint-pending">
          Looking for costly patterns…
        </p>
      )}
    </section>
  );
}
