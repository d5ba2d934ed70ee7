/**
 * The platforms panel's commands' code (platforms.setPlan, platforms.resetPlans): loaded with
 * commands/loadedLater.ts, with the plans' recipes and the platforms' table, not in the first download.
 */
import { PLAN_PLATFORMS, PLATFORM_NAMES, type PlanPlatformId } from '../cost/platformTable';
import { resetPlatformPlans, setPlatformPlan } from '../store/platformPlans';
import type { EditorStore } from '../store/editor';

/** What `platforms.setPlan` takes: a platform, the plan's index in its list, and the new units and/or price. */
export interface SetPlanPayload {
  platform: PlanPlatformId;
  index: number;
  monthlyUnits?: number;
  monthlyPrice?: number;
}

const isPlanPlatform = (v: unknown): v is PlanPlatformId => (PLAN_PLATFORMS as readonly unknown[]).includes(v);
const numberOrAbsent = (v: unknown) => v === undefined || typeof v === 'number';

export function isSetPlanPayload(value: unknown): value is SetPlanPayload {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return isPlanPlatform(p.platform) && Number.isInteger(p.index) && numberOrAbsent(p.monthlyUnits) && numberOrAbsent(p.monthlyPrice);
}

/** platforms.setPlan: one undo step; a refused number is said in a toast. */
export function setPlan(store: EditorStore, payload: unknown): void {
  if (!isSetPlanPayload(payload)) return;
  const { platform, index, monthlyUnits, monthlyPrice } = payload;
  const patch = { ...(monthlyUnits === undefined ? {} : { monthlyUnits }), ...(monthlyPrice === undefined ? {} : { monthlyPrice }) };
  const state = store.getState();
  const refused = state.edit(`Change a ${PLATFORM_NAMES[platform]} plan`, (draft) => setPlatformPlan(draft, platform, index, patch));
  if (refused) state.showToast('warning', refused.message);
}

/** platforms.resetPlans, with { platform }. */
export function resetPlans(store: EditorStore, payload: unknown): void {
  const platform = (payload as { platform?: unknown } | undefined)?.platform;
  if (!isPlanPlatform(platform)) return;
  store.getState().edit(`Reset ${PLATFORM_NAMES[platform]} plans`, (draft) => resetPlatformPlans(draft, platform));
}
