/** A problem found in a flow, written for a person and pinned to the module, edge and field at fault. */
export interface Problem {
  severity: 'error' | 'warning';
  /** Stable machine code, e.g. `two-triggers`, `cycle`, `unreachable`. */
  code: string;
  moduleId?: string;
  edgeId?: string;
  /** The field at fault, as a path inside the module or edge (e.g. `assumptions.retries`, `route.passRate`). */
  field?: string;
  message: string;
  /** The id of the scenario whose overrides bring this problem (validateScenario); absent for the base flow's own. */
  scenario?: string;
}
