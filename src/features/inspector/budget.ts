import type { Budget, Flow } from '../../model/types';
import type { FieldError } from '../../store/operations';

/** Sets the monthly budget, or removes it (undefined). Refuses a negative or non-finite amount. */
export function setBudget(draft: Flow, budget: Budget | undefined): FieldError | undefined {
  if (budget === undefined) {
    if (draft.settings.budget !== undefined) delete draft.settings.budget;
    return undefined;
  }
  if (!Number.isFinite(budget.amount) || budget.amount < 0) {
    return { field: 'settings.budget.amount', message: 'A budget is a number of credits or dollars, 0 or more.' };
  }
  if (budget.unit !== 'credits' && budget.unit !== 'dollars') {
    return { field: 'settings.budget.unit', message: 'A budget is in credits or dollars.' };
  }
  const now = draft.settings.budget;
  if (now && now.amount === budget.amount && now.unit === budget.unit) return undefined;
  draft.settings.budget = { amount: budget.amount, unit: budget.unit };
  return undefined;
}
