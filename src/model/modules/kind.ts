import { canFail, type AssumptionKey, type ModuleType } from '../types';

/** How the palette groups kinds. */
export type ModuleCategory = 'trigger' | 'paid' | 'flow' | 'free';

/** Names of the icons the canvas draws (lucide icon names); the model only names them. */
export type IconName =
  | 'zap'
  | 'play'
  | 'send'
  | 'bot'
  | 'code'
  | 'search'
  | 'split'
  | 'repeat'
  | 'combine'
  | 'reply'
  | 'variable'
  | 'merge'
  | 'app-window';

/**
 * Everything that describes one module kind, in one place: label, icon, colour, the
 * default of every assumption, which assumptions matter, which config it has and how
 * many edges it may have. Credits are not here: they come from the rate card.
 */
export interface ModuleKind<T extends ModuleType = ModuleType> {
  type: T;
  label: string;
  /** One line for the palette and tooltips. */
  description: string;
  category: ModuleCategory;
  icon: IconName;
  /** Accent colour (hex) for the node's icon and border. */
  colour: string;
  /** The value each assumption takes when the module does not set it. */
  defaults: Readonly<Record<AssumptionKey, number>>;
  /** Assumptions that mean something for this kind, in the order the inspector shows them. */
  assumptions: readonly AssumptionKey[];
  /** Config keys this kind carries (router: mode; aggregator: iteratorId). */
  config: readonly string[];
  /** How many edges may enter / leave (Infinity = any number). */
  maxIncoming: number;
  maxOutgoing: number;
}

export const COMMON_ASSUMPTIONS = ['durationSec', 'payloadKB', 'retries', 'extraCredits'] as const;

export function defineKind<T extends ModuleType>(
  kind: Omit<ModuleKind<T>, 'defaults' | 'assumptions' | 'config' | 'maxIncoming' | 'maxOutgoing'> & {
    defaults: Partial<Record<AssumptionKey, number>>;
    assumptions?: readonly AssumptionKey[];
    config?: readonly string[];
    maxIncoming?: number;
    maxOutgoing?: number;
  },
): ModuleKind<T> {
  return {
    assumptions: canFail(kind.type)
      ? [...COMMON_ASSUMPTIONS, 'failureRate', ...(kind.type === 'search' ? (['pages'] as const) : [])]
      : COMMON_ASSUMPTIONS,
    config: [],
    maxIncoming: 1,
    maxOutgoing: 1,
    ...kind,
    defaults: { durationSec: 0, payloadKB: 1, retries: 0, extraCredits: 0, iterations: 0, failureRate: 0, pages: 1, ...kind.defaults },
  };
}
