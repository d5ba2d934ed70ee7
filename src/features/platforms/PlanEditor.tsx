/** The plans of Make, Zapier and n8n, editable (each change is a command: one undo step), with their date and source. */
import { RotateCcw } from 'lucide-react';
import { PLAN_PLATFORMS, PLATFORM_NAMES, PLATFORM_UNITS, DEFAULT_PLATFORM_TABLE, type PlanPlatformId } from '../../cost/platformTable';
import type { PlatformTable } from '../../model/types';
import { FIELD_RULES } from '../../model/fieldRules';
import { NumberField } from '../fields/NumberField';
import { formatNumber } from '../fields/numbers';
import { useEditor, useEditorInstance } from '../../editor/react';

export function PlanEditor({ table }: { table: PlatformTable }) {
  const { commands } = useEditorInstance();
  const overrides = useEditor((s) => s.flow.settings.platforms);
  const setPlan = (platform: PlanPlatformId, index: number, patch: { monthlyUnits?: number; monthlyPrice?: number }) =>
    void commands.run('platforms.setPlan', { platform, index, ...patch });
  /** The units or the price of one plan, its default as the placeholder; a changed value is marked. */
  const planField = (platform: PlanPlatformId, index: number, field: 'monthlyUnits' | 'monthlyPrice') => {
    const plan = table[platform].plans[index]!;
    const fallback = DEFAULT_PLATFORM_TABLE[platform].plans[index];
    const units = field === 'monthlyUnits';
    const rule = units ? FIELD_RULES.planUnits : FIELD_RULES.planPrice;
    return (
      <NumberField
        name={`plan-${platform}-${index}-${units ? 'units' : 'price'}`}
        label={<span className="sr-only">{`${plan.name}: ${units ? PLATFORM_UNITS[platform] : 'dollars'} a month`}</span>}
        unit={units ? PLATFORM_UNITS[platform] : '$ / mo'}
        layout="inline"
        value={plan[field]}
        changed={fallback !== undefined && fallback[field] !== plan[field]}
        placeholder={fallback ? formatNumber(fallback[field]) : undefined}
        min={rule.min}
        max={rule.max}
        onCommit={(v) => (v === undefined ? undefined : setPlan(platform, index, { [field]: v }))}
      />
    );
  };
  return (
    <section className="cf-card cf-pf-card cf-pf-card--wide" aria-label="Plans and prices" data-testid="platforms-plans">
      <h3 className="cf-pf-card__title">Plans and prices</h3>
      <p className="cf-pf-muted">List prices; check the current ones. A month is priced on the cheapest plan that covers it, beyond the largest plan pro rata.</p>
      <div className="cf-pf-plans">
        {PLAN_PLATFORMS.map((platform) => {
          const rates = table[platform];
          const changed = overrides?.[platform]?.plans !== undefined;
          return (
            <div key={platform} className={`cf-pf-plans__platform cf-pf--${platform}`} data-testid={`platforms-plans-${platform}`}>
              <div className="cf-pf-plans__head">
                <strong>{PLATFORM_NAMES[platform]}</strong>
                <button
                  type="button"
                  className="cf-btn cf-btn--sm"
                  data-testid={`platforms-plans-reset-${platform}`}
                  disabled={!changed}
                  onClick={() => void commands.run('platforms.resetPlans', { platform })}
                >
                  <RotateCcw size={12} aria-hidden="true" /> Defaults
                </button>
              </div>
              <p className="cf-pf-unit">
                {rates.source}, {rates.date}
              </p>
              {rates.plans.map((plan, index) => (
                <div key={`${plan.name}-${index}`} className="cf-pf-plan">
                  <span className="cf-pf-plan__name">{plan.name}</span>
                  {planField(platform, index, 'monthlyUnits')}
                  {planField(platform, index, 'monthlyPrice')}
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </section>
  );
}
