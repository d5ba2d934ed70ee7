/**
 * Every command icon a menu shows: the buttons' (ui/CommandIcon.tsx) and the ones only menus show,
 * which load with the menus' code (ui/MenuList.tsx), not in the first download.
 */
import {
  BookOpen,
  BoxSelect,
  ClipboardPaste,
  Copy,
  Download,
  FilePlus,
  FileText,
  GitCompare,
  History,
  Keyboard,
  Library,
  Link,
  RefreshCw,
  Save,
  Scissors,
  Upload,
  X,
  type LucideIcon,
  type LucideProps,
} from 'lucide-react';
import { BUTTON_ICONS, CommandIcon } from './CommandIcon';

export const MENU_ICONS: Readonly<Record<string, LucideIcon>> = {
  ...BUTTON_ICONS,
  'book-open': BookOpen,
  'box-select': BoxSelect,
  'clipboard-paste': ClipboardPaste,
  copy: Copy,
  download: Download,
  'file-plus': FilePlus,
  'file-text': FileText,
  'git-compare': GitCompare,
  history: History,
  keyboard: Keyboard,
  library: Library,
  link: Link,
  'refresh-cw': RefreshCw,
  save: Save,
  scissors: Scissors,
  upload: Upload,
  x: X,
};

export function MenuIcon({ name, ...props }: { name: string } & LucideProps) {
  return <CommandIcon name={name} icons={MENU_ICONS} {...props} />;
}
