import {
  AppWindow,
  Bot,
  Code,
  Combine,
  Merge,
  Play,
  Repeat,
  Reply,
  Search,
  Send,
  Split,
  Variable,
  Zap,
  type LucideIcon,
  type LucideProps,
} from 'lucide-react';
import type { IconName } from '../model/modules/registry';
import { MODULE_KINDS } from '../model/modules/registry';
import type { ModuleType } from '../model/types';

/** The lucide component for each icon name the model uses. */
export const ICONS: Readonly<Record<IconName, LucideIcon>> = {
  zap: Zap,
  play: Play,
  send: Send,
  bot: Bot,
  code: Code,
  search: Search,
  split: Split,
  repeat: Repeat,
  combine: Combine,
  reply: Reply,
  variable: Variable,
  merge: Merge,
  'app-window': AppWindow,
};

/** The icon of a module kind, drawn in the kind's colour unless told otherwise. */
export function KindIcon({ type, ...props }: { type: ModuleType } & LucideProps) {
  const kind = MODULE_KINDS[type];
  const Icon = ICONS[kind.icon];
  return <Icon aria-hidden="true" focusable="false" {...props} />;
}
